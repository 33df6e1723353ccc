/*
 * One DISM command's session, whichever front end runs it (a Dism cmdlet, or dism.exe): the log with its
 * session header and footer (dism.log), the scratch directory, the paths the user gave (log lines show those, not
 * this machine's), and the end of the session on success or failure. What is PowerShell's (error records,
 * Write-Verbose, the result objects' PSObject wrapping) stays with the front end, which it reaches through
 * DismFrontEnd.
 *
 * A session is one command; state that outlives a command (the mounted-image registry under $WIMSH_HOME) belongs in
 * its own module, which the commands that need it open inside their session body.
 */
import { host } from '../platform/host';
import { DismError, DismErrorFacts, Win32, fromCoreError, hresultFromWin32 } from './errors';
import { DismLog, DismLogLevel } from './log';

/** DISM's default log file (a front end resolves it through its drive map like any path). */
export const DEFAULT_LOG_PATH = 'C:\\Windows\\Logs\\DISM\\dism.log';

/** What a front end gives its sessions. */
export interface DismFrontEnd {
  /** Prefix of the front end's own log lines ("DISM PowerShell Cmdlets"). */
  readonly logName: string;
  /** A path as the user gave it (C:\out\x.wim) to the path on this machine. */
  resolvePath(path: string): string;
  /** Progress notes the user asked to see (the cmdlets' -Verbose stream). */
  verbose(message: string): void;
  /** Warnings shown to the user as well as logged. */
  warning(message: string): void;
  /**
   * The session header and footer the log gets: the DismApi.dll form the cmdlets write (default), or dism.exe's own
   * `DISM.EXE:` lines with the program's version.
   */
  readonly logForm?: { kind: 'api' } | { kind: 'exe'; version: string };
}

export interface DismSessionOptions {
  /** The log path as the user gave it; DEFAULT_LOG_PATH when absent. */
  logPath?: string;
  /** The scratch directory as the user gave it. */
  scratchDirectory?: string;
  /** 1 Errors, 2 Warnings, 3 WarningsInfo (default), 4 Debug. */
  logLevel?: DismLogLevel;
}

export type ProviderLevel = 'info' | 'warning' | 'error';

export class DismSession {
  /** The log path as the user gave it (the result objects' LogPath). */
  readonly logPathDisplay: string;
  readonly scratchDirectory: string | undefined;
  readonly logLevel: DismLogLevel;
  private log: DismLog | undefined;
  private readonly pathMap: [string, string][] = [];

  constructor(
    readonly frontEnd: DismFrontEnd,
    options: DismSessionOptions = {},
  ) {
    this.logPathDisplay = options.logPath ?? DEFAULT_LOG_PATH;
    this.scratchDirectory = options.scratchDirectory;
    this.logLevel = options.logLevel ?? 3;
  }

  /** Opens the log and writes the session header. */
  begin(commandLine: string): void {
    this.log = new DismLog({ path: this.frontEnd.resolvePath(this.logPathDisplay), displayPath: this.logPathDisplay, level: this.logLevel });
    const form = this.frontEnd.logForm;
    if (form?.kind === 'exe') this.log.beginExeSession({ commandLine, version: form.version });
    else this.log.beginSession({ commandLine, scratchDirectory: this.scratchDirectory });
  }

  /** Checks the scratch directory the user gave (DISM requires it to exist) and logs it. */
  checkScratchDirectory(): void {
    if (this.scratchDirectory === undefined) return;
    let ok = false;
    try {
      ok = host().fs.statSync(this.frontEnd.resolvePath(this.scratchDirectory)).isDirectory();
    } catch {
      ok = false;
    }
    if (!ok) throw new DismError(hresultFromWin32(Win32.PATH_NOT_FOUND), 'argument');
    this.info(this.log!.providerLine(null, `Scratch directory set to '${this.scratchDirectory}'.`, 'CDISMManager::put_ScratchDir'));
  }

  /** The native path of the scratch directory (or the system temp directory). */
  scratchPath(): string {
    return this.scratchDirectory !== undefined ? this.frontEnd.resolvePath(this.scratchDirectory) : host().tmpdir();
  }

  info(msg: string): void {
    this.log?.info(msg);
  }
  warning(msg: string): void {
    this.log?.warning(msg);
    this.frontEnd.warning(msg);
  }
  /** Log lines name `native` (a path on this machine) as `display` (the path the user gave). */
  mapPath(native: string, display: string): void {
    if (native && native !== display) this.pathMap.push([native, display]);
  }
  private displayText(text: string): string {
    // Longest first, so that a path inside another is not replaced within it.
    for (const [n, d] of [...this.pathMap].sort((a, b) => b[0].length - a[0].length)) text = text.split(n).join(d);
    return text;
  }

  provider(name: string, text: string, method: string, level: ProviderLevel = 'info', hr?: number): void {
    if (!this.log) return;
    const line = this.log.providerLine(name, this.displayText(text), method, hr);
    if (level === 'error') this.log.error(line);
    else if (level === 'warning') this.log.warning(line);
    else this.log.info(line);
  }
  /** A LogLevel 4 (Debug) line: what the command was given and decided, for diagnosis. */
  debug(provider: string, text: string, method: string): void {
    this.log?.debug(this.log.providerLine(provider, this.displayText(text), method));
  }
  verbose(msg: string): void {
    this.frontEnd.verbose(msg);
    this.log?.info(`${this.frontEnd.logName}: ${msg}`);
  }

  /** Logs a failure as the WIM provider's error line; returns DISM's report of it. */
  failed(e: unknown): DismErrorFacts {
    const f = fromCoreError(e);
    this.provider('DISM WIM Provider', `"${f.detail.replace(/"/g, "'")}"`, 'CWimManager::InternalCmd', 'error', f.hresult);
    return f;
  }

  /** The session footer; a failed command logs its HRESULT first. */
  end(hr?: number): void {
    if (this.frontEnd.logForm?.kind === 'exe') this.log?.endExeSession(hr);
    else this.log?.endSession(hr);
  }

  /** A line of the front end's own (dism.exe's `DISM.EXE: ...`), at a level. */
  frontEndLine(text: string, level: ProviderLevel = 'info'): void {
    const line = `${this.frontEnd.logName}: ${this.displayText(text)}`;
    if (level === 'error') this.log?.error(line);
    else if (level === 'warning') this.log?.warning(line);
    else this.log?.info(line);
  }
}

/**
 * Runs a command inside its session: header, body, footer. A failure is logged and returned (DISM's report of it)
 * for the front end to show; success returns undefined.
 */
export async function runSession(session: DismSession, commandLine: string, body: () => Promise<void>): Promise<DismErrorFacts | undefined> {
  try {
    session.begin(commandLine);
    await body();
  } catch (e) {
    const f = session.failed(e);
    session.end(f.hresult);
    return f;
  }
  session.end(0);
  return undefined;
}
