/*
 * What the Dism module's cmdlets share: the LogLevel enum and the -LogPath/-ScratchDirectory/-LogLevel parameters,
 * the DismApi session each command runs in (dism.log header and footer), the objects they print
 * (OfflineImageObject, ImageInfoObject...) with their console views, and the shape of their errors, built from
 * DISM's catalogue (src/dism/errors.ts):
 *
 *   - a failure of the imaging engine (a corrupt file, access denied, disk full) is a COMException carrying DISM's
 *     message and HRESULT: `CategoryInfo : NotSpecified: (:) [Export-WindowsImage], COMException`,
 *     `FullyQualifiedErrorId : Microsoft.Dism.Commands.ExportWindowsImageCommand` (as real transcripts show);
 *   - an argument the cmdlet refuses before any work (no such index or name, a name clash, an unsupported
 *     compression type) is a PSArgumentException: `InvalidArgument: (:) [Export-WindowsImage], PSArgumentException`,
 *     `FullyQualifiedErrorId : Export-WindowsImage,Microsoft.Dism.Commands.ExportWindowsImageCommand`.
 */
import type { CmdletContext, ParameterDefinition } from '../../src/lang/commands/cmdlet';
import { ErrorRecord } from '../../src/lang/runtime/errors';
import { PSEnumValue, PSObject, registerEnum, SwitchParameter } from '../../src/lang/types/values';
import { registerView } from '../../src/lang/format/format';
import { toStr } from '../../src/lang/types/convert';
import { host } from '../../src/platform/host';
import type { DismLog } from '../../src/dism/log';
import { DismError, Win32, fromCoreError, hresultFromWin32 } from '../../src/dism/errors';

export const LOG_LEVEL_TYPE = 'Microsoft.Dism.Commands.LogLevel';
registerEnum({ fullName: LOG_LEVEL_TYPE, members: [['Errors', 1], ['Warnings', 2], ['WarningsInfo', 3], ['Debug', 4]] });

/** The Dism module version wimsh models (Windows 11 24H2). */
export const DISM_CMDLETS_VERSION = '10.0.26100.1';

export const DEFAULT_LOG_PATH = 'C:\\Windows\\Logs\\DISM\\dism.log';

/** -LogPath, -ScratchDirectory, -LogLevel: every Dism cmdlet has them, each bindable from the pipeline by name. */
export const DISM_SESSION_PARAMETERS: ParameterDefinition[] = [
  { name: 'LogPath', type: 'String', aliases: ['LP'], valueFromPipelineByPropertyName: true, description: 'Specifies the full path and file name to log to. Default: %WINDIR%\\Logs\\Dism\\dism.log.' },
  { name: 'ScratchDirectory', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies a temporary directory (it must exist).' },
  { name: 'LogLevel', type: LOG_LEVEL_TYPE, aliases: ['LL'], valueFromPipelineByPropertyName: true, description: 'Specifies the maximum output level shown in the log: 1 Errors, 2 Warnings, 3 WarningsInfo (default), 4 Debug.' },
];

export function sw(ctx: CmdletContext, name: string): boolean {
  const v = ctx.params[name];
  return v instanceof SwitchParameter ? v.isPresent : !!v;
}

export function str(ctx: CmdletContext, name: string): string | undefined {
  const v = ctx.params[name];
  return v === undefined || v === null ? undefined : toStr(v);
}

function logLevelNumber(v: unknown): 1 | 2 | 3 | 4 {
  if (v instanceof PSEnumValue) return Math.min(4, Math.max(1, v.value)) as 1 | 2 | 3 | 4;
  if (typeof v === 'number' && v >= 1 && v <= 4) return v as 1 | 2 | 3 | 4;
  return 3;
}

const LEVEL_NAMES = ['', 'Errors', 'Warnings', 'WarningsInfo', 'Debug'];

/** One Dism command's session: the log, the paths it was given, and its error records. */
export class DismSession {
  readonly logPathDisplay: string;
  readonly scratchDirectory: string | undefined;
  readonly logLevel: 1 | 2 | 3 | 4;
  private log: DismLog | undefined;
  private readonly pathMap: [string, string][] = [];

  constructor(
    readonly ctx: CmdletContext,
    readonly commandName: string,
    readonly className: string,
  ) {
    this.logPathDisplay = str(ctx, 'LogPath') ?? DEFAULT_LOG_PATH;
    this.scratchDirectory = str(ctx, 'ScratchDirectory');
    this.logLevel = logLevelNumber(ctx.params.LogLevel);
  }

  /** Opens the log and writes the session header; checks -ScratchDirectory (it must exist, as DISM requires). */
  begin(commandLine: string): void {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { DismLog } = require('../../src/dism/log') as typeof import('../../src/dism/log');
    this.log = new DismLog({ path: this.ctx.resolvePath(this.logPathDisplay), displayPath: this.logPathDisplay, level: this.logLevel });
    this.log.beginSession({ commandLine, scratchDirectory: this.scratchDirectory });
    // -Verbose: the module's banner first, as the Dism cmdlets print it.
    this.ctx.writeVerbose(`Dism PowerShell Cmdlets Version ${DISM_CMDLETS_VERSION}`);
    if (this.scratchDirectory !== undefined) {
      let ok = false;
      try {
        ok = host().fs.statSync(this.ctx.resolvePath(this.scratchDirectory)).isDirectory();
      } catch {
        ok = false;
      }
      if (!ok) throw new DismError(hresultFromWin32(Win32.PATH_NOT_FOUND), 'argument');
      this.info(this.log.providerLine(null, `Scratch directory set to '${this.scratchDirectory}'.`, 'CDISMManager::put_ScratchDir'));
    }
  }

  /** The native path of the scratch directory (or the system temp directory). */
  scratchPath(): string {
    return this.scratchDirectory !== undefined ? this.ctx.resolvePath(this.scratchDirectory) : host().tmpdir();
  }

  info(msg: string): void {
    this.log?.info(msg);
  }
  warning(msg: string): void {
    this.log?.warning(msg);
    this.ctx.writeWarning(msg);
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

  provider(name: string, text: string, method: string, level: 'info' | 'warning' | 'error' = 'info', hr?: number): void {
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
    this.ctx.writeVerbose(msg);
    this.log?.info(`DISM PowerShell Cmdlets: ${msg}`);
  }

  end(hr?: number): void {
    this.log?.endSession(hr);
  }

  /** Turns a failure into the Dism module's error record and logs it; the caller writes or throws it. */
  errorRecord(e: unknown): ErrorRecord {
    const f = fromCoreError(e);
    const argument = f.kind === 'argument';
    // The cmdlets print en-US whatever the UI culture, as they did before the catalogue had other cultures.
    const message = f.message('en-US');
    this.provider('DISM WIM Provider', `"${f.detail.replace(/"/g, "'")}"`, 'CWimManager::InternalCmd', 'error', f.hresult);
    const rec = argument
      ? this.ctx.error(message, this.commandName, 'InvalidArgument', 'PSArgumentException')
      : this.ctx.error(message, this.commandName, 'NotSpecified', 'COMException');
    rec.exception.hresult = f.hresult;
    rec.exception.fullName = argument ? 'System.Management.Automation.PSArgumentException' : 'System.Runtime.InteropServices.COMException';
    if (!argument) rec.fullyQualifiedErrorId = this.className;
    return rec;
  }

  /** The OfflineImageObject a Dism command returns (the console shows only LogPath). */
  offlineImageObject(extra: Record<string, unknown> = {}): PSObject {
    return new PSObject(
      {
        ...extra,
        Path: extra.Path ?? null,
        Online: false,
        WinPath: null,
        SysDrivePath: null,
        RestartNeeded: false,
        LogPath: this.logPathDisplay,
        ScratchDirectory: this.scratchDirectory ?? '',
        LogLevel: new PSEnumValue(LOG_LEVEL_TYPE, LEVEL_NAMES[this.logLevel], this.logLevel),
      },
      ['Microsoft.Dism.Commands.OfflineImageObject', 'Microsoft.Dism.Commands.BaseDismObject', 'System.Object'],
    );
  }
}

/** Runs a Dism command body inside its session: header, body, footer; failures become the Dism error record. */
export async function runDism(ctx: CmdletContext, commandName: string, className: string, body: (s: DismSession) => Promise<void>): Promise<void> {
  const s = new DismSession(ctx, commandName, className);
  let hr = 0;
  try {
    s.begin(`wimsh ${commandName}`);
    await body(s);
  } catch (e) {
    hr = fromCoreError(e).hresult;
    const rec = s.errorRecord(e);
    s.end(hr);
    ctx.writeError(rec);
    return;
  }
  s.end(hr);
}

/** Progress of a long operation as Write-Progress records, one per whole percent (DISM's console counts percents). */
export function progressReporter(ctx: CmdletContext, activity: string, status: (pct: number) => string = (pct) => `${pct}% complete`) {
  let last = -1;
  return {
    update(done: number, total: number): void {
      const pct = total > 0 ? Math.floor((done * 100) / total) : 100;
      if (pct === last) return;
      last = pct;
      ctx.writeProgress({ activity, status: status(pct), percentComplete: pct });
    },
    complete(): void {
      ctx.writeProgress({ activity, completed: true });
    },
  };
}

/** "19,699,409,370 bytes", as the Dism module prints ImageSize. */
export function bytesText(n: unknown): string {
  return `${Number(n).toLocaleString('en-US')} bytes`;
}

const get = (name: string) => (o: PSObject) => o.get(name)?.value;

registerView('Microsoft.Dism.Commands.OfflineImageObject', { kind: 'list', columns: ['LogPath'] });
registerView('Microsoft.Dism.Commands.BasicImageInfoObject', {
  kind: 'list',
  columns: ['ImageIndex', 'ImageName', 'ImageDescription', { label: 'ImageSize', value: (o) => bytesText(get('ImageSize')(o)) }],
});
registerView('Microsoft.Dism.Commands.ImageInfoObject', {
  kind: 'list',
  columns: [
    'ImageIndex',
    'ImageName',
    'ImageDescription',
    { label: 'ImageSize', value: (o) => bytesText(get('ImageSize')(o)) },
    'WIMBoot',
    'Architecture',
    'Hal',
    'Version',
    'SPBuild',
    'SPLevel',
    'EditionId',
    'InstallationType',
    'ProductType',
    'ProductSuite',
    'SystemRoot',
    'DirectoryCount',
    'FileCount',
    'CreatedTime',
    'ModifiedTime',
    { label: 'Languages', value: (o) => (get('Languages')(o) as string[] | undefined)?.join(', ') ?? '' },
  ],
});
