/*
 * The command processor: resolves a command name (alias, function, cmdlet, script file, native program), binds
 * its arguments, and runs it as one stage of a pipeline (begin / process per input object / end).
 *
 * Cmdlets, aliases and module functions come from the session's command table (registry.ts: the modules the
 * runspace was given); the engine knows none of them by name. Script functions and script blocks bind through the
 * same binder (advanced functions fully; simple functions put what they cannot bind into $args). Native programs run
 * through host().spawnSync. The evaluator reaches this file only through ExecutionContext.commands (context.ts).
 */
import type { AttributeAst, CommandAst, ExpressionAst, ScriptBlockAst, SourceText, StatementAst } from '../syntax/ast';
import { ErrorRecord, PSRuntimeError, makeError, type ErrorCategory } from '../runtime/errors';
import { PSHashtable, PSObject, ScriptBlock, SwitchParameter, PSEnumValue, enumerate } from '../types/values';
import { toStr, toBool, convertTo, resolveTypeName } from '../types/convert';
import type { CmdletContext, CmdletDefinition, CommandInfo, EngineIntrinsics, ParameterDefinition, ProgressInfo } from './cmdlet';
import { Binder, COMMON_PARAMETERS, SHOULD_PROCESS_PARAMETERS, type BindState, type BindableCommand, type CommandArg, isSwitch, COMMON_NAMES } from '../binding/binder';
import type { CommandRuntime, Emit, ExecutionContext, Processor } from '../runtime/context';
import {
  evalArgument,
  evalCommandArgs,
  execStatements,
  invokeScriptBlock,
  reportError,
  getVariable,
  setVariable,
  ReturnSignal,
  StopUpstreamSignal,
  PipelineStoppedSignal,
  castValue,
  collapse,
  evalExpr,
  instantiateClass,
  typeConstraintOf,
} from '../runtime/evaluator';
import { Scope } from '../runtime/session';
import type { CommandTable } from './registry';
import { host } from '../../platform/host';
import { parseScript, decodeScript } from '../syntax/parser';

function isExecutable(p: string): boolean {
  try {
    const st = host().fs.statSync(p);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function findInPath(name: string): string | undefined {
  const path = host().env.PATH ?? '';
  const candidates = [name];
  if (/\.(exe|com|bat|cmd)$/i.test(name)) candidates.push(name.replace(/\.(exe|com|bat|cmd)$/i, ''));
  for (const dir of path.split(':')) {
    if (!dir) continue;
    for (const c of candidates) {
      const full = host().path.join(dir, c);
      if (isExecutable(full)) return full;
    }
  }
  return undefined;
}

/** A module's script function (registry.ts), parsed on its first use in this session. */
function moduleFunction(name: string, ec: ExecutionContext): CommandInfo | undefined {
  const f = ec.session.commands.findFunction(name);
  if (!f) return undefined;
  let body = ec.session.moduleFunctions.get(f.name);
  if (!body) {
    const source: SourceText = { text: f.text };
    body = new ScriptBlock(parseScript(source), source);
    ec.session.moduleFunctions.set(f.name, body);
  }
  return { kind: 'function', name: f.name, body, filter: false };
}

/** Resolves a command name the way PowerShell does: alias, function, cmdlet, then scripts and programs. */
export function resolveCommand(name: string, ec: ExecutionContext, seen = new Set<string>()): CommandInfo | undefined {
  const lower = name.toLowerCase();
  const alias = ec.session.aliases.get(lower);
  if (alias && !seen.has(lower)) {
    seen.add(lower);
    return resolveCommand(alias, ec, seen);
  }
  const fn = ec.scope.lookupFunction(name);
  if (fn) return { kind: 'function', name: fn.name, body: fn.body, filter: fn.filter };
  const table = ec.session.commands;
  const moduleFn = moduleFunction(name, ec);
  if (moduleFn) return moduleFn;
  const def = table.findCmdlet(name);
  if (def) return { kind: 'cmdlet', name: def.name, def };
  // Module-qualified names: Dism\Export-WindowsImage.
  const q = /^[\w.]+\\([\w-]+)$/.exec(name);
  if (q) {
    const d = table.findCmdlet(q[1]);
    if (d) return { kind: 'cmdlet', name: d.name, def: d };
  }
  const front = table.nativeFrontEnd(name.replace(/^.*[\\/]/, ''));
  if (front) return { kind: 'native-frontend', name, def: front };
  if (/[\\/]/.test(name) || /\.ps1$/i.test(name)) {
    const p = ec.session.resolvePath(name);
    if (/\.ps1$/i.test(name)) {
      try {
        if (host().fs.statSync(p).isFile()) return { kind: 'script', name, path: p, display: name };
      } catch {
        /* not found */
      }
      return undefined;
    }
    if (isExecutable(p)) return { kind: 'external', name, path: p };
    return undefined;
  }
  const ext = findInPath(name);
  if (ext) return { kind: 'external', name, path: ext };
  return undefined;
}

function commandNotFound(name: string, ec: ExecutionContext, node: CommandAst): PSRuntimeError {
  const rec = makeError(
    `The term '${name}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`,
    'CommandNotFoundException',
    'ObjectNotFound',
    'CommandNotFoundException',
    name,
  );
  rec.exception.fullName = 'System.Management.Automation.CommandNotFoundException';
  rec.exception.baseTypes = ['System.Management.Automation.RuntimeException', 'System.Exception'];
  rec.activity = '';
  rec.invocation = { source: ec.source, start: node.name.start, end: node.name.end, commandName: name };
  return new PSRuntimeError(rec);
}

/** The extent of a command without its redirections, for whole-command error markers. */
function commandExtent(node: CommandAst): { start: number; end: number } {
  const els = node.elements.filter((e) => e.type !== 'Redirection');
  const last = els.length ? els[els.length - 1] : node.name;
  return { start: node.start, end: Math.max(last.end, node.name.end) };
}

export async function invokeCommand(node: CommandAst, ec: ExecutionContext, emit: Emit, expectingInput: boolean): Promise<Processor> {
  const nameValue = node.invocation ? await evalArgument(node.name, ec) : await evalArgument(node.name, ec);
  const args = await evalCommandArgs(node.elements, ec);
  const ext = commandExtent(node);
  const dot = node.invocation === '.';
  if (nameValue instanceof ScriptBlock) {
    return new FunctionProcessor(ec, emit, expectingInput, node, ext, '', nameValue, false, args, dot ? 'dot' : 'call');
  }
  if (nameValue instanceof PSObject && nameValue.typeNames.includes('System.Management.Automation.CommandInfo')) {
    return invokeByName(toStr(nameValue.get('Name')?.value), node, ec, emit, expectingInput, args, ext, dot);
  }
  const name = toStr(nameValue);
  return invokeByName(name, node, ec, emit, expectingInput, args, ext, dot);
}

async function invokeByName(
  name: string,
  node: CommandAst,
  ec: ExecutionContext,
  emit: Emit,
  expectingInput: boolean,
  args: CommandArg[],
  ext: { start: number; end: number },
  dot: boolean,
): Promise<Processor> {
  const info = resolveCommand(name, ec);
  if (!info) throw commandNotFound(name, ec, node);
  if (args.some((a) => a.kind === 'param' && a.name === '?' && !a.hasColonValue && !a.splatted)) {
    // `Cmd -?` is `Get-Help Cmd` (5.1 answers it before binding), for cmdlets, functions and scripts.
    const helpName = ec.session.commands.helpCommand;
    if (info.kind === 'cmdlet' && helpName) {
      const help = ec.session.commands.findCmdlet(helpName);
      if (help) {
        const helpArgs: CommandArg[] = [{ kind: 'value', value: info.def.name, start: ext.start, end: ext.end }];
        return new CmdletProcessor(ec, emit, false, node, ext, help, helpArgs, help.name);
      }
    } else if (info.kind === 'function' || info.kind === 'script') {
      const sb = info.kind === 'function' ? info.body : scriptBlockOf(info.path, info.display, ec);
      return new TextProcessor(emit, async () => functionHelp(info.name, await functionMeta(info.name, sb, ec)));
    }
  }
  switch (info.kind) {
    case 'cmdlet':
    case 'native-frontend':
      return new CmdletProcessor(ec, emit, expectingInput, node, ext, info.def, args, name);
    case 'function':
      return new FunctionProcessor(ec, emit, expectingInput, node, ext, info.name, info.body, info.filter, args, 'call');
    case 'script': {
      const sb = scriptBlockOf(info.path, info.display, ec);
      return new FunctionProcessor(ec, emit, expectingInput, node, ext, info.name, sb, false, args, dot ? 'dot' : 'script', info.path);
      // (a dot-sourced script keeps scriptPath, so $PSScriptRoot is the library's own while it runs)
    }
    case 'external':
      return new ExternalProcessor(ec, emit, expectingInput, node, info.path, args);
  }
}

function scriptBlockOf(file: string, display: string, ec: ExecutionContext): ScriptBlock {
  const text = decodeScript(host().fs.readFileSync(file));
  const source: SourceText = { text, path: displayScriptPath(display, ec) };
  return new ScriptBlock(parseScript(source), source);
}

/** A command that writes one computed object and takes no input (`function -?`). */
class TextProcessor implements Processor {
  readonly expectingInput = false;
  constructor(private readonly emit: Emit, private readonly make: () => Promise<unknown>) {}
  async begin(): Promise<void> {}
  async process(): Promise<void> {}
  async processNoInput(): Promise<void> {}
  async end(): Promise<void> {
    await this.emit(await this.make());
  }
}

/** What 5.1's Get-Help shows for a function or script without comment-based help: its name and syntax. */
function functionHelp(name: string, meta: FunctionMeta): string {
  const { syntaxLines } = require('./help') as typeof import('./help');
  const own = meta.cmd.parameters.filter((p) => !COMMON_NAMES.has(p.name.toLowerCase()) || !meta.advanced);
  const def: CmdletDefinition = { name, className: name, parameters: own, defaultParameterSetName: meta.cmd.defaultParameterSetName,
    supportsShouldProcess: meta.advanced && meta.cmd.parameters.some((p) => p.name === 'WhatIf') };
  let lines = own.length || meta.advanced ? syntaxLines(def) : [name];
  if (!meta.advanced) lines = lines.map((l) => l.replace(/ \[<CommonParameters>\]$/, ''));
  const block = (title: string, body: string[]) => [title, ...body.map((l) => `    ${l}`), ''];
  return ['', ...block('NAME', [name]), ...block('SYNTAX', lines), ...block('ALIASES', ['None']), ...block('REMARKS', ['None'])].join('\n');
}

function displayScriptPath(p: string, ec: ExecutionContext): string {
  if (/^[A-Za-z]:/.test(p)) return p;
  const loc = ec.session.location();
  const rel = p.replace(/^\.[\\/]/, '');
  return loc.includes('\\') ? `${loc.replace(/\\$/, '')}\\${rel.replace(/\//g, '\\')}` : host().path.join(loc, rel);
}

// ------------------------------------------------------------------------------------------------ preferences

function preferenceOf(ec: ExecutionContext, varName: string): string {
  const v = getVariable(ec, varName, null);
  if (v instanceof PSEnumValue) return v.name;
  if (v === null || v === undefined) return 'Continue';
  try {
    return (convertTo(v, 'System.Management.Automation.ActionPreference') as PSEnumValue).name;
  } catch {
    return 'Continue';
  }
}

function actionPref(bound: Record<string, unknown>, ec: ExecutionContext, param: string, variable: string): string {
  const v = bound[param];
  if (v instanceof PSEnumValue) return v.name;
  return preferenceOf(ec, variable);
}

/** Routes a non-terminating error according to the error action. */
async function writeErrorWithAction(ec: ExecutionContext, rec: ErrorRecord, action: string, errorVariable?: string): Promise<void> {
  if (ec.pipelineFailed) ec.pipelineFailed.value = true;
  if (errorVariable) {
    const name = errorVariable.replace(/^\+/, '');
    const cur = errorVariable.startsWith('+') ? enumerate(getVariable(ec, name, null)) : [];
    setVariable(ec, name, null, [...cur, rec]);
  }
  switch (action) {
    case 'Stop':
      throw new PSRuntimeError(rec, true);
    case 'SilentlyContinue':
      ec.session.recordError(rec);
      return;
    case 'Ignore':
      return;
    default:
      await reportError(ec, rec);
  }
}

// ------------------------------------------------------------------------------------------------ cmdlets

function withCommon(def: { parameters: readonly ParameterDefinition[]; supportsShouldProcess?: boolean }): ParameterDefinition[] {
  return [...def.parameters, ...COMMON_PARAMETERS, ...(def.supportsShouldProcess ? SHOULD_PROCESS_PARAMETERS : [])];
}

const bindableCmdlets = new WeakMap<CmdletDefinition, BindableCommand>();

class CmdletProcessor implements Processor {
  private binder: Binder;
  private state!: BindState;
  private current: Record<string, unknown> = {};
  private currentBound = new Set<string>();
  private currentSet = '';
  private input: unknown = undefined;
  private stopping = false;
  private readonly cmdletContext: CmdletContext;
  /** The per-invocation state slot (CmdletContext.state). */
  private stateValue: unknown;
  private stateSet = false;
  private intrinsics?: EngineIntrinsics;

  constructor(
    private readonly ec: ExecutionContext,
    private readonly emit: Emit,
    readonly expectingInput: boolean,
    private readonly node: CommandAst,
    private readonly ext: { start: number; end: number },
    private readonly def: CmdletDefinition,
    private readonly args: CommandArg[],
    private readonly typedName: string,
  ) {
    // One BindableCommand per definition, so that the binder compiles the cmdlet's metadata once (binding/compiled.ts).
    let cmd = bindableCmdlets.get(def);
    if (!cmd) {
      cmd = { name: def.name, errorSuffix: def.className, isCmdlet: true, parameters: withCommon(def), defaultParameterSetName: def.defaultParameterSetName };
      bindableCmdlets.set(def, cmd);
    }
    this.binder = new Binder(cmd, { source: ec.source, start: ext.start, end: ext.end, commandName: def.name });
    this.cmdletContext = this.makeContext();
  }

  private errorAction(): string {
    return actionPref(this.current, this.ec, 'ErrorAction', 'ErrorActionPreference');
  }

  private attach(rec: ErrorRecord): ErrorRecord {
    if (!rec.invocation) rec.invocation = { source: this.ec.source, start: this.ext.start, end: this.ext.end, commandName: this.def.name };
    if ((rec as unknown as { useInvocationText?: boolean }).useInvocationText) {
      // Write-Error reports where its caller was invoked: a function's call site, or its own command line.
      if (this.ec.callerInvocation) {
        rec.invocation = { ...this.ec.callerInvocation };
        if (!rec.fullyQualifiedErrorId.includes(',')) rec.fullyQualifiedErrorId += ',' + this.ec.callerInvocation.commandName;
      }
      else rec.invocation.commandName = this.ec.source.text.slice(this.ext.start, this.ext.end);
    }
    return rec;
  }

  private makeContext(): CmdletContext {
    const self = this;
    const ec = this.ec;
    const pref = (param: string, variable: string) => actionPref(self.current, ec, param, variable);
    const isOn = (sw: string, variable: string) => {
      const v = self.current[sw];
      if (v instanceof SwitchParameter) return v.isPresent;
      return preferenceOf(ec, variable) !== 'SilentlyContinue';
    };
    return {
      get params() {
        return self.current;
      },
      get boundParameters() {
        return self.currentBound;
      },
      get parameterSetName() {
        return self.currentSet;
      },
      get inputObject() {
        return self.input;
      },
      get expectingInput() {
        return self.expectingInput;
      },
      get invocationName() {
        return self.typedName;
      },
      get isStopping() {
        return self.stopping || ec.session.stopping;
      },
      whenStopping() {
        return ec.session.whenStopping();
      },
      get verbose() {
        return isOn('Verbose', 'VerbosePreference');
      },
      state<T>(init: () => T): T {
        if (!self.stateSet) {
          self.stateValue = init();
          self.stateSet = true;
        }
        return self.stateValue as T;
      },
      get engine() {
        return (self.intrinsics ??= engineIntrinsics(ec));
      },
      async writeObject(value: unknown, enumerateCollection = false) {
        if (self.current.OutVariable) {
          const name = toStr(self.current.OutVariable).replace(/^\+/, '');
          const cur = enumerate(getVariable(ec, name, null));
          setVariable(ec, name, null, [...cur, ...(enumerateCollection ? enumerate(value) : [value])]);
        }
        const pv = self.current.PipelineVariable === undefined ? undefined : toStr(self.current.PipelineVariable);
        const send = async (v: unknown) => {
          if (ec.session.stopping) throw new PipelineStoppedSignal();
          if (pv) setVariable(ec, pv, null, v);
          await self.emit(v);
        };
        if (enumerateCollection && Array.isArray(value)) {
          for (const v of value) await send(v);
        } else await send(value);
      },
      writeError(record: ErrorRecord) {
        // After Ctrl+C, what a command reports about being interrupted is not shown (PowerShell stops silently).
        if (ec.session.stopping) throw new PipelineStoppedSignal();
        self.attach(record);
        const action = self.errorAction();
        if (action === 'Stop') {
          if (ec.pipelineFailed) ec.pipelineFailed.value = true;
          throw new PSRuntimeError(record, true);
        }
        pendingErrors.push(writeErrorWithAction(ec, record, action, self.current.ErrorVariable as string | undefined));
      },
      throwTerminating(record: ErrorRecord): never {
        self.attach(record);
        throw new PSRuntimeError(record, self.errorAction() === 'Stop');
      },
      writeWarning(text: string) {
        if (self.current.WarningVariable !== undefined) {
          const name = toStr(self.current.WarningVariable).replace(/^\+/, '');
          const cur = toStr(self.current.WarningVariable).startsWith('+') ? enumerate(getVariable(ec, name, null)) : [];
          setVariable(ec, name, null, [...cur, text]);
        }
        const a = pref('WarningAction', 'WarningPreference');
        if (a === 'SilentlyContinue' || a === 'Ignore') return;
        if (a === 'Stop') {
          const rec = makeError(`The running command stopped because the preference variable "WarningPreference" or common parameter is set to Stop: ${text}`, 'ActionPreferenceStop', 'OperationStopped', 'ActionPreferenceStopException');
          throw new PSRuntimeError(self.attach(rec), true);
        }
        streamWrite(ec, '3', text, `WARNING: ${text}\n`);
      },
      writeVerbose(text: string) {
        if (isOn('Verbose', 'VerbosePreference')) streamWrite(ec, '4', text, `VERBOSE: ${text}\n`);
      },
      writeDebug(text: string) {
        if (isOn('Debug', 'DebugPreference')) streamWrite(ec, '5', text, `DEBUG: ${text}\n`);
      },
      writeInformation(data: unknown) {
        if (self.current.InformationVariable !== undefined) {
          const name = toStr(self.current.InformationVariable).replace(/^\+/, '');
          setVariable(ec, name, null, [...enumerate(getVariable(ec, name, null)), data]);
        }
        const a = pref('InformationAction', 'InformationPreference');
        if (a === 'Continue') streamWrite(ec, '6', data, `${toStr(data)}\n`);
      },
      writeHost(text: string, newline = true) {
        // Write-Host goes through the information stream (6) in 5.1: `6>$null` hides it.
        streamWrite(ec, '6', text, text + (newline ? '\n' : ''));
      },
      writeProgress(p: ProgressInfo) {
        // Drawn only on a terminal (session.writeProgress); $ProgressPreference SilentlyContinue hides it.
        const pref = preferenceOf(ec, 'ProgressPreference');
        if (pref === 'SilentlyContinue' || pref === 'Ignore') return;
        ec.session.writeProgress(p);
      },
      shouldProcess(target: string, action?: string) {
        const whatIf = self.current.WhatIf instanceof SwitchParameter ? self.current.WhatIf.isPresent : toBool(getVariable(ec, 'WhatIfPreference', null));
        if (whatIf) {
          ec.session.hostWrite(`What if: Performing the operation "${action ?? self.def.name}" on target "${target}".\n`);
          return false;
        }
        const confirm = self.current.Confirm instanceof SwitchParameter && self.current.Confirm.isPresent;
        if (confirm && !ec.session.interactive) {
          // -Confirm asks a person; without one PowerShell stops the command.
          const rec = makeError('Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.', `InvalidOperation,${self.def.className}`, 'InvalidOperation', 'PSInvalidOperationException');
          throw new PSRuntimeError(self.attach(rec));
        }
        return true;
      },
      error(message: string, errorId: string, category: ErrorCategory, exceptionType = 'RuntimeException', target?: unknown) {
        const rec = makeError(message, errorId.includes(',') ? errorId : `${errorId},${self.def.className}`, category, exceptionType, target);
        return self.attach(rec);
      },
      resolvePath: (p: string) => ec.session.resolvePath(p),
      currentLocation: () => ec.session.location(),
      getVariable: (name: string) => getVariable(ec, name, null),
      setVariable: (name: string, value: unknown) => setVariable(ec, name, null, value),
      invokeScriptBlock: (sb: unknown, input?: unknown, args?: unknown[]) => {
        if (!(sb instanceof ScriptBlock)) return Promise.resolve([]);
        // ForEach-Object and Where-Object run their blocks in the caller's scope ($sum += $_ persists).
        return invokeScriptBlock(ec, sb, args ?? [], input, false);
      },
      stopUpstream() {
        self.stopping = true;
        throw new StopUpstreamSignal(self);
      },
    };
  }

  private async run(fn: ((c: CmdletContext) => Promise<void>) | undefined): Promise<void> {
    if (!fn) return;
    try {
      await fn.call(this.def, this.cmdletContext);
      await flushPending();
      if (this.ec.session.stopping) throw new PipelineStoppedSignal();
    } catch (e) {
      if (this.ec.session.stopping) throw new PipelineStoppedSignal();
      await flushPending().catch(() => undefined);
      if (e instanceof PSRuntimeError) {
        this.attach(e.record);
        throw e;
      }
      if (e instanceof ReturnSignal || (e && typeof e === 'object' && e.constructor && /Signal$/.test(e.constructor.name))) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      const rec = makeError(msg, `System.Exception,${this.def.className}`, 'NotSpecified', 'Exception');
      throw new PSRuntimeError(this.attach(rec));
    }
  }

  async begin(): Promise<void> {
    this.state = this.binder.bindCommandLine(this.args, this.expectingInput);
    this.current = this.state.params;
    this.currentBound = this.state.bound;
    this.currentSet = this.state.setName;
    await this.run(this.def.begin);
  }

  async process(input: unknown): Promise<void> {
    if (this.stopping) return;
    this.input = input;
    if (this.binder.takesPipelineInput()) {
      const st = this.binder.bindPipelineObject(this.state, input);
      if (st instanceof ErrorRecord) {
        this.attach(st);
        st.targetObject = input;
        await writeErrorWithAction(this.ec, st, this.errorAction());
        return;
      }
      this.current = st.params;
      this.currentBound = st.bound;
      this.currentSet = st.setName;
    }
    await this.run(this.def.process);
  }

  async processNoInput(): Promise<void> {
    this.input = undefined;
    await this.run(this.def.process);
  }

  async end(): Promise<void> {
    this.current = this.state.params;
    this.currentBound = this.state.bound;
    await this.run(this.def.end);
  }
}

/** Writes to stream 3-6: redirected (`3>$null`, `*>&1`) per the pipeline's sinks, else to the console. */
function streamWrite(ec: ExecutionContext, stream: '3' | '4' | '5' | '6', value: unknown, consoleText: string): void {
  const sink = ec.streamSinks?.[stream];
  if (sink) sink(value);
  else ec.session.hostWrite(consoleText);
}

const pendingErrors: Array<Promise<void>> = [];
async function flushPending(): Promise<void> {
  while (pendingErrors.length) {
    const p = pendingErrors.shift()!;
    await p;
  }
}

// ------------------------------------------------------------------------------------------------ functions

interface FunctionMeta {
  advanced: boolean;
  cmd: BindableCommand;
  defaults: Map<string, ExpressionAst | null>;
  types: Map<string, string | undefined>;
}

async function attributeArgs(attr: AttributeAst, ec: ExecutionContext): Promise<{ named: Record<string, unknown>; positional: unknown[] }> {
  const named: Record<string, unknown> = {};
  const positional: unknown[] = [];
  for (const a of attr.args) {
    if (a.name !== null) named[a.name.toLowerCase()] = a.value ? await evalExpr(a.value, ec) : true;
    else positional.push(await evalExpr(a.value, ec));
  }
  return { named, positional };
}

const metaCache = new WeakMap<object, FunctionMeta>();

async function functionMeta(name: string, sb: ScriptBlock, ec: ExecutionContext): Promise<FunctionMeta> {
  const cached = metaCache.get(sb.ast);
  if (cached) return cached;
  const pb = sb.ast.param;
  let advanced = false;
  let defaultSet: string | undefined;
  let supportsShouldProcess = false;
  const params: ParameterDefinition[] = [];
  const defaults = new Map<string, ExpressionAst | null>();
  const types = new Map<string, string | undefined>();
  if (pb) {
    for (const a of pb.attributes ?? []) {
      if (/^CmdletBinding$/i.test(a.name)) {
        advanced = true;
        const { named } = await attributeArgs(a, ec);
        if (named.defaultparametersetname) defaultSet = toStr(named.defaultparametersetname);
        if (named.supportsshouldprocess) supportsShouldProcess = toBool(named.supportsshouldprocess);
      }
    }
    let anyPosition = false;
    for (const p of pb.parameters) {
      const def: ParameterDefinition = { name: p.name, type: 'Object' };
      let sets: Record<string, Record<string, unknown>> | undefined;
      for (const a of p.attributes) {
        if (a.type === 'TypeConstraint') {
          const full = resolveTypeName(a.name);
          def.type = full === 'System.Management.Automation.SwitchParameter' ? 'SwitchParameter' : full;
          continue;
        }
        const an = a.name.toLowerCase().replace(/attribute$/, '');
        const { named, positional } = await attributeArgs(a, ec);
        if (an === 'parameter') {
          advanced = true;
          const flags: Record<string, unknown> = {};
          if ('mandatory' in named) flags.mandatory = toBool(named.mandatory);
          if ('position' in named) {
            flags.position = Number(named.position);
            anyPosition = true;
          }
          if ('valuefrompipeline' in named) flags.valueFromPipeline = toBool(named.valuefrompipeline);
          if ('valuefrompipelinebypropertyname' in named) flags.valueFromPipelineByPropertyName = toBool(named.valuefrompipelinebypropertyname);
          if ('valuefromremainingarguments' in named) def.valueFromRemainingArguments = toBool(named.valuefromremainingarguments);
          if ('helpmessage' in named) flags.helpMessage = toStr(named.helpmessage);
          const setName = 'parametersetname' in named ? toStr(named.parametersetname) : '__AllParameterSets';
          sets = sets ?? {};
          sets[setName] = flags;
        } else if (an === 'validateset') def.validateSet = positional.flat().map((x) => toStr(x));
        else if (an === 'validaterange') def.validateRange = [Number(positional[0]), Number(positional[1])];
        else if (an === 'validatenotnullorempty') def.validateNotNullOrEmpty = true;
        else if (an === 'validatenotnull') def.validateNotNull = true;
        else if (an === 'alias') def.aliases = positional.flat().map((x) => toStr(x));
        else if (an === 'allownull') def.allowNull = true;
        else if (an === 'allowemptystring') def.allowEmptyString = true;
        else if (an === 'allowemptycollection') def.allowEmptyCollection = true;
      }
      if (sets) {
        const names = Object.keys(sets);
        if (names.length === 1 && names[0] === '__AllParameterSets') Object.assign(def, sets.__AllParameterSets);
        else def.sets = sets as ParameterDefinition['sets'];
      }
      params.push(def);
      defaults.set(p.name, p.default);
      types.set(p.name, typeConstraintOf(p)?.name);
    }
    // Implicit positions in declaration order unless a parameter declares one.
    if (!anyPosition) {
      let pos = 0;
      for (const d of params) if (!isSwitch(d)) {
        if (d.sets) for (const f of Object.values(d.sets)) f.position = pos;
        else d.position = pos;
        pos++;
      }
    }
  }
  const cmd: BindableCommand = {
    name,
    errorSuffix: name,
    isCmdlet: false,
    parameters: advanced ? withCommon({ parameters: params, supportsShouldProcess }) : params,
    defaultParameterSetName: defaultSet,
  };
  const meta = { advanced, cmd, defaults, types };
  metaCache.set(sb.ast, meta);
  return meta;
}

const AUTOMATIC = ['args', 'input', 'myinvocation', 'psscriptroot', 'pscommandpath', 'psboundparameters', 'pscmdlet', '_', 'psitem'];

class FunctionProcessor implements Processor {
  private scope!: Scope;
  private fnEc!: ExecutionContext;
  private binder!: Binder;
  private state!: BindState;
  private meta!: FunctionMeta;
  private inputs: unknown[] = [];
  private began = false;
  private readonly saved = new Map<string, import('../runtime/session').Variable | undefined>();

  constructor(
    private readonly ec: ExecutionContext,
    private readonly emit: Emit,
    readonly expectingInput: boolean,
    private readonly node: CommandAst,
    private readonly ext: { start: number; end: number },
    private readonly name: string,
    private readonly sb: ScriptBlock,
    private readonly filter: boolean,
    private readonly args: CommandArg[],
    private readonly mode: 'call' | 'dot' | 'script',
    private readonly scriptPath?: string,
  ) {}

  private get ast(): ScriptBlockAst {
    return this.sb.ast;
  }

  async begin(): Promise<void> {
    const ec = this.ec;
    if (ec.session.callDepth >= 100) {
      const rec = makeError('The script failed due to call depth overflow.', 'CallDepthOverflow', 'InvalidOperation', 'ScriptCallDepthException');
      rec.invocation = { source: ec.source, start: this.ext.start, end: this.ext.end };
      throw new PSRuntimeError(rec, true);
    }
    this.meta = await functionMeta(this.name || 'ScriptBlock', this.sb, ec);
    this.binder = new Binder(this.meta.cmd, { source: ec.source, start: this.ext.start, end: this.ext.end, commandName: this.name || undefined });
    const extra: unknown[] = [];
    let bindArgs = this.args;
    if (!this.meta.advanced) {
      // Simple functions: what does not bind goes to $args.
      bindArgs = [];
      const consumed = new Set<CommandArg>();
      const names = this.meta.cmd.parameters;
      for (let i = 0; i < this.args.length; i++) {
        const a = this.args[i];
        if (a.kind === 'param') {
          let ok = false;
          try {
            this.binder.lookup(a.name!, a);
            ok = true;
          } catch {
            ok = false;
          }
          if (ok) {
            bindArgs.push(a);
            const p = this.binder.lookup(a.name!, a);
            if (!isSwitch(p) && !a.hasColonValue && this.args[i + 1]?.kind === 'value') {
              consumed.add(this.args[i + 1]);
              bindArgs.push(this.args[++i]);
            }
          } else extra.push(a.hasColonValue ? `-${a.name}:${toStr(a.value)}` : a.text ?? `-${a.name}`);
          if (!ok && a.hasColonValue && !a.text) extra.push(a.value);
        } else bindArgs.push(a);
      }
      const positional = bindArgs.filter((a) => a.kind === 'value' && !consumed.has(a));
      const namedCount = new Set(bindArgs.filter((a) => a.kind === 'param').map((a) => this.binder.lookup(a.name!, a).name)).size;
      const positionalSlots = names.filter((p) => !isSwitch(p)).length - namedCount;
      if (positional.length > Math.max(0, positionalSlots)) {
        const keep = new Set(positional.slice(0, Math.max(0, positionalSlots)));
        const over = positional.filter((a) => !keep.has(a));
        for (const a of over) extra.push(a.value);
        bindArgs = bindArgs.filter((a) => a.kind !== 'value' || keep.has(a) || consumed.has(a));
      }
    }
    this.state = this.binder.bindCommandLine(bindArgs, this.expectingInput);
    this.scope = this.mode === 'dot' ? ec.scope : new Scope(ec.scope);
    const scriptScope = this.mode === 'script' ? this.scope : ec.scriptScope;
    this.fnEc = { ...ec, scope: this.scope, scriptScope, source: this.sb.source };
    if (this.name && this.mode !== 'dot')
      this.fnEc.callerInvocation = { commandName: this.name, source: ec.source, start: this.ext.start, end: this.ext.end };
    if (this.mode === 'dot') {
      // Dot-sourcing shares the caller's scope but not its automatic variables: they come back afterwards.
      for (const n of AUTOMATIC) {
        const v = this.scope.vars.get(n);
        this.saved.set(n, v ? { ...v } : undefined);
      }
    }
    this.scope.setLocal('args', extra);
    if (this.scriptPath) {
      const display = this.sb.source.path ?? this.scriptPath;
      this.scope.setLocal('PSCommandPath', display);
      this.scope.setLocal('PSScriptRoot', display.replace(/[\\/][^\\/]*$/, ''));
      this.scope.setLocal('MyInvocation', new PSObject({ MyCommand: new PSObject({ Path: display, Definition: display, Name: display.replace(/^.*[\\/]/, ''), CommandType: 'ExternalScript' }), ScriptName: display, InvocationName: this.name, MyCommandName: this.name }));
    } else {
      this.scope.setLocal('MyInvocation', new PSObject({ MyCommand: new PSObject({ Name: this.name }), InvocationName: this.name, BoundParameters: null }));
    }
    await this.applyParams(this.state);
    this.began = true;
    if (this.ast.beginBlock) await this.runBlock(this.ast.beginBlock);
  }

  private async applyParams(st: BindState): Promise<void> {
    const bound = new PSHashtable();
    for (const p of this.meta.cmd.parameters) {
      if (COMMON_NAMES.has(p.name.toLowerCase()) && this.meta.advanced) {
        if (p.name in st.params) {
          bound.set(p.name, st.params[p.name]);
          const v = st.params[p.name];
          if (p.name === 'ErrorAction') this.scope.setLocal('ErrorActionPreference', v);
          if (p.name === 'WarningAction') this.scope.setLocal('WarningPreference', v);
          if (p.name === 'Verbose') this.scope.setLocal('VerbosePreference', convertTo((v as SwitchParameter).isPresent ? 'Continue' : 'SilentlyContinue', 'System.Management.Automation.ActionPreference'));
          if (p.name === 'Debug') this.scope.setLocal('DebugPreference', convertTo((v as SwitchParameter).isPresent ? 'Continue' : 'SilentlyContinue', 'System.Management.Automation.ActionPreference'));
          if (p.name === 'WhatIf') this.scope.setLocal('WhatIfPreference', (v as SwitchParameter).isPresent);
        }
        continue;
      }
      const tc = this.meta.types.get(p.name);
      let v: unknown;
      if (p.name in st.params) {
        v = st.params[p.name];
        bound.set(p.name, v);
      } else {
        const d = this.meta.defaults.get(p.name);
        v = d ? await evalExpr(d, this.fnEc) : isSwitch(p) ? new SwitchParameter(false) : null;
        if (tc && d) v = castValue(v, tc);
        else if (tc && !d && !isSwitch(p)) {
          const full = resolveTypeName(tc);
          if (full === 'System.String') v = '';
          else if (/Int|Double|UInt|Byte|Int64/.test(full) && !full.endsWith('[]')) v = 0;
          else if (full === 'System.Boolean') v = false;
        }
      }
      this.scope.setLocal(p.name, v, tc ? resolveTypeName(tc) : undefined);
    }
    this.scope.setLocal('PSBoundParameters', bound);
    if (this.meta.advanced) this.scope.setLocal('PSCmdlet', this.cmdletObject(st));
  }

  /** $PSCmdlet of an advanced function: ParameterSetName, ShouldProcess, WriteError, ThrowTerminatingError... */
  private cmdletObject(st: BindState): PSObject {
    const o = new PSObject({ ParameterSetName: st.setName, MyInvocation: this.scope.lookup('MyInvocation')?.value }, ['System.Management.Automation.PSScriptCmdlet', 'System.Object']);
    const m = o as unknown as Record<string, unknown>;
    const fnEc = () => this.fnEc;
    m.method_shouldprocess = (target: unknown, action?: unknown) => {
      const whatIf = toBool(getVariable(fnEc(), 'WhatIfPreference', null));
      if (whatIf) {
        this.ec.session.hostWrite(`What if: Performing the operation "${action === undefined ? this.name : toStr(action)}" on target "${toStr(target)}".\n`);
        return false;
      }
      return true;
    };
    m.method_shouldcontinue = () => {
      throw new PSRuntimeError(makeError('Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.', 'InvalidOperation', 'InvalidOperation', 'PSInvalidOperationException'));
    };
    m.method_writeerror = async (rec: unknown) => {
      if (rec instanceof ErrorRecord) await writeErrorWithAction(fnEc(), rec, preferenceOf(fnEc(), 'ErrorActionPreference'));
    };
    m.method_throwterminatingerror = (rec: unknown) => {
      if (rec instanceof ErrorRecord) throw new PSRuntimeError(rec);
      throw new PSRuntimeError(makeError(toStr(rec), 'ThrowTerminatingError', 'NotSpecified'));
    };
    m.method_writeverbose = (t: unknown) => {
      if (preferenceOf(fnEc(), 'VerbosePreference') !== 'SilentlyContinue') this.ec.session.hostWrite(`VERBOSE: ${toStr(t)}\n`);
    };
    m.method_writewarning = (t: unknown) => {
      if (preferenceOf(fnEc(), 'WarningPreference') !== 'SilentlyContinue') this.ec.session.hostWrite(`WARNING: ${toStr(t)}\n`);
    };
    m.method_writeobject = async (v: unknown) => {
      await this.emit(v);
    };
    return o;
  }

  private async runBlock(stmts: StatementAst[]): Promise<void> {
    this.ec.session.callDepth++;
    try {
      await execStatements(stmts, this.fnEc, this.emit);
    } catch (e) {
      if (!(e instanceof ReturnSignal)) throw e;
    } finally {
      this.ec.session.callDepth--;
    }
  }

  async process(input: unknown): Promise<void> {
    const processBlock = this.ast.processBlock ?? (this.filter ? this.ast.endBlock : null);
    if (!processBlock) {
      this.inputs.push(input);
      return;
    }
    if (this.meta.advanced && this.binder.takesPipelineInput()) {
      const st = this.binder.bindPipelineObject(this.state, input);
      if (st instanceof ErrorRecord) {
        st.targetObject = input;
        await writeErrorWithAction(this.ec, st, preferenceOf(this.fnEc, 'ErrorActionPreference'));
        return;
      }
      for (const [k, v] of Object.entries(st.params)) if (!this.state.commandLineBound.has(k)) this.scope.setLocal(k, v);
    }
    this.scope.setLocal('_', input);
    this.scope.setLocal('PSItem', input);
    await this.runBlock(processBlock);
  }

  async processNoInput(): Promise<void> {
    const processBlock = this.ast.processBlock ?? (this.filter ? this.ast.endBlock : null);
    if (processBlock) await this.runBlock(processBlock);
  }

  async end(): Promise<void> {
    if (!this.began) return;
    this.scope.setLocal('input', this.inputs);
    try {
      if (this.filter && !this.ast.named) return;
      if (this.ast.endBlock) await this.runBlock(this.ast.endBlock);
    } finally {
      for (const [n, v] of this.saved) {
        if (v) this.scope.vars.set(n, v);
        else this.scope.vars.delete(n);
      }
    }
  }
}

/** The command node of a command that no source text names (a script run by -File, a front end by Start-Process). */
const NO_COMMAND: CommandAst = { type: 'Command', start: 0, end: 0, invocation: null, name: { type: 'String', value: '', start: 0, end: 0 }, elements: [] };

/**
 * Runs a native front end (a CmdletDefinition standing in for a program such as dism.exe) with program-style string
 * arguments, as Start-Process does for it; its output goes to `emit`.
 */
export async function runNativeFrontEnd(ec: ExecutionContext, def: CmdletDefinition, name: string, rawArgs: string[], emit: Emit): Promise<void> {
  const args: CommandArg[] = rawArgs.map((a) => ({ kind: 'value', value: a, start: 0, end: 0, text: a }));
  const p = new CmdletProcessor(ec, emit, false, NO_COMMAND, { start: 0, end: 0 }, def, args, name);
  await p.begin();
  await p.processNoInput();
  await p.end();
}

/**
 * Runs a script file as `powershell.exe -File script.ps1 args` does: the arguments bind to the script's param
 * block (`-Name value`, `-Name:value`, switches, positionals), the rest go to $args.
 */
export async function runScriptFile(ec: ExecutionContext, sb: ScriptBlock, display: string, rawArgs: string[], emit: Emit): Promise<void> {
  const args: CommandArg[] = rawArgs.map((a) => {
    const m = /^-([A-Za-z_?][^:]*)(?::(.*))?$/s.exec(a);
    if (m) return m[2] !== undefined ? { kind: 'param', name: m[1], hasColonValue: true, value: m[2], start: 0, end: 0, text: a } : { kind: 'param', name: m[1], start: 0, end: 0, text: a };
    return { kind: 'value', value: a, start: 0, end: 0, text: a };
  });
  const leaf = display.replace(/^.*[\\/]/, '');
  const outer: ExecutionContext = { ...ec, source: { text: '' } };
  const p = new FunctionProcessor(outer, emit, false, NO_COMMAND, { start: 0, end: 0 }, leaf, sb, false, args, 'script', display);
  await p.begin();
  await p.processNoInput();
  await p.end();
}

// ------------------------------------------------------------------------------------------------ native programs

function nativeArgs(args: CommandArg[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (a.kind === 'param') {
      if (a.hasColonValue) out.push(`-${a.name}:${Array.isArray(a.value) ? a.value.map((x) => toStr(x)).join(',') : toStr(a.value)}`);
      else out.push(a.text ?? `-${a.name}`);
    } else if (Array.isArray(a.value)) out.push(a.value.map((x) => toStr(x)).join(','));
    else out.push(toStr(a.value));
  }
  return out;
}

class ExternalProcessor implements Processor {
  private inputs: unknown[] = [];
  constructor(
    private readonly ec: ExecutionContext,
    private readonly emit: Emit,
    readonly expectingInput: boolean,
    private readonly node: CommandAst,
    private readonly path: string,
    private readonly args: CommandArg[],
  ) {}
  async begin(): Promise<void> {}
  async process(input: unknown): Promise<void> {
    this.inputs.push(input);
  }
  async processNoInput(): Promise<void> {}
  async end(): Promise<void> {
    const input = this.inputs.length ? this.inputs.map((x) => toStr(x)).join('\n') + '\n' : undefined;
    const r = host().spawnSync(this.path, nativeArgs(this.args), { cwd: host().cwd(), input });
    if (r.error) {
      const rec = makeError(
        `Program '${this.path.replace(/^.*\//, '')}' failed to run: ${r.error.message}`,
        'NativeCommandFailed',
        'ResourceUnavailable',
        'ApplicationFailedException',
      );
      rec.invocation = { source: this.ec.source, start: this.node.start, end: this.node.end };
      throw new PSRuntimeError(rec);
    }
    if (r.stderr) {
      if (this.ec.errorRedirected) {
        // Redirected, each stderr line is an error record (NativeCommandError), as in Windows PowerShell.
        const name = this.path.replace(/^.*\//, '');
        const errLines = r.stderr.split(/\r?\n/);
        if (errLines[errLines.length - 1] === '') errLines.pop();
        for (const l of errLines) {
          const rec = makeError(l, 'NativeCommandError', 'NotSpecified', 'RemoteException', l);
          rec.invocation = { source: this.ec.source, start: this.node.start, end: this.node.end, commandName: name };
          rec.activity = '';
          await this.ec.errorSink(rec);
        }
      } else {
        this.ec.session.out.flush();
        host().stderr.write(r.stderr);
      }
    }
    const lines = r.stdout.split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    for (const l of lines) await this.emit(l);
    setVariable(this.ec, 'LASTEXITCODE', 'global', r.status ?? 1);
    if ((r.status ?? 1) !== 0 && this.ec.pipelineFailed) this.ec.pipelineFailed.value = true;
  }
}

/** A CommandInfo object as Get-Command returns it. */
export function commandInfoObject(info: CommandInfo, table: CommandTable): PSObject {
  if (info.kind === 'cmdlet' || info.kind === 'native-frontend') {
    const def = info.def;
    // The module and its version come from the registry's manifests; a definition may name its module itself.
    const moduleName = def.module ?? table.moduleOf(def.name)?.name ?? '';
    const params = new PSHashtable();
    for (const p of withCommon(def)) {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const full = (require('../binding/binder') as typeof import('../binding/binder')).fullTypeName(p.type);
      const short = full.slice(full.lastIndexOf('.') + 1);
      const t = new PSObject({ FullName: full, Name: short }, ['System.RuntimeType', 'System.Type', 'System.Object']);
      (t as unknown as { toStringValue: string }).toStringValue = full;
      params.set(
        p.name,
        new PSObject(
          {
            Name: p.name,
            ParameterType: t,
            ParameterSets: p.sets ? Object.keys(p.sets) : ['__AllParameterSets'],
            IsDynamic: false,
            Aliases: p.aliases ?? [],
            Attributes: [],
            SwitchParameter: full === 'System.Management.Automation.SwitchParameter',
          },
          ['System.Management.Automation.ParameterMetadata', 'System.Object'],
        ),
      );
    }
    const o = new PSObject(
      {
        CommandType: 'Cmdlet',
        Name: def.name,
        Version: table.moduleVersion(moduleName) ?? '',
        Source: moduleName,
        ModuleName: moduleName,
        ImplementingType: def.className,
        Parameters: params,
        DefaultParameterSet: def.defaultParameterSetName ?? null,
        OutputType: def.outputType ?? [],
        Definition: def.name,
      },
      ['System.Management.Automation.CmdletInfo', 'System.Management.Automation.CommandInfo', 'System.Object'],
    );
    (o as unknown as { toStringValue: string }).toStringValue = def.name;
    return o;
  }
  const o = new PSObject(
    {
      CommandType: info.kind === 'function' ? 'Function' : info.kind === 'script' ? 'ExternalScript' : 'Application',
      Name: info.name,
      Version: '',
      Source: info.kind === 'external' || info.kind === 'script' ? info.path : '',
      Definition: info.kind === 'function' ? info.body.text : info.kind === 'external' ? info.path : info.name,
    },
    ['System.Management.Automation.CommandInfo', 'System.Object'],
  );
  (o as unknown as { toStringValue: string }).toStringValue = info.name;
  return o;
}

/** The engine as a cmdlet invoked in `ec` sees it (CmdletContext.engine). */
function engineIntrinsics(ec: ExecutionContext): EngineIntrinsics {
  const session = ec.session;
  return {
    resolveCommand: (name) => resolveCommand(name, ec),
    commandInfoObject: (info) => commandInfoObject(info, session.commands),
    cmdletNames: () => session.commands.cmdletNames(),
    findCmdlet: (name) => session.commands.findCmdlet(name),
    runNativeFrontEnd: (def, name, args, emit) => runNativeFrontEnd(ec, def, name, args, emit),
    variables() {
      const seen = new Map<string, { name: string; value: unknown }>();
      for (let s: Scope | undefined = ec.scope; s; s = s.parent) for (const [k, v] of s.vars) if (!seen.has(k)) seen.set(k, v);
      return [...seen.values()];
    },
    setVariable: (name, value, scope) => setVariable(ec, name, scope, value),
    setStrictMode: (version) => void ec.scope.setLocal('__StrictMode', version),
    invokeScriptBlock: (sb, args, input, newScope, emit) => invokeScriptBlock(ec, sb, args, input, newScope, emit),
    async runScript(ast, source, opts) {
      const scope = opts.global ? session.global : ec.scope;
      const scriptScope = opts.global ? session.global : ec.scriptScope;
      await execStatements(ast.endBlock ?? [], { ...ec, scope, scriptScope, source }, opts.emit);
    },
    scriptClass: (name) => session.classes.get(name.toLowerCase())?.name,
    newScriptClassInstance: (name, args) => instantiateClass(ec, name, args),
    get interactive() {
      return session.interactive;
    },
    get outDefault() {
      return session.out;
    },
    get locationStack() {
      return session.locationStack;
    },
  };
}

/** The command processor as the evaluator receives it (ExecutionContext.commands). */
export const commandRuntime: CommandRuntime = { invokeCommand };

export { collapse };
