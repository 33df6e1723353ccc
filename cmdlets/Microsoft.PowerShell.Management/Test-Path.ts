/* Test-Path (Microsoft.PowerShell.Management): determines whether all elements of a path exist. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { strings, expandPath } from '../_shared/common';
import { statPath } from '../../src/vfs/vfs-fs';

export const cmdlet = defineCmdlet({
  name: 'Test-Path',
  className: 'Microsoft.PowerShell.Commands.TestPathCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'Path',
  parameters: [
    { name: 'Path', type: 'String[]', sets: { Path: { mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'The paths to test (wildcards allowed).' },
    { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath', 'LP'], sets: { LiteralPath: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Paths without wildcards.' },
    { name: 'PathType', type: 'String', aliases: ['Type'], validateSet: ['Any', 'Container', 'Leaf'], description: 'Any, Container (a directory) or Leaf (a file).' },
    { name: 'IsValid', type: 'SwitchParameter', description: 'Tests the syntax only.' },
    { name: 'Filter', type: 'String', description: 'A filter.' },
    { name: 'Include', type: 'String[]', description: 'Items to include.' },
    { name: 'Exclude', type: 'String[]', description: 'Items to exclude.' },
  ],
  help: { 'en-US': { synopsis: 'Determines whether all elements of a path exist.', examples: [{ title: 'A file', code: "Test-Path 'C:\\out\\install.wim' -PathType Leaf" }] } },
  async process(ctx) {
    const literal = ctx.params.LiteralPath !== undefined;
    const paths = strings(ctx.params.Path ?? ctx.params.LiteralPath);
    const type = (ctx.params.PathType === undefined ? 'Any' : String(ctx.params.PathType)).toLowerCase();
    for (const p of paths) {
      if (ctx.params.IsValid?.isPresent) {
        await ctx.writeObject(!/[<>|"]/.test(p));
        continue;
      }
      if (p.trim() === '') {
        ctx.writeError(ctx.error('Cannot bind argument to parameter \'Path\' because it is an empty string.', 'ParameterArgumentValidationErrorEmptyStringNotAllowed', 'InvalidData', 'ParameterBindingValidationException'));
        continue;
      }
      const items = expandPath(ctx, p, literal);
      const ok = items.some((it) => {
        if (type === 'any') return true;
        try {
          const st = statPath(it.host);
          return type === 'container' ? st.isDirectory() : !st.isDirectory();
        } catch {
          return false;
        }
      });
      await ctx.writeObject(ok);
    }
  },
});
