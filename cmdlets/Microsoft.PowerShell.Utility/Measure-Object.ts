/*
 * Measure-Object (Microsoft.PowerShell.Utility): calculates the numeric properties of objects, and the characters,
 * words, and lines in string objects.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject } from '../../src/lang/types/values';
import { toNumber, toStr } from '../../src/lang/types/convert';
import { getProperty } from '../../src/lang/types/members';
import { registerView } from '../../src/lang/format/format';
import { sw, strings, held } from '../_shared/common';

registerView('Microsoft.PowerShell.Commands.GenericMeasureInfo', {
  kind: 'list',
  columns: ['Count', 'Average', 'Sum', 'Maximum', 'Minimum', 'Property'],
});

export const cmdlet = defineCmdlet({
  name: 'Measure-Object',
  className: 'Microsoft.PowerShell.Commands.MeasureObjectCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to measure.' },
    { name: 'Property', type: 'String[]', position: 0, description: 'Properties to measure.' },
    { name: 'Sum', type: 'SwitchParameter', description: 'Adds the values.' },
    { name: 'Average', type: 'SwitchParameter', description: 'Averages the values.' },
    { name: 'Maximum', type: 'SwitchParameter', description: 'The largest value.' },
    { name: 'Minimum', type: 'SwitchParameter', description: 'The smallest value.' },
    { name: 'Line', type: 'SwitchParameter', description: 'Counts lines.' },
    { name: 'Word', type: 'SwitchParameter', description: 'Counts words.' },
    { name: 'Character', type: 'SwitchParameter', description: 'Counts characters.' },
  ],
  help: { 'en-US': { synopsis: 'Calculates the numeric properties of objects, and the characters, words, and lines in string objects.' } },
  async process(ctx) {
    if (ctx.expectingInput && ctx.params.InputObject !== undefined && ctx.params.InputObject !== null) held(ctx).push(ctx.params.InputObject);
  },
  async end(ctx) {
    const items = held(ctx);
    const props = strings(ctx.params.Property);
    const measure = async (vals: unknown[], prop: string | null) => {
      const needNums = sw(ctx, 'Sum') || sw(ctx, 'Average') || sw(ctx, 'Maximum') || sw(ctx, 'Minimum') || prop !== null;
      const nums = needNums ? vals.filter((v) => v !== null && v !== undefined).map((v) => toNumber(v, 'System.Double')) : [];
      const o = new PSObject(
        {
          Count: prop === null ? vals.length : nums.length,
          Average: sw(ctx, 'Average') && nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null,
          Sum: sw(ctx, 'Sum') ? nums.reduce((a, b) => a + b, 0) : null,
          Maximum: sw(ctx, 'Maximum') && nums.length ? Math.max(...nums) : null,
          Minimum: sw(ctx, 'Minimum') && nums.length ? Math.min(...nums) : null,
          Property: prop,
        },
        ['Microsoft.PowerShell.Commands.GenericMeasureInfo', 'System.Object'],
      );
      await ctx.writeObject(o);
    };
    if (sw(ctx, 'Line') || sw(ctx, 'Word') || sw(ctx, 'Character')) {
      const text = items.map((x) => toStr(x));
      const o = new PSObject(
        {
          Lines: sw(ctx, 'Line') ? text.reduce((a, s) => a + s.split(/\r?\n/).length, 0) : null,
          Words: sw(ctx, 'Word') ? text.reduce((a, s) => a + s.split(/\s+/).filter(Boolean).length, 0) : null,
          Characters: sw(ctx, 'Character') ? text.reduce((a, s) => a + s.length, 0) : null,
          Property: null,
        },
        ['Microsoft.PowerShell.Commands.TextMeasureInfo', 'System.Object'],
      );
      await ctx.writeObject(o);
      return;
    }
    if (props.length === 0) {
      const any = sw(ctx, 'Sum') || sw(ctx, 'Average') || sw(ctx, 'Maximum') || sw(ctx, 'Minimum');
      await measure(items, any ? null : null);
      return;
    }
    for (const p of props) await measure(items.map((o) => getProperty(o, p)), p);
  },
});
