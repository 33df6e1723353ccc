/*
 * The console host's side of the session: the prompt (the user's `prompt` function when there is one, its output as
 * the prompt string, as the console host calls it before each input), the window title ($Host.UI.RawUI.WindowTitle,
 * sent as the terminal's OSC 0 title when it changes), and the colours of 5.1's console: error records red on black,
 * warnings, verbose and debug text yellow on black, the progress pane yellow on dark cyan, each from $Host.PrivateData's
 * colour properties, which a script may change. Colours go only to a terminal, and never with NO_COLOR set:
 * redirected output stays byte for byte what it is without a console.
 */
import { host, setHost } from '../../platform/host';
import type { Host, HostStream } from '../../platform/types';
import type { Session } from '../../lang/runtime/session';
import type { Runspace } from '../../lang/runtime/runspace';
import type { ExecutionContext } from '../../lang/runtime/context';
import { PSObject, PSEnumValue } from '../../lang/types/values';
import { parseScript } from '../../lang/syntax/parser';
import { execStatements } from '../../lang/runtime/evaluator';
import { toStr } from '../../lang/types/convert';

/** The session behind a runspace (the front end's view of what the runspace keeps to itself). */
export function sessionOf(rs: Runspace): Session {
  return (rs as unknown as { session: Session }).session;
}

/** The console's colour properties and 5.1's defaults (ConsoleHost's PrivateData). */
export const DEFAULT_COLORS: ReadonlyArray<[string, string]> = [
  ['ErrorForegroundColor', 'Red'],
  ['ErrorBackgroundColor', 'Black'],
  ['WarningForegroundColor', 'Yellow'],
  ['WarningBackgroundColor', 'Black'],
  ['DebugForegroundColor', 'Yellow'],
  ['DebugBackgroundColor', 'Black'],
  ['VerboseForegroundColor', 'Yellow'],
  ['VerboseBackgroundColor', 'Black'],
  ['ProgressForegroundColor', 'Yellow'],
  ['ProgressBackgroundColor', 'DarkCyan'],
];

/** System.ConsoleColor -> the SGR foreground code (background: + 10). */
const SGR: Record<string, number> = {
  black: 30,
  darkred: 31,
  darkgreen: 32,
  darkyellow: 33,
  darkblue: 34,
  darkmagenta: 35,
  darkcyan: 36,
  gray: 37,
  darkgray: 90,
  red: 91,
  green: 92,
  yellow: 93,
  blue: 94,
  magenta: 95,
  cyan: 96,
  white: 97,
};

/** The SGR sequence of a foreground/background pair of ConsoleColor names; '' when neither is a colour. */
export function sgr(fg: unknown, bg: unknown): string {
  const name = (v: unknown) => (v instanceof PSEnumValue ? v.name : String(v ?? '')).toLowerCase();
  const f = SGR[name(fg)];
  const b = SGR[name(bg)];
  const codes = [f, b === undefined ? undefined : b + 10].filter((c) => c !== undefined);
  return codes.length ? `\x1b[${codes.join(';')}m` : '';
}

/** Paints each line of `text` (the newline itself unpainted, so that no background runs to the window's edge). */
export function paint(text: string, seq: string): string {
  if (!seq) return text;
  return text
    .split('\n')
    .map((l) => (l ? seq + l + '\x1b[0m' : l))
    .join('\n');
}

/** Gives $Host a PrivateData object with the console's colour properties (a script reads and sets them). */
export function addPrivateData(session: Session): PSObject | undefined {
  const h = session.global.lookup('Host')?.value;
  if (!(h instanceof PSObject)) return undefined;
  const existing = h.get('PrivateData')?.value;
  if (existing instanceof PSObject) return existing;
  const pd = new PSObject(DEFAULT_COLORS, ['Microsoft.PowerShell.ConsoleHost+ConsoleColorProxy', 'System.Object']);
  h.set('PrivateData', pd);
  return pd;
}

/** Whether the console paints: a terminal, and no NO_COLOR (https://no-color.org: any non-empty value). */
export function colorsWanted(stream: HostStream, env: Record<string, string | undefined>): boolean {
  return stream.isTTY && !env.NO_COLOR;
}

/** What the console's output left on the cursor's line (text and colours, no other control sequence). */
export interface OutputPosition {
  line: string;
}

/** The longest last line kept: a program writing megabytes without a newline must not grow the prompt. */
const MAX_LINE = 4096;

/**
 * The text on the cursor's line after `text` is written to a line holding `before`: what follows the last newline or
 * carriage return, with its colours but without the other control sequences (erasing, cursor moves, titles).
 */
export function lineAfter(text: string, before: string): string {
  const i = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  const tail = (i < 0 ? before + text : text.slice(i + 1)).replace(/\x1b\[[0-9;?]*[ -/]*[@-ln-~]|\x1b\][^\x07]*\x07/g, '');
  return tail.length > MAX_LINE ? tail.slice(-MAX_LINE) : tail;
}

/**
 * Installs the console's streams: the host seen by everything above is the same host with stdout and stderr that note
 * what output leaves on the cursor's line (the prompt is drawn after it, as the console host draws it: `xPS C:\>`
 * after `Write-Host x -NoNewline`, and a prompt function's own Write-Host text stays in front), and paint
 * while the session writes an error record (writeErrorRecord) or a WARNING:/VERBOSE:/DEBUG: line (hostWrite) in that
 * kind's colours; everything else (command output, a native program's own stderr, the progress pane) passes as it
 * is. Returns the function that puts the plain host and session methods back.
 */
export function installConsoleStreams(session: Session, position: OutputPosition): () => void {
  const base = host();
  const colorOut = colorsWanted(base.stdout, base.env);
  const colorErr = colorsWanted(base.stderr, base.env);
  /** The SGR sequence of what is being written now ('' : nothing to paint). */
  let painting = '';
  const colorOf = (kind: string): string => {
    const pd = addPrivateData(session);
    return sgr(pd?.get(`${kind}ForegroundColor`)?.value, pd?.get(`${kind}BackgroundColor`)?.value);
  };
  const wrap = (s: HostStream): HostStream => ({
    write: (t) => {
      // Only what reaches the screen is on the cursor's line (not stderr redirected to a file).
      if (s.isTTY) position.line = lineAfter(t, position.line);
      s.write(painting ? paint(t, painting) : t);
    },
    get isTTY() {
      return s.isTTY;
    },
    get columns() {
      return s.columns;
    },
  });
  const painted: Host = Object.create(base, { stdout: { value: wrap(base.stdout) }, stderr: { value: wrap(base.stderr) } });
  const writeErrorRecord = session.writeErrorRecord;
  const hostWrite = session.hostWrite;
  const during = (seq: string, f: () => void) => {
    painting = seq;
    try {
      f();
    } finally {
      painting = '';
    }
  };
  if (colorErr)
    session.writeErrorRecord = function (rec) {
      // The pending output and the progress pane are written first, unpainted.
      this.out.flush();
      this.progress?.clear();
      during(colorOf('Error'), () => writeErrorRecord.call(this, rec));
    };
  if (colorOut)
    session.hostWrite = function (text) {
      const m = /^(WARNING|VERBOSE|DEBUG): /.exec(text);
      if (!m) return hostWrite.call(this, text);
      this.out.flush();
      this.progress?.clear();
      const kind = m[1] === 'WARNING' ? 'Warning' : m[1] === 'VERBOSE' ? 'Verbose' : 'Debug';
      during(colorOf(kind), () => hostWrite.call(this, text));
    };
  // The pane's module is small; it is otherwise loaded on the first progress record.
  const { setProgressColors } = require('../../lang/format/progress') as typeof import('../../lang/format/progress');
  if (colorErr) setProgressColors(() => colorOf('Progress'));
  setHost(painted);
  return () => {
    setProgressColors(undefined);
    setHost(base);
    session.writeErrorRecord = writeErrorRecord;
    session.hostWrite = hostWrite;
  };
}

/** The prompt string: the output of the `prompt` function when the session has one, else `PS <location>> `. */
export async function promptText(rs: Runspace): Promise<string> {
  const session = sessionOf(rs);
  if (!session.global.lookupFunction('prompt')) return rs.prompt();
  const source = { text: 'prompt' };
  const out: unknown[] = [];
  let failed = false;
  const ec: ExecutionContext = {
    session,
    scope: session.global,
    scriptScope: session.global,
    source,
    errorSink: () => {
      failed = true;
    },
    commands: {
      invokeCommand: (node, c, emit, expectingInput) =>
        (require('../../lang/commands/invocation') as typeof import('../../lang/commands/invocation')).invokeCommand(node, c, emit, expectingInput),
    },
  };
  try {
    const ast = parseScript(source);
    await execStatements(ast.endBlock ?? [], ec, (v) => void out.push(v));
  } catch {
    failed = true;
  }
  // A prompt function that fails gives the console host's fallback prompt.
  if (failed && out.length === 0) return 'PS>';
  return out.map((v) => toStr(v)).join('');
}

/** The window title as the session holds it ($Host.UI.RawUI.WindowTitle). */
export function windowTitle(session: Session): string | undefined {
  const h = session.global.lookup('Host')?.value;
  const ui = h instanceof PSObject ? h.get('UI')?.value : undefined;
  const raw = ui instanceof PSObject ? ui.get('RawUI')?.value : undefined;
  const t = raw instanceof PSObject ? raw.get('WindowTitle')?.value : undefined;
  return t === undefined || t === null ? undefined : toStr(t);
}

/** OSC 0: the terminal's window (and icon) title; control characters that would end the sequence are dropped. */
export function titleSequence(title: string): string {
  return `\x1b]0;${title.replace(/[\x00-\x1f\x7f]/g, '')}\x07`;
}
