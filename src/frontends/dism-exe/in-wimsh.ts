/*
 * dism.exe as a native command inside wimsh: `dism ...`, `dism.exe ...`, `& dism.exe ...`,
 * `& "$env:windir\System32\dism.exe" ...`, and Start-Process dism.exe -ArgumentList ... -Wait -NoNewWindow. The
 * engine finds it through the registry's nativeFrontEnd hook (src/lang/commands/registry.ts); the wimsh front end
 * adds it to the cmdlets' registry with withDismExe (cmdlets sit below the front ends and cannot import this).
 *
 * It behaves as the real program does under PowerShell: its arguments arrive as the strings PowerShell passes to a
 * native program, its stdout is read as lines (CR, LF, CRLF: the bar's `\r[...] \r\n` gives an empty line before
 * each bar, as Windows PowerShell shows), those lines are the command's output (`$x = dism ...`, `switch -Regex
 * (& dism ...)`, `| Select-String`), and its exit code sets $LASTEXITCODE (DISM's HRESULTs as negative numbers) and
 * $? as a native program's does. It writes no PowerShell object and no error record: DISM's error text is output.
 * Run standalone (last in its pipeline, its output going to the console unchanged) with a terminal as stdout, it
 * gets the terminal itself, as PowerShell gives a native program the console: its bytes go there as they are written
 * and the bar redraws in place (CmdletContext.consoleWriter).
 */
import type { CmdletDefinition } from '../../lang/commands/cmdlet';
import type { CommandRegistry } from '../../lang/commands/registry';
import { LineSplitter, type ConsoleSink } from './console';

export const dismExeCommand: CmdletDefinition = {
  name: 'dism.exe',
  className: 'wimsh.DismExe',
  parameters: [{ name: 'Arguments', type: 'String[]', valueFromRemainingArguments: true }],
  async process(ctx) {
    const args = (ctx.params.Arguments as unknown[] | undefined)?.map((a) => String(a)) ?? [];
    // Loaded on the first dism call: a script that never runs it pays nothing.
    const { runDismExe } = require('./dism') as typeof import('./dism');
    const run = (sink: ConsoleSink) => runDismExe(args, { sink, resolvePath: (p) => ctx.resolvePath(p), program: ctx.invocationName });
    const terminal = ctx.consoleWriter();
    if (terminal) {
      ctx.setExitCode(await run({ terminal: true, write: terminal }));
      return;
    }
    const lines: string[] = [];
    const sink = new LineSplitter((l) => void lines.push(l));
    const code = await run(sink);
    sink.close();
    for (const l of lines) await ctx.writeObject(l);
    ctx.setExitCode(code);
  },
};

/** dism, dism.exe, any path ending in one of them (the engine strips the directory). */
export function isDismExe(name: string): boolean {
  return /^dism(\.exe)?$/i.test(name);
}

/** The registry with dism.exe added as a native front end (after any the registry has itself). */
export function withDismExe(registry: CommandRegistry): CommandRegistry {
  return { ...registry, nativeFrontEnd: (name) => registry.nativeFrontEnd?.(name) ?? (isDismExe(name) ? dismExeCommand : undefined) };
}
