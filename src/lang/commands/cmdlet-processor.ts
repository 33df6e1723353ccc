/*
 * The cmdlet processor: binds a cmdlet's arguments (the compiled binder, binding/), runs its begin / process (per
 * pipeline input object) / end bodies, and gives them the CmdletContext of cmdlet.ts: typed parameters, the output
 * and message streams (3-6, redirected or to the console), error reporting by -ErrorAction, ShouldProcess, and
 * ctx.engine (the engine's intrinsics for the few cmdlets that work on the engine itself).
 *
 * A native front end (a CmdletDefinition standing in for a program such as dism.exe) runs through the same
 * processor, with the program's arguments as strings.
 */
import type { CommandAst } from '../syntax/ast';
import { ErrorRecord, PSRuntimeError, makeError, type ErrorCategory } from '../runtime/errors';
import { ScriptBlock, SwitchParameter, enumerate } from '../types/values';
import { toStr, toBool } from '../types/convert';
import type { CmdletContext, CmdletDefinition, EngineIntrinsics, ProgressInfo } from './cmdlet';
import { Binder, type BindState, type BindableCommand, type CommandArg } from '../binding/binder';
import type { Emit, ExecutionContext, Processor } from '../runtime/context';
import {
  execStatements,
  invokeScriptBlock,
  getVariable,
  setVariable,
  ReturnSignal,
  StopUpstreamSignal,
  PipelineStoppedSignal,
  instantiateClass,
  collectError,
} from '../runtime/evaluator';
import { displayPath, type Scope } from '../runtime/session';
import { host } from '../../platform/host';
import { pathExists, windowsIoError, type WindowsIoError } from '../../vfs/vfs-fs';
import { actionPref, preferenceOf, setupStreamVariable, withCommon, writeErrorWithAction, NO_COMMAND } from './command-processor';
import { commandInfoObject, resolveCommand } from './discovery';

/**
 * .NET's report of a host file-system error (an errno `code`, Node's `path`, and `dest` for a copy or rename), naming
 * the path as the user sees it: the destination when the source is there (a copy into a missing directory).
 */
export function hostIoError(e: unknown): WindowsIoError | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const { path, dest } = e as { path?: unknown; dest?: unknown };
  const p = typeof path === 'string' ? path : undefined;
  const d = typeof dest === 'string' ? dest : undefined;
  const which = d !== undefined && p !== undefined && pathExists(p) ? d : p ?? d;
  return windowsIoError(e, which === undefined ? '' : displayPath(which), which);
}

const bindableCmdlets = new WeakMap<CmdletDefinition, BindableCommand>();

export class CmdletProcessor implements Processor {
  private binder: Binder;
  private state!: BindState;
  private current: Record<string, unknown> = {};
  private currentBound = new Set<string>();
  private currentSet = '';
  private input: unknown = undefined;
  private stopping = false;
  /**
   * What came back out of a writeObject: a downstream command's stop signal (Select-Object -First has all it needs)
   * or its terminating error. It belongs to the pipeline, not to this command: whatever the body does with it (a
   * catch-all that turns every failure into the command's own error, as the Dism cmdlets' session does), it is
   * rethrown unchanged when the body returns, and errors the body writes after it are not shown.
   */
  private downstream: { signal: unknown } | undefined;
  /** The lists of -ErrorVariable, -WarningVariable, -OutVariable, -InformationVariable (setupStreamVariable). */
  private errorList?: unknown[];
  private warningList?: unknown[];
  private outList?: unknown[];
  private informationList?: unknown[];
  private readonly cmdletContext: CmdletContext;
  /** The per-invocation state slot (CmdletContext.state). */
  private stateValue: unknown;
  private stateSet = false;
  private intrinsics?: EngineIntrinsics;
  /** A native front end's exit code (CmdletContext.setExitCode), once it has set one. */
  exitCode: number | undefined;

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
        return self.stopping || self.downstream?.signal instanceof StopUpstreamSignal || ec.session.stopping;
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
        if (self.outList) self.outList.push(...(enumerateCollection ? enumerate(value) : [value]));
        const pv = self.current.PipelineVariable === undefined ? undefined : toStr(self.current.PipelineVariable);
        const send = async (v: unknown) => {
          if (ec.session.stopping) throw new PipelineStoppedSignal();
          // Once downstream has stopped this command, each later write unwinds the same way.
          if (self.downstream) throw self.downstream.signal;
          if (pv) setVariable(ec, pv, null, v);
          try {
            await self.emit(v);
          } catch (e) {
            self.downstream = { signal: e };
            throw e;
          }
        };
        if (enumerateCollection && Array.isArray(value)) {
          for (const v of value) await send(v);
        } else await send(value);
      },
      writeError(record: ErrorRecord) {
        // After Ctrl+C, what a command reports about being interrupted is not shown (PowerShell stops silently).
        if (ec.session.stopping) throw new PipelineStoppedSignal();
        // What a command reports after downstream stopped it is about the stop itself (see `downstream`): dropped.
        if (self.downstream) return;
        self.attach(record);
        const action = self.errorAction();
        if (action === 'Stop') {
          if (ec.pipelineFailed) ec.pipelineFailed.value = true;
          collectError(ec, record, self.errorList);
          throw new PSRuntimeError(record, true);
        }
        pendingErrors.push(writeErrorWithAction(ec, record, action, self.errorList));
      },
      throwTerminating(record: ErrorRecord): never {
        self.attach(record);
        throw new PSRuntimeError(record, self.errorAction() === 'Stop');
      },
      writeWarning(text: string) {
        self.warningList?.push(text);
        for (const list of ec.warningVariables ?? []) list.push(text);
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
        self.informationList?.push(data);
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
      setExitCode(code: number) {
        self.exitCode = code;
        setVariable(ec, 'LASTEXITCODE', 'global', code);
        if (code !== 0 && ec.pipelineFailed) ec.pipelineFailed.value = true;
      },
      consoleWriter() {
        if (self.emit !== ec.consoleOutput || self.outList || !host().stdout.isTTY) return undefined;
        return (text: string) => ec.session.hostWrite(text);
      },
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
      if (this.downstream) throw this.downstream.signal;
    } catch (e) {
      if (this.ec.session.stopping) throw new PipelineStoppedSignal();
      await flushPending().catch(() => undefined);
      if (this.downstream) throw this.downstream.signal;
      if (e instanceof PSRuntimeError) {
        this.attach(e.record);
        // A terminating error joins the command's -ErrorVariable too.
        collectError(this.ec, e.record, this.errorList);
        throw e;
      }
      if (e instanceof ReturnSignal || (e && typeof e === 'object' && e.constructor && /Signal$/.test(e.constructor.name))) throw e;
      // A file-system failure escaping the body speaks .NET's language (never Node's `EISDIR: ...` text).
      const io = hostIoError(e);
      if (io) {
        const rec = makeError(io.message, `${io.fullName},${this.def.className}`, 'NotSpecified', io.type);
        rec.exception.fullName = io.fullName;
        collectError(this.ec, rec, this.errorList);
        throw new PSRuntimeError(this.attach(rec));
      }
      const msg = e instanceof Error ? e.message : String(e);
      const rec = makeError(msg, `System.Exception,${this.def.className}`, 'NotSpecified', 'Exception');
      collectError(this.ec, rec, this.errorList);
      throw new PSRuntimeError(this.attach(rec));
    }
  }

  async begin(): Promise<void> {
    this.state = this.binder.bindCommandLine(this.args, this.expectingInput);
    this.current = this.state.params;
    this.currentBound = this.state.bound;
    this.currentSet = this.state.setName;
    const p = this.current;
    this.errorList = setupStreamVariable(this.ec, p.ErrorVariable);
    this.warningList = setupStreamVariable(this.ec, p.WarningVariable);
    this.outList = setupStreamVariable(this.ec, p.OutVariable);
    this.informationList = setupStreamVariable(this.ec, p.InformationVariable);
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
        await writeErrorWithAction(this.ec, st, this.errorAction(), this.errorList);
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

/**
 * Runs a native front end (a CmdletDefinition standing in for a program such as dism.exe) with program-style string
 * arguments, as Start-Process does for it; its output goes to `emit`.
 */
export async function runNativeFrontEnd(ec: ExecutionContext, def: CmdletDefinition, name: string, rawArgs: string[], emit: Emit): Promise<number> {
  const args: CommandArg[] = rawArgs.map((a) => ({ kind: 'value', value: a, start: 0, end: 0, text: a }));
  // A process started by Start-Process sets neither $LASTEXITCODE nor $? of its starter: its exit code is returned.
  const before = getVariable(ec, 'LASTEXITCODE', 'global');
  // Its output never enters the pipeline (the program owns a console): given the console as its output, a terminal
  // gets its bytes as written (CmdletContext.consoleWriter), and anything else gets its lines through `emit`.
  const p = new CmdletProcessor({ ...ec, pipelineFailed: { value: false }, consoleOutput: emit }, emit, false, NO_COMMAND, { start: 0, end: 0 }, def, args, name);
  try {
    await p.begin();
    await p.processNoInput();
    await p.end();
  } finally {
    if (p.exitCode !== undefined) setVariable(ec, 'LASTEXITCODE', 'global', before);
  }
  return p.exitCode ?? 0;
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
    removeVariable(name, scope) {
      const k = name.toLowerCase();
      if (scope === null) {
        for (let s: Scope | undefined = ec.scope; s; s = s.parent) if (s.vars.delete(k)) return true;
        return false;
      }
      const target = scope === 'script' ? ec.scriptScope : scope === 'global' ? session.global : ec.scope;
      return target.vars.delete(k);
    },
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
