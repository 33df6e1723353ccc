/*
 * Get-Random (Microsoft.PowerShell.Utility): gets a random number, or selects objects randomly from a collection.
 * Numbers: an Int32 in [Minimum, Maximum) (default [0, Int32.MaxValue)), an Int64 when a bound is one, a Double
 * when a bound is any other type (Double, Decimal, Byte...);
 * -InputObject: one item, or -Count distinct items. -SetSeed makes the sequence repeatable within wimsh (it is not
 * .NET's System.Random sequence, so the numbers differ from Windows PowerShell's for the same seed).
 */
import { defineCmdlet, type CmdletContext } from '../../src/lang/commands/cmdlet';
import { PSDouble, PSTypedNumber, makeTyped } from '../../src/lang/types/values';
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

/**
 * A bound's numeric kind as the cmdlet sorts it: Int32 and Int64 bounds (or none) give an integer of that width;
 * anything else (a Double, a Decimal, a Byte...) gives a Double. A string counts as the number its text scans to.
 */
function boundKind(v: unknown): 'none' | 'int' | 'long' | 'double' {
  if (v === undefined || v === null) return 'none';
  if (typeof v === 'string') {
    const t = v.trim();
    if (!/^[+-]?(\d+|0x[0-9a-f]+)l?$/i.test(t)) return 'double';
    const n = Number(t.replace(/l$/i, '').replace(/^([+-]?)0x/i, '$10x'));
    return /l$/i.test(t) || Math.abs(n) > 2147483647 ? 'long' : 'int';
  }
  if (v instanceof PSTypedNumber) return v.typeName === 'System.Int64' ? 'long' : 'double';
  if (v instanceof PSDouble || typeof v !== 'number' || !Number.isInteger(v)) return 'double';
  return v > 2147483647 || v < -2147483648 ? 'long' : 'int';
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
    const kmax = boundKind(maxRaw);
    const kmin = boundKind(minRaw);
    if (kmax === 'double' || kmin === 'double') {
      const max = kmax === 'none' ? Number.MAX_VALUE : toNumber(maxRaw, 'System.Double');
      const min = kmin === 'none' ? 0 : toNumber(minRaw, 'System.Double');
      if (min >= max) minMaxError(ctx, min, max);
      await ctx.writeObject(new PSDouble(min + next() * (max - min)));
      return;
    }
    // Int32 when both bounds are (or are absent); Int64 when either is one, the missing maximum then Int64's.
    const wide = kmax === 'long' || kmin === 'long';
    const max = kmax === 'none' ? (wide ? 9223372036854775807 : 2147483647) : toNumber(maxRaw, 'System.Int64');
    const min = kmin === 'none' ? 0 : toNumber(minRaw, 'System.Int64');
    if (min >= max) minMaxError(ctx, min, max);
    const n = min + Math.floor(next() * (max - min));
    await ctx.writeObject(wide ? makeTyped(n, 'System.Int64') : n);
  },
});
