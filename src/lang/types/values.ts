/*
 * The values of the language and how wimsh represents .NET's types in JavaScript.
 *
 *   System.String -> string          System.Int32/Int64/UInt32/Double -> number     System.Boolean -> boolean
 *   $null         -> null            object[] -> Array                              DateTime -> Date
 *   Hashtable / OrderedDictionary -> PSHashtable (case-insensitive string keys, insertion order)
 *   PSCustomObject and every object with properties -> PSObject (ordered, case-insensitive properties)
 *   [type] literals -> PSTypeRef       { script blocks } -> ScriptBlock      [switch] -> SwitchParameter
 */
import type { ScriptBlockAst, SourceText } from '../syntax/ast';

export interface PSProperty {
  name: string;
  value: unknown;
}

/** An object with ordered, case-insensitively named properties (PSCustomObject and the objects cmdlets emit). */
export class PSObject {
  readonly props = new Map<string, PSProperty>();
  /** .NET type names, most derived first (drives formatting views and `-is`). */
  typeNames: string[];

  constructor(props?: Record<string, unknown> | Iterable<[string, unknown]>, typeNames?: string[]) {
    this.typeNames = typeNames ?? ['System.Management.Automation.PSCustomObject', 'System.Object'];
    if (props) {
      const entries = Symbol.iterator in Object(props) ? (props as Iterable<[string, unknown]>) : Object.entries(props);
      for (const [k, v] of entries) this.set(k, v);
    }
  }

  get(name: string): PSProperty | undefined {
    return this.props.get(name.toLowerCase());
  }

  set(name: string, value: unknown): void {
    const p = this.props.get(name.toLowerCase());
    if (p) p.value = value;
    else this.props.set(name.toLowerCase(), { name, value });
  }

  has(name: string): boolean {
    return this.props.has(name.toLowerCase());
  }

  names(): string[] {
    return [...this.props.values()].map((p) => p.name);
  }

  get typeName(): string {
    return this.typeNames[0];
  }
}

/**
 * [ref]: PowerShell's PSReference. `[ref]$x` refers to the variable itself (its Value reads and writes $x, so a
 * method's out parameter such as [int]::TryParse's reaches the caller); `[ref]5` holds a value of its own.
 */
export class PSReference extends PSObject {
  constructor(
    private readonly read: () => unknown,
    private readonly write: (v: unknown) => void,
  ) {
    super(undefined, ['System.Management.Automation.PSReference', 'System.Object']);
  }

  static ofValue(v: unknown): PSReference {
    let box = v;
    return new PSReference(
      () => box,
      (x) => (box = x),
    );
  }

  override get(name: string): PSProperty | undefined {
    return name.toLowerCase() === 'value' ? { name: 'Value', value: this.read() } : super.get(name);
  }

  override set(name: string, value: unknown): void {
    if (name.toLowerCase() === 'value') this.write(value);
    else super.set(name, value);
  }

  override has(name: string): boolean {
    return name.toLowerCase() === 'value' || super.has(name);
  }
}

function keyOf(k: unknown): unknown {
  if (typeof k === 'string') return 's:' + k.toLowerCase();
  if (typeof k === 'number') return 'n:' + k;
  if (k instanceof PSDouble) return 'n:' + k.value;
  if (k instanceof PSChar) return 'c:' + k.code;
  if (typeof k === 'boolean') return 'b:' + k;
  return k;
}

/** @{} and [ordered]@{}: keys compare case-insensitively when they are strings. */
export class PSHashtable {
  readonly map = new Map<unknown, { key: unknown; value: unknown }>();
  constructor(public ordered = false) {}

  get(k: unknown): unknown {
    return this.map.get(keyOf(k))?.value;
  }
  has(k: unknown): boolean {
    return this.map.has(keyOf(k));
  }
  set(k: unknown, v: unknown): void {
    const e = this.map.get(keyOf(k));
    if (e) e.value = v;
    else this.map.set(keyOf(k), { key: k, value: v });
  }
  delete(k: unknown): void {
    this.map.delete(keyOf(k));
  }
  keys(): unknown[] {
    return [...this.map.values()].map((e) => e.key);
  }
  values(): unknown[] {
    return [...this.map.values()].map((e) => e.value);
  }
  entries(): Array<[unknown, unknown]> {
    return [...this.map.values()].map((e) => [e.key, e.value]);
  }
  get size(): number {
    return this.map.size;
  }

  /**
   * `$h[k]`: an [ordered] dictionary indexed by an integer reads by position (OrderedDictionary's int indexer, which
   * PowerShell prefers), a hashtable by key.
   */
  index(k: unknown): unknown {
    const pos = this.position(k);
    if (pos !== undefined) return pos < this.map.size ? [...this.map.values()][pos].value : null;
    return this.get(k);
  }

  /** `$h[k] = v`, positionally for an [ordered] dictionary and an integer. */
  setIndex(k: unknown, v: unknown): void {
    const pos = this.position(k);
    if (pos !== undefined && pos < this.map.size) [...this.map.values()][pos].value = v;
    else this.set(k, v);
  }

  /** OrderedDictionary.Insert(index, key, value). */
  insert(index: number, k: unknown, v: unknown): void {
    if (this.has(k)) throw new RangeError('duplicate');
    const entries = [...this.map.entries()];
    entries.splice(index, 0, [keyOf(k), { key: k, value: v }]);
    this.map.clear();
    for (const [key, e] of entries) this.map.set(key, e);
  }

  private position(k: unknown): number | undefined {
    if (!this.ordered) return undefined;
    const n = k instanceof PSDouble ? k.value : k;
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
  }
}

/** A script block: its AST, its text, and where it came from (for `At line:` positions). */
export class ScriptBlock {
  constructor(
    readonly ast: ScriptBlockAst,
    readonly source: SourceText,
  ) {}
  get text(): string {
    return (this.ast.type === 'ScriptBlockExpression' ? this.ast.text : undefined) ?? this.source.text.slice(this.ast.start, this.ast.end);
  }
  toString(): string {
    return this.text;
  }
}

/** The value of a `[TypeName]` literal. */
export class PSTypeRef {
  constructor(
    readonly fullName: string,
    readonly elementType?: string,
  ) {}
  get name(): string {
    const i = this.fullName.lastIndexOf('.');
    return i >= 0 ? this.fullName.slice(i + 1) : this.fullName;
  }
}

/**
 * A value type with .NET operators of its own (TimeSpan, Guid, Version...): the operators ask it before their
 * general rules. Each answers undefined for an operand it has no operator for.
 */
export interface ValueOperators {
  opEquals(b: unknown): boolean;
  opCompare?(b: unknown): number | undefined;
  opAdd?(b: unknown): unknown;
  opSubtract?(b: unknown): unknown;
}

/** The value's own operators, when it has any. */
export function valueOperators(v: unknown): ValueOperators | undefined {
  return v instanceof PSObject && typeof (v as unknown as Partial<ValueOperators>).opEquals === 'function' ? (v as unknown as ValueOperators) : undefined;
}

/** [switch]: present or not. */
export class SwitchParameter {
  constructor(readonly isPresent: boolean) {}
  toString(): string {
    return this.isPresent ? 'True' : 'False';
  }
}

/** An enum value: the type's full name, the member name and its number (Dism's LogLevel, CompressionType...). */
/**
 * A System.Double whose value is a whole number (`1.0`, `[double]5`, `2.5 * 2`): JavaScript numbers cannot tell
 * 1.0 from 1, and PowerShell can (`1.0 -is [double]`, `(2.0).GetType()`). Doubles with a fraction stay plain
 * numbers (they are Double already); integers are plain numbers (Int32/Int64). valueOf keeps arithmetic in
 * JavaScript working; the engine unwraps it with numberOf wherever it reads numbers.
 */
export class PSDouble {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return String(this.value);
  }
}

/**
 * The numeric .NET types other than Int32 and Double that a script can make ([long]5, [decimal]'2.5', [byte]7,
 * [math]::Floor(3)): the value and its type's full name, so that GetType(), -is and the arithmetic that follows
 * know them ([long]1 + 1 is an Int64, [byte]1 + 1 an Int32). A PSDouble underneath, so that every place that reads
 * a boxed number reads these too; isDoubleValue tells them apart. Decimal keeps a JavaScript double's precision,
 * and its scale (the digits after the point: 2.50d has 2) so that it shows as .NET shows it ([decimal]2 * 2.5 is
 * 5.0); an undefined scale (a quotient that does not end within 28 digits) shows as a Double would.
 */
export class PSTypedNumber extends PSDouble {
  constructor(
    value: number,
    readonly typeName: string,
    readonly scale?: number,
    /** A Decimal quotient's digits where the double cannot hold them all (1d/3), for display only. */
    readonly digits?: string,
  ) {
    super(value);
  }
  override toString(): string {
    if (this.digits !== undefined) return this.digits;
    const s = this.scale;
    if (this.typeName !== 'System.Decimal' || s === undefined || !(Math.abs(this.value) < 1e21)) return String(this.value);
    return this.value.toFixed(s);
  }
}

/** A number of the given .NET type (System.Int64, System.Decimal, System.Byte...); scale for a Decimal only. */
export function makeTyped(n: number, typeName: string, scale?: number): PSTypedNumber {
  return new PSTypedNumber(n, typeName, typeName === 'System.Decimal' ? (scale ?? decimalScaleOf(n)) : undefined);
}

/** The digits after the point in a Decimal literal as written (`2.50d` 2, `1.5e1d` 0, `0x10` 0). */
export function decimalLiteralScale(t: string): number {
  const m = /^\s*[+-]?\d*(?:\.(\d*))?(?:e([+-]?\d+))?[dl]?\s*$/i.exec(t);
  if (!m) return 0;
  return Math.max(0, (m[1]?.length ?? 0) - Number(m[2] ?? 0));
}

/**
 * The scale a value has as a Decimal operand: a Decimal's own, 0 for integers and Booleans, a Double's as .NET's
 * conversion gives it (15 significant digits, trailing zeros dropped: 2.5 is 1), a numeric string's as its number's
 * (PowerShell's conversion drops the trailing zeros too: [decimal]'2.50' is 2.5). Undefined when unknown.
 */
export function decimalScaleOf(v: unknown): number | undefined {
  // (A quotient kept as digits has no exact double underneath: what follows from it shows as a Double.)
  if (v instanceof PSTypedNumber) return v.typeName === 'System.Decimal' ? (v.digits === undefined ? v.scale : undefined) : 0;
  if (v instanceof PSDouble) v = v.value;
  if (typeof v === 'boolean') return 0;
  if (typeof v === 'string') v = Number(v.trim());
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  if (Number.isInteger(v)) return 0;
  return decimalLiteralScale(String(Number(v.toPrecision(15))));
}

/** The largest scale a Decimal holds. */
const MAX_DECIMAL_SCALE = 28;

/**
 * A Decimal result with the scale .NET's operators give it: + - and % the larger of the two, * their sum (at most
 * 28), / the smallest at or above the dividend's less the divisor's that holds the exact quotient. A quotient that
 * does not end (1d/3) is rounded to the most digits a Decimal holds (a 96-bit mantissa, scale 28 at most) and
 * keeps that text for display only: the value stays a double, so a result computed from it shows as a Double would.
 */
export function decimalResult(op: string, a: unknown, b: unknown, r: number): PSTypedNumber {
  const sa = decimalScaleOf(a);
  const sb = decimalScaleOf(b);
  if (sa === undefined || sb === undefined) return new PSTypedNumber(r, 'System.Decimal');
  if (op === '*') return new PSTypedNumber(r, 'System.Decimal', Math.min(sa + sb, MAX_DECIMAL_SCALE));
  if (op !== '/') return new PSTypedNumber(r, 'System.Decimal', Math.max(sa, sb));
  // The operands as integers (mantissa * 10^-scale), exactly in BigInt while they fit a double's integers.
  const na = Number(a instanceof PSDouble ? a.value : a);
  const nb = Number(b instanceof PSDouble ? b.value : b);
  const ma = Math.round(Math.abs(na) * 10 ** sa);
  const mb = Math.round(Math.abs(nb) * 10 ** sb);
  if (!Number.isSafeInteger(ma) || !Number.isSafeInteger(mb) || mb === 0) return new PSTypedNumber(r, 'System.Decimal');
  const A = BigInt(ma);
  const B = BigInt(mb);
  // The quotient at scale s is A * 10^(s - sa + sb) / B: exact when B divides it.
  const at = (s: number): [bigint, bigint] => {
    const shift = s - sa + sb;
    return shift >= 0 ? [A * 10n ** BigInt(shift), B] : [A, B * 10n ** BigInt(-shift)];
  };
  let s = Math.max(0, sa - sb);
  for (; s <= MAX_DECIMAL_SCALE; s++) {
    const [num, den] = at(s);
    if (num % den === 0n) return new PSTypedNumber(r, 'System.Decimal', s);
  }
  // Not exact: the largest scale whose rounded mantissa still fits 96 bits.
  for (s = MAX_DECIMAL_SCALE; s > 0; s--) {
    const [num, den] = at(s);
    const q = (2n * num + den) / (2n * den);
    if (q < DECIMAL_MANTISSA_LIMIT) {
      let text = q.toString().padStart(s + 1, '0');
      text = `${text.slice(0, -s)}.${text.slice(-s)}`;
      return new PSTypedNumber(r, 'System.Decimal', undefined, (na < 0) !== (nb < 0) ? '-' + text : text);
    }
  }
  return new PSTypedNumber(r, 'System.Decimal');
}

/** 2^96: a Decimal's mantissa is below it. */
const DECIMAL_MANTISSA_LIMIT = 1n << 96n;

/**
 * A System.Char: a UTF-16 code unit. What indexing a string gives ('abc'[0]) and [char] makes. Not a string: -is
 * [string] is false, a dictionary keeps it apart from the one-letter string, `+` after it concatenates, and
 * [int] of it is its code.
 */
export class PSChar {
  constructor(readonly code: number) {}
  toString(): string {
    return String.fromCharCode(this.code);
  }
}

/** A double result: whole numbers boxed as PSDouble, others plain. */
export function makeDouble(n: number): number | PSDouble {
  return Number.isInteger(n) ? new PSDouble(n) : n;
}

/** The plain value of a PSDouble; anything else as it is. */
export function unboxDouble(v: unknown): unknown {
  return v instanceof PSDouble ? v.value : v;
}

/** Whether a value is a System.Double (boxed whole number, or a number with a fraction, NaN, Infinity). */
export function isDoubleValue(v: unknown): boolean {
  return (v instanceof PSDouble && !(v instanceof PSTypedNumber)) || (typeof v === 'number' && !Number.isInteger(v));
}

export class PSEnumValue {
  constructor(
    readonly typeName: string,
    readonly name: string,
    readonly value: number,
  ) {}
  toString(): string {
    return this.name;
  }
}

/** Definition of an enum type that parameters may use. */
export interface EnumType {
  fullName: string;
  members: Array<[string, number]>;
}

export const enumTypes = new Map<string, EnumType>();

export function registerEnum(e: EnumType): void {
  enumTypes.set(e.fullName.toLowerCase(), e);
  const short = e.fullName.slice(e.fullName.lastIndexOf('.') + 1).toLowerCase();
  if (!enumTypes.has(short)) enumTypes.set(short, e);
}

/** PowerShell's "is this one object or a collection to enumerate" rule: arrays and list-likes enumerate. */
export function isEnumerable(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

/** Enumerates a value the way the pipeline does: arrays one element at a time, $null nothing, else the value. */
export function enumerate(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  return [v];
}
