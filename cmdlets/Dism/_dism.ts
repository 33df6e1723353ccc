/*
 * The PowerShell side of the Dism module, shared by its cmdlets: the LogLevel enum and the -LogPath/-ScratchDirectory/
 * -LogLevel parameters, the session each command runs in (src/dism/session.ts) wired to the cmdlet's streams, the
 * result objects (src/dism/results.ts) as PSObjects with their console views, and the shape of their errors, built
 * from DISM's catalogue (src/dism/errors.ts):
 *
 *   - a failure of the imaging engine (a corrupt file, access denied, disk full) is a COMException carrying DISM's
 *     message and HRESULT: `CategoryInfo : NotSpecified: (:) [Export-WindowsImage], COMException`,
 *     `FullyQualifiedErrorId : Microsoft.Dism.Commands.ExportWindowsImageCommand` (as real transcripts show);
 *   - an argument the cmdlet refuses before any work (no such index or name, a name clash, an unsupported
 *     compression type) is a PSArgumentException: `InvalidArgument: (:) [Export-WindowsImage], PSArgumentException`,
 *     `FullyQualifiedErrorId : Export-WindowsImage,Microsoft.Dism.Commands.ExportWindowsImageCommand`.
 */
import { isPipelineFlow, type CmdletContext, type ParameterDefinition } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import type { ErrorRecord } from '../../src/lang/runtime/errors';
import { PSEnumValue, PSObject, registerEnum, SwitchParameter } from '../../src/lang/types/values';
import { registerView } from '../../src/lang/format/format';
import { toStr } from '../../src/lang/types/convert';
import type { DismErrorFacts } from '../../src/dism/errors';
import type { DismLogLevel } from '../../src/dism/log';
import { LOG_LEVEL_NAMES, RESULT_TYPES, offlineImageData } from '../../src/dism/results';
import { DismSession, runSession } from '../../src/dism/session';

export const LOG_LEVEL_TYPE = 'Microsoft.Dism.Commands.LogLevel';
registerEnum({ fullName: LOG_LEVEL_TYPE, members: [['Errors', 1], ['Warnings', 2], ['WarningsInfo', 3], ['Debug', 4]] });

/** The Dism module version wimsh models (Windows 11 24H2). */
export const DISM_CMDLETS_VERSION = '10.0.26100.1';

/** -LogPath, -ScratchDirectory, -LogLevel: every Dism cmdlet has them, each bindable from the pipeline by name. */
export const DISM_SESSION_PARAMETERS = [
  { name: 'LogPath', type: 'String', aliases: ['LP'], valueFromPipelineByPropertyName: true, description: 'Specifies the full path and file name to log to. Default: %WINDIR%\\Logs\\Dism\\dism.log.' },
  { name: 'ScratchDirectory', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies a temporary directory (it must exist).' },
  { name: 'LogLevel', type: LOG_LEVEL_TYPE, aliases: ['LL'], valueFromPipelineByPropertyName: true, description: 'Specifies the maximum output level shown in the log: 1 Errors, 2 Warnings, 3 WarningsInfo (default), 4 Debug.' },
] as const satisfies readonly ParameterDefinition[];

function str(ctx: CmdletContext, name: string): string | undefined {
  const v = ctx.params[name];
  return v === undefined || v === null ? undefined : toStr(v);
}

function logLevelNumber(v: unknown): DismLogLevel {
  if (v instanceof PSEnumValue) return Math.min(4, Math.max(1, v.value)) as DismLogLevel;
  if (typeof v === 'number' && v >= 1 && v <= 4) return v as DismLogLevel;
  return 3;
}

/** A Dism cmdlet's session: DISM's session with the cmdlet's streams, and its result objects as PSObjects. */
export class CmdletSession extends DismSession {
  constructor(readonly ctx: CmdletContext) {
    super(
      {
        logName: 'DISM PowerShell Cmdlets',
        resolvePath: (p) => ctx.resolvePath(p),
        verbose: (m) => ctx.writeVerbose(m),
        warning: (m) => ctx.writeWarning(m),
      },
      { logPath: str(ctx, 'LogPath'), scratchDirectory: str(ctx, 'ScratchDirectory'), logLevel: logLevelNumber(ctx.params.LogLevel) },
    );
  }

  /** The OfflineImageObject a Dism command returns (the console shows only LogPath). */
  offlineImageObject(extra: Record<string, unknown> = {}): PSObject {
    const data = offlineImageData(this, extra);
    data.LogLevel = new PSEnumValue(LOG_LEVEL_TYPE, LOG_LEVEL_NAMES[this.logLevel], this.logLevel);
    return new PSObject(data, [...RESULT_TYPES.OfflineImageObject]);
  }
}

/** The Dism module's error record for a failure DISM has reported. */
export function dismErrorRecord(ctx: CmdletContext, f: DismErrorFacts, commandName: string, className: string): ErrorRecord {
  const argument = f.kind === 'argument';
  // The cmdlets print en-US whatever the UI culture, as they did before the catalogue had other cultures.
  const message = f.message('en-US');
  const rec = argument ? ctx.error(message, commandName, 'InvalidArgument', 'PSArgumentException') : ctx.error(message, commandName, 'NotSpecified', 'COMException');
  rec.exception.hresult = f.hresult;
  rec.exception.fullName = argument ? 'System.Management.Automation.PSArgumentException' : 'System.Runtime.InteropServices.COMException';
  if (!argument) rec.fullyQualifiedErrorId = className;
  return rec;
}

/**
 * Runs a Dism command body inside its session: header, body, footer; a failure becomes the Dism error record. What
 * belongs to the pipeline rather than to DISM (a downstream Select-Object -First stopping this command, an error record
 * already in flight, break/exit in a downstream script block: isPipelineFlow) ends the session normally and is
 * rethrown as it is, never reported as DISM's "An internal error occurred.".
 */
export async function runDism(ctx: CmdletContext, commandName: string, className: string, body: (s: CmdletSession) => Promise<void>): Promise<void> {
  const s = new CmdletSession(ctx);
  let flow: { signal: unknown } | undefined;
  const failure = await runSession(s, `wimsh ${commandName}`, async () => {
    // -Verbose: the module's banner first, as the Dism cmdlets print it.
    ctx.writeVerbose(`Dism PowerShell Cmdlets Version ${DISM_CMDLETS_VERSION}`);
    s.checkScratchDirectory();
    try {
      await body(s);
    } catch (e) {
      if (!isPipelineFlow(e)) throw e;
      flow = { signal: e };
    }
  });
  if (flow) throw flow.signal;
  if (failure) ctx.writeError(dismErrorRecord(ctx, failure, commandName, className));
}

/**
 * The time left of an operation from its throughput so far: the rest at the average rate since it began. Undefined
 * until there is a rate worth trusting (two seconds and some work done), and once the work is done.
 */
export function estimateSecondsRemaining(elapsedMs: number, done: number, total: number): number | undefined {
  if (elapsedMs < 2000 || done <= 0 || total <= done) return undefined;
  return Math.round(((elapsedMs / 1000) * (total - done)) / done);
}

/**
 * Progress of a long operation as Write-Progress records, one per whole percent (DISM's console counts percents),
 * with the time left estimated from the throughput (the console shows it under the bar).
 */
export function progressReporter(ctx: CmdletContext, activity: string, status: (pct: number) => string = (pct) => `${pct}% complete`) {
  let last = -1;
  let started: number | undefined;
  return {
    update(done: number, total: number): void {
      const now = host().now();
      started ??= now;
      const pct = total > 0 ? Math.floor((done * 100) / total) : 100;
      if (pct === last) return;
      last = pct;
      ctx.writeProgress({ activity, status: status(pct), percentComplete: pct, secondsRemaining: estimateSecondsRemaining(now - started, done, total) });
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
