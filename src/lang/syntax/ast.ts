/*
 * The abstract syntax tree the grammar (grammar/powershell.peggy) produces.
 *
 * Nodes are plain objects `{ type, start, end, ...fields }`; start/end are offsets into the source text, kept so that
 * error records can print `At line:L char:C` with the offending extent underlined. Each node kind the grammar's
 * actions build has its interface here, `type` the discriminant; the evaluator switches on it. Statements,
 * expressions and command elements are unions of their kinds (StatementAst, ExpressionAst, CommandElementAst).
 */

/** What every node has: its extent in the source text. */
interface Node {
  start: number;
  end: number;
}

// ------------------------------------------------------------------------------------------------ script blocks

/** The body of a script, a script block literal or a function: param block and named (or implicit end) blocks. */
interface ScriptBody extends Node {
  param: ParamBlockAst | null;
  beginBlock: StatementAst[] | null;
  processBlock: StatementAst[] | null;
  endBlock: StatementAst[] | null;
  /** True when the body declared begin/process/end itself (a filter's body is otherwise its process block). */
  named: boolean;
}

/** A whole script (the parser's result). */
export interface ScriptAst extends ScriptBody {
  type: 'ScriptBlock';
}

/** `{ ... }`: a script block literal, also a function's body; `text` is the source between the braces. */
export interface ScriptBlockExpressionAst extends ScriptBody {
  type: 'ScriptBlockExpression';
  text: string;
}

/** What a ScriptBlock value holds. */
export type ScriptBlockAst = ScriptAst | ScriptBlockExpressionAst;

export interface ParamBlockAst extends Node {
  type: 'ParamBlock';
  attributes: AttributeAst[];
  parameters: ParameterAst[];
}

/** A parameter declared in a param block (or a function's or method's parentheses). */
export interface ParameterAst extends Node {
  type: 'Parameter';
  attributes: Array<AttributeAst | TypeConstraintAst>;
  name: string;
  default: ExpressionAst | null;
}

/** `[Name(args)]`: an attribute; an argument without a name is positional, a name without a value is `$true`. */
export interface AttributeAst extends Node {
  type: 'Attribute';
  name: string;
  args: Array<{ name: string; value: ExpressionAst | null } | { name: null; value: ExpressionAst }>;
}

/** `[type]` before a parameter or class member. */
export interface TypeConstraintAst extends Node {
  type: 'TypeConstraint';
  name: string;
}

// ------------------------------------------------------------------------------------------------ statements

/** A loop's or switch's `:label`. */
interface Labeled {
  label?: string;
}

export interface IfAst extends Node {
  type: 'If';
  clauses: Array<{ cond: PipelineBaseAst; body: StatementAst[] }>;
  else: StatementAst[] | null;
}

export interface ForeachAst extends Node, Labeled {
  type: 'Foreach';
  variable: VariableAst;
  collection: PipelineBaseAst;
  body: StatementAst[];
}

export interface ForAst extends Node, Labeled {
  type: 'For';
  init: PipelineBaseAst | null;
  cond: PipelineBaseAst | null;
  iter: PipelineBaseAst | null;
  body: StatementAst[];
}

export interface WhileAst extends Node, Labeled {
  type: 'While';
  cond: PipelineBaseAst;
  body: StatementAst[];
}

export interface DoAst extends Node, Labeled {
  type: 'Do';
  body: StatementAst[];
  cond: PipelineBaseAst;
  /** do-until (loops while the condition is false) rather than do-while. */
  until: boolean;
}

export interface SwitchAst extends Node, Labeled {
  type: 'Switch';
  /** -regex, -wildcard, -exact, -casesensitive, -file, lower case. */
  flags: string[];
  subject: PipelineBaseAst;
  clauses: Array<{ cond: ExpressionAst | DefaultAst; body: StatementAst[] }>;
}

/** A switch's `default` clause. */
export interface DefaultAst extends Node {
  type: 'Default';
}

export interface FunctionDefinitionAst extends Node {
  type: 'FunctionDefinition';
  name: string;
  filter: boolean;
  body: ScriptBlockExpressionAst;
}

export interface ClassDefinitionAst extends Node {
  type: 'ClassDefinition';
  name: string;
  base: string | null;
  members: Array<ClassPropertyAst | ClassMethodAst>;
}

export interface ClassPropertyAst extends Node {
  type: 'ClassProperty';
  name: string;
  typeName: string | null;
  default: ExpressionAst | null;
  isStatic: boolean;
}

/** A method, or a constructor when its name is the class's. */
export interface ClassMethodAst extends Node {
  type: 'ClassMethod';
  name: string;
  returnType: string | null;
  params: ParameterAst[];
  body: StatementAst[];
  /** A constructor's `: base(args)`. */
  baseArgs: ExpressionAst[] | null;
  isStatic: boolean;
}

export interface EnumDefinitionAst extends Node {
  type: 'EnumDefinition';
  name: string;
  /** Member name and explicit value (null: one more than the previous). */
  members: Array<[string, number | null]>;
}

export interface TryAst extends Node {
  type: 'Try';
  body: StatementAst[];
  catches: Array<{ types: string[]; body: StatementAst[] }>;
  finally: StatementAst[] | null;
}

export interface TrapAst extends Node {
  type: 'Trap';
  typeName: string | null;
  body: StatementAst[];
}

/** throw / return / exit, with their optional pipeline. */
export interface FlowAst extends Node {
  type: 'Throw' | 'Return' | 'Exit';
  pipeline: PipelineBaseAst | null;
}

export interface BreakContinueAst extends Node {
  type: 'Break' | 'Continue';
  label: string | null;
}

export interface AssignmentAst extends Node {
  type: 'Assignment';
  /** A variable, member, index, cast of one, or a list of them (`$a, $b = ...`). */
  left: ExpressionAst;
  /** =, +=, -=, *=, /=, %= */
  op: string;
  right: StatementAst;
}

export interface PipelineAst extends Node {
  type: 'Pipeline';
  elements: Array<ExpressionElementAst | CommandAst>;
}

/** What the grammar's Pipeline rule gives: an assignment or a pipeline. */
export type PipelineBaseAst = AssignmentAst | PipelineAst;

export type StatementAst =
  | PipelineBaseAst
  | IfAst
  | ForeachAst
  | ForAst
  | WhileAst
  | DoAst
  | SwitchAst
  | FunctionDefinitionAst
  | ClassDefinitionAst
  | EnumDefinitionAst
  | TryAst
  | TrapAst
  | FlowAst
  | BreakContinueAst;

// ------------------------------------------------------------------------------------------------ commands

/** A pipeline's first element when it is an expression (`1 + 2 | ...`). */
export interface ExpressionElementAst extends Node {
  type: 'ExpressionElement';
  expression: ExpressionAst;
  redirections: RedirectionAst[];
}

export interface CommandAst extends Node {
  type: 'Command';
  /** `&` (call) or `.` (dot-source), else null. */
  invocation: string | null;
  name: ExpressionAst;
  elements: CommandElementAst[];
}

/** `-Name`, `-Name:value` (colon) or `-Name:` on a command line. */
export interface CommandParameterAst extends Node {
  type: 'Parameter';
  name: string;
  argument: ExpressionAst | null;
  colon: boolean;
}

/** `>file`, `2>>file`, `2>&1`, `*>$null`: stream '1'-'6' or '*'; merge names the stream it goes to. */
export interface RedirectionAst extends Node {
  type: 'Redirection';
  stream: string;
  append: boolean;
  merge?: string;
  target?: ExpressionAst;
}

/** `--%`: the rest of the line goes to a native program as it is. */
export interface StopParsingAst extends Node {
  type: 'StopParsing';
  text: string;
}

/** `--`: what follows are arguments even when they look like parameters. */
export interface EndOfParametersAst extends Node {
  type: 'EndOfParameters';
}

/** `@name`: a hashtable's entries as named parameters, an array's items as positional ones. */
export interface SplatAst extends Node {
  type: 'Splat';
  name: string;
}

export type CommandElementAst = CommandParameterAst | RedirectionAst | StopParsingAst | EndOfParametersAst | SplatAst | ExpressionAst;

// ------------------------------------------------------------------------------------------------ expressions

export interface NumberAst extends Node {
  type: 'Number';
  value: number;
  /** The literal as written (`0x10`, `1kb`, `1.0`). */
  text: string;
  real?: boolean;
  long?: boolean;
  decimal?: boolean;
}

/** A string without expansions: quoted, a here-string, a bareword argument or a member name. */
export interface StringAst extends Node {
  type: 'String';
  value: string;
  /** A double-quoted string that had nothing to expand. */
  expandable?: boolean;
  /** An unquoted word (a command name, an argument). */
  bareword?: boolean;
}

/** A double-quoted string with `$x` or `$(...)` in it: literal text and the pieces to expand. */
export interface ExpandableStringAst extends Node {
  type: 'ExpandableString';
  parts: Array<string | VariableAst | SubExpressionAst>;
}

/** An argument glued from pieces (`$MEDIA"\sources"`, `$PWD\x.esd`). */
export interface ExpandableArgumentAst extends Node {
  type: 'ExpandableArgument';
  parts: ExpressionAst[];
}

/** Bare text inside a glued argument. */
export interface BarewordTextAst extends Node {
  type: 'BarewordText';
  value: string;
}

export interface VariableAst extends Node {
  type: 'Variable';
  name: string;
  /** global, script, local, env, variable... (lower case), or null. */
  scope: string | null;
}

export interface ParenAst extends Node {
  type: 'Paren';
  pipeline: PipelineBaseAst | null;
}

/** `$( ... )` */
export interface SubExpressionAst extends Node {
  type: 'SubExpression';
  statements: StatementAst[];
}

/** `@( ... )` */
export interface ArrayExpressionAst extends Node {
  type: 'ArrayExpression';
  statements: StatementAst[];
}

/** `a, b, c` */
export interface ArrayLiteralAst extends Node {
  type: 'ArrayLiteral';
  items: ExpressionAst[];
}

export interface HashtableAst extends Node {
  type: 'Hashtable';
  entries: Array<{ key: ExpressionAst; value: StatementAst }>;
}

/** `[type]` as a value. */
export interface TypeLiteralAst extends Node {
  type: 'TypeLiteral';
  name: string;
}

export interface CastAst extends Node {
  type: 'Cast';
  typeName: string;
  operand: ExpressionAst;
}

/** `!x`, `-not`, `-bnot`, `-split`, `-join`, `,x`, `-x`, `+x`, and `++`/`--` as 'pre'/'post' ops (`++pre`, `--post`). */
export interface UnaryAst extends Node {
  type: 'Unary';
  op: string;
  operand: ExpressionAst;
}

export interface BinaryAst extends Node {
  type: 'Binary';
  /** The operator without its dash, lower case (`eq`, `ilike`, `and`, `+`, `..`, `f`). */
  op: string;
  left: ExpressionAst;
  right: ExpressionAst;
  /** Where the operator starts, for error positions. */
  opStart: number;
}

/** `.Name`, `::Name`, `.Name(args)` (args null: a property). */
export interface MemberAst extends Node {
  type: 'Member';
  object: ExpressionAst;
  name: ExpressionAst;
  args: ExpressionAst[] | null;
  static: boolean;
}

export interface IndexAst extends Node {
  type: 'Index';
  object: ExpressionAst;
  index: ExpressionAst;
}

export type ExpressionAst =
  | NumberAst
  | StringAst
  | ExpandableStringAst
  | ExpandableArgumentAst
  | BarewordTextAst
  | VariableAst
  | ParenAst
  | SubExpressionAst
  | ArrayExpressionAst
  | ArrayLiteralAst
  | HashtableAst
  | ScriptBlockExpressionAst
  | TypeLiteralAst
  | CastAst
  | UnaryAst
  | BinaryAst
  | MemberAst
  | IndexAst;

/** Any node the grammar produces. */
export type AstNode =
  | ScriptAst
  | ParamBlockAst
  | ParameterAst
  | AttributeAst
  | TypeConstraintAst
  | StatementAst
  | DefaultAst
  | ClassPropertyAst
  | ClassMethodAst
  | ExpressionElementAst
  | CommandAst
  | CommandElementAst;

/** A piece of source text: a -Command string, a script file, or a line typed at the prompt. */
export interface SourceText {
  text: string;
  /** The script's path as the user named it, for `At C:\x\s.ps1:L char:C`; undefined for commands. */
  path?: string;
}

/** 1-based line and column of an offset, and the text of that line. */
export function positionOf(src: SourceText, offset: number): { line: number; column: number; lineText: string } {
  const text = src.text;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  const lineText = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  return { line, column: offset - lineStart + 1, lineText };
}
