/*
 * dism.exe's console: the bytes it writes to stdout, CRLF line ends and all (research DISM-EXE.md §3): the leading
 * blank line and the banner, the operation lines ("Exporting image"), the 58-cell progress bar, the report lines,
 * "The operation completed successfully.", and the error block (`Error: 87` or `Error: 0xc1420127`, the message,
 * the log-file line). Everything goes to stdout, errors too, as dism.exe does.
 *
 * The progress bar on a terminal is redrawn in place (`\r[...] `, a CRLF after the last one); redirected, each
 * redraw is `\r[...] \r\n`, so a reader that splits lines on CR, LF and CRLF (PowerShell's) sees an empty line
 * before each bar, as captures of the real program show. /Quiet writes the error block alone.
 */
import { printedCode } from '../../dism/errors';

/** Where the bytes go: a process's stdout, or wimsh's pipeline through a line splitter. */
export interface ConsoleSink {
  write(text: string): void;
  /** True when the output is a terminal (the bar is redrawn in place). */
  readonly terminal: boolean;
}

/** dism.exe's own version, printed in the banner and logged (Windows 11 24H2's, as the Dism cmdlets model). */
export const DISM_EXE_VERSION = '10.0.26100.1';

export const CRLF = '\r\n';

const BAR_CELLS = 58;

/**
 * One progress line: `[` + 58 cells + `] `. The first floor(p * 58 / 100) cells are `=`, the rest spaces; the
 * label (one decimal and `%`) is written over the cells from offset (58 - len + 1) div 2 (27 for "1.0%", 26 for
 * "100.0%"). Checked against every line of a real capture (research §3.2).
 */
export function progressBar(percent: number): string {
  const p = Math.min(100, Math.max(0, percent));
  const label = `${p.toFixed(1)}%`;
  const fill = Math.floor((p * BAR_CELLS) / 100);
  const cells = '='.repeat(fill) + ' '.repeat(BAR_CELLS - fill);
  const at = (BAR_CELLS - label.length + 1) >> 1;
  return `[${cells.slice(0, at)}${label}${cells.slice(at + label.length)}] `;
}

export class DismConsole {
  /** The bar last drawn on a terminal line that still needs its CRLF. */
  private barOpen = false;
  private lastTenth = -1;

  constructor(
    private readonly sink: ConsoleSink,
    /** /Quiet: only the error block. */
    readonly quiet = false,
  ) {}

  private out(text: string): void {
    if (this.barOpen) {
      this.sink.write(CRLF);
      this.barOpen = false;
    }
    this.sink.write(text);
  }

  /** A line of information (banner, operation line, report); nothing under /Quiet. */
  line(text = ''): void {
    if (!this.quiet) this.out(text + CRLF);
  }

  banner(): void {
    this.line();
    this.line('Deployment Image Servicing and Management tool');
    this.line(`Version: ${DISM_EXE_VERSION}`);
    this.line();
  }

  /** Starts an operation's bar ("Exporting image" then the bar lines). */
  operation(text: string): void {
    this.line(text);
    this.lastTenth = -1;
  }

  /**
   * A progress update. dism.exe redraws at irregular steps; this draws when the whole percent changes, so a run
   * writes at most ~101 bars, each with its exact value to one decimal.
   */
  progress(done: number, total: number): void {
    const p = total > 0 ? Math.min(100, (done * 100) / total) : 100;
    const whole = Math.floor(p);
    if (whole === this.lastTenth) return;
    this.lastTenth = whole;
    this.drawBar(p);
  }

  /** The last bar of a successful operation: 100.0%, unless it was drawn already. */
  finishProgress(): void {
    if (this.lastTenth !== 100) this.drawBar(100);
    this.lastTenth = 100;
    if (this.barOpen) {
      this.sink.write(CRLF);
      this.barOpen = false;
    }
  }

  private drawBar(p: number): void {
    if (this.quiet) return;
    if (this.sink.terminal) {
      this.sink.write(`\r${progressBar(p)}`);
      this.barOpen = true;
    } else this.sink.write(`\r${progressBar(p)}\r\n`);
  }

  completed(): void {
    this.line('The operation completed successfully.');
  }

  /**
   * The error block: a blank line, `Error: N`, a blank line, the message (its lines), a blank line, the log-file
   * line (research §4). Under /Quiet it is all that is written.
   */
  error(hresult: number, message: string, logPath: string | undefined): void {
    let text = `${CRLF}Error: ${printedCode(hresult)}${CRLF}${CRLF}${message.split(/\r?\n/).join(CRLF)}${CRLF}`;
    if (logPath !== undefined) text += `${CRLF}The DISM log file can be found at ${logPath}${CRLF}`;
    this.out(text);
  }
}

/**
 * A sink that splits the bytes into lines as PowerShell reads a native program's stdout (CR, LF and CRLF each end a
 * line; a trailing piece without an end is a line when the output closes), for dism.exe inside wimsh.
 */
export class LineSplitter implements ConsoleSink {
  readonly terminal = false;
  private pending = '';
  private cr = false;

  constructor(private readonly emitLine: (line: string) => void) {}

  write(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        if (this.cr) this.cr = false;
        else this.flushLine();
      } else if (c === 13) {
        this.flushLine();
        this.cr = true;
      } else {
        this.cr = false;
        this.pending += text[i];
      }
    }
  }

  private flushLine(): void {
    this.emitLine(this.pending);
    this.pending = '';
  }

  /** The output closed: a last line without an end is still a line. */
  close(): void {
    if (this.pending) this.flushLine();
  }
}
