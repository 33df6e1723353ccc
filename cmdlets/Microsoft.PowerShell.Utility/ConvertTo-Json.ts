/* ConvertTo-Json (Microsoft.PowerShell.Utility): converts an object to a JSON-formatted string. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject, PSHashtable, PSEnumValue, SwitchParameter, ScriptBlock, PSDouble } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { sw, held, holdInput } from '../_shared/common';

/** JSON as 5.1's ConvertTo-Json writes it (4-space indents, `"key":  value` with two spaces). */
export function toJson(v: unknown, depth: number, maxDepth: number, compress: boolean, indent = ''): string {
  const nl = compress ? '' : '\n';
  const ind = compress ? '' : indent + '    ';
  const sep = compress ? ':' : ':  ';
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof PSDouble) v = v.value;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof SwitchParameter) return toJson(v.isPresent, depth, maxDepth, compress, indent);
  if (v instanceof PSEnumValue) return String(v.value);
  if (v instanceof Date) return `"\\/Date(${v.getTime()})\\/"`;
  if (v instanceof ScriptBlock) return JSON.stringify(v.text);
  if (depth > maxDepth) return JSON.stringify(toStr(v));
  if (Array.isArray(v)) {
    if (!v.length) return '[' + nl + nl + (compress ? '' : indent) + ']';
    return '[' + nl + v.map((x) => ind + toJson(x, depth + 1, maxDepth, compress, ind)).join(',' + nl) + nl + (compress ? '' : indent) + ']';
  }
  let entries: Array<[string, unknown]>;
  if (v instanceof PSHashtable) entries = v.entries().map(([k, x]) => [toStr(k), x]);
  else if (v instanceof PSObject) entries = [...v.props.values()].map((p) => [p.name, p.value]);
  else return JSON.stringify(toStr(v));
  if (!entries.length) return '{' + nl + nl + (compress ? '' : indent) + '}';
  return '{' + nl + entries.map(([k, x]) => ind + JSON.stringify(k) + sep + toJson(x, depth + 1, maxDepth, compress, ind)).join(',' + nl) + nl + (compress ? '' : indent) + '}';
}

export const cmdlet = defineCmdlet({
  name: 'ConvertTo-Json',
  className: 'Microsoft.PowerShell.Commands.ConvertToJsonCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'InputObject', allowNull: true, type: 'Object', mandatory: true, position: 0, valueFromPipeline: true, description: 'The objects to convert.' },
    { name: 'Depth', type: 'Int32', validateRange: [1, 2147483647], description: 'Levels of nesting (default 2).' },
    { name: 'Compress', type: 'SwitchParameter', description: 'No whitespace.' },
  ],
  help: { 'en-US': { synopsis: 'Converts an object to a JSON-formatted string.' } },
  process: holdInput(true),
  async end(ctx) {
    const items = held(ctx);
    const v = items.length === 1 ? items[0] : items;
    await ctx.writeObject(toJson(v, 0, ctx.params.Depth ?? 2, sw(ctx, 'Compress')));
  },
});
