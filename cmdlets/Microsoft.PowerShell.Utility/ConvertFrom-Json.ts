/* ConvertFrom-Json (Microsoft.PowerShell.Utility): converts a JSON-formatted string to a custom object. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';

function fromJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromJson);
  if (v && typeof v === 'object') {
    const o = new PSObject();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) o.set(k, fromJson(x));
    return o;
  }
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(v)) return new Date(v);
  return v;
}

/** The invocation's state: the input lines, parsed together at the end. */
const textSlot = (): string[] => [];

export const cmdlet = defineCmdlet({
  name: 'ConvertFrom-Json',
  className: 'Microsoft.PowerShell.Commands.ConvertFromJsonCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [{ name: 'InputObject', type: 'String', mandatory: true, position: 0, valueFromPipeline: true, description: 'The JSON text.' }],
  help: { 'en-US': { synopsis: 'Converts a JSON-formatted string to a custom object.' } },
  async begin(ctx) {
    ctx.state(textSlot);
  },
  async process(ctx) {
    ctx.state(textSlot).push(toStr(ctx.params.InputObject));
  },
  async end(ctx) {
    const text = ctx.state(textSlot).join('\n');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      ctx.throwTerminating(ctx.error(`Invalid JSON primitive: ${(e as Error).message}`, 'System.ArgumentException', 'NotSpecified', 'ArgumentException'));
    }
    const v = fromJson(parsed);
    // 5.1 writes a JSON array as one object.
    await ctx.writeObject(v);
  },
});
