/*
 * PowerShell's operators: arithmetic where the left operand decides the type (`1 + "2"` is 3, `"2" + 1` is "21"),
 * comparisons that filter when the left operand is an array, -like/-match with `c`/`i` variants, -replace, -split,
 * -join, -f (composite formatting with .NET format specifiers), -is/-as, ranges, bitwise operators.
 */
import { PSHashtable, PSObject, PSTypeRef, PSEnumValue, PSDouble, PSTypedNumber, PSChar, makeDouble, makeTyped, decimalResult, isDoubleValue, valueOperators } from '../types/values';
import { dateAdd, dateSubtract, formatDateTime } from '../types/datetime';
import {
  toStr,
  toNumber,
  toBool,
  convertTo,
  ConversionError,
  typeNamesOf,
  typeNameOf,
  resolveTypeName,
  formatNumber,
  PSVersion,
  parseNumber,
  bankersRound,
} from '../types/convert';
import { raise } from './errors';

/** Translates a PowerShell wildcard pattern (`*`, `?`, `[a-z]`, backtick escapes) to a RegExp. */
export function wildcardToRegExp(pattern: string, caseSensitive = false, strict = false): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '`' && i + 1 < pattern.length) {
      re += escapeRe(pattern[++i]);
    } else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      // -like refuses a set left open or empty (WildcardPatternException); elsewhere an open [ stays literal.
      if (strict && close <= i + 1)
        raise(`The specified wildcard character pattern is not valid: ${pattern}`, 'RuntimeException', 'NotSpecified', 'WildcardPatternException', pattern);
      if (close < 0) re += '\\[';
      else {
        re += '[' + pattern.slice(i + 1, close).replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else re += escapeRe(c);
  }
  return new RegExp(re + '$', caseSensitive ? 's' : 'is');
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** .NET regex syntax to JavaScript: named groups `(?<n>` work as is; inline options are rare. */
export function psRegex(pattern: string, caseSensitive: boolean, global = false): RegExp {
  let p = pattern;
  let flags = caseSensitive ? '' : 'i';
  const m = /^\(\?([imsx]+)\)/.exec(p);
  if (m) {
    p = p.slice(m[0].length);
    if (m[1].includes('i')) flags = flags.includes('i') ? flags : flags + 'i';
    if (m[1].includes('m')) flags += 'm';
    if (m[1].includes('s')) flags += 's';
  }
  p = literalCloseBrackets(p.replace(/\\A/g, '^').replace(/\\Z/gi, '$'));
  try {
    return new RegExp(p, flags + (global ? 'g' : '') + 'u');
  } catch {
    try {
      return new RegExp(p, flags + (global ? 'g' : ''));
    } catch (e) {
      raise(
        `The regular expression pattern ${pattern} is not valid.`,
        'InvalidRegularExpression',
        'InvalidOperation',
        'RuntimeException',
        pattern,
      );
    }
  }
}

/**
 * .NET reads a `]` right after a set's `[` (or `[^`) as a literal member ('[]a]' is ']' or 'a'); JavaScript reads
 * `[]` as the empty set. Escapes it, so that the set means what .NET means (and one left open stays an error).
 */
function literalCloseBrackets(p: string): string {
  if (!p.includes('[]') && !p.includes('[^]')) return p;
  let out = '';
  let inSet = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      out += c + p[++i];
      continue;
    }
    if (!inSet && c === '[') {
      inSet = true;
      out += c;
      if (p[i + 1] === '^') out += p[++i];
      if (p[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (inSet && c === ']') inSet = false;
    out += c;
  }
  return out;
}

export interface MatchState {
  matches?: PSHashtable;
}

/** The character code a right operand converts to for a Char on the left; undefined when it does not convert. */
function charCodeOf(b: unknown): number | undefined {
  if (b instanceof PSChar) return b.code;
  if (typeof b === 'string') return b.length === 1 ? b.charCodeAt(0) : undefined;
  try {
    const n = toNumber(b);
    return Number.isInteger(n) && n >= 0 && n <= 0xffff ? n : undefined;
  } catch {
    return undefined;
  }
}

function isNumeric(v: unknown): v is number {
  return typeof v === 'number';
}

/** Equality as -eq compares: the right operand converts to the left's type. */
export function psEquals(a: unknown, b: unknown, caseSensitive = false): boolean {
  if (a instanceof PSDouble) a = a.value;
  if (b instanceof PSDouble) b = b.value;
  if (a === null || a === undefined) return b === null || b === undefined;
  if (b === null || b === undefined) return false;
  if (a instanceof PSChar) {
    // A Char compares as a character, case-insensitively unless -ceq; a string that is not one character, or
    // anything that does not convert, is not equal.
    const code = charCodeOf(b);
    if (code === undefined) return false;
    if (code === a.code) return true;
    if (caseSensitive) return false;
    const x = String.fromCharCode(a.code);
    const y = String.fromCharCode(code);
    return x.toLowerCase() === y.toLowerCase() || x.toUpperCase() === y.toUpperCase();
  }
  const ops = valueOperators(a);
  if (ops) return ops.opEquals(b);
  if (typeof a === 'string') {
    const bs = toStr(b);
    return caseSensitive ? a === bs : a.toLowerCase() === bs.toLowerCase() || a.localeCompare(bs, undefined, { sensitivity: 'accent' }) === 0 && a.toLowerCase() === bs.toLowerCase();
  }
  if (isNumeric(a)) {
    if (typeof b === 'string') {
      const n = parseNumber(b);
      return n !== undefined && b.trim() !== '' && n === a;
    }
    try {
      return toNumber(b) === a;
    } catch {
      return false;
    }
  }
  if (typeof a === 'boolean') return a === toBool(b);
  if (a instanceof PSEnumValue) {
    if (b instanceof PSEnumValue) return a.value === b.value;
    if (typeof b === 'number') return a.value === b;
    return a.name.toLowerCase() === toStr(b).toLowerCase();
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof PSVersion && b instanceof PSVersion) return a.compare(b) === 0;
  if (a instanceof PSTypeRef && b instanceof PSTypeRef) return a.fullName === b.fullName;
  return a === b;
}

/** Ordering as -lt/-gt compare; throws PowerShell's error when the types cannot be compared. */
export function psCompare(a: unknown, b: unknown, caseSensitive = false): number {
  if (a instanceof PSDouble) a = a.value;
  if (b instanceof PSDouble) b = b.value;
  if (a === null || a === undefined) {
    if (b === null || b === undefined) return 0;
    // $null sorts before everything but a negative number ($null -lt 0 is true, $null -lt -1 false).
    if ((typeof b === 'number' || b instanceof PSDouble) && Number(b) < 0) return 1;
    return -1;
  }
  // A negative number is below $null, anything else above it (-3 -gt $null is false, 0 -gt $null true).
  if (b === null || b === undefined) return (typeof a === 'number' || a instanceof PSDouble) && Number(a) < 0 ? -1 : 1;
  if (a instanceof PSChar) {
    // Characters order by their codes (ordinal: [char]'a' -gt 'B').
    const code = charCodeOf(b);
    if (code === undefined) raise(`Cannot compare "${toStr(a)}" to "${toStr(b)}" because the objects are not the same type or the object "${toStr(a)}" does not implement "IComparable".`, 'ComparisonFailure', 'InvalidOperation');
    return a.code < code ? -1 : a.code > code ? 1 : 0;
  }
  const ops = valueOperators(a)?.opCompare?.(b);
  if (ops !== undefined) return ops;
  if (typeof a === 'string') {
    const bs = toStr(b);
    const x = caseSensitive ? a : a.toLowerCase();
    const y = caseSensitive ? bs : bs.toLowerCase();
    const c = x.localeCompare(y, 'en-US', { sensitivity: caseSensitive ? 'variant' : 'accent' });
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (isNumeric(a) || typeof a === 'boolean' || a instanceof PSEnumValue) {
    const x = toNumber(a);
    let y: number;
    try {
      // A Boolean on the left converts the right operand to Boolean (any collection but an empty one is true).
      y = typeof a === 'boolean' ? (toBool(b) ? 1 : 0) : toNumber(b);
    } catch {
      raise(
        `Could not compare "${toStr(a)}" to "${toStr(b)}". Error: "Cannot convert value "${toStr(b)}" to type "System.Int32". Error: "Input string was not in a correct format.""`,
        'ComparisonFailure',
        'InvalidOperation',
      );
    }
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof Date) {
    const y = b instanceof Date ? b.getTime() : new Date(toStr(b)).getTime();
    return a.getTime() < y ? -1 : a.getTime() > y ? 1 : 0;
  }
  if (a instanceof PSVersion) {
    const bv = b instanceof PSVersion ? b : (convertTo(b, 'System.Version') as PSVersion);
    return a.compare(bv);
  }
  raise(
    `Cannot compare "${toStr(a)}" because it is not IComparable.`,
    'NotIcomparable',
    'InvalidOperation',
  );
}

function itemsOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v === undefined ? null : v];
}

function collectionOf(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function addValues(a: unknown, b: unknown): unknown {
  if (a === null || a === undefined) {
    if (b === null || b === undefined) return null;
    if (Array.isArray(b)) return [...b];
    return b;
  }
  // Nothing at all (AutomationNull: an index past a scalar) adds no element; $null adds one.
  if (Array.isArray(a)) return Array.isArray(b) ? [...a, ...b] : b === undefined ? [...a] : [...a, b];
  // A Char on the left adds as text: [char]'a' + 1 is 'a1'.
  if (typeof a === 'string' || a instanceof PSChar) return toStr(a) + toStr(b);
  if (a instanceof PSHashtable) {
    if (!(b instanceof PSHashtable))
      raise('A hash table can only be added to another hash table.', 'AddHashTableToNonHashTable', 'InvalidOperation');
    const h = new PSHashtable(a.ordered);
    for (const [k, v] of a.entries()) h.set(k, v);
    for (const [k, v] of b.entries()) {
      if (h.has(k))
        raise(
          `Item has already been added. Key in dictionary: '${toStr(k)}'  Key being added: '${toStr(k)}'`,
          'System.ArgumentException',
          'OperationStopped',
          'ArgumentException',
        );
      h.set(k, v);
    }
    return h;
  }
  if (a instanceof Date) return dateAdd(a, b) ?? new Date(a.getTime() + toNumber(b) / 10000);
  const sum = valueOperators(a)?.opAdd?.(b);
  if (sum !== undefined) return sum;
  return arith(a, b, '+');
}

function opFailed(op: string, a: unknown, b: unknown): never {
  const tn = typeNamesOf(a)[0];
  raise(
    `Method invocation failed because [${tn}] does not contain a method named 'op_${op === '+' ? 'Addition' : op === '-' ? 'Subtraction' : op === '*' ? 'Multiply' : op === '/' ? 'Division' : 'Modulus'}'.`,
    'MethodNotFound',
    'InvalidOperation',
    'RuntimeException',
  );
}

function arith(a: unknown, b: unknown, op: string): number {
  let x: number;
  let y: number;
  // A number and a collection: the collection does not convert to a number, and PowerShell then looks for the
  // operator on it (and names its type).
  if ((Array.isArray(b) || b instanceof PSHashtable) && !(Array.isArray(a) || a instanceof PSHashtable)) opFailed(op, b, a);
  try {
    x = toNumber(a, 'System.Int32');
  } catch {
    opFailed(op, a, b);
  }
  try {
    y = toNumber(b, typeof a === 'number' && !Number.isInteger(a) ? 'System.Double' : 'System.Int32');
  } catch (e) {
    if (e instanceof ConversionError) raise(e.message, 'InvalidArgument', 'InvalidArgument', 'RuntimeException', b);
    throw e;
  }
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      if (y === 0) raise('Attempted to divide by zero.', 'RuntimeException', 'NotSpecified', 'RuntimeException');
      return x / y;
    case '%':
      if (y === 0) raise('Attempted to divide by zero.', 'RuntimeException', 'NotSpecified', 'RuntimeException');
      return x % y;
  }
  return NaN;
}

/** A repetition count (`'ab' * 1.5`, `@(1) * 2.5`): the number as an Int32, half to even. */
function repeatCount(b: unknown): number {
  const n = toNumber(b);
  return Number.isInteger(n) ? n : bankersRound(n);
}

function multiply(a: unknown, b: unknown): unknown {
  // $null times anything is $null.
  if (a === null || a === undefined) return null;
  // Neither Char nor Boolean has a multiplication (where + and - convert them to numbers); a Boolean times a
  // Decimal converts to Decimal's.
  if (a instanceof PSChar || (typeof a === 'boolean' && !(b instanceof PSTypedNumber && b.typeName === 'System.Decimal')))
    raise(`The operation '[${typeNameOf(a)}] * [${typeNameOf(b)}]' is not defined.`, 'NotADefinedOperationForType', 'InvalidOperation', 'RuntimeException', a);
  if (typeof a === 'string') {
    const n = repeatCount(b);
    return a.repeat(Math.max(0, n));
  }
  if (Array.isArray(a)) {
    const n = repeatCount(b);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(...a);
    return out;
  }
  return arith(a, b, '*');
}

/** -f: .NET composite formatting with the format specifiers scripts use (N, F, D, X, P, 0.00, dates). */
export function formatOperator(fmt: string, argsV: unknown): string {
  const args = Array.isArray(argsV) ? argsV : [argsV];
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === '{') {
      if (fmt[i + 1] === '{') {
        out += '{';
        i++;
        continue;
      }
      const close = fmt.indexOf('}', i);
      if (close < 0) raise('Error formatting a string: Input string was not in a correct format..', 'FormatError', 'InvalidOperation');
      const spec = fmt.slice(i + 1, close);
      const m = /^\s*(\d+)\s*(?:,\s*(-?\d+))?\s*(?::(.*))?$/s.exec(spec);
      if (!m) raise('Error formatting a string: Input string was not in a correct format..', 'FormatError', 'InvalidOperation');
      const idx = parseInt(m[1], 10);
      if (idx >= args.length)
        raise(
          'Error formatting a string: Index (zero based) must be greater than or equal to zero and less than the size of the argument list..',
          'FormatError',
          'InvalidOperation',
        );
      let s = formatValue(args[idx], m[3]);
      if (m[2]) {
        const w = parseInt(m[2], 10);
        s = w < 0 ? s.padEnd(-w) : s.padStart(w);
      }
      out += s;
      i = close;
    } else if (c === '}') {
      if (fmt[i + 1] === '}') i++;
      out += '}';
    } else out += c;
  }
  return out;
}

function groupThousands(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function roundAwayFromZero(x: number, digits: number): string {
  const f = Math.pow(10, digits);
  const r = Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9) / f;
  return r.toFixed(digits);
}

export function formatValue(v: unknown, spec: string | undefined): string {
  // A Decimal without a format shows its scale ('{0}' -f 2.50d is 2.50).
  if (!spec && v instanceof PSTypedNumber && (v.scale !== undefined || v.digits !== undefined)) return v.toString();
  if (v instanceof PSDouble) v = v.value;
  // An argument that is an array is formatted by .NET's ToString: its type name ('{0}' -f (1, 2), 3 gives
  // System.Object[]).
  if (Array.isArray(v)) return typeNameOf(v);
  if (!spec) return toStr(v);
  if (v instanceof Date) return formatDateTime(v, spec);
  if (typeof v !== 'number') {
    if (typeof v === 'string' || v === null || v === undefined) return toStr(v);
    return toStr(v);
  }
  const m = /^([A-Za-z])(\d*)$/.exec(spec);
  if (m) {
    const kind = m[1].toUpperCase();
    const prec = m[2] === '' ? undefined : parseInt(m[2], 10);
    switch (kind) {
      case 'N': {
        const s = roundAwayFromZero(v, prec ?? 2);
        const [ip, fp] = s.replace('-', '').split('.');
        return (v < 0 && Number(s) !== 0 ? '-' : '') + groupThousands(ip) + (fp ? '.' + fp : '');
      }
      case 'F':
        return roundAwayFromZero(v, prec ?? 2);
      case 'D': {
        const s = String(Math.abs(Math.trunc(v))).padStart(prec ?? 0, '0');
        return (v < 0 ? '-' : '') + s;
      }
      case 'X': {
        const s = (v < 0 ? (v >>> 0) : v).toString(16).padStart(prec ?? 0, '0');
        return m[1] === 'X' ? s.toUpperCase() : s;
      }
      case 'P':
        return roundAwayFromZero(v * 100, prec ?? 2) + ' %';
      case 'E': {
        const [mant, exp] = v.toExponential(prec ?? 6).split('e');
        const e = parseInt(exp, 10);
        return `${mant}${m[1]}${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(3, '0')}`;
      }
      case 'G':
        return formatNumber(prec ? Number(v.toPrecision(prec)) : v);
      case 'C':
        return '$' + groupThousands(roundAwayFromZero(v, prec ?? 2));
    }
  }
  // Custom numeric format: 0, #, ., and thousands separators.
  if (/^[0#,.]+$/.test(spec)) {
    const [ip, fp = ''] = spec.split('.');
    const decimals = fp.length;
    const minDecimals = (fp.match(/0/g) || []).length;
    let s = roundAwayFromZero(Math.abs(v), decimals);
    let [i2, f2 = ''] = s.split('.');
    while (f2.length > minDecimals && f2.endsWith('0')) f2 = f2.slice(0, -1);
    const minInt = (ip.replace(/,/g, '').match(/0/g) || []).length;
    i2 = i2.padStart(minInt, '0');
    if (minInt === 0 && i2 === '0') i2 = '';
    if (ip.includes(',')) i2 = groupThousands(i2);
    s = i2 + (f2 ? '.' + f2 : '');
    return (v < 0 ? '-' : '') + (s || '0');
  }
  return formatNumber(v);
}

function isType(v: unknown, t: unknown): boolean {
  const name = t instanceof PSTypeRef ? t.fullName : resolveTypeName(toStr(t));
  const lower = name.toLowerCase();
  if (v === null || v === undefined) return false;
  const names = typeNamesOf(v).map((x) => x.toLowerCase());
  if (names.includes(lower)) return true;
  if (lower === 'system.management.automation.pscustomobject' && v instanceof PSObject) return true;
  if (lower === 'system.collections.idictionary' && v instanceof PSHashtable) return true;
  if (typeof v === 'number' && Number.isInteger(v) && (lower === 'system.int32' || lower === 'system.int64')) {
    return lower === 'system.int32' ? Math.abs(v) <= 2147483647 : Math.abs(v) > 2147483647;
  }
  return false;
}

function asType(v: unknown, t: unknown): unknown {
  try {
    const r = convertTo(v, t instanceof PSTypeRef ? t.fullName : toStr(t));
    return typeof r === 'number' && /^System\.(Double|Single)$/.test(resolveTypeName(t instanceof PSTypeRef ? t.fullName : toStr(t))) ? makeDouble(r) : r;
  } catch {
    return null;
  }
}

function rangeOp(a: unknown, b: unknown): number[] {
  const x = Math.trunc(toNumber(a));
  const y = Math.trunc(toNumber(b));
  const out: number[] = [];
  if (Math.abs(y - x) > 50_000_000)
    raise('The range is too large.', 'RangeTooLarge', 'InvalidOperation');
  if (x <= y) for (let i = x; i <= y; i++) out.push(i);
  else for (let i = x; i >= y; i--) out.push(i);
  return out;
}

function replaceOp(input: unknown, rhs: unknown, caseSensitive: boolean): unknown {
  const parts = Array.isArray(rhs) ? rhs : [rhs];
  if (parts.length > 2) raise(`The -replace operator allows only two elements to follow it, not ${parts.length}.`, 'BadReplaceArgument', 'InvalidOperation', 'RuntimeException', rhs);
  const re = psRegex(toStr(parts[0]), caseSensitive, true);
  const repl = parts.length > 1 ? toStr(parts[1]) : '';
  // .NET substitutions: $1, ${name}, $$; JavaScript uses $<name> for named groups.
  const jsRepl = repl.replace(/\$\{(\w+)\}/g, (m, n: string) => (/^\d+$/.test(n) ? `$${n}` : `$<${n}>`));
  const one = (s: unknown) => toStr(s).replace(re, jsRepl);
  if (Array.isArray(input)) return input.map(one);
  return one(input);
}

/** System.Management.Automation.SplitOptions, by bit. */
const SPLIT_OPTIONS = ['simplematch', 'regexmatch', 'cultureinvariant', 'ignorepatternwhitespace', 'multiline', 'singleline', 'ignorecase', 'explicitcapture'];

/**
 * -split's third element: SplitOptions as names or a number, in lower case; SimpleMatch combines with IgnoreCase
 * only, and never with RegexMatch (InvalidSplitOptionCombination).
 */
function splitOptions(v: unknown): string {
  let bits = 0;
  const n = typeof v === 'number' || v instanceof PSDouble ? Number(v) : undefined;
  if (n !== undefined) bits = Math.trunc(n);
  else
    for (const name of toStr(v).split(',')) {
      const i = SPLIT_OPTIONS.indexOf(name.trim().toLowerCase());
      if (i >= 0) bits |= 1 << i;
      else if (name.trim() !== '') convertTo(name.trim(), 'System.Int32');
    }
  if (bits & 1 && bits & ~(1 | 64))
    raise('The combination of options with the -split operator is not valid.', 'InvalidSplitOptionCombination', 'InvalidOperation', 'RuntimeException');
  return SPLIT_OPTIONS.filter((_, i) => bits & (1 << i)).join(',');
}

function splitOp(input: unknown, rhs: unknown, caseSensitive: boolean): string[] {
  const parts = Array.isArray(rhs) ? rhs : [rhs];
  const pattern = toStr(parts[0]);
  const max = parts.length > 1 ? toNumber(parts[1]) : 0;
  const opts = parts.length > 2 ? splitOptions(parts[2]) : '';
  const out: string[] = [];
  for (const item of collectionOf(input)) {
    const s = toStr(item);
    const re = opts.includes('simplematch')
      ? new RegExp(escapeRe(pattern).replace(/\\\//g, '/'), caseSensitive ? 'g' : 'gi')
      : psRegex(pattern, caseSensitive, true);
    if (max > 0) {
      let count = 0;
      let last = 0;
      let m: RegExpExecArray | null;
      re.lastIndex = 0;
      while (count < max - 1 && (m = re.exec(s))) {
        if (m[0] === '') {
          re.lastIndex++;
          continue;
        }
        out.push(s.slice(last, m.index));
        last = m.index + m[0].length;
        count++;
      }
      out.push(s.slice(last));
    } else regexSplit(s, re, out);
  }
  return stringArray(out);
}

/**
 * Regex.Split: the text between matches, and each match's captured groups; a match at either end leaves an empty
 * piece there, and an empty match splits between characters ('abc' -split '' is '', a, b, c, ''), where
 * JavaScript's String.split drops those ends.
 */
function regexSplit(s: string, re: RegExp, out: string[]): void {
  let last = 0;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    out.push(s.slice(last, m.index));
    for (let g = 1; g < m.length; g++) if (m[g] !== undefined) out.push(m[g]);
    last = m.index + m[0].length;
    if (m[0] === '') re.lastIndex++;
  }
  out.push(s.slice(last));
}

/** -split gives a System.String[] (its GetType() and its text in -f say so), not an object[]. */
function stringArray(out: string[]): string[] {
  Object.defineProperty(out, '__elementType', { value: 'System.String', enumerable: false });
  return out;
}

export function unarySplit(v: unknown): string[] {
  const out: string[] = [];
  for (const item of collectionOf(v)) out.push(...toStr(item).trim().split(/\s+/).filter((x) => x !== ''));
  return stringArray(out);
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);

/** Applies a binary operator; `state.matches` receives $Matches after -match. */
export function binaryOp(op: string, a: unknown, b: unknown, state: MatchState): unknown {
  if (op === 'is' || op === 'isnot' || op === 'as') return binaryOpPlain(op, a, b, state);
  // Whole-number doubles (PSDouble) take part as plain numbers; arithmetic with a double gives a double.
  // (A string on the left of + and * makes a string; of -, / and % it converts to a number.)
  const dbl = ARITHMETIC.has(op) && (isDoubleValue(a) || isDoubleValue(b)) && !((typeof a === 'string' && (op === '+' || op === '*')) || Array.isArray(a));
  // Double division follows IEEE 754: by zero it is Infinity or NaN, never the integers' DivideByZeroException.
  if (dbl && (op === '/' || op === '%') && !(a instanceof PSHashtable || Array.isArray(b) || b instanceof PSHashtable)) {
    const y = toNumber(b instanceof PSDouble ? b.value : b, 'System.Double');
    if (y === 0) return makeDouble(op === '/' ? toNumber(a instanceof PSDouble ? a.value : a, 'System.Double') / y : NaN);
  }
  // A Boolean and a Decimal: Decimal's operators take no Boolean (only * converts it).
  if (typeof a === 'boolean' && b instanceof PSTypedNumber && b.typeName === 'System.Decimal' && ARITHMETIC.has(op) && op !== '*')
    raise("No coercion operator is defined between types 'System.Boolean' and 'System.Decimal'.", 'RuntimeException', 'NotSpecified', 'RuntimeException');
  // An element added to an array keeps its own type (a whole-number Double stays a Double in the array); -f's
  // argument keeps a Decimal's scale.
  const keepRight = (op === '+' && Array.isArray(a)) || (op === '*' && typeof a === 'boolean') || op === 'f';
  const r = binaryOpPlain(op, a instanceof PSDouble ? a.value : a, b instanceof PSDouble && !keepRight ? b.value : b, state);
  if (typeof r === 'number' && (a instanceof PSTypedNumber || b instanceof PSTypedNumber || (BITWISE.has(op) && (dbl || isDoubleValue(a) || isDoubleValue(b))))) {
    const t = widerNumericType(op, a, b, r);
    if (t) return t === 'System.Double' ? makeDouble(r) : t === 'System.Decimal' ? decimalResult(op, a, b, r) : makeTyped(r, t);
  }
  if (dbl && typeof r === 'number') return makeDouble(r);
  if ((op === '+' || op === '-' || op === '*') && typeof a === 'number' && typeof b === 'number' && typeof r === 'number') return integerResult(a, b, r);
  return r;
}

const BITWISE = new Set(['band', 'bor', 'bxor']);

/**
 * The type of an arithmetic or bitwise result when an operand is one of the typed numbers (Int64, Decimal, Byte...):
 * Decimal wins over everything; then Double; then Int64 (UInt64 for unsigned 64-bit operands), a fraction or an
 * overflow making it a Double; the small types (Byte, Int16...) give Int32 (undefined: a plain number). Bitwise
 * operators take a Double operand as UInt64 (PowerShell converts it to the widest unsigned type).
 */
function widerNumericType(op: string, a: unknown, b: unknown, r: number): string | undefined {
  const ta = a instanceof PSTypedNumber ? a.typeName : undefined;
  const tb = b instanceof PSTypedNumber ? b.typeName : undefined;
  if (BITWISE.has(op)) {
    if (ta === 'System.Int64' || tb === 'System.Int64') return 'System.Int64';
    if (isDoubleValue(a) || isDoubleValue(b) || ta === 'System.Decimal' || tb === 'System.Decimal' || ta === 'System.UInt64' || tb === 'System.UInt64') return 'System.UInt64';
    return undefined;
  }
  if (!ARITHMETIC.has(op) || Array.isArray(a)) return undefined;
  if (ta === 'System.Decimal' || tb === 'System.Decimal') return 'System.Decimal';
  if (isDoubleValue(a) || isDoubleValue(b) || ta === 'System.Single' || tb === 'System.Single') return 'System.Double';
  const wide = (t: string | undefined): boolean => t === 'System.Int64' || t === 'System.UInt64' || t === 'System.UInt32';
  if (!wide(ta) && !wide(tb)) return undefined;
  if (!Number.isInteger(r) || Math.abs(r) >= INT64_MAX) return 'System.Double';
  return (ta === 'System.UInt64' || tb === 'System.UInt64') && r >= 0 ? 'System.UInt64' : 'System.Int64';
}

const INT32_MAX = 2147483647;
const INT64_MAX = 9223372036854775807;

/**
 * Integer arithmetic that overflows its type gives a Double, as in PowerShell: Int32 + Int32 past Int32's range is
 * 2147483648 as a Double (not an Int64), and Int64 past Int64's likewise. The operands' type is the wider of the two
 * (wimsh tells Int32 from Int64 by magnitude, values.ts).
 */
export function integerResult(a: number, b: number, r: number): unknown {
  if (!Number.isInteger(a) || !Number.isInteger(b)) return r;
  const wide = Math.abs(a) > INT32_MAX + 1 || Math.abs(b) > INT32_MAX + 1 || a === INT32_MAX + 1 || b === INT32_MAX + 1;
  // (Int64's bounds are 2^63 in a JavaScript number: reaching one is past the range.)
  if (wide) return r >= INT64_MAX || r < -INT64_MAX ? makeDouble(r) : r;
  return r > INT32_MAX || r < -INT32_MAX - 1 ? makeDouble(r) : r;
}

/** A bitwise operand as an integer: a Double rounds half to even, as its conversion to an integer type does. */
function integral(v: unknown): number {
  const n = toNumber(v);
  return Number.isInteger(n) ? n : bankersRound(n);
}

function binaryOpPlain(op: string, a: unknown, b: unknown, state: MatchState): unknown {
  switch (op) {
    case '+':
      return addValues(a, b);
    case '-':
      if (a instanceof Date) return dateSubtract(a, b) ?? arith(a, b, '-');
      return valueOperators(a)?.opSubtract?.(b) ?? arith(a, b, '-');
    case '*':
      return multiply(a, b);
    case '/':
      return arith(a, b, '/');
    case '%':
      return arith(a, b, '%');
    case '..':
      return rangeOp(a, b);
    case 'f':
      // Only an object[] is the argument list: a typed array ([int[]]) is one argument, shown by its type name.
      return formatOperator(toStr(a), Array.isArray(b) && typeNameOf(b) !== 'System.Object[]' ? [b] : b);
    case 'band':
      return Number(BigInt.asIntN(64, BigInt(integral(a)) & BigInt(integral(b))));
    case 'bor':
      return Number(BigInt.asIntN(64, BigInt(integral(a)) | BigInt(integral(b))));
    case 'bxor':
      return Number(BigInt.asIntN(64, BigInt(integral(a)) ^ BigInt(integral(b))));
    case 'shl':
      return toNumber(a) * Math.pow(2, toNumber(b));
    case 'shr':
      return Math.floor(toNumber(a) / Math.pow(2, toNumber(b)));
    case 'is':
      return isType(a, b);
    case 'isnot':
      return !isType(a, b);
    case 'as':
      return asType(a, b);
    case 'join': {
      const sep = toStr(b);
      // Each element as a string on its own: an element that is an array shows its type name (1,(2,3) -join ',').
      return collectionOf(a).map((x) => (Array.isArray(x) ? typeNameOf(x) : toStr(x))).join(sep);
    }
    case 'and':
      return toBool(a) && toBool(b);
    case 'or':
      return toBool(a) || toBool(b);
    case 'xor':
      return toBool(a) !== toBool(b);
  }
  let name = op;
  let cs = false;
  if (name[0] === 'c' && name !== 'contains') {
    cs = true;
    name = name.slice(1);
  } else if (name[0] === 'i' && name !== 'in' && name !== 'is' && name !== 'isnot') {
    name = name.slice(1);
  }
  switch (name) {
    case 'replace':
      return replaceOp(a, b, cs);
    case 'split':
      return splitOp(a, b, cs);
    // A value that is no collection is a collection of itself, $null included ($null -contains $null is true).
    case 'contains':
      return itemsOf(a).some((x) => psEquals(x, b, cs));
    case 'notcontains':
      return !itemsOf(a).some((x) => psEquals(x, b, cs));
    case 'in':
      return itemsOf(b).some((x) => psEquals(x, a, cs));
    case 'notin':
      return !itemsOf(b).some((x) => psEquals(x, a, cs));
  }
  const test = (x: unknown): boolean => {
    switch (name) {
      case 'eq':
        return psEquals(x, b, cs);
      case 'ne':
        return !psEquals(x, b, cs);
      case 'gt':
        return psCompare(x, b, cs) > 0;
      case 'ge':
        return psCompare(x, b, cs) >= 0;
      case 'lt':
        return psCompare(x, b, cs) < 0;
      case 'le':
        return psCompare(x, b, cs) <= 0;
      case 'like':
        return wildcardToRegExp(toStr(b), cs, true).test(toStr(x));
      case 'notlike':
        return !wildcardToRegExp(toStr(b), cs, true).test(toStr(x));
      case 'match':
      case 'notmatch': {
        const re = psRegex(toStr(b), cs);
        const m = re.exec(toStr(x));
        if (m && !Array.isArray(a)) {
          const h = new PSHashtable();
          m.forEach((g, i) => {
            if (g !== undefined) h.set(i, g);
          });
          if (m.groups) for (const [k, g] of Object.entries(m.groups)) if (g !== undefined) h.set(k, g);
          state.matches = h;
        }
        return name === 'match' ? !!m : !m;
      }
    }
    raise(`Unexpected token '-${op}' in expression or statement.`, 'UnexpectedToken', 'ParserError');
  };
  if (Array.isArray(a)) return a.filter((x) => test(x));
  return test(a);
}
