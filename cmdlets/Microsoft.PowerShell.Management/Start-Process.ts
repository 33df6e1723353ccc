/* Start-Process (Microsoft.PowerShell.Management): starts one or more processes on the local computer. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { PSObject } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { strings, sw } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Start-Process',
  className: 'Microsoft.PowerShell.Commands.StartProcessCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'Default',
  parameters: [
    { name: 'FilePath', type: 'String', aliases: ['PSPath', 'Path'], mandatory: true, position: 0, description: 'The program to run (dism.exe runs wimsh\'s DISM front end when present).' },
    { name: 'ArgumentList', type: 'String[]', aliases: ['Args'], position: 1, description: 'The arguments.' },
    { name: 'Wait', type: 'SwitchParameter', description: 'Waits for the process to end.' },
    { name: 'PassThru', type: 'SwitchParameter', description: 'Outputs a process object.' },
    { name: 'NoNewWindow', type: 'SwitchParameter', aliases: ['nnw'], sets: { Default: {} }, description: 'Runs in the current console.' },
    { name: 'WindowStyle', type: 'String', validateSet: ['Normal', 'Hidden', 'Minimized', 'Maximized'], description: 'Window style (no windows here).' },
    { name: 'WorkingDirectory', type: 'String', description: 'The working directory.' },
    { name: 'RedirectStandardOutput', type: 'String', aliases: ['RSO'], sets: { Default: {} }, description: 'File for standard output.' },
    { name: 'RedirectStandardError', type: 'String', aliases: ['RSE'], sets: { Default: {} }, description: 'File for standard error.' },
    { name: 'RedirectStandardInput', type: 'String', aliases: ['RSI'], sets: { Default: {} }, description: 'File for standard input.' },
    { name: 'Verb', type: 'String', sets: { UseShellExecute: { mandatory: true } }, description: 'RunAs and friends (no elevation here).' },
    { name: 'Credential', type: 'Object', aliases: ['RunAs'], sets: { Default: {} }, description: 'Not used.' },
    { name: 'LoadUserProfile', type: 'SwitchParameter', aliases: ['Lup'], sets: { Default: {} }, description: 'Not used.' },
    { name: 'UseNewEnvironment', type: 'SwitchParameter', sets: { Default: {} }, description: 'Not used.' },
  ],
  help: { 'en-US': { synopsis: 'Starts one or more processes on the local computer.', examples: [{ title: 'DISM', code: "Start-Process dism.exe -ArgumentList '/Export-Image ...' -Wait -NoNewWindow" }] } },
  async process(ctx) {
    const file = toStr(ctx.params.FilePath);
    const rawArgs = strings(ctx.params.ArgumentList);
    // One string is a command line to split; several are one argument each.
    const args = rawArgs.length === 1 ? (rawArgs[0].match(/"[^"]*"|\S+/g) ?? []).map((x) => x.replace(/^"(.*)"$/, '$1')) : rawArgs;
    const info = ctx.engine.resolveCommand(file);
    if (!info || (info.kind !== 'external' && info.kind !== 'native-frontend')) {
      return ctx.throwTerminating(
        ctx.error(
          'This command cannot be run due to the error: The system cannot find the file specified.',
          'InvalidOperationException',
          'InvalidOperation',
          'InvalidOperationException',
        ),
      );
    }
    if (info.kind === 'native-frontend') {
      // wimsh's own implementation of the program (dism.exe): run in-process, its output to the console. Windows
      // PowerShell joins -ArgumentList with spaces into one command line and the program splits it again by the C
      // runtime's rules (quotes group and are dropped, also inside a token: /SourceImageFile:"C:\My Images\x.wim").
      const lines: string[] = [];
      const code = await ctx.engine.runNativeFrontEnd(info.def, file, windowsArgv(rawArgs.join(' ')), (v) => void lines.push(toStr(v)));
      if (lines.length) ctx.writeHost(lines.join('\n'));
      if (sw(ctx, 'PassThru')) await ctx.writeObject(new PSObject({ Id: 0, ProcessName: file.replace(/^.*[\\/]/, '').replace(/\.exe$/i, ''), ExitCode: code, HasExited: true }, ['System.Diagnostics.Process', 'System.Object']));
      return;
    }
    const cwd = ctx.params.WorkingDirectory === undefined ? host().cwd() : ctx.resolvePath(toStr(ctx.params.WorkingDirectory));
    const input = ctx.params.RedirectStandardInput === undefined ? undefined : host().fs.readTextFileSync(ctx.resolvePath(toStr(ctx.params.RedirectStandardInput)));
    const r = host().spawnSync(info.path, args, { cwd, input });
    if (ctx.params.RedirectStandardOutput !== undefined) host().fs.writeFileSync(ctx.resolvePath(toStr(ctx.params.RedirectStandardOutput)), r.stdout);
    else if (r.stdout) ctx.writeHost(r.stdout, false);
    if (ctx.params.RedirectStandardError !== undefined) host().fs.writeFileSync(ctx.resolvePath(toStr(ctx.params.RedirectStandardError)), r.stderr);
    else if (r.stderr) host().stderr.write(r.stderr);
    if (sw(ctx, 'PassThru')) await ctx.writeObject(new PSObject({ Id: 0, ProcessName: file.replace(/^.*[\\/]/, '').replace(/\.exe$/i, ''), ExitCode: r.status ?? 1, HasExited: true }, ['System.Diagnostics.Process', 'System.Object']));
  },
});

/** A command line split as a Windows program's C runtime splits it: whitespace separates, `"` toggles grouping and is dropped, `\"` is a quote. */
function windowsArgv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inArg = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && line[i + 1] === '"') {
      cur += '"';
      inArg = true;
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      inArg = true;
    } else if (!quoted && (ch === ' ' || ch === '\t')) {
      if (inArg) out.push(cur);
      cur = '';
      inArg = false;
    } else {
      cur += ch;
      inArg = true;
    }
  }
  if (inArg) out.push(cur);
  return out;
}
