/*
 * PowerShell's conversion rules (LanguagePrimitives), for the types wimsh represents (see values.ts).
 *
 * convertTo(value, 'System.UInt32') accepts 6, "6", " 6 ", "0x6", 6.0; rounds doubles half to even; fails with .NET's
 * texts ("Input string was not in a correct format.", "Value was either too large or too small for a UInt32.");
 * enums convert from names (case-insensitive) or numbers. Failures throw ConversionError, which the binder and the
 * evaluator wrap in their own error records.
 */
import { PSObject, PSHashtable, ScriptBlock, PSTypeRef, SwitchParameter, PSEnumValue, PSDouble, PSTypedNumber, PSChar, PSReference, makeDouble, makeTyped, enumTypes } from './values';
import { PSGuid, parseGuid, GUID_ERROR } from './guid';
import { XmlNode, XmlParseError, parseXml } from './xml-document';
import { formatDateTime, invariantDate, parseDateTime, parseTimeSpan, PSTimeSpan } from './datetime';

export class ConversionError extends Error {
  constructor(
    message: string,
    readonly inner: string,
    readonly typeFullName: string,
  ) {
    super(message);
  }
}

/** Short names and accelerators -> .NET full names. */
const ACCELERATORS: Record<string, string> = {
  int: 'System.Int32',
  int32: 'System.Int32',
  uint32: 'System.UInt32',
  uint: 'System.UInt32',
  long: 'System.Int64',
  int64: 'System.Int64',
  uint64: 'System.UInt64',
  ulong: 'System.UInt64',
  int16: 'System.Int16',
  short: 'System.Int16',
  uint16: 'System.UInt16',
  ushort: 'System.UInt16',
  byte: 'System.Byte',
  sbyte: 'System.SByte',
  double: 'System.Double',
  single: 'System.Single',
  float: 'System.Single',
  decimal: 'System.Decimal',
  string: 'System.String',
  char: 'System.Char',
  bool: 'System.Boolean',
  boolean: 'System.Boolean',
  array: 'System.Array',
  hashtable: 'System.Collections.Hashtable',
  'collections.arraylist': 'System.Collections.ArrayList',
  arraylist: 'System.Collections.ArrayList',
  ordered: 'System.Collections.Specialized.OrderedDictionary',
  pscustomobject: 'System.Management.Automation.PSObject',
  psobject: 'System.Management.Automation.PSObject',
  object: 'System.Object',
  datetime: 'System.DateTime',
  regex: 'System.Text.RegularExpressions.Regex',
  switch: 'System.Management.Automation.SwitchParameter',
  switchparameter: 'System.Management.Automation.SwitchParameter',
  scriptblock: 'System.Management.Automation.ScriptBlock',
  void: 'System.Void',
  version: 'System.Version',
  math: 'System.Math',
  type: 'System.Type',
  guid: 'System.Guid',
  timespan: 'System.TimeSpan',
  xml: 'System.Xml.XmlDocument',
  'io.path': 'System.IO.Path',
  'io.file': 'System.IO.File',
  'io.directory': 'System.IO.Directory',
  environment: 'System.Environment',
  console: 'System.Console',
  convert: 'System.Convert',
  exception: 'System.Exception',
  runtimeexception: 'System.Management.Automation.RuntimeException',
  errorrecord: 'System.Management.Automation.ErrorRecord',
  text: 'System.Text',
  ref: 'System.Management.Automation.PSReference',
};

/** The .NET full name for a type as written (`int`, `System.Int32`, `string[]`, `IO.Path`). */
export function resolveTypeName(name: string): string {
  const trimmed = name.replace(/\s+/g, '');
  if (trimmed.endsWith('[]')) return resolveTypeName(trimmed.slice(0, -2)) + '[]';
  const lower = trimmed.toLowerCase();
  if (ACCELERATORS[lower]) return ACCELERATORS[lower];
  if (lower.startsWith('system.')) {
    const rest = lower.slice(7);
    for (const v of Object.values(ACCELERATORS)) if (v.toLowerCase() === lower) return v;
    if (ACCELERATORS[rest]) return ACCELERATORS[rest];
  }
  const e = enumTypes.get(lower) ?? enumTypes.get('system.' + lower);
  if (e) return e.fullName;
  return trimmed.startsWith('System.') || trimmed.includes('.') ? trimmed : trimmed;
}

/**
 * Short names wimsh's own code resolves (cmdlet metadata, catch clauses) that a script's type literal does not:
 * PowerShell finds a type by its full name, by `System.` put before it, or by an accelerator, so [ArrayList],
 * [ErrorRecord] and [ActionPreference] are "Unable to find type".
 */
const INTERNAL_SHORT_NAMES = new Set(['arraylist', 'switchparameter', 'runtimeexception', 'errorrecord', 'text']);

/** Whether a script may name the type as written (`[X]` or `[X]$v`); false for the short names above. */
export function scriptCanNameType(name: string): boolean {
  const lower = name.replace(/\s+/g, '').replace(/(\[\])+$/, '').toLowerCase();
  if (INTERNAL_SHORT_NAMES.has(lower)) return false;
  if (ACCELERATORS[lower]) return true;
  const e = enumTypes.get(lower) ?? enumTypes.get('system.' + lower);
  if (!e) return true;
  const full = e.fullName.toLowerCase();
  return full === lower || full === 'system.' + lower;
}

const INT_RANGES: Record<string, [number, number, string]> = {
  'System.Int32': [-2147483648, 2147483647, 'Int32'],
  'System.UInt32': [0, 4294967295, 'UInt32'],
  'System.Int64': [-9223372036854775808, 9223372036854775807, 'Int64'],
  'System.UInt64': [0, 18446744073709551615, 'UInt64'],
  'System.Int16': [-32768, 32767, 'Int16'],
  'System.UInt16': [0, 65535, 'UInt16'],
  'System.Byte': [0, 255, 'Byte'],
  'System.SByte': [-128, 127, 'SByte'],
};

const OVERFLOW_NAME: Record<string, string> = {
  Int32: 'an Int32',
  UInt32: 'a UInt32',
  Int64: 'an Int64',
  UInt64: 'a UInt64',
  Int16: 'an Int16',
  UInt16: 'a UInt16',
  Byte: 'an unsigned byte',
  SByte: 'a signed byte',
};

export function isIntegerType(full: string): boolean {
  return full in INT_RANGES;
}

/** Round half to even, as [int]2.5 is 2. */
export function bankersRound(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/** .NET's Double.ToString() (15 significant digits, E notation for large and small magnitudes). */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  const p = Number(n.toPrecision(15));
  const abs = Math.abs(p);
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-5)) {
    const [m, e] = p.toExponential().split('e');
    const exp = parseInt(e, 10);
    return `${m.toUpperCase()}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(p);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** en-US DateTime.ToString(): 11/25/2026 2:05:09 PM. */
export function formatDate(d: Date): string {
  return formatDateTime(d, 'G');
}

/**
 * A value's text in the current culture (en-US), as .NET's ToString() gives it: what table and list cells show.
 * Differs from toStr (PowerShell's invariant conversion, "$x") for dates only.
 */
export function displayString(v: unknown): string {
  return v instanceof Date ? formatDateTime(v, 'G') : toStr(v);
}

/** The type name PowerShell would report for a value (GetType().FullName). */
export function typeNameOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return 'System.String';
  if (typeof v === 'boolean') return 'System.Boolean';
  if (v instanceof PSTypedNumber) return v.typeName;
  if (v instanceof PSDouble) return 'System.Double';
  if (v instanceof PSChar) return 'System.Char';
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return 'System.Double';
    return v >= -2147483648 && v <= 2147483647 ? 'System.Int32' : Math.abs(v) < 9.3e18 ? 'System.Int64' : 'System.Double';
  }
  if (Array.isArray(v)) {
    const list = (v as unknown as { __list?: string }).__list;
    if (list) {
      if (list === 'ArrayList') return 'System.Collections.ArrayList';
      // As .NET names a closed generic: the item type's assembly-qualified name (mscorlib for the core types).
      const item = (v as unknown as { __itemType?: string }).__itemType ?? 'System.Object';
      return `System.Collections.Generic.List\`1[[${item}, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]`;
    }
    const el = (v as unknown as { __elementType?: string }).__elementType;
    return el ? `${el}[]` : 'System.Object[]';
  }
  if (v instanceof PSHashtable) return v.ordered ? 'System.Collections.Specialized.OrderedDictionary' : 'System.Collections.Hashtable';
  if (v instanceof PSObject) return v.typeNames[0] === 'System.Management.Automation.PSCustomObject' ? 'System.Management.Automation.PSCustomObject' : v.typeNames[0];
  if (v instanceof ScriptBlock) return 'System.Management.Automation.ScriptBlock';
  if (v instanceof Date) return 'System.DateTime';
  if (v instanceof RegExp) return 'System.Text.RegularExpressions.Regex';
  if (v instanceof PSTypeRef) return 'System.RuntimeType';
  if (v instanceof SwitchParameter) return 'System.Management.Automation.SwitchParameter';
  if (v instanceof PSEnumValue) return v.typeName;
  const tn = (v as { typeNames?: string[] }).typeNames;
  if (tn) return tn[0];
  return 'System.Object';
}

/** All type names a value is an instance of (for -is and typed catch). */
export function typeNamesOf(v: unknown): string[] {
  const first = typeNameOf(v);
  const out = [first];
  if (v instanceof PSObject) out.push(...v.typeNames.slice(1));
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof PSEnumValue || v instanceof PSDouble || v instanceof PSChar) out.push('System.ValueType');
  if (Array.isArray(v)) out.push('System.Array');
  out.push('System.Object');
  if (v instanceof PSObject) out.push('System.Management.Automation.PSObject');
  return out;
}

/** A property value inside a custom object's `@{...}` text. */
function propertyText(v: unknown): string {
  if (Array.isArray(v)) return typeNameOf(v);
  if (v instanceof PSObject && v.typeNames[0] === 'System.Management.Automation.PSCustomObject') return '';
  return toStr(v);
}

/** Converts to string as PowerShell does (`"$x"`, [string]$x, string parameters). */
export function toStr(v: unknown, ofs = ' '): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (v instanceof PSTypedNumber && (v.scale !== undefined || v.digits !== undefined)) return v.toString();
  if (v instanceof PSDouble) return formatNumber(v.value);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  // An element that is itself an array shows its type name, as .NET's ToString gives it: PowerShell flattens one
  // level only ("$(@(@(1, 2), 3))" is "System.Object[] 3").
  if (Array.isArray(v)) return v.map((x) => (Array.isArray(x) ? typeNameOf(x) : toStr(x, ofs))).join(ofs);
  if (v instanceof Date) return invariantDate(v);
  if (v instanceof PSHashtable) return v.ordered ? 'System.Collections.Specialized.OrderedDictionary' : 'System.Collections.Hashtable';
  if (v instanceof PSObject) {
    // Each property as .NET's ToString gives it: an array by its type name, a custom object as nothing.
    if (v.typeNames[0] === 'System.Management.Automation.PSCustomObject')
      return '@{' + [...v.props.values()].map((p) => `${p.name}=${propertyText(p.value)}`).join('; ') + '}';
    const ts = (v as unknown as { toStringValue?: string }).toStringValue;
    if (ts !== undefined) return ts;
    return v.typeNames[0];
  }
  if (v instanceof PSTypeRef) return v.fullName;
  if (v instanceof RegExp) return v.source;
  const anyV = v as { toString?: () => string; message?: unknown };
  if (anyV && typeof anyV.toString === 'function' && anyV.toString !== Object.prototype.toString) return anyV.toString();
  return String(v);
}

/** PowerShell truthiness: $null, 0, '', empty arrays, $false are false; one-element arrays use the element. */
export function toBool(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof PSDouble) return v.value !== 0;
  if (v instanceof PSChar) return v.code !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (v instanceof SwitchParameter) return v.isPresent;
  if (Array.isArray(v)) {
    if (v.length === 0) return false;
    if (v.length === 1) return toBool(v[0]);
    return true;
  }
  return true;
}

const FORMAT_ERROR = 'Input string was not in a correct format.';

/** Parses a string as PowerShell's number conversion does; undefined when it is not a number. */
export function parseNumber(s: string): number | undefined {
  const t = s.trim();
  if (t === '') return 0;
  const m = /^([+-]?)0x([0-9a-f]+)$/i.exec(t);
  if (m) {
    const v = parseInt(m[2], 16);
    return m[1] === '-' ? -v : v;
  }
  const mult = /^(.*?)(kb|mb|gb|tb|pb)$/i.exec(t);
  if (mult) {
    const base = parseNumber(mult[1]);
    if (base === undefined) return undefined;
    return base * { kb: 1024, mb: 1048576, gb: 1073741824, tb: 1099511627776, pb: 1125899906842624 }[mult[2].toLowerCase() as 'kb']!;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t.replace(/,/g, ''))) return undefined;
  return Number(t.replace(/,/g, ''));
}

/** Converts to a number for arithmetic (`1 + "2"`); throws ConversionError. */
export function toNumber(v: unknown, typeFull = 'System.Int32'): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (v instanceof PSDouble) return v.value;
  if (v instanceof PSChar) return v.code;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof SwitchParameter) return v.isPresent ? 1 : 0;
  if (v instanceof PSEnumValue) return v.value;
  if (typeof v === 'string') {
    const n = parseNumber(v);
    if (n === undefined)
      throw new ConversionError(`Cannot convert value "${v}" to type "${typeFull}". Error: "${FORMAT_ERROR}"`, FORMAT_ERROR, typeFull);
    return n;
  }
  if (Array.isArray(v) && v.length === 1) return toNumber(v[0], typeFull);
  throw new ConversionError(
    `Cannot convert the "${toStr(v)}" value of type "${typeNameOf(v)}" to type "${typeFull}".`,
    '',
    typeFull,
  );
}

function convertInteger(v: unknown, full: string): number {
  const [min, max, short] = INT_RANGES[full];
  let n: number;
  if (typeof v === 'string') {
    const t = v.trim();
    const parsed = parseNumber(t);
    if (parsed === undefined)
      throw new ConversionError(`Cannot convert value "${v}" to type "${full}". Error: "${FORMAT_ERROR}"`, FORMAT_ERROR, full);
    n = parsed;
    if (/^[+-]?0x/i.test(t) && full === 'System.Int32' && n > 0x7fffffff && n <= 0xffffffff) n -= 0x100000000;
  } else {
    try {
      n = toNumber(v, full);
    } catch (e) {
      if (e instanceof ConversionError && Array.isArray(v))
        throw new ConversionError(
          `Cannot convert the "${toStr(v)}" value of type "System.Object[]" to type "${full}".`,
          '',
          full,
        );
      throw e;
    }
  }
  n = bankersRound(n);
  if (n < min || n > max) {
    const inner = `Value was either too large or too small for ${OVERFLOW_NAME[short] ?? 'a ' + short}.`;
    throw new ConversionError(`Cannot convert value "${toStr(v)}" to type "${full}". Error: "${inner}"`, inner, full);
  }
  return n;
}

/**
 * [char]: a one-character string, an integer (the code) or $null (code 0); a Double, a Boolean or a longer
 * string does not convert (System.Convert's InvalidCastException for the first two).
 */
function toChar(v: unknown): PSChar {
  if (v instanceof PSChar) return v;
  if (v === null || v === undefined) return new PSChar(0);
  const integral = v instanceof PSTypedNumber ? v.typeName !== 'System.Decimal' && v.typeName !== 'System.Single' : typeof v === 'number' && Number.isInteger(v);
  if (integral) {
    const n = Number(v);
    if (n >= 0 && n <= 0xffff) return new PSChar(n);
    const inner = 'Value was either too large or too small for a character.';
    throw new ConversionError(`Cannot convert value "${toStr(v)}" to type "System.Char". Error: "${inner}"`, inner, 'System.Char');
  }
  if (typeof v === 'number' || v instanceof PSDouble || typeof v === 'boolean') {
    const from = typeof v === 'boolean' ? 'Boolean' : v instanceof PSTypedNumber ? v.typeName.slice(7) : 'Double';
    const inner = `Invalid cast from '${from}' to 'Char'.`;
    throw new ConversionError(`Cannot convert value "${toStr(v)}" to type "System.Char". Error: "${inner}"`, inner, 'System.Char');
  }
  const s = toStr(v);
  if (s.length !== 1)
    throw new ConversionError(
      `Cannot convert value "${s}" to type "System.Char". Error: "String must be exactly one character long."`,
      'String must be exactly one character long.',
      'System.Char',
    );
  return new PSChar(s.charCodeAt(0));
}

/** The numeric types a value remembers (PSTypedNumber): all but Int32 and Double, which plain numbers are. */
export const TYPED_NUMBERS = new Set(['System.Int64', 'System.UInt64', 'System.UInt32', 'System.Int16', 'System.UInt16', 'System.Byte', 'System.SByte', 'System.Decimal', 'System.Single']);

/** A typed array's element: a Double boxed when whole, the other numeric types named on the value. */
function typedElement(x: unknown, el: string): unknown {
  if (typeof x !== 'number') return x;
  if (el === 'System.Double') return makeDouble(x);
  return TYPED_NUMBERS.has(el) ? makeTyped(x, el) : x;
}

/** Converts `v` to the .NET type `typeName` (as written or full); throws ConversionError with PowerShell's text. */
export function convertTo(v: unknown, typeName: string): unknown {
  const full = resolveTypeName(typeName);
  if (full === 'System.Char') return toChar(v);
  if (full === 'System.Management.Automation.PSReference') return v instanceof PSReference ? v : PSReference.ofValue(v);
  if (v instanceof PSDouble) {
    // Kept for [object]/[psobject]/[double]; any other type converts the plain number.
    if (/^System\.(Object|Management\.Automation\.PSObject)$/.test(full)) return v;
    // [array]1e3 and [object[]] hold the Double itself.
    if (full === 'System.Array' || full === 'System.Object[]') return [v];
    if (full === 'System.Double') return v instanceof PSTypedNumber ? makeDouble(v.value) : v;
    // A Decimal's text keeps its scale ([string]2.50d is 2.50).
    if (full === 'System.String') return toStr(v);
    v = v.value;
  }
  if (full.endsWith('[]')) {
    const el = full.slice(0, -2);
    // [char[]]'abc' is the string's characters.
    const items = v === null || v === undefined ? [] : Array.isArray(v) ? v : el === 'System.Char' && typeof v === 'string' ? [...v] : [v];
    // Each element as its type's value: [double[]](1, 2) holds Doubles, [long[]] Int64s.
    const out = items.map((x) => typedElement(convertTo(x, el), el));
    // Remember the element type: [string[]]$a reports System.String[].
    Object.defineProperty(out, '__elementType', { value: el, enumerable: false });
    return out;
  }
  // A collection never converts to a number, one element or not ([int]@(5) fails as the cast of an object[]).
  if (Array.isArray(v) && (full in INT_RANGES || full === 'System.Double' || full === 'System.Single' || full === 'System.Decimal'))
    throw new ConversionError(`Cannot convert the "${typeNameOf(v)}" value of type "${typeNameOf(v)}" to type "${full}".`, '', full);
  if (full in INT_RANGES) return convertInteger(v, full);
  switch (full) {
    case 'System.Object':
    case 'System.Management.Automation.PSObject':
      if (full === 'System.Management.Automation.PSObject' && v instanceof PSHashtable) return hashtableToObject(v);
      return v;
    case 'System.String':
      return v === null || v === undefined ? '' : toStr(v);
    case 'System.Double':
    case 'System.Single':
    case 'System.Decimal':
      return toNumber(v, full);
    case 'System.Boolean':
      return toBool(v);
    case 'System.Management.Automation.SwitchParameter':
      return new SwitchParameter(toBool(v));
    case 'System.Array':
      return v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
    case 'System.Collections.Hashtable':
      if (v instanceof PSHashtable) return v;
      break;
    case 'System.Collections.Specialized.OrderedDictionary':
      if (v instanceof PSHashtable) {
        const h = new PSHashtable(true);
        for (const [k, x] of v.entries()) h.set(k, x);
        return h;
      }
      break;
    case 'System.Void':
      return undefined;
    case 'System.Collections.ArrayList': {
      const a = v === null || v === undefined ? [] : Array.isArray(v) ? [...v] : [v];
      Object.defineProperty(a, '__list', { value: 'ArrayList', enumerable: false });
      return a;
    }
    case 'System.DateTime': {
      if (v instanceof Date) return v;
      // A number is ticks (.NET's DateTime(long) constructor, which PowerShell's conversion finds): [datetime]0 is 1/1/0001.
      if (typeof v === 'number') {
        if (v < 0 || v > 3155378975999999999 || !Number.isInteger(v)) {
          const inner = 'Ticks must be between DateTime.MinValue.Ticks and DateTime.MaxValue.Ticks.\r\nParameter name: ticks';
          throw new ConversionError(`Cannot convert value "${toStr(v)}" to type "System.DateTime". Error: "${inner}"`, inner, full);
        }
        const d0 = new Date(2000, 0, 1);
        d0.setFullYear(1, 0, 1);
        return new Date(d0.getTime() + v / 10000);
      }
      const d = parseDateTime(toStr(v));
      if (d) return d;
      throw new ConversionError(
        `Cannot convert value "${toStr(v)}" to type "System.DateTime". Error: "String was not recognized as a valid DateTime."`,
        'String was not recognized as a valid DateTime.',
        full,
      );
    }
    case 'System.TimeSpan': {
      if (v instanceof PSTimeSpan) return v;
      if (typeof v === 'number') return new PSTimeSpan(v);
      const ts = parseTimeSpan(toStr(v));
      if (ts) return ts;
      throw new ConversionError(
        `Cannot convert value "${toStr(v)}" to type "System.TimeSpan". Error: "String was not recognized as a valid TimeSpan."`,
        'String was not recognized as a valid TimeSpan.',
        full,
      );
    }
    case 'System.Guid': {
      if (v instanceof PSGuid) return v;
      const g = parseGuid(toStr(v));
      if (g) return g;
      throw new ConversionError(`Cannot convert value "${toStr(v)}" to type "System.Guid". Error: "${GUID_ERROR}"`, GUID_ERROR, full);
    }
    case 'System.Xml.XmlDocument': {
      if (v instanceof XmlNode && v.nodeType === 'Document') return v;
      // [xml](Get-Content file.xml): the lines are one text.
      const text = Array.isArray(v) ? v.map((x) => toStr(x)).join('\n') : toStr(v);
      try {
        return parseXml(text);
      } catch (e) {
        if (!(e instanceof XmlParseError)) throw e;
        throw new ConversionError(`Cannot convert value "${text}" to type "System.Xml.XmlDocument". Error: "${e.message}"`, e.message, full);
      }
    }
    case 'System.Text.RegularExpressions.Regex':
      return v instanceof RegExp ? v : new RegExp(toStr(v));
    case 'System.Management.Automation.ScriptBlock':
      if (v instanceof ScriptBlock) return v;
      break;
    case 'System.Version': {
      if (v instanceof PSVersion) return v;
      const s = toStr(v);
      if (/^\d+(\.\d+){1,3}$/.test(s.trim())) return new PSVersion(s.trim());
      throw new ConversionError(
        `Cannot convert value "${s}" to type "System.Version". Error: "Version string portion was too short or too long."`,
        'Version string portion was too short or too long.',
        full,
      );
    }
    default: {
      const e = enumTypes.get(full.toLowerCase());
      if (e) return convertEnum(v, e.fullName);
      if (v !== null && v !== undefined && typeNamesOf(v).some((t) => t.toLowerCase() === full.toLowerCase())) return v;
    }
  }
  throw new ConversionError(
    `Cannot convert the "${toStr(v)}" value of type "${typeNameOf(v)}" to type "${full}".`,
    '',
    full,
  );
}

/**
 * [version] values: compare part by part, print as written. A PSObject with 5.1's properties (Major, Minor, Build,
 * Revision: -1 when absent; MajorRevision, MinorRevision), so the console shows its table view.
 */
export class PSVersion extends PSObject {
  readonly parts: number[];
  constructor(readonly text: string) {
    super(undefined, ['System.Version', 'System.Object']);
    this.parts = text.split('.').map((x) => parseInt(x, 10));
    const rev = this.parts[3] ?? -1;
    this.set('Major', this.parts[0] ?? -1);
    this.set('Minor', this.parts[1] ?? -1);
    this.set('Build', this.parts[2] ?? -1);
    this.set('Revision', rev);
    this.set('MajorRevision', rev < 0 ? -1 : rev >> 16);
    this.set('MinorRevision', rev < 0 ? -1 : rev & 0xffff);
    (this as unknown as { toStringValue: string }).toStringValue = text;
  }
  override toString(): string {
    return this.text;
  }
  compare(o: PSVersion): number {
    for (let i = 0; i < 4; i++) {
      const a = this.parts[i] ?? -1;
      const b = o.parts[i] ?? -1;
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  }
  opEquals(b: unknown): boolean {
    const o = b instanceof PSVersion ? b : typeof b === 'string' ? tryVersion(b) : undefined;
    return !!o && this.compare(o) === 0;
  }
  opCompare(b: unknown): number | undefined {
    const o = b instanceof PSVersion ? b : (convertTo(b, 'System.Version') as PSVersion);
    return this.compare(o);
  }
}

function tryVersion(s: string): PSVersion | undefined {
  return /^\d+(\.\d+){1,3}$/.test(s.trim()) ? new PSVersion(s.trim()) : undefined;
}

export function convertEnum(v: unknown, typeFull: string): PSEnumValue {
  const e = enumTypes.get(typeFull.toLowerCase())!;
  if (v instanceof PSEnumValue && v.typeName === e.fullName) return v;
  if (typeof v === 'number') {
    const m = e.members.find(([, n]) => n === v);
    if (m) return new PSEnumValue(e.fullName, m[0], m[1]);
  }
  const s = toStr(v).trim();
  const asNum = parseNumber(s);
  if (asNum !== undefined && s !== '') {
    const m = e.members.find(([, n]) => n === asNum);
    if (m) return new PSEnumValue(e.fullName, m[0], m[1]);
  }
  const m = e.members.find(([name]) => name.toLowerCase() === s.toLowerCase());
  if (m) return new PSEnumValue(e.fullName, m[0], m[1]);
  // A number (or numeric text) no member has is LanguagePrimitives' undefined-value text (the values joined by the
  // en-US list separator); a name no member has is the enum parser's, its list on a line of its own.
  if (typeof v === 'number' || (asNum !== undefined && s !== ''))
    throw new ConversionError(
      `Cannot convert value "${s}" to type "${e.fullName}" due to enumeration values that are not valid. Specify one of the following enumeration values and try again. The possible enumeration values are "${e.members.map(([n]) => n).join(',')}".`,
      '',
      e.fullName,
    );
  const names = e.members.map(([n]) => n).join(', ');
  const inner = `Unable to match the identifier name ${s} to a valid enumerator name. Specify one of the following enumerator names and try again:\n${names}`;
  throw new ConversionError(`Cannot convert value "${s}" to type "${e.fullName}". Error: "${inner}"`, inner, e.fullName);
}

/** [pscustomobject]@{...}: properties in the hashtable's order. */
export function hashtableToObject(h: PSHashtable): PSObject {
  const o = new PSObject();
  for (const [k, v] of h.entries()) o.set(toStr(k), v);
  return o;
}
