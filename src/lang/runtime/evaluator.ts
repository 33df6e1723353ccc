/*
 * The evaluator: walks the AST asynchronously (cmdlet bodies are async), streaming pipeline objects one at a time
 * from each command to the next.
 *
 * Output flows through `Emit` callbacks: a statement's output goes to its caller's emit (a function's output, a
 * variable being assigned, or Out-Default at top level). Control flow (break/continue/return/exit) travels as
 * signal exceptions; errors as PSRuntimeError (errors.ts). A statement-terminating error outside any try block is
 * reported and the next statement runs, as in PowerShell; a script-terminating one (throw, -ErrorAction Stop)
 * unwinds to the nearest try/catch or trap, or ends the script.
 */
import type {
  AssignmentAst, BinaryAst, ClassDefinitionAst, ClassMethodAst, CommandElementAst, ExpressionAst, IndexAst, MemberAst,
  ExpressionElementAst, ParameterAst, PipelineAst, TypeConstraintAst, PipelineBaseAst, RedirectionAst, SourceText, StatementAst, SwitchAst, TrapAst, TryAst, UnaryAst,
} from '../syntax/ast';
import { ErrorRecord, PSRuntimeError, canonicalExceptionName, findHandler, makeError, raise, type ErrorCategory, type PSException } from './errors';
import { PSHashtable, PSObject, PSTypeRef, ScriptBlock, SwitchParameter, PSEnumValue, PSDouble, makeDouble, makeTyped, PSTypedNumber, PSChar, PSReference, isDoubleValue, decimalScaleOf, decimalLiteralScale, enumerate, registerEnum } from '../types/values';
import { toStr, toBool, toNumber, convertTo, ConversionError, resolveTypeName, scriptCanNameType, TYPED_NUMBERS, hashtableToObject, typeNamesOf, bankersRound } from '../types/convert';
import { binaryOp, integerResult, unarySplit, wildcardToRegExp, psRegex, psEquals, type MatchState } from './operators';
import { getProperty, hasProperty, setProperty, callMethod, callStatic, getStaticProperty, type MemberHost } from '../types/members';
import { Scope, Session, displayPath } from './session';
import { host } from '../../platform/host';
import type { CommandArg } from '../binding/binder';
import type { Emit, ErrorSink, ExecutionContext, Processor } from './context';
import { parseExpandable } from '../syntax/parser';
import { refuseWrite, windowsIoError } from '../../vfs/vfs-fs';
import { registerView } from '../format/format';

import { BreakSignal, ContinueSignal, ReturnSignal, StopUpstreamSignal, PipelineStoppedSignal, ExitSignal } from './signals';
export { BreakSignal, ContinueSignal, ReturnSignal, StopUpstreamSignal, PipelineStoppedSignal, ExitSignal };

export function childContext(ec: ExecutionContext, scope: Scope, source?: SourceText): ExecutionContext {
  return { ...ec, scope, source: source ?? ec.source };
}

// ------------------------------------------------------------------------------------------------ variables

function envGet(name: string): unknown {
  const env = host().env;
  if (name in env) return env[name] ?? null;
  const lower = name.toLowerCase();
  for (const k of Object.keys(env)) if (k.toLowerCase() === lower) return env[k] ?? null;
  const win: Record<string, string> = {
    windir: 'C:\\Windows',
    os: 'Windows_NT',
    processor_architecture: 'AMD64',
    systemroot: 'C:\\Windows',
    systemdrive: 'C:',
    programdata: 'C:\\ProgramData',
    programfiles: 'C:\\Program Files',
    'programfiles(x86)': 'C:\\Program Files (x86)',
    temp: env.TMPDIR ?? '/tmp',
    tmp: env.TMPDIR ?? '/tmp',
    computername: env.HOSTNAME ?? 'localhost',
    username: env.USER ?? 'user',
    userprofile: host().homedir(),
  };
  return win[lower] ?? null;
}

export function getVariable(ec: ExecutionContext, name: string, scopeName: string | null): unknown {
  const lower = name.toLowerCase();
  if (scopeName === 'env') return envGet(name);
  if (scopeName === 'script') return ec.scriptScope.lookup(name)?.value ?? null;
  if (scopeName === 'global') return ec.session.global.lookup(name)?.value ?? null;
  if (scopeName === 'variable') return getVariable(ec, name, null);
  switch (lower) {
    case '?':
      return ec.session.lastSuccess;
    case 'null':
      return null;
    case 'true':
      return true;
    case 'false':
      return false;
    case 'pwd':
      return new PSPathInfo(ec.session.location());
    case 'psitem':
      return ec.scope.lookup('_')?.value ?? null;
    case 'executioncontext':
      return executionContext(ec);
  }
  const v = ec.scope.lookup(name);
  if (!v && toNumberOr0(ec.scope.lookup('__StrictMode')?.value) >= 1 && !AUTOMATIC_NAMES.has(lower)) {
    const rec = makeError(`The variable '$${name}' cannot be retrieved because it has not been set.`, 'VariableIsUndefined', 'InvalidOperation', 'RuntimeException', name);
    throw new PSRuntimeError(rec);
  }
  return v ? v.value : null;
}

const AUTOMATIC_NAMES = new Set(['_', 'args', 'input', 'matches', 'lastexitcode', 'error', 'psitem', 'this', 'psboundparameters', 'myinvocation', 'pscmdlet', 'psscriptroot', 'pscommandpath']);

function toNumberOr0(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

registerView('System.Management.Automation.PathInfo', { kind: 'table', columns: ['Path'] });

/** $PWD and Get-Location's value: prints as its path. */
export class PSPathInfo extends PSObject {
  constructor(readonly path: string) {
    super({ Drive: /^[A-Za-z]:/.test(path) ? path[0] : '', Provider: 'Microsoft.PowerShell.Core\\FileSystem', ProviderPath: path, Path: path }, [
      'System.Management.Automation.PathInfo',
      'System.Object',
    ]);
    (this as unknown as { toStringValue: string }).toStringValue = path;
  }
}

function executionContext(ec: ExecutionContext): PSObject {
  const o = new PSObject({}, ['System.Management.Automation.EngineIntrinsics', 'System.Object']);
  const ic = new PSObject({}, ['System.Management.Automation.CommandInvocationIntrinsics', 'System.Object']);
  (ic as unknown as Record<string, unknown>).method_expandstring = async (s: unknown) => {
    const text = toStr(s);
    try {
      return await evalExpr(parseExpandable(text), { ...ec, source: { text } });
    } catch (e) {
      if (e instanceof PSRuntimeError) throw e;
      return text;
    }
  };
  o.set('InvokeCommand', ic);
  const sess = new PSObject({});
  const path = new PSObject({});
  (path as unknown as Record<string, unknown>).method_getunresolvedproviderpathfrompspath = (s: unknown) => toStr(s);
  sess.set('Path', path);
  o.set('SessionState', sess);
  return o;
}


export function setVariable(ec: ExecutionContext, name: string, scopeName: string | null, value: unknown, typeConstraint?: string): void {
  if (scopeName === 'env') {
    if (value === null || value === undefined || value === '') delete host().env[name];
    else host().env[name] = toStr(value);
    return;
  }
  const scope = scopeName === 'script' ? ec.scriptScope : scopeName === 'global' ? ec.session.global : ec.scope;
  const lower = name.toLowerCase();
  if (lower === 'true' || lower === 'false' || lower === '?')
    raise(`Cannot overwrite variable ${name} because it is read-only or constant.`, 'VariableNotWritable', 'WriteError', 'SessionStateUnauthorizedAccessException', name);
  if (lower === 'null') return;
  let existing = scope.vars.get(lower);
  if (!existing && !scopeName) {
    // Assignment creates a local variable unless the name exists here; a type constraint carries over from outer scopes.
    const outer = ec.scope.lookup(name);
    if (outer?.typeConstraint && !typeConstraint) typeConstraint = outer.typeConstraint;
  }
  const tc = typeConstraint ?? existing?.typeConstraint;
  let v = value;
  if (tc) {
    try {
      v = castValue(v, tc);
    } catch (e) {
      // A typed variable refuses the value: 5.1's ArgumentTransformationMetadataException.
      if (e instanceof PSRuntimeError && !typeConstraint) {
        const rec = makeError(e.record.message, 'RuntimeException', 'MetadataError', 'ArgumentTransformationMetadataException');
        throw new PSRuntimeError(rec);
      }
      throw e;
    }
  }
  existing = scope.setLocal(name, v, typeConstraint);
}

// ------------------------------------------------------------------------------------------------ helpers

/** A parameter's `[type]` constraint, if it declares one. */
export function typeConstraintOf(p: ParameterAst): TypeConstraintAst | undefined {
  return p.attributes.find((a): a is TypeConstraintAst => a.type === 'TypeConstraint');
}

/** Collapses collected output: nothing -> $null, one object -> itself, several -> an array. */
export function collapse(items: unknown[]): unknown {
  if (items.length === 0) return null;
  if (items.length === 1) return items[0];
  return items;
}

/** The typed numbers that unary minus, ++ and -- keep (the smaller ones, Byte and Int16, widen to Int32). */
const WIDE_NUMBERS = new Set(['System.Int64', 'System.UInt64', 'System.Decimal']);

/** A type name as a script writes it, or PowerShell's TypeNotFound error when PowerShell would not find it. */
function checkTypeName(name: string): string {
  if (scriptCanNameType(name)) return name;
  const rec = makeError(`Unable to find type [${name}].`, 'TypeNotFound', 'InvalidOperation', 'RuntimeException', name);
  // CategoryInfo reads (ActionPreference:TypeName).
  rec.targetType = 'TypeName';
  throw new PSRuntimeError(rec);
}


export function castValue(v: unknown, typeName: string): unknown {
  const full = resolveTypeName(typeName);
  if (full === 'System.Void') return undefined;
  if (full === 'System.Management.Automation.PSObject' && v instanceof PSHashtable) return hashtableToObject(v);
  try {
    const r = convertTo(v, full);
    if (full === 'System.Double' && typeof r === 'number') return makeDouble(r);
    // The other numeric types keep their name on the value ([long]5 is an Int64, [byte]7 a Byte).
    if (typeof r === 'number' && TYPED_NUMBERS.has(full)) return makeTyped(r, full, full === 'System.Decimal' ? decimalScaleOf(typeof v === 'string' ? r : v) : undefined);
    return r;
  } catch (e) {
    if (e instanceof ConversionError) {
      const toInteger = typeof v === 'string' && /^System\.(U?Int(16|32|64)|S?Byte)$/.test(full);
      const rec = makeError(e.message, toInteger ? 'InvalidCastFromStringToInteger' : 'ConvertToFinalInvalidCastException', 'InvalidArgument', 'RuntimeException');
      // A RuntimeException wrapping the PSInvalidCastException (`catch [InvalidCastException]` matches the inner one).
      rec.exception.fullName = 'System.Management.Automation.RuntimeException';
      rec.exception.innerException = { typeName: 'PSInvalidCastException', fullName: 'System.Management.Automation.PSInvalidCastException', message: e.message };
      throw new PSRuntimeError(rec);
    }
    throw e;
  }
}

function attachPosition(e: unknown, ec: ExecutionContext, node: { start: number; end: number }): unknown {
  if (e instanceof PSRuntimeError && !e.record.invocation) e.record.invocation = { source: ec.source, start: node.start, end: node.end };
  return e;
}

function memberHost(ec: ExecutionContext): MemberHost {
  return {
    resolvePath: (p: string) => ec.session.resolvePath(p),
    write: (t: string) => ec.session.hostWrite(t),
    invokeScriptBlock: async (sb: ScriptBlock, args: unknown[]) => collapse(await invokeScriptBlock(ec, sb, args, args[0], true)),
  };
}

// ------------------------------------------------------------------------------------------------ statements

let statementsSinceYield = 0;

/**
 * Between statements: stops on Ctrl+C, and now and then lets the event loop run, so that a script busy in a loop
 * still receives the signal (its handler runs only between macrotasks).
 */
function checkpoint(ec: ExecutionContext): boolean {
  if (ec.session.stopping && ec.session.finallyDepth === 0) throw new PipelineStoppedSignal();
  if (++statementsSinceYield < 2048) return false;
  statementsSinceYield = 0;
  return true;
}

/** The macrotask turn checkpoint asks for (kept out of the common path: no await per statement). */
async function yieldTurn(ec: ExecutionContext): Promise<void> {
  await new Promise<void>((r) => host().nextTurn(r));
  if (ec.session.stopping && ec.session.finallyDepth === 0) throw new PipelineStoppedSignal();
}

export async function execStatements(stmts: StatementAst[], ec: ExecutionContext, emit: Emit): Promise<void> {
  if (stmts.length === 0 && checkpoint(ec)) await yieldTurn(ec);
  const traps = stmts.filter((s) => s.type === 'Trap');
  for (const stmt of stmts) {
    if (stmt.type === 'Trap') continue;
    if (checkpoint(ec)) await yieldTurn(ec);
    try {
      await execStatement(stmt, ec, emit);
    } catch (thrown) {
      const e = thrown instanceof PSRuntimeError ? thrown : hostIoFailure(thrown);
      if (!e) throw thrown;
      attachPosition(e, ec, stmt);
      const found = traps.length ? findHandler(traps.map((t) => (t.typeName ? resolveTypeName(t.typeName) : null)), e.record) : undefined;
      if (found) {
        const handled = await runTrap(traps[found.index], e, found.record, ec, emit);
        if (handled) continue;
        throw e;
      }
      if (!e.scriptTerminating && ec.session.tryDepth === 0) {
        await reportError(ec, e.record);
        ec.session.lastSuccess = false;
        continue;
      }
      throw e;
    }
  }
}

async function runTrap(trap: TrapAst, e: PSRuntimeError, record: ErrorRecord, ec: ExecutionContext, emit: Emit): Promise<boolean> {
  const scope = new Scope(ec.scope);
  scope.setLocal('_', record);
  const trapEc = childContext(ec, scope);
  try {
    await execStatements(trap.body, trapEc, emit);
  } catch (sig) {
    if (sig instanceof BreakSignal) return false;
    if (sig instanceof ContinueSignal) {
      ec.session.lastSuccess = false;
      return true;
    }
    throw sig;
  }
  await reportError(ec, e.record);
  ec.session.lastSuccess = false;
  return true;
}

export async function reportError(ec: ExecutionContext, rec: ErrorRecord): Promise<void> {
  collectError(ec, rec);
  ec.session.recordError(rec);
  await ec.errorSink(rec);
}

/**
 * Adds an error record to the -ErrorVariable lists it flows through: the writing command's own (`own`) and those of
 * the advanced functions it runs inside (ec.errorVariables). Each record joins a list once, however many routes
 * (written, then rethrown as terminating) it takes.
 */
export function collectError(ec: ExecutionContext, rec: ErrorRecord, own?: unknown[]): void {
  if (own && !own.includes(rec)) own.push(rec);
  for (const list of ec.errorVariables ?? []) if (!list.includes(rec)) list.push(rec);
}

async function collectStatement(stmt: StatementAst, ec: ExecutionContext): Promise<unknown[]> {
  const out: unknown[] = [];
  await execStatement(stmt, ec, (v) => {
    out.push(v);
  });
  return out;
}

export async function execStatement(node: StatementAst, ec: ExecutionContext, emit: Emit): Promise<void> {
  switch (node.type) {
    case 'Pipeline':
      return runPipeline(node, ec, emit);
    case 'Assignment':
      return execAssignment(node, ec);
    case 'If': {
      for (const c of node.clauses) {
        const cond = collapse(await collectPipeline(c.cond, ec));
        if (toBool(cond)) return execStatements(c.body, ec, emit);
      }
      if (node.else) return execStatements(node.else, ec, emit);
      return;
    }
    case 'Foreach': {
      const coll = collapse(await collectPipeline(node.collection, ec));
      ec.session.lastSuccess = true;
      const items = enumerate(coll);
      for (const item of items) {
        setVariable(ec, node.variable.name, node.variable.scope, item);
        try {
          await execStatements(node.body, ec, emit);
        } catch (e) {
          if (e instanceof BreakSignal && (!e.label || e.label === node.label)) break;
          if (e instanceof ContinueSignal && (!e.label || e.label === node.label)) continue;
          throw e;
        }
      }
      return;
    }
    case 'For': {
      if (node.init) await execStatement(node.init, ec, emit);
      for (;;) {
        if (node.cond && !toBool(collapse(await collectPipeline(node.cond, ec)))) break;
        try {
          await execStatements(node.body, ec, emit);
        } catch (e) {
          if (e instanceof BreakSignal && (!e.label || e.label === node.label)) break;
          if (!(e instanceof ContinueSignal && (!e.label || e.label === node.label))) throw e;
        }
        if (node.iter) await execStatement(node.iter, ec, () => undefined);
      }
      return;
    }
    case 'While':
    case 'Do': {
      if (node.type === 'While' && !toBool(collapse(await collectPipeline(node.cond, ec)))) return;
      for (;;) {
        try {
          await execStatements(node.body, ec, emit);
        } catch (e) {
          if (e instanceof BreakSignal && (!e.label || e.label === node.label)) break;
          if (!(e instanceof ContinueSignal && (!e.label || e.label === node.label))) throw e;
        }
        const c = toBool(collapse(await collectPipeline(node.cond, ec)));
        if (node.type === 'Do' && node.until ? c : !c) break;
      }
      return;
    }
    case 'Switch':
      return execSwitch(node, ec, emit);
    case 'Try':
      return execTry(node, ec, emit);
    case 'Throw': {
      const v = node.pipeline ? collapse(await collectPipeline(node.pipeline, ec)) : null;
      throw throwValue(v, ec, node);
    }
    case 'Return': {
      if (node.pipeline) await execStatement(node.pipeline, ec, emit);
      throw new ReturnSignal();
    }
    case 'Exit': {
      let code = 0;
      if (node.pipeline) {
        const v = collapse(await collectPipeline(node.pipeline, ec));
        try {
          code = Math.trunc(toNumber(v));
        } catch {
          code = 0;
        }
      }
      throw new ExitSignal(code);
    }
    case 'Break':
      throw new BreakSignal(node.label);
    case 'Continue':
      throw new ContinueSignal(node.label);
    case 'FunctionDefinition': {
      const sb = new ScriptBlock(node.body, ec.source);
      let name: string = node.name;
      let scope = ec.scope;
      const m = /^(global|script|local|private):(.+)$/i.exec(name);
      if (m) {
        name = m[2];
        if (m[1].toLowerCase() === 'global') scope = ec.session.global;
        else if (m[1].toLowerCase() === 'script') scope = ec.scriptScope;
      }
      scope.functions.set(name.toLowerCase(), { name, body: sb, filter: node.filter });
      return;
    }
    case 'ClassDefinition': {
      const info = { name: node.name, base: node.base ?? undefined, node, source: ec.source, scope: ec.scope, statics: new Map<string, unknown>() };
      ec.session.classes.set(node.name.toLowerCase(), info);
      for (const m of node.members) {
        if (m.type !== 'ClassProperty' || !m.isStatic) continue;
        let v = m.default ? await evalExpr(m.default, ec) : null;
        if (m.typeName) v = castValue(v, m.typeName);
        info.statics.set(m.name.toLowerCase(), v);
      }
      return;
    }
    case 'EnumDefinition': {
      let next = 0;
      const members: Array<[string, number]> = node.members.map(([n, v]: [string, number | null]) => {
        const value = v === null ? next : v;
        next = value + 1;
        return [n, value];
      });
      registerEnum({ fullName: node.name, members });
      return;
    }
    case 'Trap':
      return;
    default:
      // Every kind the grammar builds is handled above; a new one must be added there.
      raise(`Unsupported statement ${(node as { type: string }).type}.`, 'NotSupported', 'NotImplemented');
  }
}

function throwValue(v: unknown, ec: ExecutionContext, node: { start: number; end: number }): PSRuntimeError {
  if (v instanceof ErrorRecord) {
    return new PSRuntimeError(v, true);
  }
  if (v instanceof PSObject && v.typeNames.includes('System.Exception')) {
    const msg = toStr(v.get('Message')?.value);
    const rec = makeError(msg, msg, 'OperationStopped', v.typeNames[0].slice(v.typeNames[0].lastIndexOf('.') + 1), v);
    rec.exception.fullName = v.typeNames[0];
    rec.exception.baseTypes = v.typeNames.slice(1);
    rec.exception.thrown = v;
    rec.targetName = '';
    rec.targetType = '';
    rec.invocation = { source: ec.source, start: node.start, end: node.end };
    return new PSRuntimeError(rec, true);
  }
  const msg = v === null || v === undefined ? 'ScriptHalted' : toStr(v);
  const rec = makeError(msg, msg, 'OperationStopped', 'RuntimeException', v === null ? null : v);
  rec.exception.fullName = 'System.Management.Automation.RuntimeException';
  rec.exception.thrown = v;
  rec.invocation = { source: ec.source, start: node.start, end: node.end };
  return new PSRuntimeError(rec, true);
}

async function execTry(node: TryAst, ec: ExecutionContext, emit: Emit): Promise<void> {
  let pending: unknown;
  try {
    ec.session.tryDepth++;
    try {
      await execStatements(node.body, ec, emit);
    } finally {
      ec.session.tryDepth--;
    }
  } catch (e) {
    if (e instanceof PSRuntimeError) {
      attachPosition(e, ec, node);
      // The clauses' types in order, each with its clause (an untyped clause: null), for PowerShell's handler search.
      const types: Array<string | null> = [];
      const clauseOf: number[] = [];
      node.catches.forEach((c: { types: string[] }, i: number) => {
        for (const t of c.types.length ? c.types.map((x) => resolveTypeName(x)) : [null]) {
          types.push(t);
          clauseOf.push(i);
        }
      });
      const found = findHandler(types, e.record);
      const handler = found ? node.catches[clauseOf[found.index]] : undefined;
      if (handler && found) {
        ec.session.recordError(e.record);
        const prev = ec.scope.vars.get('_');
        ec.scope.setLocal('_', found.record);
        try {
          await execStatements(handler.body, ec, emit);
        } catch (e2) {
          pending = e2;
        } finally {
          if (prev) ec.scope.vars.set('_', prev);
          else ec.scope.vars.delete('_');
        }
      } else pending = e;
    } else pending = e;
  }
  if (node.finally) {
    ec.session.finallyDepth++;
    try {
      await execStatements(node.finally, ec, emit);
    } finally {
      ec.session.finallyDepth--;
    }
  }
  if (pending !== undefined) throw pending;
}

async function execSwitch(node: SwitchAst, ec: ExecutionContext, emit: Emit): Promise<void> {
  const flags: string[] = node.flags;
  const has = (f: string) => flags.some((x) => f.startsWith(x) && x.length >= 1);
  const regex = has('regex');
  const wildcard = has('wildcard');
  const cs = has('casesensitive');
  const file = has('file');
  // The subject's output, enumerated: `switch (@())` runs no clause, `switch ($null)` runs them for one $null.
  let items: unknown[] = await collectPipeline(node.subject, ec);
  if (file) {
    const text = host().fs.readTextFileSync(ec.session.resolvePath(toStr(collapse(items))));
    items = text.split(/\r?\n/);
    if (items[items.length - 1] === '') items.pop();
  }
  const prev = ec.scope.vars.get('_');
  try {
    outer: for (const item of items) {
      ec.scope.setLocal('_', item);
      let matched = false;
      for (const clause of node.clauses) {
        if (clause.cond.type === 'Default') continue;
        let ok: boolean;
        if (clause.cond.type === 'ScriptBlockExpression') {
          const sb = new ScriptBlock(clause.cond, ec.source);
          ok = toBool(collapse(await invokeScriptBlock(ec, sb, [], item, true)));
        } else {
          const c = await evalExpr(clause.cond, ec);
          if (regex) {
            const m = psRegex(toStr(c), cs).exec(toStr(item));
            ok = !!m;
            if (m) {
              const h = new PSHashtable();
              m.forEach((g, i) => g !== undefined && h.set(i, g));
              if (m.groups) for (const [k, g] of Object.entries(m.groups)) if (g !== undefined) h.set(k, g);
              setVariable(ec, 'Matches', null, h);
            }
          } else if (wildcard) ok = wildcardToRegExp(toStr(c), cs).test(toStr(item));
          // Anything else compares as strings (PowerShell's switch: the condition and $_ made strings, equal
          // ignoring case unless -CaseSensitive), so `switch ($true) { 1 {} }` does not match; a $null condition
          // matches only $null.
          else if (c === null || c === undefined) ok = item === null || item === undefined;
          else ok = cs ? toStr(item) === toStr(c) : toStr(item).toLowerCase() === toStr(c).toLowerCase();
        }
        if (!ok) continue;
        matched = true;
        try {
          await execStatements(clause.body, ec, emit);
        } catch (e) {
          if (e instanceof BreakSignal && (!e.label || e.label === node.label)) break outer;
          if (e instanceof ContinueSignal && (!e.label || e.label === node.label)) continue outer;
          throw e;
        }
      }
      if (!matched) {
        const d = node.clauses.find((c) => c.cond.type === 'Default');
        if (d) {
          try {
            await execStatements(d.body, ec, emit);
          } catch (e) {
            if (e instanceof BreakSignal && (!e.label || e.label === node.label)) break;
            if (e instanceof ContinueSignal && (!e.label || e.label === node.label)) continue;
            throw e;
          }
        }
      }
    }
  } finally {
    if (prev) ec.scope.vars.set('_', prev);
    else ec.scope.vars.delete('_');
  }
}

/** The expression of a pipeline that is one expression without redirections, else undefined. */
function singleExpression(p: StatementAst): ExpressionAst | undefined {
  if (p.type === 'Pipeline' && p.elements.length === 1 && p.elements[0].type === 'ExpressionElement' && p.elements[0].redirections.length === 0)
    return p.elements[0].expression;
  return undefined;
}

async function execAssignment(node: AssignmentAst, ec: ExecutionContext): Promise<void> {
  const right = node.right;
  let value: unknown;
  const single = singleExpression(right);
  if (single) {
    // `$x = @()` and `$x = 1, 2` assign the expression's value itself, not its enumeration.
    value = await evalExpr(single, ec);
    // Nothing (AutomationNull) assigns $null, and `+=` of nothing adds no element to an array.
    if (value === undefined && node.op === '=') value = null;
  } else if (right.type === 'Pipeline') {
    const items = await collectPipeline(right, ec);
    value = collapse(items);
  } else {
    value = collapse(await collectStatement(right, ec));
  }
  await assign(node.left, node.op, value, ec);
  ec.session.lastSuccess = true;
}

async function assign(target: ExpressionAst, op: string, value: unknown, ec: ExecutionContext): Promise<void> {
  if (op !== '=') {
    const cur = await evalExpr(target, ec);
    const bop = op[0];
    value = binaryOp(bop, cur, value, {});
  }
  switch (target.type) {
    case 'Variable':
      setVariable(ec, target.name, target.scope, value);
      return;
    case 'Cast':
      checkTypeName(target.typeName);
      if (target.operand.type === 'Variable') {
        setVariable(ec, target.operand.name, target.operand.scope, castValue(value, target.typeName), resolveTypeName(target.typeName));
        return;
      }
      return assign(target.operand, '=', castValue(value, target.typeName), ec);
    case 'Member': {
      const obj = await evalExpr(target.object, ec);
      const name = toStr(await evalExpr(target.name, ec));
      try {
        setProperty(obj, name, value);
      } catch (e) {
        throw attachPosition(e, ec, target);
      }
      return;
    }
    case 'Index': {
      const obj = await evalExpr(target.object, ec);
      const idx = await evalExpr(target.index, ec);
      if (obj instanceof PSHashtable) obj.setIndex(idx, value);
      else if (Array.isArray(obj)) {
        let i = Math.trunc(toNumber(idx));
        if (i < 0) i += obj.length;
        if (i < 0 || i >= obj.length)
          throw attachPosition(new PSRuntimeError(makeError('Index was outside the bounds of the array.', 'IndexOutOfRange', 'InvalidOperation', 'RuntimeException')), ec, target);
        obj[i] = value;
      } else if (obj instanceof PSObject) obj.set(toStr(idx), value);
      else
        throw attachPosition(new PSRuntimeError(makeError('Cannot index into a null array.', 'NullArray', 'InvalidOperation', 'RuntimeException')), ec, target);
      return;
    }
    case 'ArrayLiteral': {
      const items = Array.isArray(value) ? value : [value];
      const targets = target.items;
      for (let i = 0; i < targets.length; i++) {
        const v = i === targets.length - 1 ? (items.length > targets.length ? items.slice(i) : items[i] ?? null) : items[i] ?? null;
        await assign(targets[i], '=', v, ec);
      }
      return;
    }
    case 'Paren':
      if (target.pipeline?.type === 'Pipeline' && target.pipeline.elements.length === 1 && target.pipeline.elements[0].type === 'ExpressionElement')
        return assign(target.pipeline.elements[0].expression, op === '=' ? '=' : '=', value, ec);
  }
  const rec = makeError('The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.', 'InvalidLeftHandSide', 'ParserError', 'ParseException');
  rec.invocation = { source: ec.source, start: target.start, end: target.end };
  throw new PSRuntimeError(rec);
}

// ------------------------------------------------------------------------------------------------ pipelines

export async function collectPipeline(node: PipelineBaseAst, ec: ExecutionContext): Promise<unknown[]> {
  const out: unknown[] = [];
  if (node.type !== 'Pipeline') {
    await execStatement(node, ec, (v) => {
      out.push(v);
    });
    return out;
  }
  await runPipeline(node, ec, (v) => {
    out.push(v);
  });
  return out;
}

/** Redirections of one pipeline element: where its success output and its errors go. */
interface Redirected {
  emit: Emit;
  errorSink: ErrorSink;
  streamSinks: NonNullable<ExecutionContext['streamSinks']>;
  finish(): void;
}

function applyRedirections(redirs: RedirectionAst[], ec: ExecutionContext, emit: Emit, errorSink: ErrorSink, targets: Map<RedirectionAst, string | null>): Redirected {
  let out = emit;
  let err = errorSink;
  const sinks: NonNullable<ExecutionContext['streamSinks']> = { ...(ec.streamSinks ?? {}) };
  const others = ['3', '4', '5', '6'] as const;
  const files: Array<{ path: string; append: boolean; chunks: string[] }> = [];
  const fileSink = (path: string | null, append: boolean) => {
    if (path === null) return null;
    const f = { path, append, chunks: [] as string[] };
    files.push(f);
    return f;
  };
  for (const r of redirs) {
    const stream = r.stream;
    if (r.merge) {
      if ((stream === '2' || stream === '*') && r.merge === '1') err = (rec) => out(rec);
      for (const n of others) if ((stream === n || stream === '*') && r.merge === '1') sinks[n] = (v) => void out(v);
      continue;
    }
    const path = targets.get(r) ?? null;
    const f = fileSink(path, r.append);
    if (stream === '1' || stream === '*') {
      out = f ? (v) => void f.chunks.push(formatForFile(v)) : () => undefined;
    }
    if (stream === '2' || stream === '*') {
      err = f ? (rec) => void f.chunks.push(rec.message + '\n') : () => undefined;
    }
    for (const n of others) if (stream === n || stream === '*') sinks[n] = f ? (v) => void f.chunks.push(toStr(v) + '\n') : () => undefined;
  }
  return {
    emit: out,
    errorSink: err,
    streamSinks: sinks,
    finish() {
      const fs = host().fs;
      for (const f of files) {
        // A read-only medium (a mounted ISO's drive) refuses before the host is asked.
        refuseWrite(f.path);
        const text = f.chunks.join('');
        const data = host().text.utf16leEncode('\ufeff' + text);
        if (f.append) {
          let exists = false;
          try {
            exists = fs.statSync(f.path).size > 0;
          } catch {
            exists = false;
          }
          fs.appendFileSync(f.path, exists ? host().text.utf16leEncode(text) : data);
        } else fs.writeFileSync(f.path, data);
      }
    },
  };
}

function formatForFile(v: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { formatObjects } = require('../format/format') as typeof import('../format/format');
  return formatObjects([v]).replace(/\n/g, '\r\n');
}

async function redirectionTargets(redirs: RedirectionAst[], ec: ExecutionContext): Promise<Map<RedirectionAst, string | null>> {
  const m = new Map<RedirectionAst, string | null>();
  for (const r of redirs) {
    if (!r.target) continue;
    const t = r.target;
    if (t.type === 'Variable' && t.name.toLowerCase() === 'null' && !t.scope) m.set(r, null);
    else {
      const v = await evalArgument(t, ec);
      m.set(r, v === null ? null : ec.session.resolvePath(toStr(v)));
    }
  }
  return m;
}

export async function runPipeline(node: PipelineAst, ec: ExecutionContext, emit: Emit, input?: unknown[]): Promise<void> {
  const elements = node.elements;
  const failed = { value: false };
  const pipeEc: ExecutionContext = { ...ec, pipelineFailed: failed };
  const processors: Processor[] = [];
  const finishers: Array<() => void> = [];
  // Build downstream first so each stage's output feeds the next.
  let downstream: Emit = emit;
  let head: ExpressionElementAst | undefined;
  try {
    for (let i = elements.length - 1; i >= 0; i--) {
      const el = elements[i];
      const redirs = el.type === 'ExpressionElement' ? el.redirections : el.elements.filter((e): e is RedirectionAst => e.type === 'Redirection');
      let elemEmit = downstream;
      let elemErr = pipeEc.errorSink;
      let elemSinks = pipeEc.streamSinks;
      if (redirs.length) {
        const targets = await redirectionTargets(redirs, pipeEc);
        const r = applyRedirections(redirs, pipeEc, downstream, pipeEc.errorSink, targets);
        elemEmit = r.emit;
        elemErr = r.errorSink;
        elemSinks = r.streamSinks;
        finishers.push(r.finish);
      }
      const errRedir = pipeEc.errorRedirected || redirs.some((r) => r.stream === '2' || r.stream === '*');
      const elemEc: ExecutionContext = { ...pipeEc, errorSink: elemErr, streamSinks: elemSinks, errorRedirected: errRedir };
      if (el.type === 'ExpressionElement') {
        head = el;
        const exprEmit = elemEmit;
        processors.unshift({
          expectingInput: false,
          begin: async () => undefined,
          process: async () => undefined,
          processNoInput: async () => {
            const v = await evalExpr(el.expression, elemEc);
            // `$i++` and `++$i` as statements assign without output.
            if (el.expression.type === 'Unary' && /pre$|post$/.test(el.expression.op)) return;
            if (v === undefined) return;
            if (Array.isArray(v)) for (const x of v) await exprEmit(x);
            else await exprEmit(v);
          },
          end: async () => undefined,
        });
      } else {
        const expecting = i > 0 || input !== undefined;
        const p = await ec.commands.invokeCommand(el, elemEc, elemEmit, expecting);
        processors.unshift(p);
      }
      const first = processors[0];
      downstream = (v) => first.process(v);
    }
    for (const p of processors) await p.begin();
    let firstToEnd = 0;
    try {
      if (input !== undefined) for (const x of input) await processors[0].process(x);
      else await processors[0].processNoInput();
    } catch (e) {
      // A command downstream has all it needs: the commands before it stop; it and those after it end normally.
      const at = e instanceof StopUpstreamSignal ? processors.indexOf(e.processor as Processor) : -1;
      if (at < 0) throw e;
      firstToEnd = at;
    }
    for (let k = firstToEnd; k < processors.length; k++) {
      try {
        await processors[k].end();
      } catch (e) {
        const at = e instanceof StopUpstreamSignal ? processors.indexOf(e.processor as Processor) : -1;
        if (at <= k) throw e;
        k = at - 1;
      }
    }
  } catch (e) {
    if (e instanceof PSRuntimeError) {
      if (head && !e.record.invocation) attachPosition(e, ec, head.expression);
      ec.session.lastSuccess = false;
      if (ec.pipelineFailed) ec.pipelineFailed.value = true;
    }
    throw e;
  } finally {
    for (const f of finishers) f();
  }
  ec.session.lastSuccess = !failed.value;
  if (failed.value && ec.pipelineFailed) ec.pipelineFailed.value = true;
}

// ------------------------------------------------------------------------------------------------ classes

function classChain(ec: ExecutionContext, name: string): import('./session').ClassInfo[] {
  const chain = [];
  let cur = ec.session.classes.get(name.toLowerCase());
  while (cur) {
    chain.unshift(cur);
    cur = cur.base ? ec.session.classes.get(cur.base.toLowerCase()) : undefined;
  }
  return chain;
}

function classMembers(ec: ExecutionContext, cls: import('./session').ClassInfo): ClassDefinitionAst['members'] {
  return classChain(ec, cls.name).flatMap((c) => c.node.members);
}

/** Runs a class method (or constructor) with $this; the method's output is its result. */
async function invokeClassMethod(ec: ExecutionContext, cls: import('./session').ClassInfo, m: ClassMethodAst, self: PSObject | null, args: unknown[]): Promise<unknown> {
  const scope = new Scope(cls.scope);
  if (self) scope.setLocal('this', self);
  const methodEc: ExecutionContext = { ...ec, scope, source: cls.source };
  const params = m.params;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    const tc = typeConstraintOf(p);
    let v: unknown = i < args.length ? args[i] : p.default ? await evalExpr(p.default, methodEc) : null;
    if (tc) v = castValue(v, tc.name);
    scope.setLocal(p.name, v);
  }
  const out: unknown[] = [];
  try {
    await execStatements(m.body, methodEc, (v) => void out.push(v));
  } catch (e) {
    if (!(e instanceof ReturnSignal)) throw e;
  }
  if (m.returnType && resolveTypeName(m.returnType) === 'System.Void') return undefined;
  const r = collapse(out);
  return m.returnType && r !== null ? castValue(r, m.returnType) : r;
}

/** `[Name]::new(args)` and `New-Object Name`: properties with their defaults, methods, then the constructor. */
export async function instantiateClass(ec: ExecutionContext, name: string, args: unknown[]): Promise<PSObject> {
  const chain = classChain(ec, name);
  const cls = chain[chain.length - 1];
  const o = new PSObject(undefined, [...chain.map((c) => c.name).reverse(), 'System.Object']);
  for (const c of chain) {
    const classEc: ExecutionContext = { ...ec, scope: c.scope, source: c.source };
    for (const m of c.node.members) {
      if (m.isStatic) continue;
      if (m.type === 'ClassProperty') {
        let v: unknown = m.default ? await evalExpr(m.default, classEc) : null;
        if (m.typeName) {
          const full = resolveTypeName(m.typeName);
          if (v === null && /^System\.(U?Int|Double|Byte)/.test(full)) v = 0;
          else if (v === null && full === 'System.Boolean') v = false;
          else if (v !== null) v = castValue(v, m.typeName);
        }
        o.set(m.name, v);
      } else if (m.type === 'ClassMethod' && m.name.toLowerCase() !== c.name.toLowerCase()) {
        (o as unknown as Record<string, unknown>)['method_' + m.name.toLowerCase()] = (...a: unknown[]) => invokeClassMethod(ec, c, m, o, a);
      }
    }
  }
  const ctor = cls.node.members.find((m): m is ClassMethodAst => m.type === 'ClassMethod' && m.name.toLowerCase() === cls.name.toLowerCase() && m.params.length === args.length);
  const anyCtor = cls.node.members.some((m) => m.type === 'ClassMethod' && m.name.toLowerCase() === cls.name.toLowerCase());
  if (!ctor && (args.length > 0 || anyCtor))
    raise(`Cannot find an overload for "new" and the argument count: "${args.length}".`, 'MethodCountCouldNotFindBest', 'InvalidOperation', 'MethodException');
  if (ctor) {
    if (ctor.baseArgs && chain.length > 1) {
      const base = chain[chain.length - 2];
      const baseEc: ExecutionContext = { ...ec, scope: Object.assign(new Scope(cls.scope), {}), source: cls.source };
      const bscope = baseEc.scope;
      bscope.setLocal('this', o);
      for (let i = 0; i < ctor.params.length; i++) bscope.setLocal(ctor.params[i].name, args[i]);
      const bargs: unknown[] = [];
      for (const a of ctor.baseArgs) bargs.push(await evalExpr(a, baseEc));
      const bctor = base.node.members.find((m): m is ClassMethodAst => m.type === 'ClassMethod' && m.name.toLowerCase() === base.name.toLowerCase() && m.params.length === bargs.length);
      if (bctor) await invokeClassMethod(ec, base, bctor, o, bargs);
    }
    await invokeClassMethod(ec, cls, ctor, o, args);
  }
  return o;
}

// ------------------------------------------------------------------------------------------------ script blocks

/**
 * Invokes a script block in a child scope: $_ = dollarUnder, $args = args. `collect` returns the output; the
 * block's begin/process/end run once (as ForEach-Object's per-object invocation does).
 */
export async function invokeScriptBlock(
  ec: ExecutionContext,
  sb: ScriptBlock,
  args: unknown[],
  dollarUnder?: unknown,
  newScope = true,
  emit?: Emit,
): Promise<unknown[]> {
  const scope = newScope ? new Scope(ec.scope) : ec.scope;
  if (dollarUnder !== undefined) scope.setLocal('_', dollarUnder);
  if (newScope || args.length) scope.setLocal('args', args);
  const blockEc: ExecutionContext = { ...ec, scope, source: sb.source };
  const out: unknown[] = [];
  const sink: Emit = emit ?? ((v) => void out.push(v));
  const ast = sb.ast;
  if (ast.param) {
    const params = ast.param.parameters;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      const tc = typeConstraintOf(p);
      let v: unknown = i < args.length ? args[i] : p.default ? await evalExpr(p.default, blockEc) : null;
      if (tc) v = castValue(v, tc.name);
      scope.setLocal(p.name, v, tc ? resolveTypeName(tc.name) : undefined);
    }
  }
  try {
    if (ast.beginBlock) await execStatements(ast.beginBlock, blockEc, sink);
    if (ast.processBlock) await execStatements(ast.processBlock, blockEc, sink);
    if (ast.endBlock) await execStatements(ast.endBlock, blockEc, sink);
  } catch (e) {
    if (!(e instanceof ReturnSignal)) throw e;
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ expressions

export async function evalExpr(node: ExpressionAst, ec: ExecutionContext): Promise<unknown> {
  try {
    return await evalExprInner(node, ec);
  } catch (e) {
    if (e instanceof ConversionError) {
      // A conversion inside an operator or method: PowerShell's RuntimeException with the .NET text.
      const rec = makeError(e.message, /Int|Double|UInt|Byte/.test(e.typeFullName) ? 'InvalidCastFromStringToInteger' : 'ConvertToFinalInvalidCastException', 'InvalidArgument', 'RuntimeException');
      rec.exception.fullName = 'System.Management.Automation.RuntimeException';
      throw attachPosition(new PSRuntimeError(rec), ec, node);
    }
    if (e instanceof RangeError) {
      // JavaScript's own limits (a string or array too large): .NET would run out of memory.
      const rec = makeError(`Exception of type 'System.OutOfMemoryException' was thrown.`, 'System.OutOfMemoryException', 'OperationStopped', 'OutOfMemoryException');
      throw attachPosition(new PSRuntimeError(rec), ec, node);
    }
    throw attachPosition(e, ec, node);
  }
}

async function evalExprInner(node: ExpressionAst, ec: ExecutionContext): Promise<unknown> {
  switch (node.type) {
    case 'Number':
      // 1.0 and 1e3 are System.Double even when whole; 2.50d a Decimal of scale 2, 5L an Int64.
      if (node.decimal) return makeTyped(node.value, 'System.Decimal', decimalLiteralScale(node.text));
      if (node.long) return makeTyped(node.value, 'System.Int64');
      return node.real ? makeDouble(node.value) : node.value;
    case 'String':
      return node.value;
    case 'BarewordText':
      return node.value;
    case 'ExpandableString': {
      const ofs = toStr(getVariable(ec, 'OFS', null) ?? ' ');
      let s = '';
      for (const p of node.parts) {
        if (typeof p === 'string') s += p;
        else s += toStr(await evalExpr(p, ec), ofs);
      }
      return s;
    }
    case 'ExpandableArgument':
      return evalArgument(node, ec);
    case 'Variable':
      return getVariable(ec, node.name, node.scope);
    case 'Paren': {
      if (!node.pipeline) return null;
      if (node.pipeline.type === 'Assignment') {
        await execAssignment(node.pipeline, ec);
        const left = node.pipeline.left;
        return evalExpr(left.type === 'Cast' ? left.operand : left, ec);
      }
      const single = singleExpression(node.pipeline);
      // `(1, 2)` and `(@(1))` keep the expression's value; a pipeline with commands collapses its output.
      if (single) return evalExpr(single, ec);
      return collapse(await collectPipeline(node.pipeline, ec));
    }
    case 'SubExpression': {
      const out: unknown[] = [];
      await execStatements(node.statements, ec, (v) => void out.push(v));
      return collapse(out);
    }
    case 'ArrayExpression': {
      const out: unknown[] = [];
      await execStatements(node.statements, ec, (v) => void out.push(v));
      return out;
    }
    case 'ArrayLiteral': {
      const out: unknown[] = [];
      for (const it of node.items) out.push(await evalExpr(it, ec));
      return out;
    }
    case 'Hashtable': {
      const h = new PSHashtable();
      for (const e of node.entries) {
        const k = e.key.type === 'String' ? e.key.value : await evalExpr(e.key, ec);
        const items = await collectStatement(e.value, ec);
        h.set(k, collapse(items));
      }
      return h;
    }
    case 'ScriptBlockExpression':
      return new ScriptBlock(node, ec.source);
    case 'TypeLiteral':
      return new PSTypeRef(resolveTypeName(checkTypeName(node.name)));
    case 'Cast': {
      const full = resolveTypeName(checkTypeName(node.typeName));
      if (full === 'System.Collections.Specialized.OrderedDictionary' && node.operand.type === 'Hashtable') {
        const h = (await evalExpr(node.operand, ec)) as PSHashtable;
        h.ordered = true;
        return h;
      }
      if (full === 'System.Management.Automation.PSReference' && node.operand.type === 'Variable') {
        // [ref]$x: a reference to the variable itself, not to its value.
        const { name, scope } = node.operand;
        return new PSReference(
          () => getVariable(ec, name, scope),
          (x) => setVariable(ec, name, scope, x),
        );
      }
      const v = await evalExpr(node.operand, ec);
      if (full === 'System.Void') return undefined;
      const cls = ec.session.classes.get(full.toLowerCase());
      if (cls) {
        if (v instanceof PSObject && v.typeNames.some((t) => t.toLowerCase() === full.toLowerCase())) return v;
        const o = await instantiateClass(ec, cls.name, []);
        if (v instanceof PSHashtable) for (const [k, x] of v.entries()) setProperty(o, toStr(k), x);
        return o;
      }
      return castValue(v, full);
    }
    case 'Unary':
      return evalUnary(node, ec);
    case 'Binary':
      return evalBinary(node, ec);
    case 'Member':
      return evalMember(node, ec);
    case 'Index':
      return evalIndex(node, ec);
  }
  // Every kind the grammar builds is handled above; a new one must be added there.
  raise(`Unsupported expression ${(node as { type: string }).type}.`, 'NotSupported', 'NotImplemented');
}

async function evalUnary(node: UnaryAst, ec: ExecutionContext): Promise<unknown> {
  const op: string = node.op;
  if (op.endsWith('pre') || op.endsWith('post')) {
    const cur = await evalExpr(node.operand, ec);
    const curNumber = toNumber(cur);
    let n: unknown = curNumber + (op.startsWith('++') ? 1 : -1);
    // An Int32 counter past its range becomes a Double, as `+` does (integerResult).
    if (isDoubleValue(cur)) n = makeDouble(n as number);
    else if (cur instanceof PSTypedNumber && WIDE_NUMBERS.has(cur.typeName)) n = makeTyped(n as number, cur.typeName, cur.scale);
    else n = integerResult(curNumber, 1, n as number);
    await assign(node.operand, '=', n, ec);
    return op.endsWith('pre') ? n : (cur ?? 0);
  }
  const v = await evalExpr(node.operand, ec);
  switch (op) {
    case '!':
    case '-not':
      return !toBool(v);
    case '-':
      return isDoubleValue(v) ? makeDouble(-toNumber(v)) : v instanceof PSTypedNumber && WIDE_NUMBERS.has(v.typeName) ? makeTyped(-v.value, v.typeName, v.scale) : -toNumber(v);
    case '+':
      return isDoubleValue(v) ? makeDouble(toNumber(v)) : v instanceof PSTypedNumber && WIDE_NUMBERS.has(v.typeName) ? v : toNumber(v);
    case '-bnot': {
      // A Double converts to an integer by rounding half to even (-bnot -1.5 is -bnot -2), as [int] does; an Int64
      // stays one.
      const n = toNumber(v);
      const i = Number.isInteger(n) ? n : bankersRound(n);
      if (v instanceof PSTypedNumber && v.typeName === 'System.Int64') return makeTyped(Number(~BigInt(i)), 'System.Int64');
      return ~i;
    }
    case '-split':
      return unarySplit(v);
    case '-join':
      return enumerate(v).map((x) => toStr(x)).join('');
    case ',':
      return [v];
  }
  raise(`Unsupported operator ${op}.`, 'NotSupported', 'NotImplemented');
}

async function evalBinary(node: BinaryAst, ec: ExecutionContext): Promise<unknown> {
  const op: string = node.op;
  const left = await evalExpr(node.left, ec);
  if (op === 'and') return toBool(left) ? toBool(await evalExpr(node.right, ec)) : false;
  if (op === 'or') return toBool(left) ? true : toBool(await evalExpr(node.right, ec));
  const right = await evalExpr(node.right, ec);
  const state: MatchState = {};
  let r: unknown;
  try {
    r = binaryOp(op, left, right, state);
  } catch (e) {
    if (e instanceof ConversionError) {
      const rec = makeError(e.message, 'InvalidCastFromStringToInteger', 'InvalidArgument', 'RuntimeException', right);
      rec.invocation = { source: ec.source, start: node.start, end: node.end };
      throw new PSRuntimeError(rec);
    }
    throw e;
  }
  if (state.matches) setVariable(ec, 'Matches', null, state.matches);
  return r;
}

async function memberName(node: ExpressionAst, ec: ExecutionContext): Promise<string> {
  return node.type === 'String' ? node.value : toStr(await evalExpr(node, ec));
}

async function evalMember(node: MemberAst, ec: ExecutionContext): Promise<unknown> {
  const obj = await evalExpr(node.object, ec);
  const name = await memberName(node.name, ec);
  if (node.static) {
    const t = obj instanceof PSTypeRef ? obj : new PSTypeRef(typeNamesOf(obj)[0]);
    const cls = ec.session.classes.get(t.fullName.toLowerCase());
    if (cls) {
      const args: unknown[] = [];
      for (const a of node.args ?? []) args.push(await evalExpr(a, ec));
      if (node.args && name.toLowerCase() === 'new') return instantiateClass(ec, cls.name, args);
      const m = classMembers(ec, cls).find((x): x is ClassMethodAst => x.type === 'ClassMethod' && x.isStatic && x.name.toLowerCase() === name.toLowerCase());
      if (node.args && m) return invokeClassMethod(ec, cls, m, null, args);
      if (!node.args && cls.statics.has(name.toLowerCase())) return cls.statics.get(name.toLowerCase());
    }
    if (node.args) {
      const args = [];
      for (const a of node.args) args.push(await evalExpr(a, ec));
      try {
        return await callStatic(t, name, args, memberHost(ec));
      } catch (e) {
        throw methodFailure(e, name, args.length, args[0]);
      }
    }
    return getStaticProperty(t, name);
  }
  if (node.args) {
    const args = [];
    for (const a of node.args) args.push(await evalExpr(a, ec));
    try {
      return await callMethod(obj, name, args, memberHost(ec));
    } catch (e) {
      throw methodFailure(e, name, args.length, args[0]);
    }
  }
  const v = getProperty(obj, name);
  if ((v === null || v === undefined) && strictVersion(ec) >= 2 && !hasProperty(obj, name)) {
    // Set-StrictMode -Version 2.0 and later: a property that does not exist is an error, not $null.
    const rec = makeError(`The property '${name}' cannot be found on this object. Verify that the property exists.`, 'PropertyNotFoundStrict', 'NotSpecified', 'PropertyNotFoundException');
    rec.exception.fullName = 'System.Management.Automation.PropertyNotFoundException';
    throw new PSRuntimeError(rec);
  }
  return v;
}

/** The Set-StrictMode version in force in this scope (0: off; Latest is 3). */
function strictVersion(ec: ExecutionContext): number {
  return toNumberOr0(ec.scope.lookup('__StrictMode')?.value);
}

/**
 * A host file-system error that reached a statement (a redirection's file, `switch -File`): the statement fails with
 * .NET's exception and text for it, as the operation's own error would read on Windows. Undefined for anything else.
 */
function hostIoFailure(e: unknown): PSRuntimeError | undefined {
  const path = e && typeof e === 'object' ? (e as { path?: unknown }).path : undefined;
  const io = windowsIoError(e, typeof path === 'string' ? displayPath(path) : '', typeof path === 'string' ? path : undefined);
  if (!io) return undefined;
  const rec = makeError(io.message, io.fullName, 'NotSpecified', io.type);
  rec.exception.fullName = io.fullName;
  return new PSRuntimeError(rec);
}

/**
 * A .NET method's failure as PowerShell reports it: a MethodInvocationException, `Exception calling "Parse" with "1"
 * argument(s): "<inner message>"`, wrapping the method's own exception (a FormatException for a string Parse refuses),
 * whose short type name is the error id. `catch [System.FormatException]` matches the inner one (findHandler). A
 * member that already reports a MethodInvocationException gets its inner exception from the error id.
 */
function methodFailure(e: unknown, name: string, argc: number, args0?: unknown): unknown {
  if (e instanceof ConversionError) {
    const typeName = /too large or too small/i.test(e.inner) ? 'OverflowException' : 'FormatException';
    const inner: PSException = { typeName, fullName: `System.${typeName}`, message: e.inner };
    const rec = makeError(`Exception calling "${name}" with "${argc}" argument(s): "${e.inner}"`, typeName, 'NotSpecified', 'MethodInvocationException');
    rec.exception.fullName = 'System.Management.Automation.MethodInvocationException';
    rec.exception.innerException = inner;
    return new PSRuntimeError(rec);
  }
  const code = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  if (typeof code === 'string') {
    // A .NET file method ([IO.File]::ReadAllText) failing on the host: its Windows exception, never Node's text.
    const path = (e as { path?: unknown }).path;
    // A read of a directory reports no path: the method's path argument is the one .NET names.
    const display = typeof path === 'string' ? displayPath(path) : typeof args0 === 'string' ? args0 : '';
    const io = windowsIoError(e, display, typeof path === 'string' ? path : undefined);
    if (io) {
      const rec = makeError(`Exception calling "${name}" with "${argc}" argument(s): "${io.message}"`, io.type, 'NotSpecified', 'MethodInvocationException');
      rec.exception.fullName = 'System.Management.Automation.MethodInvocationException';
      rec.exception.innerException = { typeName: io.type, fullName: io.fullName, message: io.message };
      return new PSRuntimeError(rec);
    }
  }
  if (e instanceof PSRuntimeError && e.record.exception.typeName === 'MethodInvocationException' && !e.record.exception.innerException) {
    const ex = e.record.exception;
    const id = e.record.fullyQualifiedErrorId;
    const m = /^Exception calling "[^"]*" with "\d+" argument\(s\): "([\s\S]*?)"?$/.exec(ex.message);
    ex.fullName ??= 'System.Management.Automation.MethodInvocationException';
    if (/Exception$/.test(id)) ex.innerException = { typeName: id, fullName: canonicalExceptionName(id), message: m ? m[1] : ex.message };
  }
  return e;
}

/** An index as an integer, or undefined when it does not convert (PowerShell then finds nothing: no error). */
function indexNumber(idx: unknown): number | undefined {
  try {
    return Math.trunc(toNumber(idx));
  } catch {
    return undefined;
  }
}

/**
 * One index into a value, as PowerShell's index binder answers outside strict mode: a string or array index out of
 * range or not a number is $null; a value that is not a collection is itself at 0 and -1, and gives nothing (no
 * output at all, `undefined` here) at any other index.
 */
function indexOne(obj: unknown, idx: unknown): unknown {
  if (obj instanceof PSHashtable) return obj.index(idx) ?? null;
  if (typeof obj === 'string') {
    let i = indexNumber(idx);
    if (i === undefined) return null;
    if (i < 0) i += obj.length;
    return i >= 0 && i < obj.length ? new PSChar(obj.charCodeAt(i)) : null;
  }
  if (Array.isArray(obj)) {
    if (typeof idx === 'string' && (obj as unknown as { __byName?: boolean }).__byName) {
      // A member collection (.PSObject.Properties['Name']).
      const lower = idx.toLowerCase();
      return obj.find((m) => m instanceof PSObject && toStr(m.get('Name')?.value).toLowerCase() === lower) ?? null;
    }
    let i = indexNumber(idx);
    if (i === undefined) return null;
    if (i < 0) i += obj.length;
    return i >= 0 && i < obj.length ? obj[i] : null;
  }
  if (obj instanceof PSObject) {
    if (typeof idx === 'string') return obj.get(idx)?.value ?? null;
    const i = indexNumber(idx);
    return i === 0 || i === -1 ? obj : null;
  }
  const i = indexNumber(idx);
  return i === 0 || i === -1 ? obj : undefined;
}

async function evalIndex(node: IndexAst, ec: ExecutionContext): Promise<unknown> {
  const obj = await evalExpr(node.object, ec);
  const idx = await evalExpr(node.index, ec);
  if (obj === null || obj === undefined) raise('Cannot index into a null array.', 'NullArray', 'InvalidOperation');
  if (Array.isArray(idx) && !(obj instanceof PSHashtable && obj.has(idx))) {
    // A slice of a value that is no collection (not an array, string, dictionary or object) is nothing at all.
    if (!(Array.isArray(obj) || typeof obj === 'string' || obj instanceof PSHashtable || obj instanceof PSObject)) return undefined;
    const out: unknown[] = [];
    for (const i of idx) {
      // A slice of an array or a string skips the indexes past its ends (an element that is $null stays); a
      // dictionary's slice has $null for each key it lacks.
      if (obj instanceof PSHashtable) {
        out.push(indexOne(obj, i) ?? null);
        continue;
      }
      const n = typeof obj === 'string' || Array.isArray(obj) ? indexNumber(i) : undefined;
      const len = (obj as string | unknown[]).length;
      if (n !== undefined && (n >= len || n < -len)) continue;
      const v = indexOne(obj, i);
      if (v !== undefined && (v !== null || n !== undefined)) out.push(v);
    }
    return out;
  }
  if (Array.isArray(obj) && typeof idx === 'number' && strictVersion(ec) >= 3) {
    // Set-StrictMode -Version 3.0 and later: an index past either end of an array is an error, not $null.
    const i = Math.trunc(idx);
    if (i >= obj.length || i < -obj.length) {
      const rec = makeError('Index was outside the bounds of the array.', 'System.IndexOutOfRangeException', 'OperationStopped', 'IndexOutOfRangeException');
      rec.exception.fullName = 'System.IndexOutOfRangeException';
      throw new PSRuntimeError(rec);
    }
  }
  return indexOne(obj, idx);
}

/** The value of a command argument: a single expression keeps its type; glued pieces concatenate as text. */
export async function evalArgument(node: ExpressionAst, ec: ExecutionContext): Promise<unknown> {
  if (node.type === 'ExpandableArgument') {
    let s = '';
    for (const p of node.parts) s += toStr(await evalExpr(p, ec));
    return s;
  }
  return evalExpr(node, ec);
}

/** Evaluates a command's elements into binder arguments (splatting expanded). */
export async function evalCommandArgs(elements: CommandElementAst[], ec: ExecutionContext): Promise<CommandArg[]> {
  const out: CommandArg[] = [];
  for (const el of elements) {
    switch (el.type) {
      case 'Redirection':
        break;
      case 'Parameter': {
        const text = ec.source.text.slice(el.start, el.end);
        if (el.argument) {
          out.push({ kind: 'param', name: el.name, hasColonValue: true, value: await evalArgument(el.argument, ec), start: el.start, end: el.end, text });
        } else out.push({ kind: 'param', name: el.name, start: el.start, end: el.end, text, hasColonValue: false });
        break;
      }
      case 'Splat': {
        const v = getVariable(ec, el.name, null);
        if (v instanceof PSHashtable) {
          for (const [k, x] of v.entries()) {
            const isSwitchLike = x instanceof SwitchParameter || typeof x === 'boolean';
            out.push({ kind: 'param', name: toStr(k), hasColonValue: true, value: x, start: el.start, end: el.end, splatted: true, text: isSwitchLike ? `-${toStr(k)}:${toStr(x)}` : `-${toStr(k)}` });
          }
        } else if (v instanceof PSObject) {
          for (const p of v.props.values()) out.push({ kind: 'param', name: p.name, hasColonValue: true, value: p.value, start: el.start, end: el.end, splatted: true });
        } else {
          for (const x of enumerate(v)) out.push({ kind: 'value', value: x, start: el.start, end: el.end, splatted: true, text: toStr(x) });
        }
        break;
      }
      case 'EndOfParameters':
        break;
      case 'StopParsing':
        out.push({ kind: 'value', value: el.text, start: el.start, end: el.end, text: el.text });
        break;
      default: {
        const v = await evalArgument(el, ec);
        out.push({ kind: 'value', value: v, start: el.start, end: el.end, text: ec.source.text.slice(el.start, el.end) });
      }
    }
  }
  return out;
}

export function errorRecordFor(
  message: string,
  errorId: string,
  category: ErrorCategory,
  exceptionType: string,
  target: unknown,
  ec: ExecutionContext,
  node: { start: number; end: number },
  commandName?: string,
): ErrorRecord {
  const rec = makeError(message, errorId, category, exceptionType, target);
  rec.invocation = { source: ec.source, start: node.start, end: node.end, commandName };
  return rec;
}

export { displayPath, toBool, toStr, PSEnumValue };
