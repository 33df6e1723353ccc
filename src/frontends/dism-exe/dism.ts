/*
 * dism.exe, run once: its arguments in, its console text out (console.ts), its exit code back. The one entry of
 * both ways in: the wimsh-dism program (main.ts) and the native command inside wimsh (in-wimsh.ts).
 *
 * The order of work: the command line is split into options (options.ts); the global options (/LogPath,
 * /LogLevel, /ScratchDir, /English, /Quiet, /NoRestart, /Format, and /Image: /Online, /WinDir, /SysDriveDir of the
 * servicing form) are taken out; the verb is the first option that names one. Help (`/?`) prints the usage page or
 * the verb's page. Anything else runs inside a DISM session (src/dism/session.ts, with dism.exe's `DISM.EXE:` log
 * lines in the same dism.log as the cmdlets' lines): the verb's options are bound against its spec (verbs.ts) and
 * its body runs. A failure prints DISM's error block and exits with DISM's exit code (errors.ts exitCode: a Win32
 * error as its number, any other HRESULT as the signed 32-bit value).
 */
import { DismMessages, exitCode, type DismErrorFacts } from '../../dism/errors';
import type { DismLogLevel } from '../../dism/log';
import { DEFAULT_LOG_PATH, DismSession, runSession } from '../../dism/session';
import { DISM_EXE_VERSION, DismConsole, type ConsoleSink } from './console';
import { usagePage, verbHelp } from './help';
import { CommandLineMessages, parseCommandLine, rawCommandLine, type DismOption } from './options';
import { bindVerbOptions, imagingVerb, isServicingVerb } from './verbs';

export interface DismExeHost {
  /** Where the console text goes. */
  sink: ConsoleSink;
  /** A user's path (C:\x, .\y) to this machine's. */
  resolvePath(p: string): string;
  /** The program as invoked (`dism`, `dism.exe`, `C:\Windows\System32\dism.exe`), for the log's command line. */
  program: string;
}

/** Global options: they may stand anywhere on the line, before or after the verb. */
const GLOBAL_VALUES = ['LogPath', 'LogLevel', 'ScratchDir', 'Format', 'Image', 'WinDir', 'SysDriveDir'];
const GLOBAL_SWITCHES = ['English', 'Quiet', 'NoRestart', 'Online'];
const GLOBAL = new Map<string, string>([...GLOBAL_VALUES, ...GLOBAL_SWITCHES].map((n) => [n.toLowerCase(), n]));
const isGlobal = (lower: string) => GLOBAL.has(lower);

interface Globals {
  logPath?: string;
  logLevel?: DismLogLevel;
  scratchDir?: string;
  quiet: boolean;
  servicingTarget?: string;
}

function globals(options: readonly DismOption[]): Globals {
  const g: Globals = { quiet: false };
  const seen = new Set<string>();
  for (const o of options) {
    const name = GLOBAL.get(o.lower);
    if (!name) continue;
    if (seen.has(name)) throw CommandLineMessages.duplicated(o.name);
    seen.add(name);
    const isValue = GLOBAL_VALUES.includes(name);
    if (!isValue && o.value !== undefined) throw CommandLineMessages.takesNoArgument(o.name);
    if (isValue && name !== 'LogPath' && (o.value === undefined || o.value === '')) throw CommandLineMessages.missingArgument(o.name);
    switch (name) {
      case 'LogPath':
        if (!o.value) throw CommandLineMessages.emptyLogPath();
        g.logPath = o.value;
        break;
      case 'LogLevel':
        if (!/^[1-4]$/.test(o.value!.trim())) throw CommandLineMessages.invalidLogLevel();
        g.logLevel = Number(o.value) as DismLogLevel;
        break;
      case 'ScratchDir':
        g.scratchDir = o.value;
        break;
      case 'Format':
        // Accepted on every command (the image reports print their list form either way).
        if (!/^(table|list)$/i.test(o.value!.trim())) throw CommandLineMessages.invalidArgument(o.value!, o.name);
        break;
      case 'Quiet':
        g.quiet = true;
        break;
      case 'Online':
        g.servicingTarget = '/Online';
        break;
      case 'Image':
        g.servicingTarget = `/Image:${o.value}`;
        break;
    }
  }
  return g;
}

/** Runs dism.exe with `argv`; returns its exit code. */
export async function runDismExe(argv: readonly string[], io: DismExeHost): Promise<number> {
  const raw = rawCommandLine(io.program, argv);
  // /Quiet is looked for before parsing, so that a refused command line is quiet too.
  const quiet = argv.some((a) => /^\/quiet$/i.test(a.replace(/"/g, '')));
  const con = new DismConsole(io.sink, quiet);
  con.banner();

  let parsed: ReturnType<typeof parseCommandLine> | undefined;
  let g: Globals = { quiet };
  let refusal: unknown;
  try {
    parsed = parseCommandLine(argv);
    g = globals(parsed.options);
  } catch (e) {
    refusal = e;
  }

  const verbOption = parsed?.options.find((o) => !isGlobal(o.lower));
  if (parsed && refusal === undefined) {
    // Help: the usage page (no verb, or nothing at all), or the verb's page.
    const noVerb = verbOption === undefined;
    if (parsed.help || (noVerb && !g.servicingTarget)) {
      const page = verbOption ? verbHelp(verbOption.lower) : usagePage();
      if (page) {
        for (const l of page) con.line(l);
        return 0;
      }
    }
  }

  const s = new DismSession(
    {
      logName: 'DISM.EXE',
      logForm: { kind: 'exe', version: DISM_EXE_VERSION },
      resolvePath: (p) => io.resolvePath(p),
      // dism.exe prints no progress notes or warnings of its own beyond its console text: they are logged only.
      verbose: () => undefined,
      warning: () => undefined,
    },
    { logPath: g.logPath, scratchDirectory: g.scratchDir, logLevel: g.logLevel },
  );

  const failure: DismErrorFacts | undefined = await runSession(s, raw, async () => {
    if (refusal !== undefined) {
      s.frontEndLine(`Failed validating command line: ${raw}`, 'error');
      throw refusal;
    }
    s.checkScratchDirectory();
    // `dism /Online` or `dism /Image:C:\x` with no command: servicing, which needs Windows.
    if (!verbOption) throw DismMessages.servicingStackRequired(g.servicingTarget ?? 'DISM');
    const verb = verbOption;
    const spec = imagingVerb(verb.lower);
    if (g.servicingTarget || !spec) {
      if (!spec && !isServicingVerb(verb.lower) && !g.servicingTarget) {
        s.frontEndLine(`Failed validating command line: ${raw}`, 'error');
        throw CommandLineMessages.unknownOption(verb.text);
      }
      if (verb.value !== undefined && !g.servicingTarget) {
        s.frontEndLine(`Failed validating command line: ${raw}`, 'error');
        throw CommandLineMessages.takesNoArgument(verb.name);
      }
      // Servicing an image (/Online, /Image:) or a verb only Windows can serve.
      throw DismMessages.servicingStackRequired(`/${verb.name}`);
    }
    const rest = parsed!.options.filter((o) => o !== verb);
    let bound: Map<string, string | true>;
    try {
      if (verb.value !== undefined) throw CommandLineMessages.takesNoArgument(verb.name);
      bound = bindVerbOptions(spec, verb.name, rest, isGlobal);
    } catch (e) {
      s.frontEndLine(`Failed validating command line: ${raw}`, 'error');
      throw e;
    }
    await spec.run({
      s,
      con,
      verb: verb.name,
      value: (name) => {
        const v = bound.get(name);
        return typeof v === 'string' ? v : undefined;
      },
      has: (name) => bound.has(name),
      resolve: (p) => io.resolvePath(p),
    });
  });

  if (!failure) {
    con.completed();
    return 0;
  }
  con.error(failure.hresult, failure.message('en-US'), s.logPathDisplay);
  return exitCode(failure.hresult);
}

