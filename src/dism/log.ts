/*
 * The DISM log (dism.log), in DISM's own line layout:
 *
 *   2026-11-25 14:03:07, Info                  DISM   API: PID=4242 TID=4242 DismApi.dll: <----- Starting DismApi.dll session -----> - DismInitializeInternal
 *   ^ local time, no ms  ^ level padded to 22   ^ "DISM" padded to 7, then the message
 *
 * Provider lines read `<Provider>: PID=<pid> TID=<tid> <text> - <Class>::<Method>`, with `(hr:0x........)` after the
 * method on failure. Each command is one DismApi session: a header (start, host, API version, parent command line,
 * input parameters, "Initialized Panther logging at <path>") and a footer (end of session).
 *
 * LogLevel filters what reaches the file: 1 Errors, 2 Warnings (and errors), 3 WarningsInfo (default), 4 Debug.
 * Archiving: DISM renames the log to `<name>.bak` (replacing an older .bak) and starts a new one; its threshold is
 * undocumented, so we archive when a line would take the file past 100 MiB (WIMSH_DISM_LOG_MAX_BYTES overrides).
 * Several processes may log to one file: every line is one O_APPEND write, and the size check + rename run under a
 * lock (write/lock.ts, "<name>.lock", naming its owner), so no process renames another's fresh log away.
 *
 * Lines are formatted and written here, synchronously, one appendFileSync each: a command's log is a few dozen lines,
 * and a line must be on disk before the command goes on (a crash or a kill must not lose the lines before it).
 * (pino did this until issue 14: it turned each line into JSON that our destination parsed back, and loading it made
 * every Dism cmdlet slower to start: `Get-WindowsImage` listing a small WIM took 154 ms with it, 140 ms without,
 * median of 40 paired runs.)
 */
import { host } from '../platform/host';
import { lockSync, removeAbandonedTemporaries } from '../formats/wim/write/lock';

export type DismLogLevel = 1 | 2 | 3 | 4;
type LineLevel = 'error' | 'warn' | 'info' | 'debug';

const LEVEL_TEXT: Record<LineLevel, string> = { error: 'Error', warn: 'Warning', info: 'Info', debug: 'Info' };
const LEVEL_RANK: Record<LineLevel, number> = { error: 1, warn: 2, info: 3, debug: 4 };
const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

export interface DismLogOptions {
  /** Path on this machine (already through the drive map). */
  path: string;
  /** The path as the user sees it (C:\Windows\Logs\DISM\dism.log), written in the session header. */
  displayPath: string;
  level?: DismLogLevel;
  /** Archive threshold in bytes; default WIMSH_DISM_LOG_MAX_BYTES or 100 MiB. */
  maxBytes?: number;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** `YYYY-MM-DD HH:MM:SS` in local time, as DISM stamps its lines. */
export function dismTimestamp(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** One whole log line (with its CRLF, as DISM writes them). */
export function formatDismLine(level: LineLevel, message: string, when: Date = new Date()): string {
  return `${dismTimestamp(when)}, ${LEVEL_TEXT[level].padEnd(22)}${'DISM'.padEnd(7)}${message}\r\n`;
}

/** `0x8007000d`: DISM's lower-case hex for HRESULTs in `(hr:...)`. */
export function hrHex(hr: number): string {
  return '0x' + (hr >>> 0).toString(16).padStart(8, '0');
}

/** The file side: appends one line at a time, archiving first when the line would pass the threshold. */
export class DismLogFile {
  constructor(readonly path: string, readonly maxBytes: number) {}

  append(line: string): void {
    const fs = host().fs;
    const bytes = host().text.utf8Length(line);
    let size = 0;
    try {
      size = fs.statSync(this.path).size;
    } catch {
      size = 0;
    }
    if (size > 0 && size + bytes > this.maxBytes) this.archive(bytes);
    fs.appendFileSync(this.path, line);
  }

  /**
   * Renames the log to `<name>.bak` under the lock "<name>.lock" (write/lock.ts: the lock of a process killed
   * while archiving is taken over at once), re-checking the size once the lock is held.
   */
  private archive(bytes: number): void {
    const fs = host().fs;
    const release = lockSync(this.path, 5000);
    if (!release) return; // cannot lock here: keep appending
    try {
      // What a process killed while archiving left (its lock's temporary name) goes too.
      removeAbandonedTemporaries(this.path);
      let size = 0;
      try {
        size = fs.statSync(this.path).size;
      } catch {
        size = 0;
      }
      if (size > 0 && size + bytes > this.maxBytes) fs.renameSync(this.path, this.path + '.bak');
    } finally {
      release();
    }
  }
}

export class DismLog {
  readonly level: DismLogLevel;
  readonly file: DismLogFile;
  private readonly pid: number;
  /** Set when the log could not be written (a read-only directory, a full disk): logging never fails a command. */
  writeError: Error | undefined;

  constructor(readonly options: DismLogOptions) {
    this.level = options.level ?? 3;
    const envMax = Number(host().env.WIMSH_DISM_LOG_MAX_BYTES);
    const maxBytes = options.maxBytes ?? (Number.isFinite(envMax) && envMax > 0 ? envMax : DEFAULT_MAX_BYTES);
    this.file = new DismLogFile(options.path, maxBytes);
    this.pid = host().pid;
    try {
      host().fs.mkdirSync(host().path.dirname(options.path), { recursive: true });
    } catch (e) {
      this.writeError = e as Error;
    }
  }

  /** Writes one line when LogLevel lets its level through. */
  private write(level: LineLevel, msg: string): void {
    if (LEVEL_RANK[level] > this.level) return;
    try {
      this.file.append(formatDismLine(level, msg));
    } catch (e) {
      this.writeError = e as Error;
    }
  }

  /** A provider line: `<provider>: PID=n TID=n <text> - <Class::Method>` (`(hr:0x...)` when hr is given). */
  providerLine(provider: string | null, text: string, method: string, hr?: number): string {
    const who = provider ? `${provider}: ` : '';
    const tail = method ? ` - ${method}${hr !== undefined ? `(hr:${hrHex(hr)})` : ''}` : '';
    return `${who}PID=${this.pid} TID=${this.pid} ${text}${tail}`;
  }

  info(msg: string): void {
    this.write('info', msg);
  }
  warning(msg: string): void {
    this.write('warn', msg);
  }
  error(msg: string): void {
    this.write('error', msg);
  }
  debug(msg: string): void {
    this.write('debug', msg);
  }

  /** The DismApi session header, as the Dism module's cmdlets (through DismApi.dll) write it. */
  beginSession(opts: { commandLine: string; scratchDirectory?: string; osVersion?: string }): void {
    const api = (t: string) => this.info(this.providerLine('API', `DismApi.dll: ${t}`, 'DismInitializeInternal'));
    const cpus = host().cpuCount();
    api('<----- Starting DismApi.dll session ----->');
    api(`Host machine information: OS Version=${opts.osVersion ?? '10.0.26100'}, Running architecture=amd64, Number of processors=${cpus}`);
    api('API Version 10.0.26100.1');
    api(`Parent process command line: ${opts.commandLine}`);
    this.info(
      this.providerLine('API', `Input parameters: LogLevel: ${this.level - 1}, LogFilePath: ${this.options.displayPath}, ScratchDirectory: ${opts.scratchDirectory ?? '(null)'}`, 'DismInitializeInternal'),
    );
    this.info(`Initialized Panther logging at ${this.options.displayPath}`);
  }

  /**
   * dism.exe's session header: its own `DISM.EXE:` lines, with no PID/TID and no method (real logs, research
   * WIM-FACTS.md §1.1): the Panther line, a blank one, the start banner, a blank one, host, version, command line.
   */
  beginExeSession(opts: { commandLine: string; version: string; osVersion?: string }): void {
    const exe = (t: string) => this.info(`DISM.EXE: ${t}`);
    this.info(`Initialized Panther logging at ${this.options.displayPath}`);
    exe('');
    exe('<----- Starting Dism.exe session ----->');
    exe('');
    exe(`Host machine information: OS Version=${opts.osVersion ?? '10.0.26100'}, Running architecture=amd64, Number of processors=${host().cpuCount()}`);
    exe(`Dism.exe version: ${opts.version}`);
    exe(`Executing command line: ${opts.commandLine}`);
  }

  /**
   * dism.exe's session footer. A failure logs the HRESULT first, upper-case hex without 0x as dism.exe's package
   * manager line does (the imaging form of that line is unconfirmed).
   */
  endExeSession(hr?: number): void {
    if (hr !== undefined && hr !== 0) this.error(`DISM.EXE: DISM processed the command line but failed. HRESULT=${(hr >>> 0).toString(16).toUpperCase().padStart(8, '0')}`);
    this.info('DISM.EXE: Image session has been closed. Reboot required=no.');
    this.info('DISM.EXE: ');
    this.info('DISM.EXE: <----- Ending Dism.exe session ----->');
    this.info('DISM.EXE: ');
  }

  /** The session footer; a failed command logs its HRESULT first. */
  endSession(hr?: number): void {
    if (hr !== undefined && hr !== 0)
      this.error(this.providerLine('API', 'DismApi.dll: The operation failed.', 'DismShutdownInternal', hr));
    this.info(this.providerLine('API', 'DismApi.dll: <----- Ending DismApi.dll session ----->', 'DismShutdownInternal'));
  }
}
