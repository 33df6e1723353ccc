/*
 * Error records, as PowerShell models them, and their 5.1 console layout (NormalView).
 *
 *   <command> : <message>                      (no "<command> : " for throw and errors outside a command)
 *   At line:L char:C                           (in a script file: At <path>:L char:C)
 *   + <source line>
 *   + <spaces>~~~~                             (under the offending extent)
 *       + CategoryInfo          : <Category>: (<target>:<type>) [<activity>], <ExceptionType>
 *       + FullyQualifiedErrorId : <id>
 *
 * Parse errors print the position block first and the message after it, as 5.1 does for ParseException.
 * A terminating error travels as a PSRuntimeError (a JavaScript exception carrying the record); `scriptTerminating`
 * tells `throw` and -ErrorAction Stop (which end the script) from statement-terminating errors such as parameter
 * binding failures and unknown commands (which end only their statement).
 */
import { positionOf, type SourceText } from '../syntax/ast';

export type ErrorCategory =
  | 'NotSpecified'
  | 'OpenError'
  | 'CloseError'
  | 'DeviceError'
  | 'DeadlockDetected'
  | 'InvalidArgument'
  | 'InvalidData'
  | 'InvalidOperation'
  | 'InvalidResult'
  | 'InvalidType'
  | 'MetadataError'
  | 'NotImplemented'
  | 'NotInstalled'
  | 'ObjectNotFound'
  | 'OperationStopped'
  | 'OperationTimeout'
  | 'SyntaxError'
  | 'ParserError'
  | 'PermissionDenied'
  | 'ResourceBusy'
  | 'ResourceExists'
  | 'ResourceUnavailable'
  | 'ReadError'
  | 'WriteError'
  | 'FromStdErr'
  | 'SecurityError'
  | 'ProtocolError'
  | 'ConnectionError'
  | 'AuthenticationError'
  | 'LimitsExceeded'
  | 'QuotaExceeded'
  | 'NotEnabled';

/** The .NET exception an error record wraps: its type name (short, e.g. `ParameterBindingException`) and message. */
export interface PSException {
  typeName: string;
  /** Full .NET name, e.g. System.Management.Automation.RuntimeException (for typed catch). */
  fullName?: string;
  message: string;
  /** Extra .NET type names this exception derives from, for `catch [Base]`. */
  baseTypes?: string[];
  /** The value a `throw` threw, when it was not a string. */
  thrown?: unknown;
  innerException?: PSException;
  /** Win32/HRESULT code for the Dism module's errors. */
  hresult?: number;
}

/** Where an error happened: a source extent and the command it was raised for. */
export interface InvocationInfo {
  source: SourceText;
  start: number;
  end: number;
  /** The command's name as the user wrote it (the `<command> : ` prefix); undefined for throw/parse errors. */
  commandName?: string;
}

export class ErrorRecord {
  exception: PSException;
  fullyQualifiedErrorId: string;
  category: ErrorCategory;
  targetObject: unknown;
  /** CategoryInfo's activity (`[Export-WindowsImage]`); defaults to the command name. */
  activity?: string;
  /** CategoryInfo's target name/type override (`(x:String)`). */
  targetName?: string;
  targetType?: string;
  invocation?: InvocationInfo;
  /** Parse errors print position first, message last. */
  parseError = false;
  /** Prefix with the invocation's command name (`Get-Item : ...`). */
  showCommand = true;
  /** ErrorDetails.Message overrides the exception message in the display. */
  detailsMessage?: string;

  constructor(exception: PSException, errorId: string, category: ErrorCategory, targetObject?: unknown) {
    this.exception = exception;
    this.fullyQualifiedErrorId = errorId;
    this.category = category;
    this.targetObject = targetObject ?? null;
  }

  get message(): string {
    return this.detailsMessage ?? this.exception.message;
  }

  toString(): string {
    return this.message;
  }
}

/** A terminating error in flight. */
export class PSRuntimeError extends Error {
  constructor(
    readonly record: ErrorRecord,
    public scriptTerminating = false,
  ) {
    super(record.message);
  }
}

/** Builds an error record from a message (most engine errors). */
export function makeError(
  message: string,
  errorId: string,
  category: ErrorCategory,
  exceptionType = 'RuntimeException',
  targetObject?: unknown,
): ErrorRecord {
  return new ErrorRecord({ typeName: exceptionType, message }, errorId, category, targetObject);
}

/** Throws a statement-terminating error. */
export function raise(
  message: string,
  errorId: string,
  category: ErrorCategory = 'InvalidOperation',
  exceptionType = 'RuntimeException',
  targetObject?: unknown,
): never {
  throw new PSRuntimeError(makeError(message, errorId, category, exceptionType, targetObject));
}

function typeShortName(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return Number.isInteger(v) ? (v >= -2147483648 && v <= 2147483647 ? 'Int32' : 'Int64') : 'Double';
  if (v instanceof Object && v.constructor?.name === 'PSDouble') return 'Double';
  // A typed number (Int64, Decimal...) and a Char name their .NET type.
  const typed = (v as { typeName?: unknown }).typeName;
  if (v instanceof Object && v.constructor?.name === 'PSTypedNumber' && typeof typed === 'string') return typed.slice(typed.lastIndexOf('.') + 1);
  if (v instanceof Object && v.constructor?.name === 'PSChar') return 'Char';
  if (typeof v === 'boolean') return 'Boolean';
  if (Array.isArray(v)) return 'Object[]';
  const tn = (v as { typeNames?: string[] }).typeNames;
  if (tn && tn[0]) return tn[0].slice(tn[0].lastIndexOf('.') + 1);
  return 'Object';
}

function targetText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v === true ? 'True' : v === false ? 'False' : v);
  if (v instanceof Object && (v.constructor?.name === 'PSDouble' || v.constructor?.name === 'PSTypedNumber' || v.constructor?.name === 'PSChar')) return String(v);
  if (Array.isArray(v)) return 'System.Object[]';
  const tn = (v as { typeNames?: string[] }).typeNames;
  if (tn && tn[0]) return tn[0];
  return String(v);
}

/** CategoryInfo's text: `InvalidArgument: (:) [Export-WindowsImage], ParameterBindingException`. */
export function categoryInfo(rec: ErrorRecord): string {
  const target = rec.targetName ?? targetText(rec.targetObject);
  const type = rec.targetType ?? typeShortName(rec.targetObject);
  const activity = rec.activity ?? rec.invocation?.commandName ?? '';
  return `${rec.category}: (${target}:${type}) [${activity}], ${rec.exception.typeName}`;
}

/** The position block: `At line:1 char:21`, the source line and the `~` marker line. */
export function positionMessage(inv: InvocationInfo | undefined): string[] {
  if (!inv || inv.source.text === '') return [];
  const pos = positionOf(inv.source, inv.start);
  const where = inv.source.path ? `At ${inv.source.path}:${pos.line} char:${pos.column}` : `At line:${pos.line} char:${pos.column}`;
  const lineText = pos.lineText;
  const endPos = positionOf(inv.source, Math.max(inv.start, inv.end));
  let width: number;
  if (endPos.line === pos.line) width = Math.max(1, endPos.column - pos.column);
  else width = Math.max(1, lineText.length - pos.column + 1);
  return [where, `+ ${lineText}`, `+ ${' '.repeat(pos.column - 1)}${'~'.repeat(width)}`];
}

/** The whole NormalView text of an error record, lines joined with \n, ending with a blank line. */
export function formatErrorRecord(rec: ErrorRecord): string {
  const lines: string[] = [];
  const pos = positionMessage(rec.invocation);
  if (rec.parseError) {
    lines.push(...pos, rec.message);
  } else {
    const cmd = rec.showCommand ? rec.invocation?.commandName : undefined;
    lines.push(cmd ? `${cmd} : ${rec.message}` : rec.message, ...pos);
  }
  lines.push(`    + CategoryInfo          : ${categoryInfo(rec)}`);
  lines.push(`    + FullyQualifiedErrorId : ${rec.fullyQualifiedErrorId}`);
  return lines.join('\n') + '\n \n';
}

// ------------------------------------------------------------------------------------------------ exception types

/**
 * The base class of the .NET exception types scripts catch by name (each's direct base), for typed catch and trap:
 * `catch [System.ArgumentException]` catches an ArgumentOutOfRangeException. A type not listed derives from
 * System.Exception (and, under System.Management.Automation, from RuntimeException).
 */
const EXCEPTION_BASES: Record<string, string> = {
  'System.SystemException': 'System.Exception',
  'System.ApplicationException': 'System.Exception',
  'System.FormatException': 'System.SystemException',
  'System.ArgumentException': 'System.SystemException',
  'System.ArgumentNullException': 'System.ArgumentException',
  'System.ArgumentOutOfRangeException': 'System.ArgumentException',
  'System.InvalidOperationException': 'System.SystemException',
  'System.ObjectDisposedException': 'System.InvalidOperationException',
  'System.NotSupportedException': 'System.SystemException',
  'System.NotImplementedException': 'System.SystemException',
  'System.InvalidCastException': 'System.SystemException',
  'System.ArithmeticException': 'System.SystemException',
  'System.OverflowException': 'System.ArithmeticException',
  'System.DivideByZeroException': 'System.ArithmeticException',
  'System.IndexOutOfRangeException': 'System.SystemException',
  'System.NullReferenceException': 'System.SystemException',
  'System.OutOfMemoryException': 'System.SystemException',
  'System.TimeoutException': 'System.SystemException',
  'System.UnauthorizedAccessException': 'System.SystemException',
  'System.Collections.Generic.KeyNotFoundException': 'System.SystemException',
  'System.IO.IOException': 'System.SystemException',
  'System.IO.FileNotFoundException': 'System.IO.IOException',
  'System.IO.DirectoryNotFoundException': 'System.IO.IOException',
  'System.IO.PathTooLongException': 'System.IO.IOException',
  'System.IO.EndOfStreamException': 'System.IO.IOException',
  'System.IO.DriveNotFoundException': 'System.IO.IOException',
  'System.Runtime.InteropServices.ExternalException': 'System.SystemException',
  'System.Runtime.InteropServices.COMException': 'System.Runtime.InteropServices.ExternalException',
  'System.Xml.XmlException': 'System.SystemException',
  'System.Management.Automation.RuntimeException': 'System.SystemException',
  'System.Management.Automation.MethodException': 'System.Management.Automation.RuntimeException',
  'System.Management.Automation.MethodInvocationException': 'System.Management.Automation.MethodException',
  'System.Management.Automation.SessionStateException': 'System.Management.Automation.RuntimeException',
  'System.Management.Automation.ItemNotFoundException': 'System.Management.Automation.SessionStateException',
  'System.Management.Automation.DriveNotFoundException': 'System.Management.Automation.SessionStateException',
  'System.Management.Automation.ProviderNotFoundException': 'System.Management.Automation.SessionStateException',
  'System.Management.Automation.SessionStateUnauthorizedAccessException': 'System.Management.Automation.SessionStateException',
  'System.Management.Automation.CommandNotFoundException': 'System.Management.Automation.RuntimeException',
  'System.Management.Automation.ParameterBindingException': 'System.Management.Automation.RuntimeException',
  'System.Management.Automation.ParseException': 'System.Management.Automation.RuntimeException',
  'System.Management.Automation.ActionPreferenceStopException': 'System.Management.Automation.RuntimeException',
  'System.Management.Automation.PSArgumentException': 'System.ArgumentException',
  'System.Management.Automation.PSInvalidOperationException': 'System.InvalidOperationException',
  'System.Management.Automation.PSInvalidCastException': 'System.InvalidCastException',
  'System.Management.Automation.ValidationMetadataException': 'System.Management.Automation.MetadataException',
  'System.Management.Automation.ArgumentTransformationMetadataException': 'System.Management.Automation.MetadataException',
  'System.Management.Automation.MetadataException': 'System.Management.Automation.RuntimeException',
  'System.Management.Automation.ScriptCallDepthException': 'System.SystemException',
  'System.Management.Automation.PropertyNotFoundException': 'System.Management.Automation.ExtendedTypeSystemException',
  'System.Management.Automation.ExtendedTypeSystemException': 'System.Management.Automation.RuntimeException',
  'Microsoft.PowerShell.Commands.WriteErrorException': 'System.SystemException',
};
const BASE_OF = new Map(Object.entries(EXCEPTION_BASES).map(([k, v]) => [k.toLowerCase(), v]));
const PROPER_NAME = new Map([...Object.keys(EXCEPTION_BASES), 'System.Exception'].map((k) => [k.toLowerCase(), k]));

/** A catch type as written (`FormatException`, `IO.IOException`) as the full name of a listed exception type. */
export function canonicalExceptionName(t: string): string {
  const lower = t.toLowerCase();
  const own = PROPER_NAME.get(lower);
  if (own) return own;
  for (const ns of ['system.', 'system.io.', 'system.management.automation.', 'system.collections.generic.', 'system.runtime.interopservices.']) {
    const full = PROPER_NAME.get(ns + lower.replace(/^system\./, ''));
    if (full) return full;
  }
  return t;
}

/** The exception's .NET full name. */
export function exceptionFullName(ex: PSException): string {
  if (ex.fullName) return ex.fullName;
  if (ex.typeName.includes('.')) return ex.typeName;
  // A record built with a short .NET name (ctx.error(..., 'IOException')): the listed type of that name.
  const known = canonicalExceptionName(ex.typeName);
  return known.includes('.') ? known : `System.Management.Automation.${ex.typeName}`;
}

/** A type and its bases, most derived first, lower case (ending with system.exception). */
function lineageOf(fullName: string, extra: readonly string[] = []): string[] {
  const out: string[] = [];
  const add = (n: string) => {
    let cur: string | undefined = n;
    while (cur) {
      const lower = cur.toLowerCase();
      if (out.includes(lower)) break;
      out.push(lower);
      cur = BASE_OF.get(lower) ?? (lower === 'system.exception' || lower === 'system.object' ? undefined : lower.startsWith('system.management.automation.') ? 'System.Management.Automation.RuntimeException' : 'System.Exception');
    }
  };
  add(fullName);
  for (const b of extra) add(b);
  return out;
}

/** Whether a catch type name (as resolved; a short name matches by its last part) names this type or a base. */
function lineageHas(lineage: string[], want: string): boolean {
  const w = want.toLowerCase();
  if (w === 'exception' || w === 'system.object') return true;
  return lineage.some((n) => n === w || n.endsWith('.' + w));
}

/** Whether an exception is of the type `want` names (or derives from it), as `catch [want]` and `trap [want]` test. */
export function exceptionIsOfType(ex: PSException, written: string, outer = true): boolean {
  const want = canonicalExceptionName(written);
  const lineage = lineageOf(exceptionFullName(ex), ex.baseTypes ?? []);
  if (lineageHas(lineage, want)) return true;
  // An error record in flight is a RuntimeException to `catch [RuntimeException]`, as the errors PowerShell wraps in
  // an ActionPreferenceStopException are; the file system's and COM's errors are not, nor an inner .NET exception.
  if (!outer) return false;
  const w = want.toLowerCase();
  if (w === 'system.management.automation.runtimeexception' || w === 'runtimeexception')
    return !exceptionFullName(ex).startsWith('System.IO') && !lineage.includes('system.runtime.interopservices.comexception');
  return false;
}

/**
 * Picks the handler of a try statement's catch clauses (or a scope's traps) for an error, as PowerShell's
 * FindMatchingHandler does: the exception a method call wraps (a MethodInvocationException's inner FormatException)
 * is tried first, then the error's own; of the clauses that match, the most specific type wins (fewest other listed
 * types derive from it), an untyped clause counting as the least specific. `types[i]` is null for an untyped clause.
 * Returns the clause's index and the record `$_` gets: for a match on the inner exception, the error with that
 * exception (its message, its type in CategoryInfo). A try whose only clause is untyped gets the error as it is.
 */
export function findHandler(written: ReadonlyArray<string | null>, rec: ErrorRecord): { index: number; record: ErrorRecord } | undefined {
  const types = written.map((t) => (t === null ? null : canonicalExceptionName(t)));
  if (types.length === 0) return undefined;
  if (types.every((t) => t === null)) return { index: 0, record: rec };
  const lineages = types.map((t) => (t === null ? null : lineageOf(t)));
  // Rank: how many other listed types derive from this one (0: the most specific); untyped: last of all.
  const ranks = types.map((t, j) => {
    if (t === null) return types.length - 1;
    let r = 0;
    for (let i = 0; i < types.length; i++) {
      const li = lineages[i];
      if (i !== j && li && li[0] !== t.toLowerCase() && lineageHas(li, t)) r++;
    }
    return r;
  });
  const byType = (ex: PSException): number => {
    const full = exceptionFullName(ex).toLowerCase();
    for (let i = 0; i < types.length; i++) {
      const t = types[i];
      if (t !== null && (full === t.toLowerCase() || full.endsWith('.' + t.toLowerCase()))) return i;
    }
    for (let i = 0; i < types.length; i++) {
      const t = types[i];
      if (t !== null && exceptionIsOfType(ex, t, ex === rec.exception)) return i;
    }
    return types.indexOf(null);
  };
  let best = -1;
  let bestRank = Number.MAX_SAFE_INTEGER;
  let pass: PSException = rec.exception;
  const consider = (ex: PSException) => {
    const h = byType(ex);
    if (h < 0) return;
    if (ranks[h] < bestRank || (ranks[h] === bestRank && types[best] === null)) {
      best = h;
      bestRank = ranks[h];
      pass = ex;
    }
  };
  if (rec.exception.innerException) consider(rec.exception.innerException);
  if (bestRank > 0) consider(rec.exception);
  if (best < 0) return undefined;
  if (pass === rec.exception) return { index: best, record: rec };
  const inner = new ErrorRecord(pass, rec.fullyQualifiedErrorId, rec.category, rec.targetObject);
  Object.assign(inner, { activity: rec.activity, targetName: rec.targetName, targetType: rec.targetType, invocation: rec.invocation, showCommand: rec.showCommand });
  return { index: best, record: inner };
}
