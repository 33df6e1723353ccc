/*
 * Members of values: properties and methods of strings, arrays, hashtables, objects, dates, and the static
 * members of the .NET types scripts use ([math]::Round, [System.IO.Path]::GetFileName, [IO.File]::Exists, ...).
 * Member enumeration: a property that an array does not have is taken from each element (`$list.ImageIndex`).
 */
import { PSObject, PSHashtable, PSTypeRef, ScriptBlock, SwitchParameter, PSEnumValue, PSDouble, enumTypes } from './values';
import { toStr, toNumber, toBool, bankersRound, typeNameOf, typeNamesOf, convertTo, formatNumber, formatDate, PSVersion, resolveTypeName } from './convert';
import { ErrorRecord, raise, positionMessage, categoryInfo } from '../runtime/errors';
import { positionOf } from '../syntax/ast';
import { formatValue, psRegex, formatOperator } from '../runtime/operators';
import { host } from '../../platform/host';

/** Host services the static members need (file tests go through the drive map). */
export interface MemberHost {
  resolvePath(p: string): string;
  /** [Console]::Write/WriteLine: text to the console (after pending formatted output). */
  write?(text: string): void;
  invokeScriptBlock?(sb: ScriptBlock, args: unknown[]): Promise<unknown>;
}

function typeInfo(full: string): PSObject {
  const ref = new PSTypeRef(full);
  const o = new PSObject({ FullName: full, Name: ref.name, Namespace: full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : '' }, [
    'System.RuntimeType',
    'System.Type',
    'System.Object',
  ]);
  (o as unknown as { toStringValue: string }).toStringValue = full;
  return o;
}

function exceptionObject(rec: ErrorRecord): PSObject {
  const ex = rec.exception;
  const o = new PSObject(
    {
      Message: ex.message,
      InnerException: ex.innerException ? new PSObject({ Message: ex.innerException.message }) : null,
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

/** Reads a property; undefined-safe (`$null.X` is $null; a missing property is $null). */
export function getProperty(obj: unknown, name: string): unknown {
  const lower = name.toLowerCase();
  if (obj === null || obj === undefined) return null;
  // Intrinsic members every value has.
  if (lower === 'psobject' && !(obj instanceof PSObject && obj.has(name))) return psObjectView(obj);
  if (lower === 'pstypenames' && !(obj instanceof PSObject && obj.has(name))) return psTypeNames(obj);
  if (obj instanceof PSObject) {
    const p = obj.get(name);
    if (p) return p.value;
    return null;
  }
  if (obj instanceof PSHashtable) {
    if (obj.has(name)) return obj.get(name);
    if (lower === 'count') return obj.size;
    if (lower === 'keys') return obj.keys();
    if (lower === 'values') return obj.values();
    return null;
  }
  if (obj instanceof ErrorRecord) {
    switch (lower) {
      case 'exception':
        return exceptionObject(obj);
      case 'fullyqualifiederrorid':
        return obj.fullyQualifiedErrorId;
      case 'categoryinfo': {
        const ci = new PSObject({ Category: obj.category, Activity: obj.activity ?? obj.invocation?.commandName ?? '', Reason: obj.exception.typeName, TargetName: toStr(obj.targetObject), TargetType: '' }, ['System.Management.Automation.ErrorCategoryInfo', 'System.Object']);
        (ci as unknown as { toStringValue: string }).toStringValue = categoryInfo(obj);
        return ci;
      }
      case 'targetobject':
        return obj.targetObject;
      case 'invocationinfo': {
        const inv = obj.invocation;
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
      }
      case 'scriptstacktrace':
        return '';
      case 'errordetails':
        return obj.detailsMessage ? new PSObject({ Message: obj.detailsMessage }) : null;
    }
    return null;
  }
  if (typeof obj === 'string') {
    if (lower === 'length') return obj.length;
    if (lower === 'count') return 1;
    return null;
  }
  if (Array.isArray(obj)) {
    if (lower === 'count' || lower === 'length') return obj.length;
    if (lower === 'rank') return 1;
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
  if (obj instanceof Date) {
    switch (lower) {
      case 'year': return obj.getFullYear();
      case 'month': return obj.getMonth() + 1;
      case 'day': return obj.getDate();
      case 'hour': return obj.getHours();
      case 'minute': return obj.getMinutes();
      case 'second': return obj.getSeconds();
      case 'millisecond': return obj.getMilliseconds();
      case 'dayofweek': return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][obj.getDay()];
      case 'dayofyear': return Math.floor((obj.getTime() - new Date(obj.getFullYear(), 0, 0).getTime()) / 86400000);
      case 'date': return new Date(obj.getFullYear(), obj.getMonth(), obj.getDate());
      case 'ticks': return obj.getTime() * 10000 + 621355968000000000;
    }
    return null;
  }
  if (obj instanceof PSTypeRef) {
    if (lower === 'fullname') return obj.fullName;
    if (lower === 'name') return obj.name;
    return null;
  }
  if (obj instanceof SwitchParameter) return lower === 'ispresent' ? obj.isPresent : null;
  if (obj instanceof PSEnumValue) return lower === 'value__' ? obj.value : null;
  if (obj instanceof PSVersion) {
    const idx = ['major', 'minor', 'build', 'revision'].indexOf(lower);
    return idx >= 0 ? obj.parts[idx] ?? -1 : null;
  }
  if (obj instanceof ScriptBlock) return null;
  if (typeof obj === 'number' || typeof obj === 'boolean' || obj instanceof PSDouble) return lower === 'count' ? 1 : null;
  if (obj instanceof RegExp) return null;
  if (typeof obj === 'object') {
    const rec = obj as Record<string, unknown>;
    for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) return rec[k];
  }
  return null;
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
  if (obj === null || obj === undefined)
    raise("The property '" + name + "' cannot be found on this object. Verify that the property exists and can be set.", 'PropertyNotFound', 'InvalidOperation');
  raise(
    `'${name}' is a ReadOnly property.`,
    'PropertyAssignmentException',
    'InvalidOperation',
  );
}

function argCountError(name: string, n: number): never {
  raise(
    `Cannot find an overload for "${name}" and the argument count: "${n}".`,
    'MethodCountCouldNotFindBest',
    'InvalidOperation',
    'MethodException',
  );
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

function stringMethod(s: string, name: string, args: unknown[]): unknown {
  const a = args.map((x) => x);
  const n = a.length;
  switch (name) {
    case 'toupper':
    case 'toupperinvariant':
      return s.toUpperCase();
    case 'tolower':
    case 'tolowerinvariant':
      return s.toLowerCase();
    case 'trim':
      return n ? trimChars(s, toStr(a[0]), true, true) : s.trim();
    case 'trimstart':
      return n ? trimChars(s, toStr(a[0]), true, false) : s.replace(/^\s+/, '');
    case 'trimend':
      return n ? trimChars(s, toStr(a[0]), false, true) : s.replace(/\s+$/, '');
    case 'replace':
      if (n !== 2) argCountError('Replace', n);
      return s.split(toStr(a[0])).join(toStr(a[1]));
    case 'split': {
      if (n === 0) return s.split(/\s/);
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
      return removeEmpty ? parts.filter((x) => x !== '') : parts;
    }
    case 'substring': {
      const start = toNumber(a[0]);
      if (start < 0 || start > s.length) outOfRange('startIndex');
      if (n > 1) {
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
    case 'contains':
      return s.includes(toStr(a[0]));
    case 'startswith':
      return n > 1 && /ignorecase/i.test(toStr(a[1])) ? s.toLowerCase().startsWith(toStr(a[0]).toLowerCase()) : s.startsWith(toStr(a[0]));
    case 'endswith':
      return n > 1 && /ignorecase/i.test(toStr(a[1])) ? s.toLowerCase().endsWith(toStr(a[0]).toLowerCase()) : s.endsWith(toStr(a[0]));
    case 'indexof':
      return n > 1 && typeof a[1] === 'number' ? s.indexOf(toStr(a[0]), a[1] as number) : strIndex(s, toStr(a[0]), n > 1 && /ignorecase/i.test(toStr(a[1])));
    case 'lastindexof':
      return s.lastIndexOf(toStr(a[0]));
    case 'padleft':
      return s.padStart(toNumber(a[0]), n > 1 ? toStr(a[1]) : ' ');
    case 'padright':
      return s.padEnd(toNumber(a[0]), n > 1 ? toStr(a[1]) : ' ');
    case 'insert':
      return s.slice(0, toNumber(a[0])) + toStr(a[1]) + s.slice(toNumber(a[0]));
    case 'remove':
      return n > 1 ? s.slice(0, toNumber(a[0])) + s.slice(toNumber(a[0]) + toNumber(a[1])) : s.slice(0, toNumber(a[0]));
    case 'equals':
      return s === toStr(a[0]);
    case 'compareto':
      return s < toStr(a[0]) ? -1 : s > toStr(a[0]) ? 1 : 0;
    case 'tostring':
      return s;
    case 'tochararray':
      return s.split('');
    case 'gethashcode':
      return [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0);
    case 'normalize':
      return s.normalize();
    case 'isnullorempty':
      return s === '';
  }
  return undefined;
}

function trimChars(s: string, chars: string, start: boolean, end: boolean): string {
  let i = 0;
  let j = s.length;
  if (start) while (i < j && chars.includes(s[i])) i++;
  if (end) while (j > i && chars.includes(s[j - 1])) j--;
  return s.slice(i, j);
}

/** A resizable list (System.Collections.ArrayList, List[T]): a JavaScript array marked as such. */
export function newList(full: string, items: unknown[] = []): unknown[] {
  const a = [...items];
  Object.defineProperty(a, '__list', { value: /arraylist/i.test(full) ? 'ArrayList' : 'List', enumerable: false });
  return a;
}

/** An exception object (`[System.IO.IOException]::new('x')`, `New-Object System.Exception 'x'`) for `throw`. */
export function newException(fullName: string, message?: string): PSObject {
  const full = fullName.includes('.') ? fullName : `System.${fullName}`;
  const msg = message ?? `Exception of type '${full}' was thrown.`;
  const bases = full === 'System.Exception' ? [] : full.startsWith('System.IO.') ? ['System.IO.IOException', 'System.SystemException'] : ['System.SystemException'];
  const o = new PSObject({ Message: msg, InnerException: null, HResult: -2146233088 }, [full, ...bases.filter((b) => b !== full), 'System.Exception', 'System.Object']);
  (o as unknown as { toStringValue: string }).toStringValue = `${full}: ${msg}`;
  return o;
}

/** Calls an instance method. */
export async function callMethod(obj: unknown, name: string, args: unknown[], mh: MemberHost): Promise<unknown> {
  const lower = name.toLowerCase();
  if (obj === null || obj === undefined) methodNotFound(obj, name);
  if (lower === 'gettype') return typeInfo(obj instanceof PSObject ? obj.typeNames[0] === 'System.Management.Automation.PSCustomObject' ? 'System.Management.Automation.PSCustomObject' : obj.typeNames[0] : typeNameOf(obj));
  // A whole-number double answers the number's methods (ToString, CompareTo, Equals) as a plain number.
  if (obj instanceof PSDouble) obj = obj.value;
  if (typeof obj === 'string') {
    const r = stringMethod(obj, lower, args);
    if (r !== undefined) return r;
    methodNotFound(obj, name);
  }
  if (lower === 'tostring') {
    if (args.length && typeof obj === 'number') return formatValue(obj, toStr(args[0]));
    if (args.length && obj instanceof Date) return formatValue(obj, toStr(args[0]));
    return toStr(obj);
  }
  if (lower === 'equals') return obj === args[0];
  if (obj instanceof PSHashtable) {
    switch (lower) {
      case 'add':
        if (obj.has(args[0]))
          raise(
            `Exception calling "Add" with "2" argument(s): "Item has already been added. Key in dictionary: '${toStr(args[0])}'  Key being added: '${toStr(args[0])}'"`,
            'ArgumentException',
            'NotSpecified',
            'MethodInvocationException',
          );
        obj.set(args[0], args[1]);
        return undefined;
      case 'remove':
        obj.delete(args[0]);
        return undefined;
      case 'containskey':
      case 'contains':
        return obj.has(args[0]);
      case 'containsvalue':
        return obj.values().some((v) => v === args[0]);
      case 'clear':
        for (const k of obj.keys()) obj.delete(k);
        return undefined;
      case 'clone': {
        const h = new PSHashtable(obj.ordered);
        for (const [k, v] of obj.entries()) h.set(k, v);
        return h;
      }
      case 'getenumerator':
        return obj.entries().map(([k, v]) => new PSObject({ Key: k, Value: v, Name: k }, ['System.Collections.DictionaryEntry', 'System.Object']));
    }
  }
  if (Array.isArray(obj)) {
    const list = (obj as unknown as { __list?: string }).__list;
    if (list) {
      // ArrayList and List[T]: resizable.
      switch (lower) {
        case 'add':
          obj.push(args[0]);
          return list === 'ArrayList' ? obj.length - 1 : undefined;
        case 'addrange':
          obj.push(...(Array.isArray(args[0]) ? args[0] : [args[0]]));
          return undefined;
        case 'insert':
          obj.splice(toNumber(args[0]), 0, args[1]);
          return undefined;
        case 'remove': {
          const i = obj.findIndex((x) => x === args[0] || (typeof x === 'string' && x === toStr(args[0])));
          if (i >= 0) obj.splice(i, 1);
          return list === 'ArrayList' ? undefined : i >= 0;
        }
        case 'removeat':
          obj.splice(toNumber(args[0]), 1);
          return undefined;
        case 'clear':
          obj.length = 0;
          return undefined;
        case 'toarray':
          return [...obj];
      }
    }
    switch (lower) {
      case 'contains':
        return obj.some((x) => x === args[0] || (typeof x === 'string' && x === toStr(args[0])));
      case 'indexof':
        return obj.findIndex((x) => x === args[0] || (typeof x === 'string' && x === toStr(args[0])));
      case 'add':
        raise(
          'Exception calling "Add" with "1" argument(s): "Collection was of a fixed size."',
          'NotSupportedException',
          'NotSpecified',
          'MethodInvocationException',
        );
        break;
      case 'clone':
        return [...obj];
      case 'foreach':
        if (args[0] instanceof ScriptBlock && mh.invokeScriptBlock) {
          const out: unknown[] = [];
          for (const x of obj) {
            const r = await mh.invokeScriptBlock(args[0], [x]);
            if (Array.isArray(r)) out.push(...r);
            else if (r !== undefined && r !== null) out.push(r);
          }
          return out;
        }
        return obj.map((x) => getProperty(x, toStr(args[0])));
      case 'where':
        if (args[0] instanceof ScriptBlock && mh.invokeScriptBlock) {
          const out: unknown[] = [];
          for (const x of obj) if (toBool(await mh.invokeScriptBlock(args[0], [x]))) out.push(x);
          return out;
        }
        break;
    }
    // Method enumeration: call on each element.
    const out: unknown[] = [];
    for (const x of obj) out.push(await callMethod(x, name, args, mh));
    return out;
  }
  if (obj instanceof ScriptBlock && lower === 'invoke' && mh.invokeScriptBlock) return mh.invokeScriptBlock(obj, args);
  if (obj instanceof Date) {
    const d = new Date(obj.getTime());
    const n = toNumber(args[0] ?? 0);
    switch (lower) {
      case 'adddays': d.setTime(d.getTime() + n * 86400000); return d;
      case 'addhours': d.setTime(d.getTime() + n * 3600000); return d;
      case 'addminutes': d.setTime(d.getTime() + n * 60000); return d;
      case 'addseconds': d.setTime(d.getTime() + n * 1000); return d;
      case 'addmonths': d.setMonth(d.getMonth() + n); return d;
      case 'addyears': d.setFullYear(d.getFullYear() + n); return d;
      case 'tostring': return args.length ? formatValue(obj, toStr(args[0])) : formatDate(obj);
      case 'toshortdatestring': return formatValue(obj, 'd');
      case 'tolongdatestring': return formatValue(obj, 'dddd, MMMM d, yyyy');
      case 'tofiletime': return obj.getTime() * 10000 + 116444736000000000;
    }
  }
  if (obj instanceof PSObject) {
    const p = obj.get(name);
    if (p && p.value instanceof ScriptBlock && mh.invokeScriptBlock) return mh.invokeScriptBlock(p.value, args);
    const fn = (obj as unknown as Record<string, unknown>)['method_' + lower];
    if (typeof fn === 'function') return (fn as (...a: unknown[]) => unknown).apply(obj, args);
  }
  if (typeof obj === 'number' && lower === 'compareto') return obj < toNumber(args[0]) ? -1 : obj > toNumber(args[0]) ? 1 : 0;
  methodNotFound(obj, name);
}

function pathLeaf(p: string): string {
  const m = /[^\\/]*$/.exec(p);
  return m ? m[0] : p;
}

function pathDir(p: string): string {
  const i = Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/'));
  if (i < 0) return '';
  if (i === 2 && /^[A-Za-z]:/.test(p)) return p.slice(0, 3);
  return p.slice(0, i);
}

function mathRound(args: unknown[]): number {
  const x = toNumber(args[0], 'System.Double');
  if (args.length > 1) {
    const mode = args.length > 2 ? toStr(args[2]) : typeof args[1] === 'string' ? toStr(args[1]) : 'ToEven';
    const digits = typeof args[1] === 'number' ? args[1] : 0;
    const f = Math.pow(10, digits);
    const scaled = Number((x * f).toPrecision(15));
    const r = /awayfromzero/i.test(mode) ? Math.sign(scaled) * Math.round(Math.abs(scaled)) : bankersRound(scaled);
    return r / f;
  }
  return bankersRound(x);
}

/** Reads a static property (`[int]::MaxValue`, `[Environment]::NewLine`). */
export function getStaticProperty(t: PSTypeRef, name: string): unknown {
  const full = t.fullName.toLowerCase();
  const lower = name.toLowerCase();
  const limits: Record<string, [number, number]> = {
    'system.int32': [2147483647, -2147483648],
    'system.uint32': [4294967295, 0],
    'system.int64': [9223372036854775807, -9223372036854775808],
    'system.uint64': [18446744073709551615, 0],
    'system.byte': [255, 0],
    'system.int16': [32767, -32768],
    'system.double': [Number.MAX_VALUE, -Number.MAX_VALUE],
  };
  if (limits[full] && (lower === 'maxvalue' || lower === 'minvalue')) return limits[full][lower === 'maxvalue' ? 0 : 1];
  if (full === 'system.math') {
    if (lower === 'pi') return Math.PI;
    if (lower === 'e') return Math.E;
  }
  if (full === 'system.string' && lower === 'empty') return '';
  if (full === 'system.environment') {
    if (lower === 'newline') return '\r\n';
    if (lower === 'machinename') return host().env.HOSTNAME ?? 'localhost';
    if (lower === 'username') return host().env.USER ?? host().env.USERNAME ?? 'user';
    if (lower === 'processorcount') return host().cpuCount();
    if (lower === 'is64bitoperatingsystem' || lower === 'is64bitprocess') return true;
  }
  if (full === 'system.io.path') {
    if (lower === 'directoryseparatorchar') return '\\';
    if (lower === 'pathseparator') return ';';
  }
  if (full === 'system.datetime' && lower === 'now') return new Date();
  if (full === 'system.datetime' && lower === 'today') {
    const d = new Date();
    return new Date(d.getFullYear(), d.getMonth(), d.getDate());
  }
  const e = enumTypes.get(full);
  if (e) return convertTo(name, e.fullName);
  raise(
    `Cannot find an overload for "${name}"`,
    'PropertyNotFound',
    'InvalidOperation',
  );
}

/** Calls a static method (`[math]::Round(2.5)`). */
export async function callStatic(t: PSTypeRef, name: string, args: unknown[], mh: MemberHost): Promise<unknown> {
  const full = t.fullName.toLowerCase();
  const lower = name.toLowerCase();
  const s0 = () => toStr(args[0]);
  if (full === 'system.math') {
    const n = (i: number) => toNumber(args[i], 'System.Double');
    switch (lower) {
      case 'round': return mathRound(args);
      case 'floor': return Math.floor(n(0));
      case 'ceiling': return Math.ceil(n(0));
      case 'truncate': return Math.trunc(n(0));
      case 'abs': return Math.abs(n(0));
      case 'max': return Math.max(n(0), n(1));
      case 'min': return Math.min(n(0), n(1));
      case 'pow': return Math.pow(n(0), n(1));
      case 'sqrt': return Math.sqrt(n(0));
      case 'log': return args.length > 1 ? Math.log(n(0)) / Math.log(n(1)) : Math.log(n(0));
      case 'log10': return Math.log10(n(0));
      case 'sign': return Math.sign(n(0));
    }
  }
  if (full === 'system.io.path') {
    switch (lower) {
      case 'getfilename': return pathLeaf(s0());
      case 'getfilenamewithoutextension': return pathLeaf(s0()).replace(/\.[^.]*$/, '');
      case 'getextension': { const m = /\.[^.\\/]*$/.exec(pathLeaf(s0())); return m ? m[0] : ''; }
      case 'getdirectoryname': return pathDir(s0());
      case 'combine': return args.map((x) => toStr(x)).reduce((a, b) => (/^([A-Za-z]:|[\\/])/.test(b) ? b : a === '' ? b : a.replace(/[\\/]$/, '') + '\\' + b), '');
      case 'changeextension': return s0().replace(/\.[^.\\/]*$/, '') + (args[1] === null ? '' : '.' + toStr(args[1]).replace(/^\./, ''));
      case 'isPathRooted'.toLowerCase(): return /^([A-Za-z]:[\\/]|[\\/])/.test(s0());
      case 'gettemppath': return 'C:\\Users\\' + (host().env.USER ?? 'user') + '\\AppData\\Local\\Temp\\';
      case 'getrandomfilename': return Math.random().toString(36).slice(2, 10) + '.' + Math.random().toString(36).slice(2, 5);
      case 'getfullpath': return s0();
      case 'getinvalidfilenamechars': return ['"', '<', '>', '|', ':', '*', '?', '\\', '/'];
    }
  }
  if (full === 'system.io.file') {
    const fs = host().fs;
    const p = () => mh.resolvePath(s0());
    switch (lower) {
      case 'exists':
        try { return fs.statSync(p()).isFile(); } catch { return false; }
      case 'readalltext': return fs.readTextFileSync(p());
      case 'readalllines': return fs.readTextFileSync(p()).split(/\r?\n/).filter((x, i, a) => i < a.length - 1 || x !== '');
      case 'writealltext': fs.writeFileSync(p(), toStr(args[1])); return undefined;
      case 'delete': try { fs.unlinkSync(p()); } catch { /* as .NET: no error when missing */ } return undefined;
    }
  }
  if (full === 'system.io.directory') {
    const fs = host().fs;
    const p = () => mh.resolvePath(s0());
    switch (lower) {
      case 'exists':
        try { return fs.statSync(p()).isDirectory(); } catch { return false; }
      case 'createdirectory': fs.mkdirSync(p(), { recursive: true }); return undefined;
    }
  }
  if (full === 'system.string') {
    switch (lower) {
      case 'isnullorempty': return args[0] === null || args[0] === undefined || toStr(args[0]) === '';
      case 'isnullorwhitespace': return args[0] === null || args[0] === undefined || toStr(args[0]).trim() === '';
      case 'join': {
        const rest = args.length === 2 && Array.isArray(args[1]) ? (args[1] as unknown[]) : args.slice(1);
        return rest.map((x) => toStr(x)).join(s0());
      }
      case 'format': return formatOperator(s0(), args.slice(1).length === 1 && Array.isArray(args[1]) ? args[1] : args.slice(1));
      case 'concat': return args.map((x) => toStr(x)).join('');
      case 'equals': return toStr(args[0]) === toStr(args[1]);
    }
  }
  if (full === 'system.environment') {
    switch (lower) {
      case 'getenvironmentvariable': return host().env[s0()] ?? null;
      case 'setenvironmentvariable': host().env[s0()] = args[1] === null ? undefined : toStr(args[1]); return undefined;
      case 'getfolderpath': return 'C:\\Users\\' + (host().env.USER ?? 'user');
      case 'exit': return undefined;
    }
  }
  if (full === 'system.datetime') {
    if (lower === 'parse' || lower === 'parseexact') return convertTo(args[0], 'System.DateTime');
    if (lower === 'now') return new Date();
  }
  if (full === 'system.convert') {
    switch (lower) {
      case 'toint32': return args.length > 1 ? parseInt(s0(), toNumber(args[1])) : convertTo(args[0], 'System.Int32');
      case 'toint64': return convertTo(args[0], 'System.Int64');
      case 'touint32': return convertTo(args[0], 'System.UInt32');
      case 'tostring': return args.length > 1 ? toNumber(args[0]).toString(toNumber(args[1])) : toStr(args[0]);
      case 'toboolean': return toBool(args[0]);
      case 'todouble': return toNumber(args[0], 'System.Double');
      case 'tobase64string': return host().text.base64Encode(args[0] as Uint8Array);
    }
  }
  if (full === 'system.text.regularexpressions.regex') {
    switch (lower) {
      case 'escape': return s0().replace(/[.*+?^${}()|[\]\\#\s]/g, '\\$&');
      case 'ismatch': return psRegex(toStr(args[1]), false).test(s0());
      case 'replace': return s0().replace(psRegex(toStr(args[1]), false, true), toStr(args[2]));
      case 'split': return s0().split(psRegex(toStr(args[1]), false, true));
      case 'match': {
        const m = psRegex(toStr(args[1]), false).exec(s0());
        return new PSObject({ Success: !!m, Value: m ? m[0] : '', Index: m ? m.index : 0, Groups: m ? [...m] : [] });
      }
    }
  }
  if (lower === 'new' && /^system\.collections\.(arraylist|generic\.list)/.test(full)) return newList(full);
  if (lower === 'new' && /exception$/.test(full)) return newException(t.fullName, args.length ? toStr(args[0]) : undefined);
  if (lower === 'new' && full === 'system.collections.hashtable') return new PSHashtable();
  if (full === 'system.console') {
    switch (lower) {
      case 'writeline':
        mh.write?.((args.length ? toStr(args.length > 1 ? formatOperator(s0(), args.slice(1)) : args[0]) : '') + '\n');
        return undefined;
      case 'write':
        mh.write?.(toStr(args[0]));
        return undefined;
      case 'readline':
      case 'readkey':
        raise('Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.', 'InvalidOperationException', 'NotSpecified', 'MethodInvocationException');
    }
  }
  if (full === 'system.guid' && lower === 'newguid') {
    const hex = [...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  }
  if ((full === 'system.int32' || full === 'system.uint32' || full === 'system.int64' || full === 'system.double') && lower === 'parse')
    return convertTo(args[0], t.fullName);
  if ((full === 'system.int32' || full === 'system.uint32' || full === 'system.int64') && lower === 'tryparse') return false;
  if (full === 'system.enum' && lower === 'getnames') {
    const e = enumTypes.get(resolveTypeName(args[0] instanceof PSTypeRef ? args[0].fullName : s0()).toLowerCase());
    return e ? e.members.map(([n]) => n) : [];
  }
  raise(
    `Method invocation failed because [${t.fullName}] does not contain a method named '${name}'.`,
    'MethodNotFound',
    'InvalidOperation',
  );
}

export { formatNumber };
