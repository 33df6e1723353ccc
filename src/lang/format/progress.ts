/*
 * The console's progress pane (Write-Progress, the Dism cmdlets' progress), drawn on stderr only when it is a
 * terminal. Windows PowerShell 5.1's console host draws each record as
 *
 *   Activity
 *       Status
 *       [ooooooooooooooooooooooooo                         ]
 *       00:01:23 remaining.
 *       CurrentOperation
 *
 * in yellow on dark cyan at the top of the window; here the block sits where output continues, the cursor kept on its
 * first line, so that erasing it (ESC[J) leaves the screen as it was. Any other console output first erases the block
 * (the next record draws it again), and the runspace erases it when the script ends. Loaded only on the first record.
 */
import type { ProgressInfo } from '../commands/cmdlet';
import { host } from '../../platform/host';

/** Redraws closer than this are skipped (a bar updated per chunk would flood the terminal), except the first. */
const MIN_REDRAW_MS = 100;

/** The block's colours as an SGR sequence, when a console host has its own (5.1: $Host.PrivateData.Progress*Color). */
let progressColors: (() => string) | undefined;

/** Lets the console host give the pane's colours (undefined: yellow on dark cyan, 5.1's defaults). */
export function setProgressColors(colors: (() => string) | undefined): void {
  progressColors = colors;
}

export class ProgressPane {
  private readonly records = new Map<number, ProgressInfo>();
  /** Lines of the block on screen (0: nothing drawn). */
  private drawn = 0;
  private lastDraw = -Infinity;

  update(p: ProgressInfo): void {
    const id = p.id ?? 0;
    if (p.completed) {
      this.records.delete(id);
      if (this.records.size === 0) this.clear();
      else this.draw(true);
      return;
    }
    this.records.set(id, p);
    this.draw(false);
  }

  /** Erases the block (before other output, or for good when the script ends). */
  clear(): void {
    if (!this.drawn) return;
    host().stderr.write('\r\x1b[J');
    this.drawn = 0;
  }

  /** Forgets every record and erases the block. */
  reset(): void {
    this.records.clear();
    this.clear();
  }

  private draw(force: boolean): void {
    const h = host();
    const now = h.now();
    if (!force && this.drawn && now - this.lastDraw < MIN_REDRAW_MS) return;
    this.lastDraw = now;
    const width = Math.max(20, (h.stderr.columns || 80) - 1);
    const lines: string[] = [];
    for (const r of this.records.values()) lines.push(...renderRecord(r, width));
    if (lines.length === 0) return this.clear();
    const color = !h.env.NO_COLOR;
    const sgr = progressColors?.() || '\x1b[93;46m';
    const paint = (l: string) => (color ? `${sgr}${l.padEnd(width)}\x1b[0m` : l);
    let text = '\r\x1b[J' + lines.map(paint).join('\n');
    // Back to the first line of the block, so that erasing it restores the screen.
    text += lines.length > 1 ? `\x1b[${lines.length - 1}A\r` : '\r';
    h.stderr.write(text);
    this.drawn = lines.length;
  }
}

function fit(s: string, width: number): string {
  return s.length > width ? s.slice(0, Math.max(0, width - 3)) + '...' : s;
}

/** One record in 5.1's layout: the activity, then the status, bar and current operation indented by four. */
export function renderRecord(r: ProgressInfo, width: number): string[] {
  const out = [fit(r.activity, width)];
  const indent = '    ';
  out.push(fit(indent + (r.status ?? 'Processing'), width));
  if (r.percentComplete !== undefined && r.percentComplete >= 0) {
    const inner = Math.max(10, width - indent.length - 2);
    const filled = Math.round((Math.min(100, r.percentComplete) / 100) * inner);
    out.push(`${indent}[${'o'.repeat(filled)}${' '.repeat(inner - filled)}]`);
  }
  if (r.secondsRemaining !== undefined && r.secondsRemaining >= 0)
    out.push(fit(`${indent}${timeSpanText(r.secondsRemaining)} remaining.`, width));
  if (r.currentOperation) out.push(fit(indent + r.currentOperation, width));
  return out;
}

/** Whole seconds as .NET's TimeSpan prints them ([d.]hh:mm:ss), the form 5.1 shows the time left in. */
export function timeSpanText(seconds: number): string {
  const s = Math.floor(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  const days = Math.floor(s / 86400);
  const hms = `${two(Math.floor((s % 86400) / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return days ? `${days}.${hms}` : hms;
}
