/*
 * Measure-Object (Microsoft.PowerShell.Utility): calculates the numeric properties of objects, and the characters,
 * words, and lines in string objects.
 *
 * As Windows PowerShell 5.1's MeasureObjectCommand does it (learned from its source; the code is our own): each
 * input object is analysed as it arrives (one statistics entry per property, or one for the objects themselves);
 * -Sum and -Average convert each value to Double and write a non-terminating "Input object ... is not numeric."
 * error for one that does not convert, after which Sum and Average stay empty; -Maximum and -Minimum compare
 * anything (numbers as Double, mixed kinds as strings, strings case-insensitively) and keep the original value; the
 * result is a GenericMeasureInfo (Double? statistics) when the extremes are numbers, else a
 * GenericObjectMeasureInfo holding them as they came. The text set counts lines, words and characters.
 */
import { defineCmdlet, type CmdletContext } from '../../src/lang/commands/cmdlet';
import { PSHashtable, PSObject, makeDouble, unboxDouble } from '../../src/lang/types/values';
import { toNumber, toStr } from '../../src/lang/types/convert';
import { getProperty, memberDefinitions } from '../../src/lang/types/members';
import { psCompare, wildcardToRegExp } from '../../src/lang/runtime/operators';
import { registerView } from '../../src/lang/format/format';
import { hasWildcard, sw, strings } from '../_shared/common';

const GENERIC = 'Microsoft.PowerShell.Commands.GenericMeasureInfo';
const GENERIC_OBJECT = 'Microsoft.PowerShell.Commands.GenericObjectMeasureInfo';
const TEXT = 'Microsoft.PowerShell.Commands.TextMeasureInfo';

registerView(GENERIC, { kind: 'list', columns: ['Count', 'Average', 'Sum', 'Maximum', 'Minimum', 'Property'] });
registerView(GENERIC_OBJECT, { kind: 'list', columns: ['Count', 'Average', 'Sum', 'Maximum', 'Minimum', 'Property'] });

/** One property's (or the input objects' own) running statistics. */
interface Statistics {
  count: number;
  sum: number;
  max: unknown;
  min: unknown;
  characters: number;
  words: number;
  lines: number;
}

interface MeasureState {
  /** By property name, case-insensitively, in the order first seen (the display names kept). */
  stats: Map<string, { name: string; stat: Statistics }>;
  records: number;
  nonNumeric: boolean;
}

const THIS_OBJECT = '$_';
const states = new WeakMap<object, MeasureState>();

function stateOf(ctx: object): MeasureState {
  let s = states.get(ctx);
  if (!s) states.set(ctx, (s = { stats: new Map(), records: 0, nonNumeric: false }));
  return s;
}

function ensureEntry(st: MeasureState, name: string): Statistics {
  const key = name.toLowerCase();
  let e = st.stats.get(key);
  if (!e) st.stats.set(key, (e = { name, stat: { count: 0, sum: 0, max: null, min: null, characters: 0, words: 0, lines: 0 } }));
  return e.stat;
}

/** LanguagePrimitives.TryConvertTo<double>: null and blank strings are 0; undefined when it does not convert. */
function tryDouble(v: unknown): number | undefined {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'string' && v.trim() === '') return 0;
  try {
    return toNumber(v, 'System.Double');
  } catch {
    return undefined;
  }
}

/** The smaller (isMin) or larger of a new value and the running extreme, kept as it came. */
function extreme(value: unknown, current: unknown, isMin: boolean): unknown {
  if (current === null || current === undefined) return value;
  let a: unknown = current;
  let b: unknown = value;
  const da = tryDouble(a);
  const db = value === null || value === undefined ? undefined : tryDouble(b);
  if (da !== undefined) a = da;
  if (db !== undefined) b = db;
  // Values of different kinds compare as their strings.
  if (b !== null && b !== undefined && typeof a !== typeof b) {
    a = toStr(current);
    b = toStr(value);
  }
  const c = psCompare(a, b, false);
  return (isMin ? c : -c) > 0 ? value : current;
}

function countWords(s: string): number {
  let n = 0;
  let space = true;
  for (const ch of s) {
    if (/\s/.test(ch)) space = true;
    else {
      if (space) n++;
      space = false;
    }
  }
  return n;
}

function countLines(s: string): number {
  if (!s) return 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return s.endsWith('\n') ? n : n + 1;
}

function analyzeValue(ctx: CmdletContext, st: MeasureState, name: string, value: unknown): void {
  const stat = ensureEntry(st, name);
  stat.count++;
  const p = ctx.params;
  if (sw(ctx, 'Character') || sw(ctx, 'Word') || sw(ctx, 'Line')) {
    const s = value === null || value === undefined ? '' : toStr(value);
    if (sw(ctx, 'Character')) stat.characters += sw(ctx, 'IgnoreWhiteSpace') ? s.replace(/\s/g, '').length : s.length;
    if (sw(ctx, 'Word')) stat.words += countWords(s);
    if (sw(ctx, 'Line')) stat.lines += countLines(s);
  }
  if (p.Sum || p.Average) {
    const d = tryDouble(value);
    if (d === undefined) {
      st.nonNumeric = true;
      ctx.writeError(ctx.error(`Input object "${toStr(value)}" is not numeric.`, 'NonNumericInputObject', 'InvalidType', 'InvalidOperationException', value));
      return;
    }
    stat.sum += d;
  }
  if (p.Minimum) stat.min = extreme(value, stat.min, true);
  if (p.Maximum) stat.max = extreme(value, stat.max, false);
}

/** The property names an object shows (a hashtable's keys among them, as PowerShell's adapter shows them). */
function propertyNames(obj: unknown): string[] {
  if (obj instanceof PSObject) return obj.names();
  const props = memberDefinitions(obj)
    .filter((r) => /property/i.test(r[1]))
    .map((r) => r[0]);
  return obj instanceof PSHashtable ? [...obj.keys().filter((k): k is string => typeof k === 'string'), ...props] : props;
}

/** The names of `obj`'s properties that `pattern` (wildcards allowed) matches, in the object's order. */
function matchingProperties(obj: unknown, pattern: string): string[] {
  if (!hasWildcard(pattern)) return propertyNames(obj).some((n) => n.toLowerCase() === pattern.toLowerCase()) ? [pattern] : [];
  const re = wildcardToRegExp(pattern);
  return propertyNames(obj).filter((n) => re.test(n));
}

export const cmdlet = defineCmdlet({
  name: 'Measure-Object',
  className: 'Microsoft.PowerShell.Commands.MeasureObjectCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'GenericMeasure',
  outputType: [GENERIC, TEXT, GENERIC_OBJECT],
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to measure.' },
    { name: 'Property', type: 'String[]', position: 0, validateNotNullOrEmpty: true, description: 'Properties to measure.' },
    { name: 'Sum', type: 'SwitchParameter', sets: { GenericMeasure: {} }, description: 'Adds the values.' },
    { name: 'Average', type: 'SwitchParameter', sets: { GenericMeasure: {} }, description: 'Averages the values.' },
    { name: 'Maximum', type: 'SwitchParameter', sets: { GenericMeasure: {} }, description: 'The largest value.' },
    { name: 'Minimum', type: 'SwitchParameter', sets: { GenericMeasure: {} }, description: 'The smallest value.' },
    { name: 'Line', type: 'SwitchParameter', sets: { TextMeasure: {} }, description: 'Counts lines.' },
    { name: 'Word', type: 'SwitchParameter', sets: { TextMeasure: {} }, description: 'Counts words.' },
    { name: 'Character', type: 'SwitchParameter', sets: { TextMeasure: {} }, description: 'Counts characters.' },
    { name: 'IgnoreWhiteSpace', type: 'SwitchParameter', sets: { TextMeasure: {} }, description: 'Leaves white space out of the character count.' },
  ],
  help: { 'en-US': { synopsis: 'Calculates the numeric properties of objects, and the characters, words, and lines in string objects.' } },
  async process(ctx) {
    const input = ctx.params.InputObject;
    if (!ctx.expectingInput || input === null || input === undefined) return;
    const st = stateOf(ctx);
    st.records++;
    const props = strings(ctx.params.Property);
    if (props.length === 0) {
      analyzeValue(ctx, st, THIS_OBJECT, input);
      return;
    }
    const counted = new Set<string>();
    for (const p of props) {
      const names = matchingProperties(input, p);
      if (names.length === 0) {
        // A miss is remembered so that the end can report the property no object had.
        if (!hasWildcard(p)) ensureEntry(st, p);
        continue;
      }
      for (const n of names) {
        if (counted.has(n.toLowerCase())) continue;
        counted.add(n.toLowerCase());
        analyzeValue(ctx, st, n, getProperty(input, n));
      }
    }
  },
  async end(ctx) {
    const st = stateOf(ctx);
    const props = strings(ctx.params.Property);
    if (st.records === 0 && props.length === 0) ensureEntry(st, THIS_OBJECT);
    const text = sw(ctx, 'Line') || sw(ctx, 'Word') || sw(ctx, 'Character') || sw(ctx, 'IgnoreWhiteSpace');
    for (const { name, stat } of st.stats.values()) {
      if (stat.count === 0 && props.length > 0) {
        const id = text ? 'TextMeasurePropertyNotFound' : 'GenericMeasurePropertyNotFound';
        ctx.writeError(ctx.error(`The property "${name}" cannot be found in the input for any objects.`, id, 'InvalidArgument', 'ArgumentException'));
        continue;
      }
      const property = props.length > 0 ? name : null;
      if (text) {
        await ctx.writeObject(
          new PSObject(
            {
              Lines: sw(ctx, 'Line') ? stat.lines : null,
              Words: sw(ctx, 'Word') ? stat.words : null,
              Characters: sw(ctx, 'Character') ? stat.characters : null,
              Property: property,
            },
            [TEXT, 'Microsoft.PowerShell.Commands.MeasureInfo', 'System.Object'],
          ),
        );
        continue;
      }
      const numericExtremes = (stat.min === null || tryDouble(stat.min) !== undefined) && (stat.max === null || tryDouble(stat.max) !== undefined);
      const asDouble = (v: unknown) => (v === null ? null : makeDouble(tryDouble(v)!));
      const sum = !st.nonNumeric && ctx.params.Sum ? makeDouble(stat.sum) : null;
      const average = !st.nonNumeric && ctx.params.Average && stat.count > 0 ? makeDouble(stat.sum / stat.count) : null;
      await ctx.writeObject(
        new PSObject(
          {
            Count: stat.count,
            Average: average,
            Sum: sum,
            Maximum: numericExtremes ? asDouble(stat.max) : unboxDouble(stat.max),
            Minimum: numericExtremes ? asDouble(stat.min) : unboxDouble(stat.min),
            Property: property,
          },
          [numericExtremes ? GENERIC : GENERIC_OBJECT, 'Microsoft.PowerShell.Commands.MeasureInfo', 'System.Object'],
        ),
      );
    }
  },
});
