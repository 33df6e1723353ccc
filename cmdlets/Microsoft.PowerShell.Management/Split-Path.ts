/*
 * Split-Path (Microsoft.PowerShell.Management): returns the specified part of a path. Windows PowerShell 5.1 has no
 * -LeafBase or -Extension (PowerShell 6 added them), so they are not declared: naming one is 5.1's binding error.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { strings, sw } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Split-Path',
  className: 'Microsoft.PowerShell.Commands.SplitPathCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'ParentSet',
  parameters: [
    { name: 'Path', type: 'String[]', sets: { ParentSet: { mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true }, LeafSet: { mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true }, QualifierSet: { mandatory: true, position: 0, valueFromPipeline: true }, NoQualifierSet: { mandatory: true, position: 0, valueFromPipeline: true }, IsAbsoluteSet: { mandatory: true, position: 0, valueFromPipeline: true } }, description: 'The paths to split.' },
    { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath', 'LP'], sets: { LiteralPathSet: { mandatory: true } }, description: 'Paths without wildcards.' },
    { name: 'Parent', type: 'SwitchParameter', sets: { ParentSet: {} }, description: 'The parent container (the default).' },
    { name: 'Leaf', type: 'SwitchParameter', sets: { LeafSet: { mandatory: true } }, description: 'The last element.' },
    { name: 'Qualifier', type: 'SwitchParameter', sets: { QualifierSet: { mandatory: true } }, description: 'The drive (C:).' },
    { name: 'NoQualifier', type: 'SwitchParameter', sets: { NoQualifierSet: { mandatory: true } }, description: 'The path without the drive.' },
    { name: 'IsAbsolute', type: 'SwitchParameter', sets: { IsAbsoluteSet: { mandatory: true } }, description: 'True for an absolute path.' },
    { name: 'Resolve', type: 'SwitchParameter', description: 'Resolves the path first.' },
  ],
  help: { 'en-US': { synopsis: 'Returns the specified part of a path.', examples: [{ title: 'Leaf', code: "Split-Path 'D:\\sources\\install.esd' -Leaf" }] } },
  async process(ctx) {
    for (const p of strings(ctx.params.Path ?? ctx.params.LiteralPath)) {
      const trimmed = p.length > 3 ? p.replace(/[\\/]+$/, '') : p;
      const i = Math.max(trimmed.lastIndexOf('\\'), trimmed.lastIndexOf('/'));
      const leaf = i >= 0 ? trimmed.slice(i + 1) : trimmed.replace(/^[A-Za-z]:/, '');
      let out: unknown;
      if (sw(ctx, 'Leaf')) out = leaf;
      else if (sw(ctx, 'Qualifier')) out = /^[A-Za-z]:/.exec(p)?.[0] ?? '';
      else if (sw(ctx, 'NoQualifier')) out = p.replace(/^[A-Za-z]:/, '');
      else if (sw(ctx, 'IsAbsolute')) out = /^([A-Za-z]:[\\/]|[\\/])/.test(p);
      else {
        if (i < 0) out = '';
        else if (i === 2 && /^[A-Za-z]:/.test(trimmed)) out = trimmed.slice(0, 3);
        else if (i === 0) out = trimmed[0];
        else out = trimmed.slice(0, i);
      }
      await ctx.writeObject(out);
    }
  },
});
