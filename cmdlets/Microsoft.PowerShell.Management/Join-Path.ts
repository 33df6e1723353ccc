/* Join-Path (Microsoft.PowerShell.Management): combines a path and a child path into a single path. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { toStr } from '../../src/lang/types/convert';
import { strings, sw, expandPath } from '../_shared/common';

function join(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  const sep = a.includes('/') && !a.includes('\\') ? '/' : '\\';
  return a.replace(/[\\/]+$/, '') + sep + b.replace(/^[\\/]+/, '');
}

export const cmdlet = defineCmdlet({
  name: 'Join-Path',
  className: 'Microsoft.PowerShell.Commands.JoinPathCommand',
  module: 'Microsoft.PowerShell.Management',
  parameters: [
    { name: 'Path', type: 'String[]', aliases: ['PSPath'], mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true, description: 'The main paths.' },
    { name: 'ChildPath', allowNull: true, allowEmptyString: true, type: 'String', mandatory: true, position: 1, valueFromPipelineByPropertyName: true, description: 'The path to append.' },
    { name: 'AdditionalChildPath', type: 'String[]', position: 2, valueFromRemainingArguments: true, description: 'More parts (PowerShell 6+; accepted).' },
    { name: 'Resolve', type: 'SwitchParameter', description: 'Resolves the joined path.' },
    { name: 'Credential', type: 'Object', description: 'Not used.' },
  ],
  help: { 'en-US': { synopsis: 'Combines a path and a child path into a single path.', examples: [{ title: 'Join', code: "Join-Path 'D:\\sources' 'install.esd'" }] } },
  async process(ctx) {
    for (const p of strings(ctx.params.Path)) {
      let r = join(p, toStr(ctx.params.ChildPath));
      for (const more of strings(ctx.params.AdditionalChildPath)) r = join(r, more);
      if (sw(ctx, 'Resolve')) {
        const items = expandPath(ctx, r);
        if (!items.length) {
          ctx.writeError(ctx.error(`Cannot find path '${r}' because it does not exist.`, 'PathNotFound', 'ObjectNotFound', 'ItemNotFoundException', r));
          continue;
        }
        for (const it of items) await ctx.writeObject(it.display);
      } else await ctx.writeObject(r);
    }
  },
});
