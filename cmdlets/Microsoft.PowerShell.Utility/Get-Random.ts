/*
 * Get-Random (Microsoft.PowerShell.Utility): gets a random number, or selects objects randomly from a collection.
 * Numbers: an integer in [Minimum, Maximum) (default [0, Int32.MaxValue)), a double when either bound is one;
 * -InputObject: one item, or -Count distinct items. -SetSeed makes the sequence repeatable within wimsh (it is not
 * .NET's System.Random sequence, so the numbers differ from Windows PowerShell's for the same seed).
 */
import { defineCmdlet, type CmdletContext } from '../../src/lang/commands/cmdlet';
import { PSDouble } from '../../src/lang/types/values';
import { toNumber } from '../../src/lang/types/convert';

/** The session's generator: a 32-bit state stepped by mulberry32; reseeded by -SetSeed. */
let state = (Date.now() ^ (Math.random() * 0x100000000)) >>> 0;

/** A double in [0, 1). */
function next(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function isDouble(v: unknown): boolean {
  return v instanceof PSDouble || (typeof v === 'number' && !Number.isInteger(v)) || (typeof v === 'string' && /[.eE]/.test(v));
}

function minMaxError(ctx: CmdletContext, min: unknown, max: unknown): never {
  const rec = ctx.error(`The Minimum value (${String(min)}) cannot be greater than or equal to the Maximum value (${String(max)}).`, 'MinGreaterThanOrEqualMax', 'InvalidArgument', 'ArgumentException');
  rec.exception.fullName = 'System.ArgumentException';
  ctx.throwTerminating(rec);
}

export const cmdlet = defineCmdlet({
  name: 'Get-Random',
  className: 'Microsoft.PowerShell.Commands.GetRandomCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'RandomNumberParameterSet',
  outputType: ['System.Int32', 'System.Int64', 'System.Double'],
  parameters: [
    { name: 'SetSeed', type: 'Int32', description: 'Seeds the generator, making the following numbers repeatable.' },
    { name: 'Maximum', type: 'Object', sets: { RandomNumberParameterSet: { position: 0 } }, description: 'The upper bound (excluded).' },
    { name: 'Minimum', type: 'Object', sets: { RandomNumberParameterSet: {} }, description: 'The lower bound (included; default 0).' },
    { name: 'InputObject', type: 'Object[]', sets: { RandomListItemParameterSet: { mandatory: true, position: 0, valueFromPipeline: true } }, description: 'The collection to pick from.' },
    { name: 'Count', type: 'Int32', validateRange: [1, 2147483647], sets: { RandomListItemParameterSet: {} }, description: 'How many distinct items to pick.' },
  ],
  help: {
    'en-US': {
      synopsis: 'Gets a random number, or selects objects randomly from a collection.',
      examples: [
        { title: 'A number from 1 to 10', code: 'Get-Random -Minimum 1 -Maximum 11' },
        { title: 'Two files at random', code: 'Get-ChildItem C:\\images | Get-Random -Count 2' },
      ],
    },
  },
  async begin(ctx) {
    if (ctx.params.SetSeed !== undefined) state = ctx.params.SetSeed >>> 0;
  },
  async process(ctx) {
    if (ctx.parameterSetName !== 'RandomListItemParameterSet') return;
    const pool = ctx.state((): unknown[] => []);
    for (const x of (ctx.params.InputObject as unknown[]) ?? []) pool.push(x);
  },
  async end(ctx) {
    if (ctx.parameterSetName === 'RandomListItemParameterSet') {
      const pool = [...ctx.state((): unknown[] => [])];
      const count = Math.min(ctx.params.Count ?? 1, pool.length);
      // A partial Fisher-Yates shuffle: the first `count` places get distinct random items.
      for (let i = 0; i < count; i++) {
        const j = i + Math.floor(next() * (pool.length - i));
        [pool[i], pool[j]] = [pool[j], pool[i]];
        await ctx.writeObject(pool[i]);
      }
      return;
    }
    const maxRaw = ctx.params.Maximum;
    const minRaw = ctx.params.Minimum;
    if (isDouble(maxRaw) || isDouble(minRaw)) {
      const max = maxRaw === undefined || maxRaw === null ? Number.MAX_VALUE : toNumber(maxRaw, 'System.Double');
      const min = minRaw === undefined || minRaw === null ? 0 : toNumber(minRaw, 'System.Double');
      if (min >= max) minMaxError(ctx, min, max);
      await ctx.writeObject(new PSDouble(min + next() * (max - min)));
      return;
    }
    const max = maxRaw === undefined || maxRaw === null ? 2147483647 : toNumber(maxRaw, 'System.Int64');
    const min = minRaw === undefined || minRaw === null ? 0 : toNumber(minRaw, 'System.Int64');
    if (min >= max) minMaxError(ctx, min, max);
    await ctx.writeObject(min + Math.floor(next() * (max - min)));
  },
});
