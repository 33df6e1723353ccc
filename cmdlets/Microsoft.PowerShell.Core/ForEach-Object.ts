/*
 * ForEach-Object (Microsoft.PowerShell.Core): performs an operation against each item in a collection of input
 * objects.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { ScriptBlock } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { getProperty, callMethod } from '../../src/lang/types/members';

/** The invocation's state: the blocks of `-Process a b c` split into begin, process and end (PowerShell's rule). */
const blockSlot = (): { blocks?: { begin?: ScriptBlock; process: ScriptBlock[]; end?: ScriptBlock } } => ({});

export const cmdlet = defineCmdlet({
  name: 'ForEach-Object',
  className: 'Microsoft.PowerShell.Commands.ForEachObjectCommand',
  module: 'Microsoft.PowerShell.Core',
  defaultParameterSetName: 'ScriptBlockSet',
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to process.' },
    { name: 'Begin', type: 'ScriptBlock', sets: { ScriptBlockSet: {} }, description: 'Runs before the first object.' },
    { name: 'Process', type: 'ScriptBlock[]', sets: { ScriptBlockSet: { mandatory: true, position: 0 } }, description: 'Runs for each object ($_).' },
    { name: 'End', type: 'ScriptBlock', sets: { ScriptBlockSet: {} }, description: 'Runs after the last object.' },
    { name: 'RemainingScripts', type: 'ScriptBlock[]', sets: { ScriptBlockSet: {} }, valueFromRemainingArguments: true, description: 'More script blocks.' },
    { name: 'MemberName', type: 'String', sets: { PropertyAndMethodSet: { mandatory: true, position: 0 } }, description: 'A property to get or a method to call on each object.' },
    { name: 'ArgumentList', type: 'Object[]', aliases: ['Args'], sets: { PropertyAndMethodSet: {} }, valueFromRemainingArguments: true, description: 'Method arguments.' },
  ],
  help: { 'en-US': {
    synopsis: 'Performs an operation against each item in a collection of input objects.',
    examples: [{ title: 'Splatting per object', code: '$Splat | % { Export-WindowsImage @_ }' }],
  } },
  async begin(ctx) {
    const b = ctx.params.Begin;
    const procs = ctx.params.Process;
    const rest = ctx.params.RemainingScripts ?? [];
    // -Process a b c: with 2+ blocks the first is begin and the last is end (PowerShell's rule).
    if (procs && procs.length + rest.length > 1 && !b) {
      const all = [...procs, ...rest];
      ctx.state(blockSlot).blocks = { begin: all[0], process: all.slice(1, all.length > 2 ? -1 : undefined), end: all.length > 2 ? all[all.length - 1] : undefined };
    }
    const blocks = ctx.state(blockSlot).blocks;
    const begin = blocks?.begin ?? b;
    if (begin instanceof ScriptBlock) for (const o of await ctx.invokeScriptBlock(begin)) await ctx.writeObject(o);
  },
  async process(ctx) {
    const input = ctx.params.InputObject;
    if (ctx.params.MemberName !== undefined) {
      if (input === undefined) return;
      const name = toStr(ctx.params.MemberName);
      const args = ctx.params.ArgumentList;
      let v = args && args.length ? await callMethod(input, name, args, { resolvePath: ctx.resolvePath }) : getProperty(input, name);
      if (v === null && !(args && args.length)) {
        // Not a property: a method without arguments (`'a' | % ToUpper`).
        try {
          v = await callMethod(input, name, [], { resolvePath: ctx.resolvePath });
        } catch {
          v = null;
        }
      }
      if (Array.isArray(v)) for (const x of v) await ctx.writeObject(x);
      else if (v !== null && v !== undefined) await ctx.writeObject(v);
      return;
    }
    const blocks = ctx.state(blockSlot).blocks;
    const procs = blocks?.process ?? ctx.params.Process ?? [];
    for (const sb of procs) {
      for (const o of await ctx.invokeScriptBlock(sb, ctx.expectingInput ? input : undefined)) await ctx.writeObject(o);
    }
  },
  async end(ctx) {
    const blocks = ctx.state(blockSlot).blocks;
    const e = blocks?.end ?? ctx.params.End;
    if (e instanceof ScriptBlock) for (const o of await ctx.invokeScriptBlock(e)) await ctx.writeObject(o);
  },
});
