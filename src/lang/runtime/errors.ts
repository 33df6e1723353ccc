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
  if (typeof v === 'number') return Number.isInteger(v) ? (Math.abs(v) <= 2147483647 ? 'Int32' : 'Int64') : 'Double';
  if (v instanceof Object && v.constructor?.name === 'PSDouble') return 'Double';
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
  if (v instanceof Object && v.constructor?.name === 'PSDouble') return String(v);
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
