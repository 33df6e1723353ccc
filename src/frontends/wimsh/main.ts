/*
 * The wimsh command line, as powershell.exe takes it:
 *
 *   wimsh                          interactive REPL (on a terminal; stdin that is not a terminal is read as a script)
 *   wimsh -Command TEXT... | -c    runs TEXT (the remaining arguments joined by spaces); `-Command -` reads stdin
 *   wimsh -File SCRIPT.ps1 [args]  runs a script with $args
 *   wimsh SCRIPT.ps1 [args]        the same
 *   -NoProfile -NonInteractive -NoLogo -ExecutionPolicy X   accepted (no profiles exist; nothing prompts)
 *
 * Output goes to stdout, error records to stderr. Exit code (the runspace computes it, as powershell.exe 5.1 does):
 * `exit N` gives N; -File: 0 unless a terminating error ended the script (1); -Command: 1 when the last pipeline
 * failed or a terminating error ended it, else 0. Only this module knows about process arguments; the language is
 * reached through the runspace.
 */
import { host } from '../../platform/host';
import type { Runspace } from '../../lang/runtime/runspace';

const VERSION = '0.1.0';

interface CliOptions {
  command?: string;
  commandFromStdin?: boolean;
  file?: string;
  fileArgs: string[];
  noLogo: boolean;
  nonInteractive: boolean;
  noExit: boolean;
  help: boolean;
}

// powershell.exe's switches; a unique prefix selects one, and these short forms are documented spellings.
const SWITCHES = ['Command', 'File', 'NoProfile', 'NonInteractive', 'NoLogo', 'NoExit', 'ExecutionPolicy', 'EncodedCommand',
  'InputFormat', 'OutputFormat', 'WindowStyle', 'Version', 'Sta', 'Mta', 'Help'];
const SHORT: Record<string, string> = { c: 'Command', f: 'File', nop: 'NoProfile', noni: 'NonInteractive', nol: 'NoLogo',
  ep: 'ExecutionPolicy', ex: 'ExecutionPolicy', ec: 'EncodedCommand', e: 'EncodedCommand', '?': 'Help', h: 'Help' };

export class UsageError extends Error {}

function switchName(arg: string): string | undefined {
  if (!/^[-/]/.test(arg) || arg === '-') return undefined;
  const name = arg.replace(/^(--|-|\/)/, '').replace(/:.*$/, '');
  const lower = name.toLowerCase();
  if (SHORT[lower]) return SHORT[lower];
  const hits = SWITCHES.filter((s) => s.toLowerCase().startsWith(lower));
  if (hits.length === 1 || (hits.length > 1 && hits.some((h) => h.toLowerCase() === lower)))
    return hits.find((h) => h.toLowerCase() === lower) ?? hits[0];
  return undefined;
}

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = { fileArgs: [], noLogo: false, nonInteractive: false, noExit: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const sw = switchName(a);
    if (!sw) {
      // The first argument that is not a switch is a script to run, and the rest are its arguments.
      if (a === '-') {
        o.commandFromStdin = true;
        continue;
      }
      o.file = a;
      o.fileArgs = argv.slice(i + 1);
      break;
    }
    switch (sw) {
      case 'Command': {
        const rest = argv.slice(i + 1);
        if (rest.length === 0) throw new UsageError("Missing argument for parameter -Command.");
        if (rest.length === 1 && rest[0] === '-') o.commandFromStdin = true;
        else o.command = rest.join(' ');
        i = argv.length;
        break;
      }
      case 'EncodedCommand': {
        const v = argv[++i];
        if (v === undefined) throw new UsageError('Missing argument for parameter -EncodedCommand.');
        o.command = host().text.utf16leDecode(host().text.base64Decode(v));
        break;
      }
      case 'File': {
        const v = argv[i + 1];
        if (v === undefined) throw new UsageError('Missing argument for parameter -File.');
        if (v === '-') o.commandFromStdin = true;
        else {
          o.file = v;
          o.fileArgs = argv.slice(i + 2);
        }
        i = argv.length;
        break;
      }
      case 'NoLogo':
        o.noLogo = true;
        break;
      case 'NonInteractive':
        o.nonInteractive = true;
        break;
      case 'NoExit':
        o.noExit = true;
        break;
      case 'Help':
        o.help = true;
        break;
      case 'ExecutionPolicy':
      case 'InputFormat':
      case 'OutputFormat':
      case 'WindowStyle':
      case 'Version':
        if (!a.includes(':')) i++; // these take a value, which wimsh accepts and ignores
        break;
      default:
        break; // NoProfile, Sta, Mta: nothing to do
    }
  }
  return o;
}

const USAGE = `wimsh ${VERSION}: a PowerShell-compatible shell for Windows images

wimsh [-NoLogo] [-NoProfile] [-NonInteractive] [-Command { - | <text> } | -File <script.ps1> [args] | <script.ps1> [args]]

  -Command, -c <text>   Runs <text> as PowerShell; '-' reads the commands from standard input.
  -File, -f <script>    Runs a script file; the arguments after it become $args.
  -NoLogo, -NoProfile, -NonInteractive, -ExecutionPolicy <x>   Accepted for compatibility.

Drives: C:\\x maps to $WIMSH_DRIVE_C/x, else $WIMSH_HOME/drives/c/x (WIMSH_HOME defaults to ~/.wimsh).
`;

async function runRepl(rs: Runspace, opts: CliOptions): Promise<number> {
  const h = host();
  const logo = opts.noLogo ? undefined : `wimsh ${VERSION}, a PowerShell-compatible shell for Windows images\n\n`;
  // The console (line editor, completion, history, colours) where the host has a terminal for it; loaded only here.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { runConsole } = require('../console/console') as typeof import('../console/console');
  const code = await runConsole(rs, { logo });
  if (code !== undefined) return code;
  if (logo) h.stdout.write(logo);
  const reader = h.createLineReader?.('');
  if (!reader) return 0;
  let exitCode = 0;
  try {
    for (;;) {
      let text = await reader.question(rs.prompt());
      if (text === null) break;
      while (rs.isIncomplete(text)) {
        const more = await reader.question('>> ');
        if (more === null) break;
        text += '\n' + more;
      }
      if (!text.trim()) continue;
      const r = await rs.runInteractive(text);
      if (r.exited) {
        exitCode = r.exitCode;
        break;
      }
    }
  } finally {
    reader.close();
  }
  return exitCode;
}

async function run(argv: string[]): Promise<number> {
  const h = host();
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      h.stderr.write(`${e.message}\n\n${USAGE}`);
      return 64;
    }
    throw e;
  }
  if (opts.help) {
    h.stdout.write(USAGE);
    return 0;
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { createRunspace: create } = require('../../lang/runtime/runspace') as typeof import('../../lang/runtime/runspace');
  // wimsh's modules (cmdlets/index.ts), required on the first command lookup: `wimsh -c '1+1'` loads none of them.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  // dism.exe (src/frontends/dism-exe) joins them as a native front end: the cmdlets cannot import a front end.
  const registry = () =>
    (require('../dism-exe/in-wimsh') as typeof import('../dism-exe/in-wimsh')).withDismExe(
      (require('../../../cmdlets/index') as typeof import('../../../cmdlets/index')).registry,
    );
  const createRunspace = (o: { interactive: boolean }) => create({ ...o, registry });
  // Attached disk images (Mount-DiskImage) give drives before any command is looked up (`'x' > D:\f.txt` as a
  // whole script): while the modules are not loaded, a drive lookup loads them when images are attached, and the
  // Storage module's hook takes over from then on.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const drives = require('../../vfs/drives') as typeof import('../../vfs/drives');
  drives.setDriveLookupHook(() => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const images = require('../../vfs/disk-images') as typeof import('../../vfs/disk-images');
    if (!h.fs.existsSync(images.diskImageRegistryPath())) return;
    registry();
    images.syncDiskImages();
  });
  const interactiveTerminal = h.stdinIsTTY && !opts.nonInteractive;
  if (opts.file !== undefined) {
    const rs = createRunspace({ interactive: false });
    return (await rs.runFile(opts.file, opts.fileArgs)).exitCode;
  }
  if (opts.command !== undefined || opts.commandFromStdin) {
    const text = opts.commandFromStdin ? await h.readStdin() : (opts.command as string);
    const rs = createRunspace({ interactive: false });
    const r = await rs.runScript(text);
    if (opts.noExit && !r.exited && interactiveTerminal) return runRepl(rs, opts);
    return r.exitCode;
  }
  if (!h.stdinIsTTY) {
    // Like powershell.exe with redirected input: the script comes from stdin.
    const rs = createRunspace({ interactive: false });
    return (await rs.runScript(await h.readStdin())).exitCode;
  }
  return runRepl(createRunspace({ interactive: interactiveTerminal }), opts);
}

export function main(argv: string[]): void {
  run(argv).then(
    (code) => {
      host().setExitCode?.(code);
      // Worker threads or handles left by a cmdlet must not keep the shell alive once the script is done.
      setImmediate(() => host().exit(code));
    },
    (e: unknown) => {
      // The runspace turns every failure into an error record; reaching here is a wimsh bug, still no stack trace.
      const msg = e instanceof Error ? e.message : String(e);
      host().stderr.write(`wimsh: internal error: ${msg}\n`);
      if (host().env.WIMSH_DEBUG && e instanceof Error) host().stderr.write(`${e.stack}\n`);
      host().exit(1);
    },
  );
}
