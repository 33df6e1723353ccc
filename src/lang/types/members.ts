/*
 * Members of values: the instance members of strings, arrays, lists, hashtables, dates, error records... as one
 * MemberTable per .NET type (member-table.ts), and the dispatch that reads them: getProperty, callMethod,
 * setProperty, the static lookups (`[math]::Round`, tables in static-members.ts) and what Get-Member lists.
 * Member enumeration: a property that an array does not have is taken from each element (`$list.ImageIndex`).
 */
import { PSObject, PSHashtable, PSTypeRef, ScriptBlock, SwitchParameter, PSEnumValue, PSDouble, PSChar, enumTypes, valueOperators } from './values';
import { toStr, toNumber, toBool, typeNameOf, typeNamesOf, convertTo, formatNumber, PSVersion } from './convert';
import { MemberTable, method, property, NOT_HANDLED, type MemberHost, type MemberRow } from './member-table';
import type * as StaticMembers from './static-members';
import { PSGuid } from './guid';
import { XmlNode, XmlNamespaceManager, XmlParseError, XPathError, adaptedMember, setAdaptedMember, selectNodes, serialize, parseXml } from './xml-document';
import { FileSystemItem, listItems, fileOperation, existsAt, userPath } from './file-info';
import { PSTimeSpan, dateTicks, dayName, formatDateTime, formatTimeSpanWith, dateSubtract } from './datetime';
import { ErrorRecord, raise, positionMessage, categoryInfo, type PSException } from '../runtime/errors';
import { positionOf } from '../syntax/ast';
import { formatValue } from '../runtime/operators';
import { registerView } from '../format/format';
import { host } from '../../platform/host';
import { copyFile } from '../../vfs/vfs-fs';

export type { MemberHost };
/**
 * The static tables ([math]::Max, [IO.Path]::Combine...) are loaded on the first static member a script uses: a
 * script without one (`wimsh -c '1+1'`, most DISM lines) does not compile them.
 */
let statics: typeof StaticMembers | undefined;
// eslint-disable-next-line @typescript-eslint/no-var-requires
const staticMembers = (): typeof StaticMembers => (statics ??= require('./static-members') as typeof StaticMembers);

export function newList(full: string, items: unknown[] = []): unknown[] {
  return staticMembers().newList(full, items);
}

export function newException(fullName: string, message?: string, args?: unknown[]): PSObject {
  return staticMembers().newException(fullName, message, args);
}

function typeInfo(full: string): PSObject {
  // A closed generic's Name and Namespace come from the part before its type arguments (List`1, System.Collections.Generic).
  const open = full.includes('[[') ? full.slice(0, full.indexOf('[')) : full;
  const ref = new PSTypeRef(open);
  const o = new PSObject({ FullName: full, Name: ref.name, Namespace: open.includes('.') ? open.slice(0, open.lastIndexOf('.')) : '' }, [
    'System.RuntimeType',
    'System.Type',
    'System.Object',
  ]);
  (o as unknown as { toStringValue: string }).toStringValue = full;
  return o;
}

function exceptionObject(rec: ErrorRecord, ex: PSException = rec.exception): PSObject {
  // A thrown or wrapped exception object is itself the Exception, with all its members (FileName, ParamName...).
  const thrown = ex.thrown;
  if (thrown instanceof PSObject && thrown.typeNames.includes('System.Exception')) return thrown;
  const o = new PSObject(
    {
      Message: ex.message,
      // The exception a MethodInvocationException wraps (`$_.Exception.InnerException`), an exception of its own type.
      InnerException: ex.innerException ? exceptionObject(rec, ex.innerException) : null,
      HResult: ex.hresult ?? -2146233087,
      ErrorRecord: rec,
    },
    [ex.fullName ?? `System.Management.Automation.${ex.typeName}`, 'System.Exception', 'System.Object'],
  );
  (o as unknown as { toStringValue: string }).toStringValue = ex.message;
  return o;
}

/**
 * `$x.pstypenames` (and `.PSObject.TypeNames`): the type names, most derived first. A PSObject's own list is
 * returned live, so `$o.pstypenames.Insert(0, 'My.Type')` gives it a view name as in PowerShell.
 */
function psTypeNames(obj: unknown): string[] {
  if (obj instanceof PSObject) {
    if (!(obj.typeNames as unknown as { __list?: string }).__list) Object.defineProperty(obj.typeNames, '__list', { value: 'List', enumerable: false });
    return obj.typeNames;
  }
  return typeNamesOf(obj).filter((t) => t !== 'System.Management.Automation.PSObject');
}

/** `.PSObject.Properties`: PSNoteProperty objects as 5.1 lists them; indexable by name (`.Properties['a']`). */
function psProperties(obj: unknown): PSObject[] {
  const entries: [string, unknown][] =
    obj instanceof PSObject ? [...obj.props.values()].map((p) => [p.name, p.value]) : typeof obj === 'string' ? [['Length', obj.length]] : [];
  const out = entries.map(
    ([n, v]) =>
      new PSObject(
        { MemberType: 'NoteProperty', IsSettable: obj instanceof PSObject, IsGettable: true, Value: v, TypeNameOfValue: v === null || v === undefined ? 'System.Object' : typeNameOf(v), Name: n, IsInstance: true },
        ['System.Management.Automation.PSNoteProperty', 'System.Management.Automation.PSPropertyInfo', 'System.Management.Automation.PSMemberInfo', 'System.Object'],
      ),
  );
  Object.defineProperty(out, '__byName', { value: true, enumerable: false });
  return out;
}

/** `$x.PSObject`: the wrapper's view (BaseObject, Properties, TypeNames, Members). */
function psObjectView(obj: unknown): PSObject {
  const props = psProperties(obj);
  const v = new PSObject(
    { BaseObject: obj, ImmediateBaseObject: obj, Members: props, Properties: props, Methods: [], TypeNames: psTypeNames(obj) },
    ['System.Management.Automation.PSObject', 'System.Object'],
  );
  (v as unknown as { toStringValue: string }).toStringValue = obj instanceof PSObject ? '' : toStr(obj);
  return v;
}

/** An instance method: the value, the evaluated arguments; may return NOT_HANDLED to decline. */
export type InstanceMethod<T> = (self: T, args: unknown[], mh: MemberHost) => unknown;
/** An instance property's getter. */
export type InstanceProperty<T> = (self: T) => unknown;
export type InstanceTable<T> = MemberTable<InstanceMethod<T>, InstanceProperty<T>>;

/** Row builders typed for one .NET type's representation, so the implementations need no annotations. */
function rowsFor<T>() {
  return {
    m: (name: string, impl: InstanceMethod<T>, definition?: string): MemberRow<InstanceMethod<T>> => method(name, impl, definition),
    p: (name: string, impl: InstanceProperty<T>, definition?: string): MemberRow<InstanceProperty<T>> => property(name, impl, definition),
  };
}

function argCountError(name: string, n: number): never {
  raise(
    `Cannot find an overload for "${name}" and the argument count: "${n}".`,
    'MethodCountCouldNotFindBest',
    'InvalidOperation',
    'MethodException',
  );
}

/** A string's characters as System.Char[]. */
function charArray(s: string): PSChar[] {
  const out: PSChar[] = [];
  for (let i = 0; i < s.length; i++) out.push(new PSChar(s.charCodeAt(i)));
  Object.defineProperty(out, '__elementType', { value: 'System.Char', enumerable: false });
  return out;
}

function methodNotFound(obj: unknown, name: string): never {
  const tn = obj instanceof PSTypeRef ? obj.fullName : obj instanceof PSObject ? obj.typeNames[0] : typeNameOf(obj);
  if (obj === null || obj === undefined)
    raise('You cannot call a method on a null-valued expression.', 'InvokeMethodOnNull', 'InvalidOperation');
  raise(
    `Method invocation failed because [${tn}] does not contain a method named '${name}'.`,
    'MethodNotFound',
    'InvalidOperation',
  );
}

function strIndex(s: string, sub: string, ic: boolean): number {
  return ic ? s.toLowerCase().indexOf(sub.toLowerCase()) : s.indexOf(sub);
}

function outOfRange(param: string): never {
  raise(
    `Exception calling "Substring" with "1" argument(s): "${param} cannot be less than zero or greater than the length of the string.`,
    'ArgumentOutOfRangeException',
    'NotSpecified',
    'MethodInvocationException',
  );
}

function trimChars(s: string, chars: string, start: boolean, end: boolean): string {
  let i = 0;
  let j = s.length;
  if (start) while (i < j && chars.includes(s[i])) i++;
  if (end) while (j > i && chars.includes(s[j - 1])) j--;
  return s.slice(i, j);
}

function splitString(s: string, a: unknown[]): string[] {
  const n = a.length;
  if (n === 0) return splitString(s, [[' ', '\t', '\n', '\r', '\v', '\f']]);
  const seps = Array.isArray(a[0]) ? (a[0] as unknown[]).map((x) => toStr(x)) : toStr(a[0]).split('');
  const removeEmpty = n > 1 && /removeemptyentries|^1$/i.test(toStr(a[n - 1]));
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const sep = seps.find((x) => x !== '' && s.startsWith(x, i));
    if (sep !== undefined) {
      parts.push(cur);
      cur = '';
      i += sep.length - 1;
    } else cur += s[i];
  }
  parts.push(cur);
  const out = removeEmpty ? parts.filter((x) => x !== '') : parts;
  // String.Split gives a String[] (its GetType() and its text in -f say so).
  Object.defineProperty(out, '__elementType', { value: 'System.String', enumerable: false });
  return out;
}

function substring(s: string, a: unknown[]): string {
  const start = toNumber(a[0]);
  if (start < 0 || start > s.length) outOfRange('startIndex');
  if (a.length > 1) {
    const len = toNumber(a[1]);
    if (len < 0 || start + len > s.length)
      raise(
        `Exception calling "Substring" with "2" argument(s): "Index and length must refer to a location within the string.\nParameter name: length"`,
        'ArgumentOutOfRangeException',
        'NotSpecified',
        'MethodInvocationException',
      );
    return s.substr(start, len);
  }
  return s.slice(start);
}

/**
 * The .Where({...}, mode, n) method: Default (all that match), First/Last (the first or last n, 1 when n is 0),
 * SkipUntil (from the first match on), Until (up to the first match), Split (matches and the rest, two lists).
 */
async function whereMethod(l: unknown[], _sb: ScriptBlock, mode: string, n: number, test: (x: unknown) => Promise<unknown>): Promise<unknown[]> {
  const m = mode.toLowerCase();
  const out: unknown[] = [];
  switch (m) {
    case 'default':
      for (const x of l) if (toBool(await test(x))) out.push(x);
      return out;
    case 'first':
      for (const x of l) if (toBool(await test(x)) && (out.push(x), n > 0 ? out.length >= n : true)) break;
      return out;
    case 'last':
      for (const x of l) if (toBool(await test(x))) out.push(x);
      return out.slice(-(n > 0 ? n : 1));
    case 'skipuntil': {
      let on = false;
      for (const x of l) {
        if (!on && toBool(await test(x))) on = true;
        if (on) out.push(x);
        if (n > 0 && out.length >= n) break;
      }
      return out;
    }
    case 'until':
      for (const x of l) {
        if (toBool(await test(x))) break;
        out.push(x);
        if (n > 0 && out.length >= n) break;
      }
      return out;
    case 'split': {
      const rest: unknown[] = [];
      for (const x of l) {
        if ((n <= 0 || out.length < n) && toBool(await test(x))) out.push(x);
        else rest.push(x);
      }
      return [out, rest];
    }
  }
  raise(
    `Cannot convert value "${mode}" to type "System.Management.Automation.WhereOperatorSelectionMode". Error: "Unable to match the identifier name ${mode} to a valid enumerator name. Specify one of the following enumerator names and try again:\nDefault, First, Last, SkipUntil, Until, Split"`,
    'MethodArgumentConversionInvalidCastArgument',
    'NotSpecified',
    'MethodException',
  );
}

/** System.Object: every value's GetType, ToString, Equals, and PowerShell's intrinsic PSObject and PSTypeNames. */
const O = rowsFor<unknown>();
export const OBJECT_MEMBERS: InstanceTable<unknown> = new MemberTable<InstanceMethod<unknown>, InstanceProperty<unknown>>('System.Object', [
  O.p('PSObject', (o) => psObjectView(o)),
  O.p('PSTypeNames', (o) => psTypeNames(o)),
  O.m(
    'GetType',
    (o) => typeInfo(o instanceof PSObject ? (o.typeNames[0] === 'System.Management.Automation.PSCustomObject' ? 'System.Management.Automation.PSCustomObject' : o.typeNames[0]) : typeNameOf(o)),
    'type GetType()',
  ),
  O.m(
    'ToString',
    (o, args) => {
      // A whole-number double formats as the plain number; a Decimal shows its scale (1.50d is 1.50).
      if (!args.length && o instanceof PSDouble) return toStr(o);
      const v = o instanceof PSDouble ? o.value : o;
      // A DateTime's own ToString is the culture's (en-US 'G'), not PowerShell's invariant "$date".
      if (v instanceof Date) return formatDateTime(v, args.length ? toStr(args[0]) : 'G');
      if (v instanceof PSTimeSpan && args.length) return formatTimeSpanWith(v, toStr(args[0]));
      if (v instanceof PSGuid && args.length) return v.formatWith(toStr(args[0]));
      if (args.length && typeof v === 'number') return formatValue(v, toStr(args[0]));
      // A collection's ToString is Object.ToString: its type's name, never its items ("$arr" joins them).
      if (Array.isArray(v)) return typeNameOf(v);
      return toStr(v);
    },
    'string ToString()',
  ),
  O.m(
    'Equals',
    (o, args) => {
      const ops = valueOperators(o);
      if (ops) return ops.opEquals(args[0]);
      if (o instanceof Date) return args[0] instanceof Date && o.getTime() === args[0].getTime();
      return (o instanceof PSDouble ? o.value : o) === args[0];
    },
    'bool Equals(System.Object obj)',
  ),
]);

const S = rowsFor<string>();
export const STRING_MEMBERS: InstanceTable<string> = new MemberTable<InstanceMethod<string>, InstanceProperty<string>>('System.String', [
  S.p('Length', (s) => s.length, 'int Length {get;}'),
  S.p('Count', () => 1),
  S.m('ToUpper', (s) => s.toUpperCase(), 'string ToUpper()'),
  S.m('ToUpperInvariant', (s) => s.toUpperCase()),
  S.m('ToLower', (s) => s.toLowerCase(), 'string ToLower()'),
  S.m('ToLowerInvariant', (s) => s.toLowerCase()),
  S.m('Trim', (s, a) => (a.length ? trimChars(s, toStr(a[0]), true, true) : s.trim()), 'string Trim()'),
  S.m('TrimStart', (s, a) => (a.length ? trimChars(s, toStr(a[0]), true, false) : s.replace(/^\s+/, ''))),
  S.m('TrimEnd', (s, a) => (a.length ? trimChars(s, toStr(a[0]), false, true) : s.replace(/\s+$/, ''))),
  S.m(
    'Replace',
    (s, a) => {
      if (a.length !== 2) argCountError('Replace', a.length);
      return s.split(toStr(a[0])).join(toStr(a[1]));
    },
    'string Replace(string oldValue, string newValue)',
  ),
  S.m('Split', splitString, 'string[] Split(Params char[] separator)'),
  S.m('Substring', substring, 'string Substring(int startIndex, int length)'),
  S.m('Contains', (s, a) => s.includes(toStr(a[0])), 'bool Contains(string value)'),
  S.m(
    'StartsWith',
    (s, a) => (a.length > 1 && /ignorecase/i.test(toStr(a[1])) ? s.toLowerCase().startsWith(toStr(a[0]).toLowerCase()) : s.startsWith(toStr(a[0]))),
    'bool StartsWith(string value)',
  ),
  S.m(
    'EndsWith',
    (s, a) => (a.length > 1 && /ignorecase/i.test(toStr(a[1])) ? s.toLowerCase().endsWith(toStr(a[0]).toLowerCase()) : s.endsWith(toStr(a[0]))),
    'bool EndsWith(string value)',
  ),
  S.m(
    'IndexOf',
    (s, a) => (a.length > 1 && typeof a[1] === 'number' ? s.indexOf(toStr(a[0]), a[1] as number) : strIndex(s, toStr(a[0]), a.length > 1 && /ignorecase/i.test(toStr(a[1])))),
    'int IndexOf(string value)',
  ),
  S.m('LastIndexOf', (s, a) => (a.length > 1 && /ignorecase$/i.test(toStr(a[a.length - 1])) ? s.toLowerCase().lastIndexOf(toStr(a[0]).toLowerCase()) : s.lastIndexOf(toStr(a[0])))),
  S.m('PadLeft', (s, a) => s.padStart(toNumber(a[0]), a.length > 1 ? toStr(a[1]) : ' ')),
  S.m('PadRight', (s, a) => s.padEnd(toNumber(a[0]), a.length > 1 ? toStr(a[1]) : ' ')),
  S.m('Insert', (s, a) => s.slice(0, toNumber(a[0])) + toStr(a[1]) + s.slice(toNumber(a[0]))),
  S.m('Remove', (s, a) => (a.length > 1 ? s.slice(0, toNumber(a[0])) + s.slice(toNumber(a[0]) + toNumber(a[1])) : s.slice(0, toNumber(a[0])))),
  // String overrides System.Object's Equals and ToString: it compares text, and is its own text.
  // Equals(value) and Equals(value, StringComparison): ordinal, or ignoring case when the comparison says so.
  S.m('Equals', (s, a) => (a.length > 1 && /ignorecase$/i.test(toStr(a[1])) ? s.toLowerCase() === toStr(a[0]).toLowerCase() : s === toStr(a[0]))),
  S.m('CompareTo', (s, a) => (s < toStr(a[0]) ? -1 : s > toStr(a[0]) ? 1 : 0)),
  S.m('ToString', (s) => s),
  S.m('ToCharArray', (s) => charArray(s)),
  S.m('GetHashCode', (s) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0)),
  S.m('Normalize', (s) => s.normalize()),
  S.m('IsNullOrEmpty', (s) => s === ''),
], OBJECT_MEMBERS);

const H = rowsFor<PSHashtable>();
export const HASHTABLE_MEMBERS: InstanceTable<PSHashtable> = new MemberTable<InstanceMethod<PSHashtable>, InstanceProperty<PSHashtable>>('System.Collections.Hashtable', [
  H.p('Count', (h) => h.size, 'int Count {get;}'),
  H.p('Keys', (h) => h.keys(), 'System.Collections.ICollection Keys {get;}'),
  H.p('Values', (h) => h.values(), 'System.Collections.ICollection Values {get;}'),
  H.m(
    'Add',
    (h, a) => {
      if (h.has(a[0]))
        raise(
          `Exception calling "Add" with "2" argument(s): "Item has already been added. Key in dictionary: '${toStr(a[0])}'  Key being added: '${toStr(a[0])}'"`,
          'ArgumentException',
          'NotSpecified',
          'MethodInvocationException',
        );
      h.set(a[0], a[1]);
      return undefined;
    },
    'void Add(System.Object key, System.Object value)',
  ),
  H.m('Remove', (h, a) => {
    h.delete(a[0]);
    return undefined;
  }),
  H.m('ContainsKey', (h, a) => h.has(a[0]), 'bool ContainsKey(System.Object key)'),
  // OrderedDictionary.Insert(index, key, value); a Hashtable has no order to insert into.
  H.m('Insert', (h, a) => {
    if (!h.ordered) return NOT_HANDLED;
    const i = toNumber(a[0]);
    if (i < 0 || i > h.size)
      raise(`Exception calling "Insert" with "3" argument(s): "Specified argument was out of the range of valid values.\r\nParameter name: index"`, 'ArgumentOutOfRangeException', 'NotSpecified', 'MethodInvocationException');
    if (h.has(a[1]))
      raise(`Exception calling "Insert" with "3" argument(s): "Item has already been added. Key in dictionary: '${toStr(a[1])}'  Key being added: '${toStr(a[1])}'"`, 'ArgumentException', 'NotSpecified', 'MethodInvocationException');
    h.insert(i, a[1], a[2]);
    return undefined;
  }),
  H.m('Contains', (h, a) => h.has(a[0])),
  H.m('ContainsValue', (h, a) => h.values().some((v) => v === a[0])),
  H.m('Clear', (h) => {
    for (const k of h.keys()) h.delete(k);
    return undefined;
  }),
  H.m('Clone', (h) => {
    const c = new PSHashtable(h.ordered);
    for (const [k, v] of h.entries()) c.set(k, v);
    return c;
  }),
  H.m('GetEnumerator', (h) => h.entries().map(([k, v]) => new PSObject({ Key: k, Value: v, Name: k }, ['System.Collections.DictionaryEntry', 'System.Object']))),
], OBJECT_MEMBERS);

/** Whether a list element is the argument (strings compare by text, as .NET's Equals would). */
const sameItem = (x: unknown, y: unknown): boolean => x === y || (typeof x === 'string' && x === toStr(y));
const listKind = (a: unknown[]): string | undefined => (a as unknown as { __list?: string }).__list;
/** A value as the list's item type (List[int].Add('5') stores 5); ArrayList and List[object] keep it as it is. */
const asItem = (l: unknown[], v: unknown): unknown => {
  const t = (l as unknown as { __itemType?: string }).__itemType;
  return t && t !== 'System.Object' ? convertTo(v, t) : v;
};

const A = rowsFor<unknown[]>();
/** object[] (and what lists inherit). A name not here is called on each element (method enumeration). */
export const ARRAY_MEMBERS: InstanceTable<unknown[]> = new MemberTable<InstanceMethod<unknown[]>, InstanceProperty<unknown[]>>('System.Object[]', [
  A.p('Count', (a) => a.length),
  A.p('Length', (a) => a.length),
  A.p('Rank', () => 1),
  A.m('Contains', (l, a) => l.some((x) => sameItem(x, a[0]))),
  A.m('IndexOf', (l, a) => l.findIndex((x) => sameItem(x, a[0]))),
  A.m('Add', () =>
    raise(
      'Exception calling "Add" with "1" argument(s): "Collection was of a fixed size."',
      'NotSupportedException',
      'NotSpecified',
      'MethodInvocationException',
    ),
  ),
  A.m('Clone', (l) => [...l]),
  A.m('ForEach', async (l, a, mh) => {
    if (a[0] instanceof ScriptBlock && mh.invokeScriptBlock) {
      const out: unknown[] = [];
      for (const x of l) {
        const r = await mh.invokeScriptBlock(a[0], [x]);
        if (Array.isArray(r)) out.push(...r);
        else if (r !== undefined && r !== null) out.push(r);
      }
      return out;
    }
    // .ForEach([int]) converts each element; .ForEach('Name') reads a property; .ForEach('Method', args) calls one.
    if (a[0] instanceof PSTypeRef) return l.map((x) => convertTo(x, (a[0] as PSTypeRef).fullName));
    const name = toStr(a[0]);
    // A name that is no property of the first element but one of its methods is a method call (each result kept
    // whole: ('a-b').ForEach('Split', '-') has one item per element).
    const isMethod = a.length > 1 || (l.length > 0 && getProperty(l[0], name) === null && !!(tableOf(l[0]) ?? OBJECT_MEMBERS).method(name));
    if (isMethod) {
      const out: unknown[] = [];
      for (const x of l) out.push(await callMethod(x, name, a.slice(1), mh));
      return out;
    }
    return l.map((x) => getProperty(x, name));
  }),
  A.m('Where', (l, a, mh) => {
    const sb = a[0];
    const invoke = mh.invokeScriptBlock;
    if (!(sb instanceof ScriptBlock && invoke)) return NOT_HANDLED;
    return whereMethod(l, sb, a.length > 1 ? toStr(a[1]) : 'Default', a.length > 2 ? toNumber(a[2]) : 0, (x) => invoke(sb, [x]));
  }),
], OBJECT_MEMBERS);

const L = rowsFor<unknown[]>();
/** ArrayList and List[T]: resizable; their other members are the array's (the base). */
export const LIST_MEMBERS: InstanceTable<unknown[]> = new MemberTable<InstanceMethod<unknown[]>, InstanceProperty<unknown[]>>('System.Collections.ArrayList', [
  L.m('Add', (l, a) => {
    l.push(asItem(l, a[0]));
    return listKind(l) === 'ArrayList' ? l.length - 1 : undefined;
  }),
  L.m('AddRange', (l, a) => {
    l.push(...(Array.isArray(a[0]) ? a[0] : [a[0]]).map((x) => asItem(l, x)));
    return undefined;
  }),
  L.m('Insert', (l, a) => {
    l.splice(toNumber(a[0]), 0, asItem(l, a[1]));
    return undefined;
  }),
  L.m('Remove', (l, a) => {
    const i = l.findIndex((x) => sameItem(x, a[0]));
    if (i >= 0) l.splice(i, 1);
    return listKind(l) === 'ArrayList' ? undefined : i >= 0;
  }),
  L.m('RemoveAt', (l, a) => {
    l.splice(toNumber(a[0]), 1);
    return undefined;
  }),
  L.m('RemoveRange', (l, a) => {
    l.splice(toNumber(a[0]), toNumber(a[1]));
    return undefined;
  }),
  L.m('Clear', (l) => {
    l.length = 0;
    return undefined;
  }),
  L.m('ToArray', (l) => [...l]),
  // Sort(): .NET's default order (numbers by value, strings by culture); Sort({ param($a, $b) ... }) is not offered.
  L.m('Sort', (l) => {
    l.sort(staticMembers().dotNetCompare);
    return undefined;
  }),
  L.m('Reverse', (l) => {
    l.reverse();
    return undefined;
  }),
  L.m('GetRange', (l, a) => newList(listKind(l) === 'ArrayList' ? 'System.Collections.ArrayList' : 'List', l.slice(toNumber(a[0]), toNumber(a[0]) + toNumber(a[1])))),
], ARRAY_MEMBERS);

const D = rowsFor<Date>();
/** Adds to a copy: DateTime is immutable. */
const addMs = (f: number) => (d: Date, a: unknown[]) => new Date(d.getTime() + toNumber(a[0] ?? 0, 'System.Double') * f);
/** The local midnight that starts the date's day. */
const midnight = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());
export const DATETIME_MEMBERS: InstanceTable<Date> = new MemberTable<InstanceMethod<Date>, InstanceProperty<Date>>('System.DateTime', [
  D.p('Year', (d) => d.getFullYear(), 'int Year {get;}'),
  D.p('Month', (d) => d.getMonth() + 1, 'int Month {get;}'),
  D.p('Day', (d) => d.getDate(), 'int Day {get;}'),
  D.p('Hour', (d) => d.getHours(), 'int Hour {get;}'),
  D.p('Minute', (d) => d.getMinutes(), 'int Minute {get;}'),
  D.p('Second', (d) => d.getSeconds(), 'int Second {get;}'),
  D.p('Millisecond', (d) => d.getMilliseconds(), 'int Millisecond {get;}'),
  D.p('DayOfWeek', (d) => dayName(d), 'System.DayOfWeek DayOfWeek {get;}'),
  D.p('DayOfYear', (d) => Math.round((midnight(d).getTime() - new Date(d.getFullYear(), 0, 1).getTime()) / 86400000) + 1, 'int DayOfYear {get;}'),
  D.p('Date', (d) => midnight(d), 'datetime Date {get;}'),
  D.p('TimeOfDay', (d) => PSTimeSpan.fromMs(d.getTime() - midnight(d).getTime()), 'timespan TimeOfDay {get;}'),
  D.p('Ticks', (d) => dateTicks(d), 'long Ticks {get;}'),
  D.p('Kind', () => 'Local', 'System.DateTimeKind Kind {get;}'),
  // The DateTime script property 5.1's types.ps1xml adds: what the console shows for a date.
  D.p('DateTime', (d) => formatDateTime(d, 'dddd, MMMM d, yyyy h:mm:ss tt'), 'System.Object DateTime {get=...}'),
  D.m('AddDays', addMs(86400000), 'datetime AddDays(double value)'),
  D.m('AddHours', addMs(3600000), 'datetime AddHours(double value)'),
  D.m('AddMinutes', addMs(60000), 'datetime AddMinutes(double value)'),
  D.m('AddSeconds', addMs(1000), 'datetime AddSeconds(double value)'),
  D.m('AddMilliseconds', addMs(1), 'datetime AddMilliseconds(double value)'),
  D.m('AddTicks', addMs(1 / 10000), 'datetime AddTicks(long value)'),
  D.m('Add', (d, a) => (a[0] instanceof PSTimeSpan ? new Date(d.getTime() + a[0].ms) : argCountError('Add', a.length)), 'datetime Add(timespan value)'),
  D.m(
    'Subtract',
    (d, a) => dateSubtract(d, a[0] instanceof Date || a[0] instanceof PSTimeSpan ? a[0] : convertTo(a[0], 'System.DateTime')),
    'timespan Subtract(datetime value), datetime Subtract(timespan value)',
  ),
  D.m('AddMonths', (d, a) => {
    const r = new Date(d.getTime());
    const day = r.getDate();
    r.setDate(1);
    r.setMonth(r.getMonth() + toNumber(a[0] ?? 0));
    // .NET clamps to the month's last day (Jan 31 + 1 month is Feb 29), where JavaScript rolls over.
    r.setDate(Math.min(day, new Date(r.getFullYear(), r.getMonth() + 1, 0).getDate()));
    return r;
  }, 'datetime AddMonths(int months)'),
  D.m('AddYears', (d, a) => {
    const r = new Date(d.getTime());
    const day = r.getDate();
    r.setDate(1);
    r.setFullYear(r.getFullYear() + toNumber(a[0] ?? 0));
    r.setDate(Math.min(day, new Date(r.getFullYear(), r.getMonth() + 1, 0).getDate()));
    return r;
  }, 'datetime AddYears(int value)'),
  D.m('CompareTo', (d, a) => {
    const t = (a[0] instanceof Date ? a[0] : (convertTo(a[0], 'System.DateTime') as Date)).getTime();
    return d.getTime() < t ? -1 : d.getTime() > t ? 1 : 0;
  }, 'int CompareTo(datetime value)'),
  D.m('ToShortDateString', (d) => formatDateTime(d, 'd'), 'string ToShortDateString()'),
  D.m('ToLongDateString', (d) => formatDateTime(d, 'D'), 'string ToLongDateString()'),
  D.m('ToShortTimeString', (d) => formatDateTime(d, 't'), 'string ToShortTimeString()'),
  D.m('ToLongTimeString', (d) => formatDateTime(d, 'T'), 'string ToLongTimeString()'),
  D.m('ToUniversalTime', (d) => new Date(d.getTime() + d.getTimezoneOffset() * 60000), 'datetime ToUniversalTime()'),
  D.m('ToLocalTime', (d) => d, 'datetime ToLocalTime()'),
  D.m('ToFileTime', (d) => d.getTime() * 10000 + 116444736000000000, 'long ToFileTime()'),
  D.m('ToFileTimeUtc', (d) => d.getTime() * 10000 + 116444736000000000, 'long ToFileTimeUtc()'),
], OBJECT_MEMBERS);

const F = rowsFor<FileSystemItem>();
/** SearchOption AllDirectories, as an enum value, its name or its number (1). */
const allDirectories = (v: unknown): boolean => v !== undefined && v !== null && /^(alldirectories|1)$/i.test(toStr(v));
const listing = (kind: 'file' | 'directory' | 'any') => (d: FileSystemItem, a: unknown[]) =>
  listItems(d, kind, a.length ? toStr(a[0]) : undefined, allDirectories(a[1]));

/** What FileInfo and DirectoryInfo share (System.IO.FileSystemInfo). */
export const FILESYSTEMINFO_MEMBERS: InstanceTable<FileSystemItem> = new MemberTable<InstanceMethod<FileSystemItem>, InstanceProperty<FileSystemItem>>('System.IO.FileSystemInfo', [
  F.m('Refresh', (f) => {
    f.load(f.hostPath, f.fullName, toStr(f) !== f.fullName, f.isDirectory);
    return undefined;
  }, 'void Refresh()'),
], OBJECT_MEMBERS);

export const FILEINFO_MEMBERS: InstanceTable<FileSystemItem> = new MemberTable<InstanceMethod<FileSystemItem>, InstanceProperty<FileSystemItem>>('System.IO.FileInfo', [
  F.m('Delete', (f) => {
    // As .NET: deleting a file that is not there is no error.
    if (existsAt(f.hostPath)) fileOperation('Delete', 0, f.fullName, () => host().fs.unlinkSync(f.hostPath));
    return undefined;
  }, 'void Delete()'),
  F.m('CopyTo', (f, a, mh) => {
    const to = userPath(mh.resolvePath, toStr(a[0]));
    if (!toBool(a[1]) && existsAt(to.host))
      raise(`Exception calling "CopyTo" with "${a.length}" argument(s): "The file '${to.display}' already exists."`, 'IOException', 'NotSpecified', 'MethodInvocationException');
    fileOperation('CopyTo', a.length, to.display, () => copyFile(f.hostPath, to.host));
    return new FileSystemItem(to.host, to.display);
  }, 'System.IO.FileInfo CopyTo(string destFileName), System.IO.FileInfo CopyTo(string destFileName, bool overwrite)'),
  F.m('MoveTo', (f, a, mh) => {
    const to = userPath(mh.resolvePath, toStr(a[0]));
    if (existsAt(to.host)) raise(`Exception calling "MoveTo" with "${a.length}" argument(s): "Cannot create a file when that file already exists."`, 'IOException', 'NotSpecified', 'MethodInvocationException');
    fileOperation('MoveTo', a.length, f.fullName, () => host().fs.renameSync(f.hostPath, to.host));
    f.load(to.host, to.display, false, false);
    return undefined;
  }, 'void MoveTo(string destFileName)'),
], FILESYSTEMINFO_MEMBERS);

export const DIRECTORYINFO_MEMBERS: InstanceTable<FileSystemItem> = new MemberTable<InstanceMethod<FileSystemItem>, InstanceProperty<FileSystemItem>>('System.IO.DirectoryInfo', [
  F.m('Delete', (d, a) => {
    if (!existsAt(d.hostPath))
      raise(`Exception calling "Delete" with "${a.length}" argument(s): "Could not find a part of the path '${d.fullName}'."`, 'DirectoryNotFoundException', 'NotSpecified', 'MethodInvocationException');
    fileOperation('Delete', a.length, d.fullName, () => (toBool(a[0]) ? host().fs.rmSync(d.hostPath, { recursive: true, force: true }) : host().fs.rmdirSync(d.hostPath)));
    return undefined;
  }, 'void Delete(), void Delete(bool recursive)'),
  F.m('Create', (d) => {
    fileOperation('Create', 0, d.fullName, () => host().fs.mkdirSync(d.hostPath, { recursive: true }));
    d.load(d.hostPath, d.fullName, false, true);
    return undefined;
  }, 'void Create()'),
  F.m('CreateSubdirectory', (d, a) => {
    const rel = toStr(a[0]).replace(/[\\/]+$/, '');
    const parts = rel.split(/[\\/]+/).filter(Boolean);
    const h = host().path.join(d.hostPath, ...parts);
    fileOperation('CreateSubdirectory', a.length, d.fullName, () => host().fs.mkdirSync(h, { recursive: true }));
    return new FileSystemItem(h, d.fullName.replace(/[\\/]+$/, '') + '\\' + parts.join('\\'), true, true);
  }, 'System.IO.DirectoryInfo CreateSubdirectory(string path)'),
  F.m('MoveTo', (d, a, mh) => {
    const to = userPath(mh.resolvePath, toStr(a[0]));
    if (existsAt(to.host)) raise(`Exception calling "MoveTo" with "${a.length}" argument(s): "Cannot create '${to.display}' because a file or directory with the same name already exists."`, 'IOException', 'NotSpecified', 'MethodInvocationException');
    fileOperation('MoveTo', a.length, d.fullName, () => host().fs.renameSync(d.hostPath, to.host));
    d.load(to.host, to.display, false, true);
    return undefined;
  }, 'void MoveTo(string destDirName)'),
  F.m('GetFiles', listing('file'), 'System.IO.FileInfo[] GetFiles(), System.IO.FileInfo[] GetFiles(string searchPattern), System.IO.FileInfo[] GetFiles(string searchPattern, System.IO.SearchOption searchOption)'),
  F.m('GetDirectories', listing('directory'), 'System.IO.DirectoryInfo[] GetDirectories(), System.IO.DirectoryInfo[] GetDirectories(string searchPattern), System.IO.DirectoryInfo[] GetDirectories(string searchPattern, System.IO.SearchOption searchOption)'),
  F.m('GetFileSystemInfos', listing('any'), 'System.IO.FileSystemInfo[] GetFileSystemInfos(), System.IO.FileSystemInfo[] GetFileSystemInfos(string searchPattern)'),
  F.m('EnumerateFiles', listing('file'), 'System.Collections.Generic.IEnumerable[System.IO.FileInfo] EnumerateFiles()'),
  F.m('EnumerateDirectories', listing('directory'), 'System.Collections.Generic.IEnumerable[System.IO.DirectoryInfo] EnumerateDirectories()'),
  F.m('EnumerateFileSystemInfos', listing('any'), 'System.Collections.Generic.IEnumerable[System.IO.FileSystemInfo] EnumerateFileSystemInfos()'),
], FILESYSTEMINFO_MEMBERS);

const X = rowsFor<XmlNode>();
/** A DOM failure as the method call's .NET exception (InvalidOperationException, XPathException, XmlException). */
function xmlCall<T>(method: string, argc: number, op: () => T): T {
  try {
    return op();
  } catch (e) {
    if (e instanceof XmlParseError || e instanceof XPathError)
      raise(`Exception calling "${method}" with "${argc}" argument(s): "${e.message}"`, e instanceof XPathError ? 'XPathException' : 'InvalidOperationException', 'NotSpecified', 'MethodInvocationException');
    throw e;
  }
}
const xmlNode = (v: unknown, method: string, argc: number): XmlNode => {
  if (v instanceof XmlNode) return v;
  raise(`Cannot convert argument "newChild", with value: "${toStr(v)}", for "${method}" to type "System.Xml.XmlNode": "Cannot convert the "${toStr(v)}" value of type "${typeNameOf(v)}" to type "System.Xml.XmlNode"."`, 'MethodArgumentConversionInvalidCastArgument', 'NotSpecified', 'MethodException');
  void argc;
};
const nsArg = (v: unknown): XmlNamespaceManager | undefined => (v instanceof XmlNamespaceManager ? v : undefined);
/** A list that `$list['name']` can index by Name (Attributes, ChildNodes). */
const byName = (items: XmlNode[]): XmlNode[] => {
  Object.defineProperty(items, '__byName', { value: true, enumerable: false });
  return items;
};
/** Reads a file for Load(path): UTF-16 by its BOM, else UTF-8. */
function readXmlFile(path: string): string {
  const data = host().fs.readFileSync(path);
  const t = host().text;
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return t.utf16leDecode(data.subarray(2));
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return t.utf16beDecode(data.subarray(2));
  return t.utf8Decode(data);
}

/** System.Xml.XmlNode: every node of an [xml] document (elements, attributes, text, the document itself). */
export const XMLNODE_MEMBERS: InstanceTable<XmlNode> = new MemberTable<InstanceMethod<XmlNode>, InstanceProperty<XmlNode>>('System.Xml.XmlNode', [
  X.p('Name', (n) => n.name, 'string Name {get;}'),
  X.p('LocalName', (n) => n.localName, 'string LocalName {get;}'),
  X.p('NamespaceURI', (n) => n.namespaceURI, 'string NamespaceURI {get;}'),
  X.p('Prefix', (n) => n.prefix, 'string Prefix {get;set;}'),
  X.p('NodeType', (n) => n.nodeType, 'System.Xml.XmlNodeType NodeType {get;}'),
  X.p('Value', (n) => (n.nodeType === 'Element' || n.nodeType === 'Document' ? null : n.value), 'string Value {get;set;}'),
  X.p('InnerText', (n) => n.innerText, 'string InnerText {get;set;}'),
  X.p('InnerXml', (n) => n.innerXml, 'string InnerXml {get;set;}'),
  X.p('OuterXml', (n) => n.outerXml, 'string OuterXml {get;}'),
  X.p('ParentNode', (n) => n.parent, 'System.Xml.XmlNode ParentNode {get;}'),
  X.p('OwnerDocument', (n) => n.ownerDocument, 'System.Xml.XmlDocument OwnerDocument {get;}'),
  X.p('ChildNodes', (n) => byName([...n.children]), 'System.Xml.XmlNodeList ChildNodes {get;}'),
  X.p('Attributes', (n) => (n.nodeType === 'Element' ? byName([...n.attributes]) : null), 'System.Xml.XmlAttributeCollection Attributes {get;}'),
  X.p('FirstChild', (n) => n.children[0] ?? null, 'System.Xml.XmlNode FirstChild {get;}'),
  X.p('LastChild', (n) => n.children[n.children.length - 1] ?? null, 'System.Xml.XmlNode LastChild {get;}'),
  X.p('NextSibling', (n) => n.nextSibling, 'System.Xml.XmlNode NextSibling {get;}'),
  X.p('PreviousSibling', (n) => n.previousSibling, 'System.Xml.XmlNode PreviousSibling {get;}'),
  X.p('HasChildNodes', (n) => n.children.length > 0, 'bool HasChildNodes {get;}'),
  X.p('HasAttributes', (n) => n.attributes.length > 0, 'bool HasAttributes {get;}'),
  X.p('DocumentElement', (n) => n.document.documentElement, 'System.Xml.XmlElement DocumentElement {get;}'),
  X.p('NameTable', (n) => new PSObject({}, ['System.Xml.NameTable', 'System.Xml.XmlNameTable', 'System.Object']), 'System.Xml.XmlNameTable NameTable {get;}'),
  X.p('PreserveWhitespace', () => false, 'bool PreserveWhitespace {get;set;}'),
  X.m('GetAttribute', (n, a) => n.getAttribute(toStr(a[0])), 'string GetAttribute(string name)'),
  X.m('HasAttribute', (n, a) => !!n.attribute(toStr(a[0])), 'bool HasAttribute(string name)'),
  X.m('SetAttribute', (n, a) => {
    n.setAttribute(toStr(a[0]), toStr(a[a.length - 1]));
    return undefined;
  }, 'void SetAttribute(string name, string value)'),
  X.m('RemoveAttribute', (n, a) => {
    n.removeAttribute(toStr(a[0]));
    return undefined;
  }, 'void RemoveAttribute(string name)'),
  X.m('RemoveAll', (n) => {
    for (const c of [...n.children]) n.removeChild(c);
    n.attributes.length = 0;
    return undefined;
  }, 'void RemoveAll()'),
  X.m('AppendChild', (n, a) => xmlCall('AppendChild', 1, () => n.appendChild(xmlNode(a[0], 'AppendChild', 1))), 'System.Xml.XmlNode AppendChild(System.Xml.XmlNode newChild)'),
  X.m('PrependChild', (n, a) => xmlCall('PrependChild', 1, () => n.insertAt(0, xmlNode(a[0], 'PrependChild', 1))), 'System.Xml.XmlNode PrependChild(System.Xml.XmlNode newChild)'),
  X.m('RemoveChild', (n, a) => xmlCall('RemoveChild', 1, () => n.removeChild(xmlNode(a[0], 'RemoveChild', 1))), 'System.Xml.XmlNode RemoveChild(System.Xml.XmlNode oldChild)'),
  X.m('InsertBefore', (n, a) => xmlCall('InsertBefore', 2, () => n.insertAt(a[1] instanceof XmlNode ? n.children.indexOf(a[1]) : n.children.length, xmlNode(a[0], 'InsertBefore', 2))), 'System.Xml.XmlNode InsertBefore(System.Xml.XmlNode newChild, System.Xml.XmlNode refChild)'),
  X.m('InsertAfter', (n, a) => xmlCall('InsertAfter', 2, () => n.insertAt(a[1] instanceof XmlNode ? n.children.indexOf(a[1]) + 1 : 0, xmlNode(a[0], 'InsertAfter', 2))), 'System.Xml.XmlNode InsertAfter(System.Xml.XmlNode newChild, System.Xml.XmlNode refChild)'),
  X.m('ReplaceChild', (n, a) => xmlCall('ReplaceChild', 2, () => {
    const old = xmlNode(a[1], 'ReplaceChild', 2);
    const i = n.children.indexOf(old);
    n.removeChild(old);
    n.insertAt(i, xmlNode(a[0], 'ReplaceChild', 2));
    return old;
  }), 'System.Xml.XmlNode ReplaceChild(System.Xml.XmlNode newChild, System.Xml.XmlNode oldChild)'),
  X.m('CloneNode', (n, a) => n.cloneNode(toBool(a[0])), 'System.Xml.XmlNode CloneNode(bool deep)'),
  X.m('SelectNodes', (n, a) => xmlCall('SelectNodes', a.length, () => selectNodes(n, toStr(a[0]), nsArg(a[1]))), 'System.Xml.XmlNodeList SelectNodes(string xpath), System.Xml.XmlNodeList SelectNodes(string xpath, System.Xml.XmlNamespaceManager nsmgr)'),
  X.m('SelectSingleNode', (n, a) => xmlCall('SelectSingleNode', a.length, () => selectNodes(n, toStr(a[0]), nsArg(a[1]))[0] ?? null), 'System.Xml.XmlNode SelectSingleNode(string xpath), System.Xml.XmlNode SelectSingleNode(string xpath, System.Xml.XmlNamespaceManager nsmgr)'),
  X.m('GetElementsByTagName', (n, a) => {
    const all: XmlNode[] = [];
    const walk = (x: XmlNode) => {
      for (const c of x.children) {
        if (c.nodeType === 'Element' && (toStr(a[0]) === '*' || c.name === toStr(a[0]))) all.push(c);
        walk(c);
      }
    };
    walk(n);
    return all;
  }, 'System.Xml.XmlNodeList GetElementsByTagName(string name)'),
  X.m('CreateElement', (n, a) => {
    const name = toStr(a[0]);
    // CreateElement(name) in no namespace, (name, ns), (prefix, localName, ns).
    if (a.length >= 3) return n.document.createElement(`${toStr(a[0])}:${toStr(a[1])}`, toStr(a[2]));
    return n.document.createElement(name, a.length > 1 ? toStr(a[1]) : '');
  }, 'System.Xml.XmlElement CreateElement(string name), System.Xml.XmlElement CreateElement(string qualifiedName, string namespaceURI)'),
  X.m('CreateAttribute', (n, a) => n.document.createNode('Attribute', toStr(a[0])), 'System.Xml.XmlAttribute CreateAttribute(string name)'),
  X.m('CreateTextNode', (n, a) => n.document.createNode('Text', '#text', toStr(a[0])), 'System.Xml.XmlText CreateTextNode(string text)'),
  X.m('CreateComment', (n, a) => n.document.createNode('Comment', '#comment', toStr(a[0])), 'System.Xml.XmlComment CreateComment(string data)'),
  X.m('CreateCDataSection', (n, a) => n.document.createNode('CDATA', '#cdata-section', toStr(a[0])), 'System.Xml.XmlCDataSection CreateCDataSection(string data)'),
  X.m('ImportNode', (n, a) => xmlNode(a[0], 'ImportNode', 2).cloneNode(toBool(a[1]), n.document), 'System.Xml.XmlNode ImportNode(System.Xml.XmlNode node, bool deep)'),
  X.m('LoadXml', (n, a) => {
    const d = xmlCall('LoadXml', 1, () => parseXml(toStr(a[0])));
    adoptDocument(n, d);
    return undefined;
  }, 'void LoadXml(string xml)'),
  X.m('Load', (n, a, mh) => {
    const path = mh.resolvePath(toStr(a[0]));
    const text = fileOperation('Load', 1, toStr(a[0]), () => readXmlFile(path));
    adoptDocument(n, xmlCall('Load', 1, () => parseXml(text)));
    return undefined;
  }, 'void Load(string filename)'),
  X.m('Save', (n, a, mh) => {
    // As XmlDocument.Save(filename): UTF-8 with a BOM, CRLF line ends, two-space indentation.
    const target = toStr(a[0]);
    const path = mh.resolvePath(target);
    const body = host().text.utf8Encode(serialize(n.document, true));
    const data = new Uint8Array(body.length + 3);
    data.set([0xef, 0xbb, 0xbf]);
    data.set(body, 3);
    fileOperation('Save', 1, target, () => host().fs.writeFileSync(path, data));
    return undefined;
  }, 'void Save(string filename)'),
], OBJECT_MEMBERS);

/** LoadXml/Load replace the document's content in place ($xml = New-Object xml; $xml.Load(...)). */
function adoptDocument(target: XmlNode, from: XmlNode): void {
  const doc = target.document;
  for (const c of [...doc.children]) doc.removeChild(c);
  const setOwner = (x: XmlNode) => {
    x.ownerDocument = doc;
    for (const at of x.attributes) at.ownerDocument = doc;
    for (const c of x.children) setOwner(c);
  };
  for (const c of [...from.children]) {
    from.removeChild(c);
    setOwner(c);
    doc.appendChild(c);
  }
}

const XN = rowsFor<XmlNamespaceManager>();
export const XMLNAMESPACEMANAGER_MEMBERS: InstanceTable<XmlNamespaceManager> = new MemberTable<InstanceMethod<XmlNamespaceManager>, InstanceProperty<XmlNamespaceManager>>('System.Xml.XmlNamespaceManager', [
  XN.m('AddNamespace', (m, a) => {
    m.addNamespace(toStr(a[0]), toStr(a[1]));
    return undefined;
  }, 'void AddNamespace(string prefix, string uri)'),
  XN.m('LookupNamespace', (m, a) => m.lookupNamespace(toStr(a[0])) ?? null, 'string LookupNamespace(string prefix)'),
  XN.m('HasNamespace', (m, a) => m.map.has(toStr(a[0])), 'bool HasNamespace(string prefix)'),
], OBJECT_MEMBERS);

const E = rowsFor<ErrorRecord>();
export const ERRORRECORD_MEMBERS: InstanceTable<ErrorRecord> = new MemberTable<InstanceMethod<ErrorRecord>, InstanceProperty<ErrorRecord>>('System.Management.Automation.ErrorRecord', [
  E.p('Exception', (r) => exceptionObject(r)),
  E.p('FullyQualifiedErrorId', (r) => r.fullyQualifiedErrorId),
  E.p('CategoryInfo', (r) => {
    const ci = new PSObject(
      { Category: r.category, Activity: r.activity ?? r.invocation?.commandName ?? '', Reason: r.exception.typeName, TargetName: toStr(r.targetObject), TargetType: '' },
      ['System.Management.Automation.ErrorCategoryInfo', 'System.Object'],
    );
    (ci as unknown as { toStringValue: string }).toStringValue = categoryInfo(r);
    return ci;
  }),
  E.p('TargetObject', (r) => r.targetObject),
  E.p('InvocationInfo', (r) => {
    const inv = r.invocation;
    if (!inv) return null;
    const pos = positionOf(inv.source, inv.start);
    return new PSObject(
      {
        MyCommand: inv.commandName ? new PSObject({ Name: inv.commandName }) : null,
        InvocationName: inv.commandName ?? '',
        ScriptName: inv.source.path ?? '',
        ScriptLineNumber: pos.line,
        OffsetInLine: pos.column,
        Line: pos.lineText + '\n',
        PositionMessage: positionMessage(inv).join('\n'),
        PSScriptRoot: inv.source.path ? inv.source.path.replace(/[\\/][^\\/]*$/, '') : '',
        PSCommandPath: inv.source.path ?? null,
      },
      ['System.Management.Automation.InvocationInfo', 'System.Object'],
    );
  }),
  E.p('ScriptStackTrace', () => ''),
  E.p('ErrorDetails', (r) => (r.detailsMessage ? new PSObject({ Message: r.detailsMessage }) : null)),
], OBJECT_MEMBERS);

const T = rowsFor<PSTypeRef>();
export const TYPE_MEMBERS: InstanceTable<PSTypeRef> = new MemberTable<InstanceMethod<PSTypeRef>, InstanceProperty<PSTypeRef>>('System.RuntimeType', [
  T.p('FullName', (t) => t.fullName),
  T.p('Name', (t) => t.name),
], OBJECT_MEMBERS);

// 5.1's table views (DotNetTypes.format.ps1xml) for the value types whose default would otherwise be a list:
// [version] shows Major Minor Build Revision in six-wide left-aligned columns, [Environment]::OSVersion its four
// properties with the Platform enum right-aligned.
registerView('System.Version', {
  kind: 'table',
  widths: [6, 6, 6, 8],
  columns: ['Major', 'Minor', 'Build', 'Revision'].map((n) => ({ label: n, value: (o: PSObject) => o.get(n)?.value, align: 'left' as const })),
});
registerView('System.OperatingSystem', {
  kind: 'table',
  columns: [{ label: 'Platform', value: (o: PSObject) => o.get('Platform')?.value, align: 'right' as const }, 'ServicePack', 'Version', 'VersionString'],
});

const V = rowsFor<PSVersion>();
export const VERSION_MEMBERS: InstanceTable<PSVersion> = new MemberTable<InstanceMethod<PSVersion>, InstanceProperty<PSVersion>>('System.Version', [
  // Major, Minor, Build, Revision... are the object's own properties (convert.ts PSVersion).
  V.m('CompareTo', (v, a) => v.opCompare(a[0]), 'int CompareTo(version value)'),
], OBJECT_MEMBERS);

export const SWITCH_MEMBERS: InstanceTable<SwitchParameter> = new MemberTable<InstanceMethod<SwitchParameter>, InstanceProperty<SwitchParameter>>('System.Management.Automation.SwitchParameter', [
  rowsFor<SwitchParameter>().p('IsPresent', (s) => s.isPresent),
], OBJECT_MEMBERS);

/** Every enum type wimsh registers (values.ts enumTypes). */
export const ENUM_MEMBERS: InstanceTable<PSEnumValue> = new MemberTable<InstanceMethod<PSEnumValue>, InstanceProperty<PSEnumValue>>('System.Enum', [rowsFor<PSEnumValue>().p('value__', (e) => e.value)], OBJECT_MEMBERS);

export const SCRIPTBLOCK_MEMBERS: InstanceTable<ScriptBlock> = new MemberTable<InstanceMethod<ScriptBlock>, InstanceProperty<ScriptBlock>>('System.Management.Automation.ScriptBlock', [
  rowsFor<ScriptBlock>().m('Invoke', (sb, a, mh) => (mh.invokeScriptBlock ? mh.invokeScriptBlock(sb, a) : NOT_HANDLED)),
], OBJECT_MEMBERS);

/** Numbers (Int32, Int64, Double) and booleans: a scalar counts as one item. */
const N = rowsFor<number | PSDouble>();
export const NUMBER_MEMBERS: InstanceTable<number | PSDouble> = new MemberTable<InstanceMethod<number | PSDouble>, InstanceProperty<number | PSDouble>>('System.Int32', [
  N.p('Count', () => 1),
  N.m('CompareTo', (v, a) => {
    // A whole-number double compares as the plain number.
    const n = typeof v === 'number' ? v : v.value;
    return n < toNumber(a[0]) ? -1 : n > toNumber(a[0]) ? 1 : 0;
  }),
], OBJECT_MEMBERS);
export const BOOLEAN_MEMBERS: InstanceTable<boolean> = new MemberTable<InstanceMethod<boolean>, InstanceProperty<boolean>>('System.Boolean', [rowsFor<boolean>().p('Count', () => 1)], OBJECT_MEMBERS);

/** Every instance table (for the contract tests). */
export const instanceTables: ReadonlyArray<InstanceTable<never>> = [
  OBJECT_MEMBERS,
  STRING_MEMBERS,
  HASHTABLE_MEMBERS,
  LIST_MEMBERS,
  ARRAY_MEMBERS,
  DATETIME_MEMBERS,
  ERRORRECORD_MEMBERS,
  TYPE_MEMBERS,
  VERSION_MEMBERS,
  SWITCH_MEMBERS,
  ENUM_MEMBERS,
  SCRIPTBLOCK_MEMBERS,
  NUMBER_MEMBERS,
  BOOLEAN_MEMBERS,
  FILESYSTEMINFO_MEMBERS,
  FILEINFO_MEMBERS,
  DIRECTORYINFO_MEMBERS,
  XMLNODE_MEMBERS,
  XMLNAMESPACEMANAGER_MEMBERS,
] as ReadonlyArray<InstanceTable<never>>;

/** The table of a value's .NET type (with System.Object's members as its base); undefined when it has none. */
function tableOf(obj: unknown): InstanceTable<never> | undefined {
  const t: InstanceTable<never> | undefined =
    typeof obj === 'string' ? STRING_MEMBERS
    : typeof obj === 'number' || obj instanceof PSDouble ? NUMBER_MEMBERS
    : typeof obj === 'boolean' ? BOOLEAN_MEMBERS
    : obj instanceof PSHashtable ? HASHTABLE_MEMBERS
    : Array.isArray(obj) ? (listKind(obj) ? LIST_MEMBERS : ARRAY_MEMBERS)
    : obj instanceof Date ? DATETIME_MEMBERS
    : obj instanceof ErrorRecord ? ERRORRECORD_MEMBERS
    : obj instanceof PSTypeRef ? TYPE_MEMBERS
    : obj instanceof PSVersion ? VERSION_MEMBERS
    : obj instanceof SwitchParameter ? SWITCH_MEMBERS
    : obj instanceof PSEnumValue ? ENUM_MEMBERS
    : obj instanceof ScriptBlock ? SCRIPTBLOCK_MEMBERS
    : obj instanceof FileSystemItem ? (obj.isDirectory ? DIRECTORYINFO_MEMBERS : FILEINFO_MEMBERS)
    : obj instanceof XmlNode ? XMLNODE_MEMBERS
    : obj instanceof XmlNamespaceManager ? XMLNAMESPACEMANAGER_MEMBERS
    : undefined;
  return t as InstanceTable<never> | undefined;
}

/**
 * PowerShell's intrinsic Count and Length (3.0+): $null has 0 items, any single object 1, unless the object has a
 * real property of that name (a string's Length, a FileInfo's Length, a hashtable's Count), which wins.
 */
function isCountOrLength(name: string): boolean {
  const n = name.length;
  return (n === 5 || n === 6) && /^(count|length)$/i.test(name);
}

/** Reads a property; undefined-safe (`$null.X` is $null; a missing property is $null). */
export function getProperty(obj: unknown, name: string): unknown {
  if (obj === null || obj === undefined) return isCountOrLength(name) ? 0 : null;
  if (obj instanceof PSObject) {
    // Its own properties, then the intrinsic ones (PSObject, PSTypeNames) it does not shadow.
    const p = obj.get(name);
    if (p) return p.value;
    const row = OBJECT_MEMBERS.property(name);
    if (row) return row.impl(obj);
    // Windows PowerShell 5.1 gives a [pscustomobject] no intrinsic Count/Length (6.1 added them); .NET objects
    // (a FileInfo, a Dism result) count as one.
    return isCountOrLength(name) && obj.typeNames[0] !== 'System.Management.Automation.PSCustomObject' ? 1 : null;
  }
  // PowerShell's XML adapter: child elements and attributes come before the node's .NET properties.
  if (obj instanceof XmlNode) {
    const m = adaptedMember(obj, name);
    if (m) return m.value;
  }
  // A hashtable's keys come before its properties (`@{Count=5}.Count` is 5), not before the intrinsic ones.
  if (obj instanceof PSHashtable && obj.has(name) && !OBJECT_MEMBERS.property(name)) return obj.get(name);
  const table = tableOf(obj);
  const row = (table ?? OBJECT_MEMBERS).property(name);
  if (row) return (row.impl as InstanceProperty<unknown>)(obj);
  if (table) {
    if (!Array.isArray(obj)) return isCountOrLength(name) ? 1 : null;
    // Member enumeration.
    const out: unknown[] = [];
    for (const x of obj) {
      const v = getProperty(x, name);
      if (v === null || v === undefined) continue;
      if (Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  }
  if (typeof obj === 'object' && !(obj instanceof RegExp)) {
    const lower = name.toLowerCase();
    const rec = obj as Record<string, unknown>;
    for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) return rec[k];
  }
  return isCountOrLength(name) ? 1 : null;
}

/**
 * Whether a property exists (for Set-StrictMode 2.0 and later, under which reading a missing one is an error): own
 * properties and keys, the type's members, and for a collection a property of any of its items.
 */
export function hasProperty(obj: unknown, name: string): boolean {
  if (obj === null || obj === undefined) return false;
  if (obj instanceof PSObject) return !!obj.get(name) || !!OBJECT_MEMBERS.property(name);
  if (obj instanceof PSHashtable && obj.has(name)) return true;
  const table = tableOf(obj);
  if ((table ?? OBJECT_MEMBERS).property(name)) return true;
  if (Array.isArray(obj)) return obj.some((x) => hasProperty(x, name));
  if (table) return false;
  if (typeof obj === 'object' && !(obj instanceof RegExp)) {
    const lower = name.toLowerCase();
    return Object.keys(obj as Record<string, unknown>).some((k) => k.toLowerCase() === lower);
  }
  return false;
}

/** Writes a property (`$o.Name = 'x'`, `$h.Key = 1`). */
export function setProperty(obj: unknown, name: string, value: unknown): void {
  if (obj instanceof PSObject) {
    if (!obj.has(name))
      raise(
        `The property '${name}' cannot be found on this object. Verify that the property exists and can be set.`,
        'PropertyAssignmentException',
        'InvalidOperation',
      );
    obj.set(name, value);
    return;
  }
  if (obj instanceof PSHashtable) {
    obj.set(name, value);
    return;
  }
  if (obj instanceof XmlNode) {
    const text = toStr(value);
    if (setAdaptedMember(obj, name, text)) return;
    const lower = name.toLowerCase();
    if (lower === 'innertext' || (lower === 'value' && obj.nodeType !== 'Element')) {
      obj.innerText = text;
      return;
    }
    if (lower === 'innerxml' && obj.nodeType === 'Element') {
      const frag = xmlCall('InnerXml', 1, () => parseXml(`<x>${text}</x>`)).documentElement!;
      for (const c of [...obj.children]) obj.removeChild(c);
      for (const c of [...frag.children]) obj.appendChild(c.cloneNode(true, obj.document));
      return;
    }
    raise(`The property '${name}' cannot be found on this object. Verify that the property exists and can be set.`, 'PropertyAssignmentException', 'InvalidOperation');
  }
  if (obj === null || obj === undefined)
    raise("The property '" + name + "' cannot be found on this object. Verify that the property exists and can be set.", 'PropertyNotFound', 'InvalidOperation');
  raise(
    `'${name}' is a ReadOnly property.`,
    'PropertyAssignmentException',
    'InvalidOperation',
  );
}

/**
 * Calls an instance method. The value's table answers, its own rows before System.Object's (only String
 * overrides any: Equals and ToString); a row may decline with NOT_HANDLED. Then an array calls the method on each
 * element (method enumeration) and an object its script methods.
 */
export async function callMethod(obj: unknown, name: string, args: unknown[], mh: MemberHost): Promise<unknown> {
  if (obj === null || obj === undefined) methodNotFound(obj, name);
  const row = (tableOf(obj) ?? OBJECT_MEMBERS).method(name);
  if (row) {
    const r = (row.impl as InstanceMethod<unknown>)(obj, args, mh);
    if (r !== NOT_HANDLED) return r;
  }
  if (Array.isArray(obj)) {
    // Method enumeration: an empty collection has no element to ask, so the collection's own type answers (and has
    // no such method). Results gather as pipeline output does: a collection result is unrolled, a void one adds
    // nothing, and one result alone is itself ('a,b'.Split is two strings; @('x').ToUpper() is 'X').
    if (obj.length === 0) methodNotFound(obj, name);
    const out: unknown[] = [];
    for (const x of obj) {
      const r = await callMethod(x, name, args, mh);
      if (Array.isArray(r)) out.push(...r);
      else if (r !== undefined) out.push(r);
    }
    return out.length === 1 ? out[0] : out;
  }
  if (obj instanceof PSObject) {
    const p = obj.get(name);
    if (p && p.value instanceof ScriptBlock && mh.invokeScriptBlock) return mh.invokeScriptBlock(p.value, args);
    const fn = (obj as unknown as Record<string, unknown>)['method_' + name.toLowerCase()];
    if (typeof fn === 'function') return (fn as (...a: unknown[]) => unknown).apply(obj, args);
  }
  methodNotFound(obj, name);
}

/**
 * What Get-Member lists for a value's .NET members: [name, member type, definition] for each row that has a
 * definition, the value's own type first, then System.Object's not overridden by it. A fresh array per call.
 */
export function memberDefinitions(obj: unknown): Array<[string, string, string]> {
  const own = tableOf(obj);
  const out: Array<[string, string, string]> = [];
  const seen = new Set<string>();
  for (const t of own ? [own, OBJECT_MEMBERS as InstanceTable<never>] : [OBJECT_MEMBERS as InstanceTable<never>])
    for (const r of t.rows()) {
      const key = r.kind + ':' + r.name.toLowerCase();
      if (r.definition === undefined || seen.has(key)) continue;
      seen.add(key);
      out.push([r.name, r.kind, r.definition]);
    }
  return out;
}

/** Reads a static property (`[int]::MaxValue`, `[Environment]::NewLine`); an enum type's names are its values. */
/** The static table of a type as written: `[IO.Path]` and `[Globalization.CultureInfo]` name System's types. */
function staticTableOf(t: PSTypeRef): StaticMembers.StaticTable | undefined {
  const tables = staticMembers().staticTables;
  return tables.get(t.fullName) ?? (t.fullName.includes('.') && !/^system\./i.test(t.fullName) ? tables.get('System.' + t.fullName) : undefined);
}

export function getStaticProperty(t: PSTypeRef, name: string): unknown {
  const row = staticTableOf(t)?.property(name);
  if (row) return row.impl();
  const e = enumTypes.get(t.fullName.toLowerCase()) ?? enumTypes.get('system.' + t.fullName.toLowerCase());
  if (e) return convertTo(name, e.fullName);
  raise(
    `Cannot find an overload for "${name}"`,
    'PropertyNotFound',
    'InvalidOperation',
  );
}

/** Whether `[T]::new(...)` (and so New-Object T) can make a T. */
export function hasConstructor(t: PSTypeRef): boolean {
  if (staticTableOf(t)?.method('new')) return true;
  const full = t.fullName.toLowerCase();
  return staticMembers().constructors.some(([pattern]) => pattern.test(full));
}

/** Calls a static method (`[math]::Round(2.5)`); `::new` of list and exception types by their name's pattern. */
export async function callStatic(t: PSTypeRef, name: string, args: unknown[], mh: MemberHost): Promise<unknown> {
  const row = staticTableOf(t)?.method(name);
  if (row) return row.impl(args, mh, t);
  if (name.toLowerCase() === 'new') {
    const full = t.fullName.toLowerCase();
    for (const [pattern, ctor] of staticMembers().constructors) if (pattern.test(full)) return ctor(args, mh, t);
  }
  raise(
    `Method invocation failed because [${t.fullName}] does not contain a method named '${name}'.`,
    'MethodNotFound',
    'InvalidOperation',
  );
}

export { formatNumber };
