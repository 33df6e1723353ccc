/* Get-Command (Microsoft.PowerShell.Core): gets all commands. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { toStr } from '../../src/lang/types/convert';
import { wildcardToRegExp } from '../../src/lang/runtime/operators';
import { registerView } from '../../src/lang/format/format';
import { strings } from '../_shared/common';

registerView('System.Management.Automation.CommandInfo', {
  kind: 'table',
  shape: 'System.Management.Automation.CommandInfo',
  widths: [15, 50, 10],
  columns: ['CommandType', 'Name', { label: 'Version', value: (o) => o.get('Version')?.value }, 'Source'],
});

registerView('System.Management.Automation.CmdletInfo', {
  kind: 'table',
  shape: 'System.Management.Automation.CommandInfo',
  widths: [15, 50, 10],
  columns: ['CommandType', 'Name', { label: 'Version', value: (o) => o.get('Version')?.value }, 'Source'],
});

export const cmdlet = defineCmdlet({
  name: 'Get-Command',
  className: 'Microsoft.PowerShell.Commands.GetCommandCommand',
  module: 'Microsoft.PowerShell.Core',
  defaultParameterSetName: 'CmdletSet',
  parameters: [
    { name: 'Name', type: 'String[]', sets: { AllCommandSet: { position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'Command names (wildcards allowed).' },
    { name: 'Verb', type: 'String[]', sets: { CmdletSet: { valueFromPipelineByPropertyName: true } }, description: 'Commands with this verb.' },
    { name: 'Noun', type: 'String[]', sets: { CmdletSet: { valueFromPipelineByPropertyName: true } }, description: 'Commands with this noun.' },
    { name: 'Module', type: 'String[]', aliases: ['PSSnapin'], description: 'Commands of these modules.' },
    { name: 'CommandType', type: 'String', aliases: ['Type'], sets: { AllCommandSet: {} }, description: 'Alias, Function, Cmdlet, Application...' },
    { name: 'ListImported', type: 'SwitchParameter', description: 'Only imported commands.' },
    { name: 'Syntax', type: 'SwitchParameter', description: 'The syntax.' },
    { name: 'All', type: 'SwitchParameter', description: 'All commands, including hidden ones.' },
  ],
  help: { 'en-US': { synopsis: 'Gets all commands.', examples: [{ title: 'Parameters', code: "(Get-Command Export-WindowsImage).Parameters['SourceIndex'].Aliases" }] } },
  async process(ctx) {
    const names = strings(ctx.params.Name);
    const verbs = strings(ctx.params.Verb).map((v) => wildcardToRegExp(v));
    const nouns = strings(ctx.params.Noun).map((v) => wildcardToRegExp(v));
    const modules = strings(ctx.params.Module).map((v) => wildcardToRegExp(v));
    if (names.length && names.every((n) => !/[*?[]/.test(n))) {
      for (const n of names) {
        const info = ctx.engine.resolveCommand(n);
        if (!info) {
          const rec = ctx.error(
            `The term '${n}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`,
            'CommandNotFoundException',
            'ObjectNotFound',
            'CommandNotFoundException',
            n,
          );
          ctx.writeError(rec);
          continue;
        }
        await ctx.writeObject(ctx.engine.commandInfoObject(info));
      }
      return;
    }
    const pats = names.map((n) => wildcardToRegExp(n));
    for (const name of ctx.engine.cmdletNames().filter((n) => !n.startsWith('_')).sort((a, b) => a.localeCompare(b))) {
      if (pats.length && !pats.some((r) => r.test(name))) continue;
      const [verb, noun] = name.split('-');
      if (verbs.length && !verbs.some((r) => r.test(verb))) continue;
      if (nouns.length && !nouns.some((r) => r.test(noun ?? ''))) continue;
      const info = ctx.engine.resolveCommand(name);
      if (!info) continue;
      const o = ctx.engine.commandInfoObject(info);
      if (modules.length && !modules.some((r) => r.test(toStr(o.get('Source')?.value)))) continue;
      await ctx.writeObject(o);
    }
  },
});
