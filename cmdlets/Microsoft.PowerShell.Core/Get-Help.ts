/*
 * Get-Help: a cmdlet's help in Windows PowerShell 5.1's layout (cmdlets/_help.ts), in the UI culture ($PSUICulture,
 * else LANG: zh-CN or en-US). `Get-Help <name>` (default view), -Detailed, -Full, -Examples, -Parameter <pattern>;
 * a name with wildcards lists the matching cmdlets with their synopses.
 */
import { defineCmdlet, type CmdletDefinition } from '../../src/lang/commands/cmdlet';
import { toStr } from '../../src/lang/types/convert';
import { wildcardToRegExp } from '../../src/lang/runtime/operators';
import { PSObject, SwitchParameter } from '../../src/lang/types/values';
import { host } from '../../src/platform/host';
import { type HelpMode, helpCulture, helpText, onlineUri, renderHelp, renderParameterHelp } from '../../src/lang/commands/help';

const CLASS = 'Microsoft.PowerShell.Commands.GetHelpCommand';

const OVERVIEW = [
  '',
  'TOPIC',
  '    wimsh Help System',
  '',
  'SHORT DESCRIPTION',
  '    Displays help about the cmdlets of wimsh, a PowerShell-compatible shell for Windows images.',
  '',
  'LONG DESCRIPTION',
  '    Get-Help <cmdlet-name>              the help of a cmdlet, for example: Get-Help Export-WindowsImage',
  '    Get-Help <cmdlet-name> -Examples    its examples',
  '    Get-Help <cmdlet-name> -Detailed    its parameters described, and the examples',
  '    Get-Help <cmdlet-name> -Full        everything, with each parameter\'s attributes',
  '    Get-Help <cmdlet-name> -Parameter <name>   one parameter (wildcards allowed)',
  '    Get-Help *-WindowsImage             the cmdlets whose names match',
  '',
].join('\n');

export const cmdlet = defineCmdlet({
  name: 'Get-Help',
  className: CLASS,
  module: 'Microsoft.PowerShell.Core',
  defaultParameterSetName: 'AllUsersView',
  parameters: [
    { name: 'Name', type: 'String', position: 0, valueFromPipelineByPropertyName: true, description: 'Gets help about the specified command or concept (wildcards allowed).' },
    { name: 'Full', type: 'SwitchParameter', sets: { AllUsersView: {} }, description: 'Displays the entire help article for a cmdlet.' },
    { name: 'Detailed', type: 'SwitchParameter', sets: { DetailedView: { mandatory: true } }, description: 'Adds parameter descriptions and examples to the basic help display.' },
    { name: 'Examples', type: 'SwitchParameter', sets: { Examples: { mandatory: true } }, description: 'Displays only the name, synopsis, and examples.' },
    { name: 'Parameter', type: 'String', sets: { Parameters: { mandatory: true } }, description: 'Displays only the detailed descriptions of the specified parameters (wildcards allowed).' },
    { name: 'Online', type: 'SwitchParameter', sets: { Online: { mandatory: true } }, description: 'Shows the address of the online version of the help (wimsh opens no browser).' },
  ],
  help: { 'en-US': {
    synopsis: 'Displays information about PowerShell commands and concepts.',
    description: ['The Get-Help cmdlet displays information about cmdlets: their syntax, parameters and examples, in the UI culture (en-US or zh-CN).'],
    examples: [
      { title: 'Example 1: Help about a cmdlet', code: 'Get-Help Export-WindowsImage', remarks: 'Displays the basic help of Export-WindowsImage.' },
      { title: 'Example 2: One parameter', code: 'Get-Help Export-WindowsImage -Parameter CompressionType', remarks: 'Displays the description and attributes of -CompressionType.' },
    ],
    relatedLinks: ['Get-Command'],
  } },
  async process(ctx) {
    const name = ctx.params.Name === undefined || ctx.params.Name === null ? '' : toStr(ctx.params.Name);
    if (!name) {
      await ctx.writeObject(OVERVIEW);
      return;
    }
    const culture = helpCulture(ctx.getVariable('PSUICulture'), host().env);
    const notFound = () =>
      ctx.writeError(
        ctx.error(
          `Get-Help could not find ${name} in a help file in this session. To download updated help topics type: "Update-Help". To get help online, search for the help topic in the TechNet library at https:/go.microsoft.com/fwlink/?LinkID=107116.`,
          'HelpNotFound',
          'ResourceUnavailable',
          'HelpNotFoundException',
        ),
      );

    let def: CmdletDefinition | undefined;
    if (/[*?[]/.test(name)) {
      const re = wildcardToRegExp(name);
      const hits = ctx.engine.cmdletNames()
        .filter((n) => re.test(n))
        .sort((a, b) => a.localeCompare(b));
      if (hits.length === 0) return notFound();
      if (hits.length > 1) {
        for (const n of hits) {
          const d = ctx.engine.findCmdlet(n);
          if (!d) continue;
          await ctx.writeObject(
            new PSObject({ Name: d.name, Category: 'Cmdlet', Module: d.module ?? '', Synopsis: helpText(d, culture).synopsis }, ['System.Management.Automation.PSCustomObject', 'System.Object']),
          );
        }
        return;
      }
      def = ctx.engine.findCmdlet(hits[0]);
    } else {
      const info = ctx.engine.resolveCommand(name);
      if (info && (info.kind === 'cmdlet' || info.kind === 'native-frontend')) def = info.def;
    }
    if (!def) return notFound();

    if (ctx.boundParameters.has('Online')) {
      const uri = onlineUri(def);
      if (uri === undefined) {
        ctx.writeError(ctx.error(`The online version of this Help topic cannot be displayed because the Internet address (URI) of the Help topic is not specified in the command code or in the help file for the command.`, 'InvalidOperation', 'InvalidOperation', 'PSInvalidOperationException'));
        return;
      }
      await ctx.writeObject(uri);
      return;
    }
    if (ctx.boundParameters.has('Parameter')) {
      const pattern = toStr(ctx.params.Parameter);
      const re = wildcardToRegExp(pattern);
      const text = renderParameterHelp(def, culture, (n) => re.test(n));
      if (text === undefined) {
        ctx.writeError(ctx.error(`No parameter matches criteria ${pattern}.`, 'NoParmsFound', 'InvalidArgument', 'ArgumentException', pattern));
        return;
      }
      await ctx.writeObject(text);
      return;
    }
    const on = (v: unknown) => (v instanceof SwitchParameter ? v.isPresent : !!v);
    const mode: HelpMode = on(ctx.params.Full) ? 'full' : on(ctx.params.Examples) ? 'examples' : on(ctx.params.Detailed) ? 'detailed' : 'default';
    await ctx.writeObject(renderHelp(def, culture, mode));
  },
});
