/*
 * The function and script processor: script blocks, functions, filters and script files as commands. The param
 * block (with [CmdletBinding()] and [Parameter()] attributes) becomes a BindableCommand, so that functions bind
 * through the same binder as cmdlets: advanced functions fully (common parameters, pipeline binding, $PSCmdlet),
 * simple functions putting what they cannot bind into $args. Each call gets its own scope unless dot-sourced.
 *
 * Also here: a script file's script block, `powershell -File script.ps1 args`, and what `function -?` shows.
 */
import type { AttributeAst, CommandAst, ExpressionAst, ScriptBlockAst, SourceText, StatementAst } from '../syntax/ast';
import { ErrorRecord, PSRuntimeError, makeError } from '../runtime/errors';
import { PSHashtable, PSObject, ScriptBlock, SwitchParameter } from '../types/values';
import { toStr, toBool, convertTo, resolveTypeName } from '../types/convert';
import type { CmdletDefinition, ParameterDefinition } from './cmdlet';
import { Binder, type BindState, type BindableCommand, type CommandArg, isSwitch, COMMON_NAMES } from '../binding/binder';
import type { Emit, ExecutionContext, Processor } from '../runtime/context';
import { execStatements, invokeScriptBlock, collapse, getVariable, setVariable, collectError, ReturnSignal, ExitSignal, castValue, evalExpr, typeConstraintOf } from '../runtime/evaluator';
import { Scope } from '../runtime/session';
import { host } from '../../platform/host';
import { parseScript, decodeScript } from '../syntax/parser';
import { preferenceOf, setupStreamVariable, withCommon, writeErrorWithAction, NO_COMMAND } from './command-processor';

// ------------------------------------------------------------------------------------------------ scripts

export function scriptBlockOf(file: string, display: string, ec: ExecutionContext): ScriptBlock {
  const text = decodeScript(host().fs.readFileSync(file));
  const source: SourceText = { text, path: displayScriptPath(display, ec) };
  return new ScriptBlock(parseScript(source), source);
}

/** What 5.1's Get-Help shows for a function or script without comment-based help: its name and syntax. */
export function functionHelp(name: string, meta: FunctionMeta): string {
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

// ------------------------------------------------------------------------------------------------ functions

export interface FunctionMeta {
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

export async function functionMeta(name: string, sb: ScriptBlock, ec: ExecutionContext): Promise<FunctionMeta> {
  const cached = metaCache.get(sb.ast);
  if (cached) return cached;
  const pb = sb.ast.param;
  let advanced = false;
  let defaultSet: string | undefined;
  let supportsShouldProcess = false;
  const params: ParameterDefinition[] = [];
  const defaults = new Map<string, ExpressionAst | null>();
  const types = new Map<string, string | undefined>();
  // Implicit positions are off once a parameter declares a Position or a set of its own (PowerShell's
  // customParameterSet), or [CmdletBinding(PositionalBinding=$false)] turns them off.
  let anyPosition = false;
  if (pb) {
    for (const a of pb.attributes ?? []) {
      if (/^CmdletBinding$/i.test(a.name)) {
        advanced = true;
        const { named } = await attributeArgs(a, ec);
        if (named.defaultparametersetname) defaultSet = toStr(named.defaultparametersetname);
        if (named.supportsshouldprocess) supportsShouldProcess = toBool(named.supportsshouldprocess);
        if ('positionalbinding' in named && !toBool(named.positionalbinding)) anyPosition = true;
      }
    }
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
          if (setName.toLowerCase() !== '__allparametersets') anyPosition = true;
          sets = sets ?? {};
          sets[setName] = flags;
        } else if (an === 'validateset') def.validateSet = positional.flat().map((x) => toStr(x));
        else if (an === 'validaterange') def.validateRange = [Number(positional[0]), Number(positional[1])];
        else if (an === 'validatenotnullorempty') def.validateNotNullOrEmpty = true;
        else if (an === 'validatenotnull') def.validateNotNull = true;
        else if (an === 'validatescript' && positional[0] instanceof ScriptBlock) def.validateScript = positional[0];
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
    // Implicit positions in declaration order unless a parameter declares one (or a set).
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
    usesCmdletBinding: advanced,
    parameters: advanced ? withCommon({ parameters: params, supportsShouldProcess }) : params,
    defaultParameterSetName: defaultSet,
  };
  const meta = { advanced, cmd, defaults, types };
  metaCache.set(sb.ast, meta);
  return meta;
}

const AUTOMATIC = ['args', 'input', 'myinvocation', 'psscriptroot', 'pscommandpath', 'psboundparameters', 'pscmdlet', '_', 'psitem'];

export class FunctionProcessor implements Processor {
  private scope!: Scope;
  private fnEc!: ExecutionContext;
  private binder!: Binder;
  private state!: BindState;
  private meta!: FunctionMeta;
  private inputs: unknown[] = [];
  private began = false;
  /**
   * `exit N` in a script file ends that script only: the caller goes on with $LASTEXITCODE = N (and $? false when N
   * is not 0), as PowerShell's script command processor does, whether the script was called with `&` or `.`. The
   * script powershell.exe -File runs is the exception: its exit ends the process (runScriptFile sets rethrowExit).
   * In a function or a script block, exit passes through to the script that runs it.
   */
  rethrowExit = false;
  private exited = false;
  /** An advanced function's -ErrorVariable list: also gets the terminating error that ends the function. */
  private errorList?: unknown[];
  private readonly saved = new Map<string, import('../runtime/session').Variable | undefined>();

  constructor(
    private readonly ec: ExecutionContext,
    private emit: Emit,
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
      // Simple functions: what does not bind goes to $args, in the order it was written. An unknown parameter takes
      // the value after it along (`f -zz 5` gives $args -zz, 5 and binds nothing), a colon value apart from its name
      // (`-zz:5` gives '-zz:', 5), as PowerShell's binder leaves them unbound.
      bindArgs = [];
      const unbound: { at: number; value: unknown }[] = [];
      const consumed = new Set<CommandArg>();
      const names = this.meta.cmd.parameters;
      for (let i = 0; i < this.args.length; i++) {
        const a = this.args[i];
        if (a.kind !== 'param') {
          bindArgs.push(a);
          continue;
        }
        let p: ReturnType<typeof this.binder.lookup> | undefined;
        try {
          p = this.binder.lookup(a.name!, a);
        } catch {
          p = undefined;
        }
        if (p) {
          bindArgs.push(a);
          if (!isSwitch(p) && !a.hasColonValue && this.args[i + 1]?.kind === 'value') {
            consumed.add(this.args[i + 1]);
            bindArgs.push(this.args[++i]);
          }
        } else if (a.hasColonValue) {
          unbound.push({ at: i, value: `-${a.name}:` }, { at: i, value: a.value });
        } else {
          unbound.push({ at: i, value: a.text ?? `-${a.name}` });
          if (this.args[i + 1]?.kind === 'value') {
            i++;
            unbound.push({ at: i, value: this.args[i].value });
          }
        }
      }
      const positional = bindArgs.filter((a) => a.kind === 'value' && !consumed.has(a));
      // Positions are taken by the parameters not named on the line; a switch has no position, so naming one
      // (`Greet Ann -Loud`) leaves every position free.
      const namedCount = new Set(bindArgs.filter((a) => a.kind === 'param').map((a) => this.binder.lookup(a.name!, a)).filter((p) => !isSwitch(p)).map((p) => p.name)).size;
      const positionalSlots = Math.max(0, names.filter((p) => !isSwitch(p)).length - namedCount);
      if (positional.length > positionalSlots) {
        const over = new Set(positional.slice(positionalSlots));
        for (const a of over) unbound.push({ at: this.args.indexOf(a), value: a.value });
        bindArgs = bindArgs.filter((a) => !over.has(a));
      }
      unbound.sort((x, y) => x.at - y.at);
      for (const u of unbound) extra.push(u.value);
    }
    this.state = this.binder.bindCommandLine(bindArgs, this.expectingInput);
    const refused = await this.validateScripts(this.state, this.state.commandLineBound, false);
    if (refused) throw refused;
    this.scope = this.mode === 'dot' ? ec.scope : new Scope(ec.scope);
    const scriptScope = this.mode === 'script' ? this.scope : ec.scriptScope;
    // The body's pipelines are its own: an error a command inside writes fails that command's pipeline, not the
    // caller's, so `$?` after a function or script call is true unless it ended on a terminating error, wrote through
    // $PSCmdlet.WriteError or exited non-zero (as PowerShell's nested pipeline processors have it).
    this.fnEc = { ...ec, scope: this.scope, scriptScope, source: this.sb.source, pipelineFailed: undefined };
    if (this.meta.advanced) {
      // -ErrorVariable / -WarningVariable collect what the commands inside write to those streams (they flow through
      // this function's), -OutVariable what it outputs; set up in the caller's scope before the body runs.
      const p = this.state.params;
      const errors = setupStreamVariable(ec, p.ErrorVariable);
      const warnings = setupStreamVariable(ec, p.WarningVariable);
      const outs = setupStreamVariable(ec, p.OutVariable);
      if (errors) this.fnEc.errorVariables = [...(ec.errorVariables ?? []), errors];
      if (warnings) this.fnEc.warningVariables = [...(ec.warningVariables ?? []), warnings];
      this.errorList = errors;
      if (outs) {
        const inner = this.emit;
        this.emit = (v) => {
          outs.push(v);
          return inner(v);
        };
      }
    }
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

  /**
   * [ValidateScript({...})]: runs each script with $_ as the bound value (each item of a collection); a result that
   * is not true refuses the argument with 5.1's ParameterArgumentValidationError, an error in the script with its
   * message. Returns the refusal (null when every value passes); `pipeline`: values bound from an input object.
   */
  private async validateScripts(st: BindState, names: Iterable<string>, pipeline: boolean): Promise<PSRuntimeError | null> {
    const wanted = new Set(names);
    for (const p of this.meta.cmd.parameters) {
      const sb = p.validateScript;
      if (!sb || !wanted.has(p.name) || !(p.name in st.params)) continue;
      const v = st.params[p.name];
      for (const item of Array.isArray(v) ? v : [v]) {
        let reason: string | undefined;
        try {
          if (toBool(collapse(await invokeScriptBlock(this.ec, sb, [], item, true)))) continue;
        } catch (e) {
          if (!(e instanceof PSRuntimeError)) throw e;
          reason = e.record.message;
        }
        const text = sb.text.replace(/^\{/, '').replace(/\}$/, '');
        reason ??= `The "${text}" validation script for the argument with value "${toStr(item)}" did not return a result of True. Determine why the validation script failed, and then try the command again.`;
        const extent = pipeline ? undefined : st.extents?.[p.name];
        return this.binder.error('ParameterArgumentValidationError', `Cannot validate argument on parameter '${p.name}'. ${reason}`, extent, 'InvalidData', 'ParameterBindingValidationException');
      }
    }
    return null;
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
    // A record the function writes or throws is the command's, as a cmdlet's would be: `Name : message`, its
    // position, `[Name]` in CategoryInfo and `Id,Name` as FullyQualifiedErrorId (5.1's script cmdlets).
    const asCommandError = (rec: ErrorRecord): ErrorRecord => {
      if (!rec.invocation) rec.invocation = { source: this.ec.source, start: this.ext.start, end: this.ext.end, commandName: this.name || undefined };
      if (this.name && !rec.fullyQualifiedErrorId.includes(',')) rec.fullyQualifiedErrorId += ',' + this.name;
      return rec;
    };
    m.method_writeerror = async (rec: unknown) => {
      // Written through the function's own runtime: the caller's pipeline fails ($? false), as for a cmdlet.
      if (rec instanceof ErrorRecord) await writeErrorWithAction({ ...fnEc(), pipelineFailed: this.ec.pipelineFailed }, asCommandError(rec), preferenceOf(fnEc(), 'ErrorActionPreference'));
    };
    m.method_throwterminatingerror = (rec: unknown) => {
      if (rec instanceof ErrorRecord) throw new PSRuntimeError(asCommandError(rec));
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
    if (this.exited) return;
    this.ec.session.callDepth++;
    try {
      await execStatements(stmts, this.fnEc, this.emit);
    } catch (e) {
      if (e instanceof ExitSignal && this.scriptPath && !this.rethrowExit) {
        this.exited = true;
        setVariable(this.ec, 'LASTEXITCODE', 'global', e.code);
        if (e.code !== 0 && this.ec.pipelineFailed) this.ec.pipelineFailed.value = true;
        return;
      }
      if (e instanceof PSRuntimeError) collectError(this.ec, e.record, this.errorList);
      if (!(e instanceof ReturnSignal)) throw e;
    } finally {
      this.ec.session.callDepth--;
    }
  }

  async process(input: unknown): Promise<void> {
    const processBlock = this.ast.processBlock ?? (this.filter ? this.ast.endBlock : null);
    // An advanced function binds every input object first, with or without a process block: an object nothing
    // takes (also when no parameter takes pipeline input) is InputObjectNotBound, and joins neither $_ nor $input.
    if (this.meta.advanced) {
      const st = this.binder.bindPipelineObject(this.state, input);
      const refused = st instanceof ErrorRecord ? st : (await this.validateScripts(st, Object.keys(st.params).filter((k) => !this.state.commandLineBound.has(k)), true))?.record;
      if (refused) {
        // What the object bound before failing stays in $PSBoundParameters, as in PowerShell.
        const partial = st instanceof ErrorRecord ? this.binder.boundBeforeError : undefined;
        const table = partial && this.scope.lookup('PSBoundParameters')?.value;
        if (partial && table instanceof PSHashtable) for (const [k, v] of Object.entries(partial)) table.set(k, v);
        refused.targetObject = input;
        await writeErrorWithAction(this.ec, refused, preferenceOf(this.fnEc, 'ErrorActionPreference'), this.errorList);
        return;
      }
      if (st instanceof ErrorRecord) return;
      // Pipeline-bound parameters join $PSBoundParameters (an entry from an earlier object stays, as in PowerShell)
      // and the set chosen for this object is $PSCmdlet.ParameterSetName.
      const boundTable = this.scope.lookup('PSBoundParameters')?.value;
      for (const [k, v] of Object.entries(st.params)) {
        if (this.state.commandLineBound.has(k)) continue;
        this.scope.setLocal(k, v);
        if (boundTable instanceof PSHashtable) boundTable.set(k, v);
      }
      const cmdlet = this.scope.lookup('PSCmdlet')?.value;
      if (cmdlet instanceof PSObject) cmdlet.set('ParameterSetName', st.setName);
    }
    if (!processBlock) {
      this.inputs.push(input);
      return;
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
  p.rethrowExit = true;
  await p.begin();
  await p.processNoInput();
  await p.end();
}
