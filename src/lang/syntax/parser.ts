/*
 * The parser front: runs the generated peggy parser (grammar/powershell.peggy, loaded once) and turns its failures
 * into ParseException error records with PowerShell's texts and positions.
 */
import { host } from '../../platform/host';
import type { ExpressionAst, ScriptAst, SourceText } from './ast';
import { ErrorRecord, PSRuntimeError } from '../runtime/errors';

interface GeneratedParser {
  /** The node shapes of ast.ts: the grammar's actions build exactly those (the one place they are taken on trust). */
  parse(text: string, options?: { startRule?: string }): unknown;
}

let generated: GeneratedParser | undefined;
function parser(): GeneratedParser {
  if (!generated) {
    // From the build's V8 code cache where the host has one (the parser is the engine's largest module; see
    // scripts/build-code-cache.js), else required as usual.
    const h = host();
    const file = h.modulePath?.('src/lang/syntax/parser.generated.js');
    if (file) generated = h.loadWithCodeCache?.(file, file.replace(/\.js$/, '.cache')) as GeneratedParser | undefined;
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    if (!generated) generated = require('./parser.generated.js') as GeneratedParser;
  }
  return generated;
}

interface PsParseFailure {
  psParseError: true;
  id: string;
  message: string;
  offset: number;
  length: number;
}

function isPsFailure(e: unknown): e is PsParseFailure {
  return !!e && typeof e === 'object' && (e as PsParseFailure).psParseError === true;
}

/** A parse failure as PowerShell describes it: error id, message and offset. */
export function parseFailure(text: string, e: unknown): PsParseFailure {
  if (isPsFailure(e)) return e;
  const loc = (e as { location?: { start: { offset: number } } }).location;
  const offset = loc ? loc.start.offset : 0;
  const rest = text.slice(offset);
  const m = /^('(?:[^']|'')*'?|"(?:[^"`]|`.|"")*"?|[^\s;,(){}|]+|.)/.exec(rest);
  const tok = m ? m[0] : '';
  if (!tok) return { psParseError: true, id: 'UnexpectedToken', message: 'Unexpected end of input.', offset, length: 1 };
  return { psParseError: true, id: 'UnexpectedToken', message: `Unexpected token '${tok}' in expression or statement.`, offset, length: tok.length };
}

/** Parses a script; a syntax error throws a PSRuntimeError carrying PowerShell's ParseException record. */
export function parseScript(source: SourceText): ScriptAst {
  try {
    return parser().parse(source.text) as ScriptAst;
  } catch (e) {
    const f = parseFailure(source.text, e);
    const rec = new ErrorRecord({ typeName: 'ParentContainsErrorRecordException', message: f.message, fullName: 'System.Management.Automation.ParseException' }, f.id, 'ParserError');
    rec.parseError = true;
    rec.invocation = { source, start: f.offset, end: f.offset + f.length };
    throw new PSRuntimeError(rec, true);
  }
}

const INCOMPLETE = new Set(['MissingEndCurlyBrace', 'TerminatorExpectedAtEndOfString', 'MissingEndParenthesisInExpression', 'MissingTerminatorMultiLineComment', 'MissingEndParenthesisInFunctionParameterList', 'EmptyPipeElementAtEnd']);

/** True when more lines could complete the text (an open brace, string, here-string or a trailing pipe). */
export function isIncomplete(text: string): boolean {
  if (/(`|\|)\s*$/.test(text)) return true;
  try {
    parser().parse(text);
    return false;
  } catch (e) {
    const f = parseFailure(text, e);
    if (INCOMPLETE.has(f.id)) return true;
    return f.message === 'Unexpected end of input.';
  }
}

/** Parses a double-quoted string's body at run time ($ExecutionContext.InvokeCommand.ExpandString). */
export function parseExpandable(text: string): ExpressionAst {
  return parser().parse(text, { startRule: 'ExpandableStringBody' }) as ExpressionAst;
}

/** Decodes a script file's bytes as Windows PowerShell does: UTF-16 LE/BE and UTF-8 by their BOM, else UTF-8. */
export function decodeScript(data: Uint8Array): string {
  const text = host().text;
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return text.utf16leDecode(data.subarray(2));
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return text.utf16beDecode(data.subarray(2));
  return text.utf8Decode(data).replace(/^\ufeff/, '');
}
