/*
 * The static members of the .NET types scripts use: `[math]::Round(2.5)`, `[System.IO.Path]::GetFileName($p)`,
 * `[int]::MaxValue`, `[Environment]::NewLine`... One MemberTable per type, keyed by the type's full name (what
 * `[int]`, `[IO.Path]` resolve to), plus the constructors (`::new`) of type families matched by name.
 */
import { PSHashtable, PSObject, PSTypeRef, PSEnumValue, enumTypes, registerEnum, makeDouble, makeTyped, isDoubleValue, PSTypedNumber, PSReference } from './values';
import { toStr, toNumber, toBool, bankersRound, convertTo, resolveTypeName, PSVersion } from './convert';
import { MemberTable, NameMap, method, property, type MemberHost, type MemberRow } from './member-table';
import { raise, ErrorRecord, type ErrorCategory, type PSException } from '../runtime/errors';
import { psRegex, formatOperator, psEquals, psCompare } from '../runtime/operators';
import { host } from '../../platform/host';
import { PSTimeSpan, parseExact, parseDateTime } from './datetime';
import { FileSystemItem, userPath, listItems, existsAt, fileOperation } from './file-info';
import { PSGuid } from './guid';
import { XmlNode, XmlNamespaceManager } from './xml-document';
import { readTextFile, statPath } from '../../vfs/vfs-fs';

/** `[T]::Name(args)`; t is the type as written, for the members a family of types shares (`Parse`). */
export type StaticMethod = (args: unknown[], mh: MemberHost, t: PSTypeRef) => unknown;
/** `[T]::Name`. */
export type StaticProperty = () => unknown;
export type StaticTable = MemberTable<StaticMethod, StaticProperty>;

const m = (name: string, impl: StaticMethod, definition?: string): MemberRow<StaticMethod> => method(name, impl, definition);
const p = (name: string, impl: StaticProperty, definition?: string): MemberRow<StaticProperty> => property(name, impl, definition);

const s0 = (args: unknown[]): string => toStr(args[0]);
const num = (args: unknown[], i: number): number => toNumber(args[i], 'System.Double');
/** An integer argument (Int32/Int64), for which System.Math has integer overloads (Abs, Max, Min, Sign). */
const isInt = (v: unknown): boolean => (typeof v === 'number' && Number.isInteger(v)) || (v instanceof PSTypedNumber && /Int|Byte/.test(v.typeName));
/** A Double result: PowerShell shows a Double that holds a whole number as such (Round(2.5) is 2, of type Double). */
const dbl = (x: number): unknown => makeDouble(x);
/** A Decimal result (Round, Floor... of an integer). */
const decimal = (x: number): unknown => makeTyped(x, 'System.Decimal');

/**
 * Which of System.Math's numeric overloads PowerShell's method binder picks for these arguments: 'int' when an
 * integer argument decides (no Double among them), 'double' otherwise. A collection or a dictionary fits none
 * ("Cannot find an overload"); only Booleans fit all numeric overloads equally ("Multiple ambiguous overloads"): both
 * MethodException, MethodCountCouldNotFindBest.
 */
function mathOverload(t: PSTypeRef, name: string, args: unknown[]): 'int' | 'double' {
  let first: 'int' | 'double' | undefined;
  let bools = 0;
  for (const v of args) {
    if (Array.isArray(v) || v instanceof PSHashtable || v instanceof PSObject)
      raise(`Cannot find an overload for "${name}" and the argument count: "${args.length}".`, 'MethodCountCouldNotFindBest', 'NotSpecified', 'MethodException');
    // The binder weighs the arguments in order: the first exact numeric match decides (Max(10, 2.5) is the Int32
    // overload, Max(2.5, 10) the Double one).
    if (isDoubleValue(v)) first ??= 'double';
    else if (isInt(v)) first ??= 'int';
    else if (typeof v === 'boolean') bools++;
  }
  if (first) return first;
  if (bools === args.length && name !== 'Pow')
    raise(`Multiple ambiguous overloads found for "${name}" and the argument count: "${args.length}".`, 'MethodCountCouldNotFindBest', 'NotSpecified', 'MethodException');
  void t;
  return 'double';
}

/** An argument converted for an integer overload: a Double rounds half to even ([math]::Max(1, 2.5) is 2). */
function intArg(v: unknown): number {
  const n = toNumber(v);
  return Number.isInteger(n) ? n : bankersRound(n);
}

/** Floor, Ceiling, Truncate: Decimal for an integer, Double for the rest. */
function roundTo(t: PSTypeRef, name: string, a: unknown[], f: (x: number) => number): unknown {
  return mathOverload(t, name, a) === 'int' ? decimal(f(toNumber(a[0]))) : dbl(f(num(a, 0)));
}

function pathLeaf(path: string): string {
  const r = /[^\\/]*$/.exec(path);
  return r ? r[0] : path;
}

function pathDir(path: string): string {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  if (i < 0) return '';
  if (i === 2 && /^[A-Za-z]:/.test(path)) return path.slice(0, 3);
  return path.slice(0, i);
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

/**
 * A resizable list (System.Collections.ArrayList, List[T]): a JavaScript array marked as such. A List[T] remembers
 * T (its full name) so that Add converts to it and GetType() names it.
 */
export function newList(full: string, items: unknown[] = []): unknown[] {
  const a = [...items];
  const arrayList = /arraylist/i.test(full);
  Object.defineProperty(a, '__list', { value: arrayList ? 'ArrayList' : 'List', enumerable: false });
  const t = arrayList ? undefined : /^[^[]*\[(.+)\]$/.exec(full)?.[1];
  if (t) Object.defineProperty(a, '__itemType', { value: resolveTypeName(t.replace(/^\[|\]$/g, '')), enumerable: false });
  return a;
}

/**
 * The exception types scripts throw and catch, each with its base types (most derived first, below System.Exception)
 * and .NET Framework's default message; a type not listed derives from System.SystemException.
 */
const EXCEPTIONS: Record<string, [string[], string?]> = {
  'System.Exception': [[]],
  'System.SystemException': [[], 'System error.'],
  'System.ApplicationException': [[], 'Error in the application.'],
  'System.IO.IOException': [['System.SystemException'], 'I/O error occurred.'],
  'System.IO.FileNotFoundException': [['System.IO.IOException', 'System.SystemException'], 'Unable to find the specified file.'],
  'System.IO.DirectoryNotFoundException': [['System.IO.IOException', 'System.SystemException'], 'Attempted to access a path that is not on the disk.'],
  'System.IO.PathTooLongException': [['System.IO.IOException', 'System.SystemException'], 'The specified path, file name, or both are too long.'],
  'System.ArgumentException': [['System.SystemException'], 'Value does not fall within the expected range.'],
  'System.ArgumentNullException': [['System.ArgumentException', 'System.SystemException'], 'Value cannot be null.'],
  'System.ArgumentOutOfRangeException': [['System.ArgumentException', 'System.SystemException'], 'Specified argument was out of the range of valid values.'],
  'System.InvalidOperationException': [['System.SystemException'], 'Operation is not valid due to the current state of the object.'],
  'System.NotSupportedException': [['System.SystemException'], 'Specified method is not supported.'],
  'System.NotImplementedException': [['System.SystemException'], 'The method or operation is not implemented.'],
  'System.UnauthorizedAccessException': [['System.SystemException'], 'Attempted to perform an unauthorized operation.'],
  'System.FormatException': [['System.SystemException'], 'One of the identified items was in an invalid format.'],
  'System.TimeoutException': [['System.SystemException'], 'The operation has timed out.'],
  'System.Management.Automation.RuntimeException': [['System.SystemException']],
  'System.Management.Automation.ItemNotFoundException': [['System.Management.Automation.SessionStateException', 'System.Management.Automation.RuntimeException', 'System.SystemException']],
};

/** Whether a value is an exception object (what newException makes). */
export function isException(v: unknown): v is PSObject {
  return v instanceof PSObject && v.typeNames.includes('System.Exception');
}

/**
 * An exception object (`[System.IO.IOException]::new('x')`, `New-Object System.Exception 'x'`) for `throw`, with the
 * constructor arguments .NET's types take: (message), (message, innerException), FileNotFoundException(message,
 * fileName), ArgumentException(message, paramName), ArgumentNullException/ArgumentOutOfRangeException(paramName[,
 * message]). Argument exceptions append "Parameter name: x" to the message as .NET Framework does.
 */
export function newException(fullName: string, message?: string, args: unknown[] = message === undefined ? [] : [message]): PSObject {
  const known = Object.keys(EXCEPTIONS).find((k) => k.toLowerCase() === fullName.toLowerCase() || k.toLowerCase() === 'system.' + fullName.toLowerCase());
  const full = known ?? (fullName.includes('.') ? fullName : `System.${fullName}`);
  const [bases, defaultMessage] = EXCEPTIONS[full] ?? [['System.SystemException']];
  const props: Record<string, unknown> = {};
  let msg = args.length && args[0] !== null && args[0] !== undefined ? toStr(args[0]) : defaultMessage ?? `Exception of type '${full}' was thrown.`;
  let inner: unknown = null;
  const paramFirst = full === 'System.ArgumentNullException' || full === 'System.ArgumentOutOfRangeException';
  if (paramFirst) {
    const param = args.length ? toStr(args[0]) : undefined;
    msg = args.length > 1 && !isException(args[1]) ? toStr(args[1]) : defaultMessage!;
    if (param) msg += `\r\nParameter name: ${param}`;
    props.ParamName = param ?? null;
  } else if (args.length > 1 && isException(args[1])) inner = args[1];
  else if (full === 'System.IO.FileNotFoundException') props.FileName = args.length > 1 ? toStr(args[1]) : null;
  else if (full === 'System.ArgumentException') {
    const param = args.length > 1 ? toStr(args[1]) : undefined;
    if (param) msg += `\r\nParameter name: ${param}`;
    props.ParamName = param ?? null;
  }
  const o = new PSObject({ Message: msg, ...props, Data: new PSHashtable(), InnerException: inner, TargetSite: null, StackTrace: null, HelpLink: null, Source: null, HResult: -2146233088 }, [
    full,
    ...bases.filter((b) => b !== full),
    'System.Exception',
    'System.Object',
  ]);
  (o as unknown as { toStringValue: string }).toStringValue = `${full}: ${msg}`;
  return o;
}

/** The engine's view of an exception object, for an ErrorRecord built around it. */
function psException(ex: PSObject): PSException {
  const inner = ex.get('InnerException')?.value;
  return {
    typeName: ex.typeNames[0].slice(ex.typeNames[0].lastIndexOf('.') + 1),
    fullName: ex.typeNames[0],
    message: toStr(ex.get('Message')?.value),
    baseTypes: ex.typeNames.slice(1, -1),
    thrown: ex,
    innerException: isException(inner) ? psException(inner) : undefined,
  };
}

const CATEGORIES = ['NotSpecified', 'OpenError', 'CloseError', 'DeviceError', 'DeadlockDetected', 'InvalidArgument', 'InvalidData', 'InvalidOperation', 'InvalidResult', 'InvalidType', 'MetadataError', 'NotImplemented', 'NotInstalled', 'ObjectNotFound', 'OperationStopped', 'OperationTimeout', 'SyntaxError', 'ParserError', 'PermissionDenied', 'ResourceBusy', 'ResourceExists', 'ResourceUnavailable', 'ReadError', 'WriteError', 'FromStdErr', 'SecurityError', 'ProtocolError', 'ConnectionError', 'AuthenticationError', 'LimitsExceeded', 'QuotaExceeded', 'NotEnabled'];
registerEnum({ fullName: 'System.Management.Automation.ErrorCategory', members: CATEGORIES.map((c, i) => [c, i] as [string, number]) });

/** `New-Object System.Management.Automation.ErrorRecord($exception, 'Id', 'Category', $target)` and ::new. */
function newErrorRecord(a: unknown[]): ErrorRecord {
  if (a.length !== 4) raise(`Cannot find an overload for "ErrorRecord" and the argument count: "${a.length}".`, 'ConstructorInvokedThrowException', 'InvalidOperation', 'MethodException');
  const ex = isException(a[0]) ? a[0] : newException('System.Exception', toStr(a[0]));
  const category = convertTo(a[2], 'System.Management.Automation.ErrorCategory') as PSEnumValue;
  return new ErrorRecord(psException(ex), toStr(a[1]), category.name as ErrorCategory, a[3]);
}

/** A regex built as .NET's static Regex methods build it: the pattern, and RegexOptions given by name or value. */
function netRegex(pattern: unknown, options: unknown, global = false): RegExp {
  const names = options === undefined || options === null ? '' : toStr(options);
  const re = psRegex(toStr(pattern), !/IgnoreCase/i.test(names), global);
  const extra = (/Multiline/i.test(names) && !re.flags.includes('m') ? 'm' : '') + (/Singleline/i.test(names) && !re.flags.includes('s') ? 's' : '');
  return extra ? new RegExp(re.source, re.flags + extra) : re;
}

/** A Match object: what [regex]::Match returns and [regex]::Matches lists. */
function matchObject(r: RegExpExecArray | null): PSObject {
  return new PSObject({ Success: !!r, Value: r ? r[0] : '', Index: r ? r.index : 0, Length: r ? r[0].length : 0, Groups: r ? [...r] : [] });
}

/** MaxValue and MinValue of a numeric type. */
function limits(max: number, min: number): Array<MemberRow<StaticProperty>> {
  return [p('MaxValue', () => max), p('MinValue', () => min)];
}

/** `[int]::Parse('5')`: the type's conversion. */
const parse = m('Parse', (args, _mh, t) => convertTo(args[0], t.fullName));
/** `[int]::TryParse('5', [ref]$n)`: true and the value through the reference, else false and the type's zero. */
const tryParse = m('TryParse', (args, _mh, t) => {
  let value: unknown;
  let ok = true;
  try {
    value = convertTo(args[0], t.fullName);
  } catch {
    ok = false;
    value = convertTo(0, t.fullName);
  }
  if (args[1] instanceof PSReference) args[1].set('Value', value);
  return ok;
});

const TABLES: StaticTable[] = [
  new MemberTable<StaticMethod, StaticProperty>('System.Int32', [...limits(2147483647, -2147483648), parse, tryParse]),
  new MemberTable<StaticMethod, StaticProperty>('System.UInt32', [...limits(4294967295, 0), parse, tryParse]),
  new MemberTable<StaticMethod, StaticProperty>('System.Int64', [...limits(9223372036854775807, -9223372036854775808), parse, tryParse]),
  new MemberTable<StaticMethod, StaticProperty>('System.UInt64', limits(18446744073709551615, 0)),
  new MemberTable<StaticMethod, StaticProperty>('System.Byte', limits(255, 0)),
  new MemberTable<StaticMethod, StaticProperty>('System.Int16', limits(32767, -32768)),
  new MemberTable<StaticMethod, StaticProperty>('System.Double', [...limits(Number.MAX_VALUE, -Number.MAX_VALUE), parse]),
  new MemberTable<StaticMethod, StaticProperty>('System.Math', [
    p('PI', () => Math.PI),
    p('E', () => Math.E),
    // The overload PowerShell picks decides the result's type (mathOverload): Round, Floor, Ceiling and Truncate
    // of an integer take the Decimal overload (an Int32 converts to Decimal before Double), of anything else the
    // Double one; Abs, Max and Min give an integer when an integer decides and no Double takes part; Pow, Sqrt and
    // Log have only Double; Sign is always an Int32. A Boolean alone fits every numeric overload equally: ambiguous.
    m('Round', (a, _mh, t) => (a.length === 1 && mathOverload(t, 'Round', a) === 'int' ? decimal(mathRound(a)) : dbl(mathRound(a)))),
    m('Floor', (a, _mh, t) => roundTo(t, 'Floor', a, Math.floor)),
    m('Ceiling', (a, _mh, t) => roundTo(t, 'Ceiling', a, Math.ceil)),
    m('Truncate', (a, _mh, t) => roundTo(t, 'Truncate', a, Math.trunc)),
    m('Abs', (a, _mh, t) => (mathOverload(t, 'Abs', a) === 'int' ? Math.abs(toNumber(a[0])) : dbl(Math.abs(num(a, 0))))),
    m('Max', (a, _mh, t) => (mathOverload(t, 'Max', a) === 'int' ? Math.max(intArg(a[0]), intArg(a[1])) : dbl(Math.max(num(a, 0), num(a, 1))))),
    m('Min', (a, _mh, t) => (mathOverload(t, 'Min', a) === 'int' ? Math.min(intArg(a[0]), intArg(a[1])) : dbl(Math.min(num(a, 0), num(a, 1))))),
    m('Pow', (a, _mh, t) => (mathOverload(t, 'Pow', a), dbl(Math.pow(num(a, 0), num(a, 1))))),
    m('Sqrt', (a) => dbl(Math.sqrt(num(a, 0)))),
    m('Log', (a) => dbl(a.length > 1 ? Math.log(num(a, 0)) / Math.log(num(a, 1)) : Math.log(num(a, 0)))),
    m('Log10', (a) => dbl(Math.log10(num(a, 0)))),
    m('Sign', (a) => Math.sign(num(a, 0))),
  ]),
  new MemberTable<StaticMethod, StaticProperty>('System.String', [
    p('Empty', () => ''),
    m('IsNullOrEmpty', (a) => a[0] === null || a[0] === undefined || toStr(a[0]) === ''),
    m('IsNullOrWhiteSpace', (a) => a[0] === null || a[0] === undefined || toStr(a[0]).trim() === ''),
    m('Join', (a) => {
      const rest = a.length === 2 && Array.isArray(a[1]) ? (a[1] as unknown[]) : a.slice(1);
      return rest.map((x) => toStr(x)).join(s0(a));
    }),
    m('Format', (a) => formatOperator(s0(a), a.slice(1).length === 1 && Array.isArray(a[1]) ? a[1] : a.slice(1))),
    m('Concat', (a) => a.map((x) => toStr(x)).join('')),
    m('Equals', (a) => (a.length > 2 && ignoresCase(a[2]) ? toStr(a[0]).toLowerCase() === toStr(a[1]).toLowerCase() : toStr(a[0]) === toStr(a[1]))),
    // Compare(a, b), Compare(a, b, ignoreCase), Compare(a, b, StringComparison): culture order unless Ordinal.
    m('Compare', (a) => {
      const ic = a.length > 2 && (a[2] === true || ignoresCase(a[2]));
      const x = a[0] === null || a[0] === undefined ? null : ic ? s0(a).toLowerCase() : s0(a);
      const y = a[1] === null || a[1] === undefined ? null : ic ? toStr(a[1]).toLowerCase() : toStr(a[1]);
      if (x === null || y === null) return x === y ? 0 : x === null ? -1 : 1;
      const c = a.length > 2 && /^ordinal/i.test(toStr(a[2])) ? (x < y ? -1 : x > y ? 1 : 0) : x.localeCompare(y, 'en-US');
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }),
  ]),
  new MemberTable<StaticMethod, StaticProperty>('System.Environment', [
    p('NewLine', () => '\r\n'),
    p('MachineName', () => host().env.HOSTNAME ?? 'localhost'),
    p('UserName', () => host().env.USER ?? host().env.USERNAME ?? 'user'),
    p('ProcessorCount', () => host().cpuCount()),
    p('OSVersion', () => osVersion()),
    p('Is64BitOperatingSystem', () => true),
    p('Is64BitProcess', () => true),
    m('GetEnvironmentVariable', (a) => host().env[s0(a)] ?? null),
    m('SetEnvironmentVariable', (a) => {
      host().env[s0(a)] = a[1] === null ? undefined : toStr(a[1]);
      return undefined;
    }),
    m('GetFolderPath', () => 'C:\\Users\\' + (host().env.USER ?? 'user')),
    m('Exit', () => undefined),
  ]),
  new MemberTable<StaticMethod, StaticProperty>('System.IO.Path', [
    p('DirectorySeparatorChar', () => '\\'),
    p('PathSeparator', () => ';'),
    m('GetFileName', (a) => pathLeaf(s0(a))),
    m('GetFileNameWithoutExtension', (a) => pathLeaf(s0(a)).replace(/\.[^.]*$/, '')),
    m('GetExtension', (a) => {
      const r = /\.[^.\\/]*$/.exec(pathLeaf(s0(a)));
      return r ? r[0] : '';
    }),
    m('GetDirectoryName', (a) => pathDir(s0(a))),
    m('Combine', (a) => a.map((x) => toStr(x)).reduce((x, y) => (/^([A-Za-z]:|[\\/])/.test(y) ? y : x === '' ? y : x.replace(/[\\/]$/, '') + '\\' + y), '')),
    m('ChangeExtension', (a) => s0(a).replace(/\.[^.\\/]*$/, '') + (a[1] === null ? '' : '.' + toStr(a[1]).replace(/^\./, ''))),
    m('IsPathRooted', (a) => /^([A-Za-z]:[\\/]|[\\/])/.test(s0(a))),
    m('GetTempPath', () => 'C:\\Users\\' + (host().env.USER ?? 'user') + '\\AppData\\Local\\Temp\\'),
    m('GetRandomFileName', () => Math.random().toString(36).slice(2, 10) + '.' + Math.random().toString(36).slice(2, 5)),
    m('GetFullPath', (a) => s0(a)),
    m('GetInvalidFileNameChars', () => ['"', '<', '>', '|', ':', '*', '?', '\\', '/']),
    p('AltDirectorySeparatorChar', () => '/'),
    p('VolumeSeparatorChar', () => ':'),
    m('GetPathRoot', (a) => /^[A-Za-z]:[\\/]?|^\\\\[^\\]+\\[^\\]+\\?|^[\\/]/.exec(s0(a))?.[0] ?? ''),
    m('HasExtension', (a) => /\.[^.\\/]+$/.test(pathLeaf(s0(a)))),
    m('GetInvalidPathChars', () => ['"', '<', '>', '|']),
  ]),
  new MemberTable<StaticMethod, StaticProperty>('System.IO.File', [
    m('Exists', (a, mh) => {
      try {
        return statPath(mh.resolvePath(s0(a))).isFile();
      } catch {
        return false;
      }
    }),
    m('ReadAllText', (a, mh) => readTextFile(mh.resolvePath(s0(a)))),
    m('ReadAllLines', (a, mh) =>
      readTextFile(mh.resolvePath(s0(a)))
        .split(/\r?\n/)
        .filter((x, i, all) => i < all.length - 1 || x !== ''),
    ),
    m('WriteAllText', (a, mh) => {
      host().fs.writeFileSync(mh.resolvePath(s0(a)), toStr(a[1]));
      return undefined;
    }),
    m('Delete', (a, mh) => {
      try {
        host().fs.unlinkSync(mh.resolvePath(s0(a)));
      } catch {
        /* as .NET: no error when missing */
      }
      return undefined;
    }),
  ]),
  new MemberTable<StaticMethod, StaticProperty>('System.Xml.XmlDocument', [m('new', () => parseXmlEmpty())]),
  new MemberTable<StaticMethod, StaticProperty>('System.Xml.XmlNamespaceManager', [m('new', () => new XmlNamespaceManager())]),
  new MemberTable<StaticMethod, StaticProperty>('System.IO.FileInfo', [
    m('new', (a, mh) => {
      const p = userPath(mh.resolvePath, s0(a));
      return new FileSystemItem(p.host, p.display);
    }),
  ]),
  new MemberTable<StaticMethod, StaticProperty>('System.IO.DirectoryInfo', [
    m('new', (a, mh) => {
      const p = userPath(mh.resolvePath, s0(a));
      return new FileSystemItem(p.host, p.display, false, true);
    }),
  ]),
  new MemberTable<StaticMethod, StaticProperty>('System.IO.Directory', [
    m('GetFiles', directoryListing('file', 'GetFiles')),
    m('GetDirectories', directoryListing('directory', 'GetDirectories')),
    m('GetFileSystemEntries', directoryListing('any', 'GetFileSystemEntries')),
    m('EnumerateFiles', directoryListing('file', 'EnumerateFiles')),
    m('EnumerateDirectories', directoryListing('directory', 'EnumerateDirectories')),
    m('EnumerateFileSystemEntries', directoryListing('any', 'EnumerateFileSystemEntries')),
    m('Delete', (a, mh) => {
      const d = userPath(mh.resolvePath, s0(a));
      if (!existsAt(d.host)) raise(`Exception calling "Delete" with "${a.length}" argument(s): "Could not find a part of the path '${d.display}'."`, 'DirectoryNotFoundException', 'NotSpecified', 'MethodInvocationException');
      fileOperation('Delete', a.length, d.display, () => (toBool(a[1]) ? host().fs.rmSync(d.host, { recursive: true, force: true }) : host().fs.rmdirSync(d.host)));
      return undefined;
    }),
    m('GetCurrentDirectory', (_a, mh) => userPath(mh.resolvePath, '.').display),
    m('Exists', (a, mh) => {
      try {
        return statPath(mh.resolvePath(s0(a))).isDirectory();
      } catch {
        return false;
      }
    }),
    m('CreateDirectory', (a, mh) => {
      host().fs.mkdirSync(mh.resolvePath(s0(a)), { recursive: true });
      return undefined;
    }),
  ]),
  new MemberTable<StaticMethod, StaticProperty>('System.DateTime', [
    p('Now', () => new Date()),
    p('Today', () => {
      const d = new Date();
      return new Date(d.getFullYear(), d.getMonth(), d.getDate());
    }),
    // A Date is local time: UtcNow is the instant whose local fields read as the UTC clock does.
    p('UtcNow', () => {
      const d = new Date();
      return new Date(d.getTime() + d.getTimezoneOffset() * 60000);
    }),
    p('MinValue', () => new Date(1, 0, 1)),
    p('MaxValue', () => new Date(9999, 11, 31, 23, 59, 59, 999)),
    m('Parse', (a) => {
      const d = parseDateTime(s0(a));
      if (!d) invalidDateTime('Parse', a.length);
      return d;
    }),
    m('ParseExact', (a) => {
      const formats = Array.isArray(a[1]) ? (a[1] as unknown[]).map((x) => toStr(x)) : [toStr(a[1])];
      for (const f of formats) {
        const d = parseExact(s0(a), f);
        if (d) return d;
      }
      invalidDateTime('ParseExact', a.length);
    }),
    m('Now', () => new Date()),
    m('new', (a) => {
      const n = a.map((x) => toNumber(x));
      if (n.length === 1) return new Date((n[0] - 621355968000000000) / 10000 + new Date().getTimezoneOffset() * 60000);
      return new Date(n[0], (n[1] ?? 1) - 1, n[2] ?? 1, n[3] ?? 0, n[4] ?? 0, n[5] ?? 0, n[6] ?? 0);
    }),
    m('DaysInMonth', (a) => new Date(num(a, 0), num(a, 1), 0).getDate()),
    m('IsLeapYear', (a) => new Date(num(a, 0), 1, 29).getDate() === 29),
  ]),
  new MemberTable<StaticMethod, StaticProperty>('System.TimeSpan', [
    p('Zero', () => new PSTimeSpan(0)),
    p('MaxValue', () => new PSTimeSpan(Number.MAX_SAFE_INTEGER)),
    p('MinValue', () => new PSTimeSpan(-Number.MAX_SAFE_INTEGER)),
    m('FromDays', (a) => PSTimeSpan.fromMs(num(a, 0) * 86400000)),
    m('FromHours', (a) => PSTimeSpan.fromMs(num(a, 0) * 3600000)),
    m('FromMinutes', (a) => PSTimeSpan.fromMs(num(a, 0) * 60000)),
    m('FromSeconds', (a) => PSTimeSpan.fromMs(num(a, 0) * 1000)),
    m('FromMilliseconds', (a) => PSTimeSpan.fromMs(num(a, 0))),
    m('FromTicks', (a) => new PSTimeSpan(num(a, 0))),
    m('Parse', (a) => convertTo(a[0], 'System.TimeSpan')),
    // new(ticks), new(h, m, s), new(d, h, m, s), new(d, h, m, s, ms)
    m('new', (a) => {
      const n = a.map((x) => toNumber(x));
      if (n.length === 0) return new PSTimeSpan(0);
      if (n.length === 1) return new PSTimeSpan(n[0]);
      const [d, h, mi, se, ms] = n.length === 3 ? [0, n[0], n[1], n[2], 0] : [n[0], n[1], n[2], n[3], n[4] ?? 0];
      return PSTimeSpan.fromMs((((d * 24 + h) * 60 + mi) * 60 + se) * 1000 + ms);
    }),
  ]),
  // Cultures only as arguments scripts hand to ParseExact/ToString: wimsh formats in en-US and invariant forms.
  new MemberTable<StaticMethod, StaticProperty>('System.Globalization.CultureInfo', [
    p('InvariantCulture', () => culture('', 'Invariant Language (Invariant Country)')),
    p('CurrentCulture', () => culture('en-US', 'English (United States)')),
    p('CurrentUICulture', () => culture('en-US', 'English (United States)')),
  ]),
  new MemberTable<StaticMethod, StaticProperty>('System.Convert', [
    m('ToInt32', (a) => (a.length > 1 ? parseInt(s0(a), toNumber(a[1])) : convertTo(a[0], 'System.Int32'))),
    m('ToInt64', (a) => convertTo(a[0], 'System.Int64')),
    m('ToUInt32', (a) => convertTo(a[0], 'System.UInt32')),
    m('ToString', (a) => (a.length > 1 ? toNumber(a[0]).toString(toNumber(a[1])) : toStr(a[0]))),
    m('ToBoolean', (a) => toBool(a[0])),
    m('ToDouble', (a) => toNumber(a[0], 'System.Double')),
    m('ToBase64String', (a) => host().text.base64Encode(a[0] as Uint8Array)),
  ]),
  // .NET's static Regex methods match case-sensitively unless a RegexOptions argument says IgnoreCase (unlike
  // PowerShell's -match and -replace operators).
  new MemberTable<StaticMethod, StaticProperty>('System.Text.RegularExpressions.Regex', [
    m('Escape', (a) => s0(a).replace(/[.*+?^${}()|[\]\\#\s]/g, '\\$&')),
    m('IsMatch', (a) => netRegex(a[1], a[2]).test(s0(a))),
    m('Replace', (a) => s0(a).replace(netRegex(a[1], a[3], true), toStr(a[2]))),
    m('Split', (a) => s0(a).split(netRegex(a[1], a[2], true))),
    m('Match', (a) => matchObject(netRegex(a[1], a[2]).exec(s0(a)))),
    m('Matches', (a) => {
      const re = netRegex(a[1], a[2], true);
      const text = s0(a);
      const found: PSObject[] = [];
      for (let r = re.exec(text); r; r = re.exec(text)) {
        found.push(matchObject(r));
        if (r[0] === '') re.lastIndex++; // an empty match moves on one character, as .NET's scan does
      }
      return found;
    }),
  ]),
  new MemberTable<StaticMethod, StaticProperty>('System.Collections.Hashtable', [m('new', () => new PSHashtable())]),
  new MemberTable<StaticMethod, StaticProperty>('System.Console', [
    m('WriteLine', (a, mh) => {
      mh.write?.((a.length ? toStr(a.length > 1 ? formatOperator(s0(a), a.slice(1)) : a[0]) : '') + '\n');
      return undefined;
    }),
    m('Write', (a, mh) => {
      mh.write?.(toStr(a[0]));
      return undefined;
    }),
    m('ReadLine', nonInteractive),
    m('ReadKey', nonInteractive),
  ]),
  new MemberTable<StaticMethod, StaticProperty>('System.Guid', [
    p('Empty', () => PSGuid.empty),
    m('NewGuid', () => PSGuid.create(randomBytes)),
    m('Parse', (a) => convertTo(a[0], 'System.Guid')),
    m('new', (a) => (a.length ? convertTo(a[0], 'System.Guid') : PSGuid.empty)),
  ]),
  new MemberTable<StaticMethod, StaticProperty>('System.Array', [
    m('IndexOf', (a) => arrayArg(a[0], 'IndexOf').findIndex((x) => psEquals(x, a[1], true))),
    m('LastIndexOf', (a) => {
      const l = arrayArg(a[0], 'LastIndexOf');
      for (let i = l.length - 1; i >= 0; i--) if (psEquals(l[i], a[1], true)) return i;
      return -1;
    }),
    m('Reverse', (a) => {
      arrayArg(a[0], 'Reverse').reverse();
      return undefined;
    }),
    m('Sort', (a) => {
      arrayArg(a[0], 'Sort').sort(dotNetCompare);
      return undefined;
    }),
    m('Exists', () => false),
  ]),
  new MemberTable<StaticMethod, StaticProperty>('System.Enum', [
    m('GetNames', (a) => {
      const e = enumTypes.get(resolveTypeName(a[0] instanceof PSTypeRef ? a[0].fullName : s0(a)).toLowerCase());
      return e ? e.members.map(([n]) => n) : [];
    }),
  ]),
];

function culture(name: string, displayName: string): PSObject {
  const o = new PSObject({ LCID: name ? 1033 : 127, Name: name, DisplayName: displayName }, ['System.Globalization.CultureInfo', 'System.Object']);
  (o as unknown as { toStringValue: string }).toStringValue = name;
  return o;
}

/** .NET's FormatException from DateTime.Parse/ParseExact, as a method call's error. */
function invalidDateTime(name: string, argc: number): never {
  raise(
    `Exception calling "${name}" with "${argc}" argument(s): "String was not recognized as a valid DateTime."`,
    'FormatException',
    'NotSpecified',
    'MethodInvocationException',
  );
}

// The enums scripts pass to the members here ([IO.SearchOption]::AllDirectories, [StringComparison]::OrdinalIgnoreCase).
registerEnum({ fullName: 'System.IO.SearchOption', members: [['TopDirectoryOnly', 0], ['AllDirectories', 1]] });
registerEnum({
  fullName: 'System.StringComparison',
  members: [['CurrentCulture', 0], ['CurrentCultureIgnoreCase', 1], ['InvariantCulture', 2], ['InvariantCultureIgnoreCase', 3], ['Ordinal', 4], ['OrdinalIgnoreCase', 5]],
});
registerEnum({ fullName: 'System.StringSplitOptions', members: [['None', 0], ['RemoveEmptyEntries', 1]] });
registerEnum({ fullName: 'System.PlatformID', members: [['Win32S', 0], ['Win32Windows', 1], ['Win32NT', 2], ['WinCE', 3], ['Unix', 4], ['Xbox', 5], ['MacOSX', 6]] });

/** `New-Object xml`: a document with nothing in it yet (Load/LoadXml fill it). */
function parseXmlEmpty(): XmlNode {
  return new XmlNode('Document', '#document', null);
}

/** A StringComparison argument that ignores case (OrdinalIgnoreCase, CurrentCultureIgnoreCase...). */
function ignoresCase(v: unknown): boolean {
  return /ignorecase$/i.test(toStr(v)) || (typeof v === 'number' && v % 2 === 1);
}

/** Random bytes for NewGuid (not for secrets: the platform layer offers no random source). */
function randomBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(Math.random() * 256);
  return b;
}

/** The array argument of an [array]:: method; $null is .NET's ArgumentNullException. */
function arrayArg(v: unknown, name: string): unknown[] {
  if (v === null || v === undefined)
    raise(`Exception calling "${name}" with "2" argument(s): "Value cannot be null.\r\nParameter name: array"`, 'ArgumentNullException', 'NotSpecified', 'MethodInvocationException');
  return Array.isArray(v) ? v : [v];
}

/** .NET's default ordering for Sort: numbers by value, strings by en-US culture (a before A before b). */
export function dotNetCompare(x: unknown, y: unknown): number {
  if (typeof x === 'string' && typeof y === 'string') return x.localeCompare(y, 'en-US');
  return psCompare(x, y, true);
}

/** [IO.Directory]::GetFiles(path[, pattern[, SearchOption]]) and its kin: full paths, as the path was given. */
function directoryListing(kind: 'file' | 'directory' | 'any', name: string): StaticMethod {
  return (a, mh) => {
    const d = userPath(mh.resolvePath, s0(a));
    if (!existsAt(d.host))
      raise(`Exception calling "${name}" with "${a.length}" argument(s): "Could not find a part of the path '${d.display}'."`, 'DirectoryNotFoundException', 'NotSpecified', 'MethodInvocationException');
    const dir = new FileSystemItem(d.host, d.display, false, true);
    return listItems(dir, kind, a.length > 1 ? toStr(a[1]) : undefined, a.length > 2 && /^(alldirectories|1)$/i.test(toStr(a[2]))).map((x) => x.fullName);
  };
}

/** [Environment]::OSVersion: Windows 10 (the build $PSVersionTable.BuildVersion names), as a 5.1 session on it sees. */
function osVersion(): PSObject {
  const version = new PSVersion('10.0.19041.0');
  const o = new PSObject(
    { Platform: convertTo('Win32NT', 'System.PlatformID'), ServicePack: '', Version: version, VersionString: 'Microsoft Windows NT 10.0.19041.0' },
    ['System.OperatingSystem', 'System.Object'],
  );
  (o as unknown as { toStringValue: string }).toStringValue = 'Microsoft Windows NT 10.0.19041.0';
  return o;
}

function nonInteractive(): never {
  raise('Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.', 'InvalidOperationException', 'NotSpecified', 'MethodInvocationException');
}

/** Every static table (for the contract tests). */
export const staticTableList: ReadonlyArray<StaticTable> = TABLES;

/** The static tables by full name (any case). */
export const staticTables = new NameMap<StaticTable>();
for (const t of TABLES) if (staticTables.set(t.typeName, t)) throw new Error(`static members of ${t.typeName} are listed twice`);

/**
 * `::new` for families of types that no single table names: ArrayList and every List[T], every *Exception.
 * Tried after the type's own table, in this order.
 */
export const constructors: ReadonlyArray<readonly [RegExp, StaticMethod]> = [
  [/^system\.collections\.(arraylist|generic\.list)/, (_a, _mh, t) => newList(t.fullName.toLowerCase())],
  [/exception$/, (a, _mh, t) => newException(t.fullName, undefined, a)],
  [/^system\.management\.automation\.errorrecord$/, (a) => newErrorRecord(a)],
];
