/*
 * The wimsh-dism program (bin/wimsh-dism.js): dism.exe for shells outside wimsh (bash, cmd-like scripts, CI). Its
 * arguments as the shell split them, its console text to stdout (the bar redrawn in place on a terminal, as lines
 * when redirected), its exit code DISM's: a Win32 error as its number, any other HRESULT as the 32-bit value, which
 * a POSIX shell sees modulo 256 (Windows' %ERRORLEVEL% and PowerShell's $LASTEXITCODE see it whole).
 */
import { host } from '../../platform/host';
import { resolvePath } from '../../vfs/drives';
import { runDismExe } from './dism';

export async function main(argv: string[]): Promise<void> {
  const out = host().stdout;
  const code = await runDismExe(argv, {
    sink: { terminal: out.isTTY, write: (t) => out.write(t) },
    resolvePath: (p) => resolvePath(p),
    program: 'dism.exe',
  });
  host().setExitCode?.(code);
  // Worker threads of the compressor must not keep the program alive once the command is done.
  setImmediate(() => host().exit(code));
}
