/*
 * Resolve-Path (Microsoft.PowerShell.Management): resolves the wildcard characters in a path, and displays the path
 * contents.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject } from '../../src/lang/types/values';
import { strings, expandPath, pathNotFound, displayFull, sw } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Resolve-Path',
  className: 'Microsoft.PowerShell.Commands.ResolvePathCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'Path',
  parameters: [
    { name: 'Path', type: 'String[]', sets: { Path: { mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'Paths to resolve (wildcards allowed).' },
    { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath', 'LP'], sets: { LiteralPath: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Paths without wildcards.' },
    { name: 'Relative', type: 'SwitchParameter', description: 'Relative paths.' },
  ],
  help: { 'en-US': { synopsis: 'Resolves the wildcard characters in a path, and displays the path contents.' } },
  async process(ctx) {
    const literal = ctx.params.LiteralPath !== undefined;
    for (const p of strings(ctx.params.Path ?? ctx.params.LiteralPath)) {
      const items = expandPath(ctx, p, literal);
      if (!items.length) {
        ctx.writeError(pathNotFound(ctx, displayFull(ctx, p)));
        continue;
      }
      for (const it of items) {
        if (sw(ctx, 'Relative')) {
          await ctx.writeObject('.\\' + it.display.replace(/^.*[\\/]/, ''));
          continue;
        }
        const o = new PSObject({ Drive: /^[A-Za-z]:/.test(it.display) ? it.display[0] : '', Provider: 'Microsoft.PowerShell.Core\\FileSystem', ProviderPath: it.display, Path: it.display }, ['System.Management.Automation.PathInfo', 'System.Object']);
        (o as unknown as { toStringValue: string }).toStringValue = it.display;
        await ctx.writeObject(o);
      }
    }
  },
});
