/*
 * Tee-Object (Microsoft.PowerShell.Utility): saves command output in a file or variable and also sends it down the
 * pipeline.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { formatObjects } from '../../src/lang/format/format';
import { toStr } from '../../src/lang/types/convert';
import { enumerate } from '../../src/lang/types/values';
import { sw, encodeText, exists, held } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Tee-Object',
  className: 'Microsoft.PowerShell.Commands.TeeObjectCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'File',
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to save and pass on.' },
    { name: 'FilePath', type: 'String', aliases: ['Path'], sets: { File: { mandatory: true, position: 0 } }, description: 'The file to save to.' },
    { name: 'Append', type: 'SwitchParameter', sets: { File: {} }, description: 'Appends to the file.' },
    { name: 'Variable', type: 'String', sets: { Variable: { mandatory: true } }, description: 'The variable to save to.' },
  ],
  help: { 'en-US': { synopsis: 'Saves command output in a file or variable and also sends it down the pipeline.' } },
  async process(ctx) {
    if (!ctx.expectingInput) return;
    held(ctx).push(ctx.params.InputObject);
    await ctx.writeObject(ctx.params.InputObject);
  },
  async end(ctx) {
    const items = held(ctx);
    if (ctx.params.Variable !== undefined) {
      const name = toStr(ctx.params.Variable);
      ctx.setVariable(name, items.length === 1 ? items[0] : items);
      return;
    }
    const target = ctx.resolvePath(toStr(ctx.params.FilePath));
    const text = formatObjects(items).replace(/^\n/, '').replace(/\r?\n/g, '\r\n');
    if (sw(ctx, 'Append') && exists(target)) host().fs.appendFileSync(target, encodeText(text, 'unicode', 'unicode').slice(2));
    else host().fs.writeFileSync(target, encodeText(text, 'unicode', 'unicode'));
    void enumerate;
  },
});
