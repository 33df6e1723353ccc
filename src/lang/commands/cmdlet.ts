/*
 * The cmdlet contract: how a command is described to the engine and how its body talks to the pipeline.
 *
 * A cmdlet is one file in cmdlets/<Module>/ exporting `cmdlet = defineCmdlet({...})` (and listed by name in its
 * module's manifest.ts as a lazy loader, so that startup loads nothing it does not run; registry.ts). The engine knows
 * no cmdlet by name: the binder reads `parameters`, the help and Get-Command read the same metadata, and the body gets
 * a CmdletContext whose `params` are typed from the parameter list (BoundParameters below); the few cmdlets that work
 * on the engine itself reach it through ctx.engine.
 *
 *   export const cmdlet = defineCmdlet({
 *     name: 'Export-WindowsImage',
 *     className: 'Microsoft.Dism.Commands.ExportWindowsImageCommand',  // FullyQualifiedErrorId's command part
 *     defaultParameterSetName: 'InputByFilePathAndIndex',
 *     parameters: [
 *       { name: 'SourceIndex', type: 'UInt32', aliases: ['SI'], valueFromPipelineByPropertyName: true,
 *         sets: { InputByFilePathAndIndex: { mandatory: true } }, description: '...' },
 *       { name: 'DestinationImagePath', type: 'String', aliases: ['DIP'], sets: { __AllParameterSets: { mandatory: true } } },
 *       { name: 'CheckIntegrity', type: 'SwitchParameter' },
 *       { name: 'LogLevel', type: 'Microsoft.Dism.Commands.LogLevel', aliases: ['LL'] },   // an enum (registerEnum)
 *     ],
 *     help: { 'en-US': { synopsis: '...', description: ['...'], examples: [{ title, code, remarks }] } },
 *     async process(ctx) {
 *       const index = ctx.params.SourceIndex;                    // number | undefined: bound, converted, validated
 *       if (ctx.shouldProcess(target, 'Export')) { ... }
 *       await ctx.writeObject(result);                           // streams to the next command
 *       ctx.writeError(ctx.error('The parameter is incorrect.', 'Export-WindowsImage', 'NotSpecified', 'COMException'));
 *     },
 *   });
 *
 * Parameter types are .NET names as PowerShell prints them: 'String', 'UInt32', 'Int32', 'Int64', 'Double',
 * 'Boolean', 'SwitchParameter', 'Object', 'ScriptBlock', 'Hashtable', 'String[]', 'Object[]', or an enum registered
 * with registerEnum (values.ts). The binder converts arguments to these types with PowerShell's rules.
 *
 * Parameter sets: `sets` maps a set name to { mandatory, position, valueFromPipeline, valueFromPipelineByPropertyName
 * } overrides; a parameter without `sets` belongs to every set ('__AllParameterSets'). Flags given directly on the
 * parameter (mandatory/position/valueFromPipeline/valueFromPipelineByPropertyName) apply to all its sets.
 *
 * Bodies: `begin` runs once after command-line binding, `process` once per pipeline input object (or once when
 * there is no pipeline input) after that object's pipeline binding, `end` once at the end. Each is async; awaiting
 * ctx.writeObject lets the next command process the object before this one produces another.
 * Errors: ctx.writeError(record) is non-terminating (the pipeline continues; -ErrorAction decides what happens);
 * ctx.throwTerminating(record) (or throwing a PSRuntimeError) ends the command's statement. Any other JavaScript
 * exception escaping a body becomes an error record (never a stack trace), so bodies should not rely on that.
 * Files: every path a user gives must go through ctx.resolvePath (the drive map, relative to the current location).
 * Output objects: PSObject (values.ts) with typeNames[0] set to the .NET type; registerView(typeName, view)
 * (format.ts) gives the type its console view (table/list columns, fixed widths, group headers).
 * Enums: registerEnum({ fullName, members }) before a parameter uses the type; bound values are PSEnumValue.
 * Native programs that wimsh implements itself (dism.exe): the registry's nativeFrontEnd(name) returns a
 * CmdletDefinition whose parameters take the program's arguments as strings (valueFromRemainingArguments); direct
 * calls (`dism /Get-WimInfo ...`) and Start-Process both run it. Its exit code goes to ctx.setExitCode ($LASTEXITCODE
 * and $? as a program's exit sets them).
 * Common parameters (-Verbose, -ErrorAction, ... and -WhatIf/-Confirm with supportsShouldProcess) are added by the
 * engine; do not declare them.
 * Hidden pipeline aliases: `pipelineAliases: ['ImagePath']` lets ByPropertyName binding also take the property
 * ImagePath of a piped object (after the parameter's name and its aliases), so that another cmdlet's output feeds this
 * one without the two agreeing on names. Unlike `aliases`, they are not parameter names: the command line does not
 * accept -ImagePath, and Get-Command's .Parameters[x].Aliases and Get-Help do not show them.
 */
import { PSRuntimeError, type ErrorCategory, type ErrorRecord } from '../runtime/errors';
import { BreakSignal, ContinueSignal, ExitSignal, ReturnSignal, StopUpstreamSignal } from '../runtime/signals';
import type { PSHashtable, PSObject, ScriptBlock, SwitchParameter } from '../types/values';
import type { ScriptBlockAst, SourceText } from '../syntax/ast';

export interface ParameterSetFlags {
  mandatory?: boolean;
  position?: number;
  valueFromPipeline?: boolean;
  valueFromPipelineByPropertyName?: boolean;
  helpMessage?: string;
}

/*
 * The lists in a parameter definition are readonly arrays so that `defineCmdlet` (a `const` type parameter) keeps the
 * literal types of a parameter list written in place: against a mutable array constraint TypeScript widens them back.
 */
export interface ParameterDefinition extends ParameterSetFlags {
  name: string;
  /** .NET type name: 'String', 'UInt32', 'SwitchParameter', 'String[]', an enum's full name, ... */
  type: string;
  aliases?: readonly string[];
  /** Property names ByPropertyName pipeline binding also accepts; never shown and not usable as -Name (see above). */
  pipelineAliases?: readonly string[];
  /** Set name -> per-set flags. Omitted: the parameter is in all sets with the flags above. */
  sets?: Record<string, ParameterSetFlags>;
  /** [ValidateSet(...)]: allowed values (case-insensitive unless validateSetCaseSensitive). */
  validateSet?: readonly string[];
  validateSetCaseSensitive?: boolean;
  /** [ValidateRange(min, max)]. */
  validateRange?: readonly [number, number];
  validateNotNullOrEmpty?: boolean;
  /** [AllowNull()] / [AllowEmptyString()] / [AllowEmptyCollection()]: mandatory parameters otherwise refuse these. */
  allowNull?: boolean;
  allowEmptyString?: boolean;
  allowEmptyCollection?: boolean;
  validateNotNull?: boolean;
  /**
   * [ValidateScript({...})] of a function's parameter: run with $_ as each value; a result that is not true (or an
   * error) refuses the argument. Checked by the function processor, which can run script (the binder cannot).
   */
  validateScript?: ScriptBlock;
  /** Accepts remaining arguments (ValueFromRemainingArguments). */
  valueFromRemainingArguments?: boolean;
  /** Value when the parameter is not bound (cmdlets read ctx.params.X ?? default themselves otherwise). */
  default?: unknown;
  /** Help text for Get-Help -Parameter / Get-Command. */
  description?: string;
  /** Hidden from tab completion and help (still bindable). */
  dontShow?: boolean;
  /** Tab completion of the value (PowerShell's [ArgumentCompleter]): run by the interactive console, never bound. */
  argumentCompleter?: ArgumentCompleter;
}

/**
 * The values Tab offers for a parameter: given the word typed so far, the other parameters already on the line
 * (name -> value as typed, quotes removed) and the drive map (a typed path to a host path), the candidates; undefined
 * to leave the console's own completion (ValidateSet, enum values, paths) in place. It must not throw.
 */
export type ArgumentCompleter = (
  word: string,
  bound: Readonly<Record<string, string>>,
  resolvePath: (typed: string) => string,
) => readonly string[] | undefined;

// ------------------------------------------------------------------------------------------------ bound value types

/**
 * What the binder hands a body for each declared type (binder.ts convert): integers and doubles are numbers, arrays
 * are arrays of the element's value, a switch is a SwitchParameter. A cmdlet's [string] parameter bound to $null
 * stays null (5.1 passes null to compiled cmdlets), except that a mandatory one refuses null unless allowNull.
 */
interface BoundValueTypes {
  String: string;
  Char: string;
  Int16: number;
  UInt16: number;
  Int32: number;
  UInt32: number;
  Int64: number;
  UInt64: number;
  Byte: number;
  Double: number;
  Single: number;
  Decimal: number;
  Boolean: boolean;
  SwitchParameter: SwitchParameter;
  DateTime: Date;
  ScriptBlock: ScriptBlock;
  Hashtable: PSHashtable;
  Object: unknown;
  PSObject: unknown;
}

type ElementValue<T extends string> = T extends keyof BoundValueTypes ? BoundValueTypes[T] : unknown;

/** The value type of a parameter type name; unknown for a name not written literally or not listed (enums...). */
export type BoundValue<T extends string> = string extends T
  ? unknown
  : T extends `${infer E}[]`
    ? ElementValue<E>[]
    : ElementValue<T>;

/** True when the binder refuses null for this parameter (mandatory in some set and no [AllowNull()]). */
type RefusesNull<E extends ParameterDefinition> = E extends { readonly allowNull: true }
  ? false
  : E extends { readonly mandatory: true }
    ? true
    : E extends { readonly sets: infer S }
      ? true extends { [K in keyof S]: S[K] extends { readonly mandatory: true } ? true : false }[keyof S]
        ? true
        : false
      : false;

type ParameterValue<E extends ParameterDefinition> = E['type'] extends 'String'
  ? RefusesNull<E> extends true
    ? string
    : string | null
  : BoundValue<E['type']>;

/** Whether a parameter list holds an entry whose name is not a literal (a spread of a `ParameterDefinition[]`). */
type HasLooseNames<Ps extends readonly ParameterDefinition[]> = true extends (
  Ps[number] extends infer E ? (E extends ParameterDefinition ? (string extends E['name'] ? true : false) : false) : false
)
  ? true
  : false;

/**
 * The bound parameters of a parameter list, by name: each optional (absent when not bound) and typed from its
 * declared type. Entries without a literal name (`...DISM_SESSION_PARAMETERS` typed ParameterDefinition[]) add an
 * index signature of unknown values, so they stay readable as ctx.params.LogPath.
 */
export type BoundParameters<Ps extends readonly ParameterDefinition[]> = {
  readonly [E in Ps[number] as string extends E['name'] ? never : E['name']]?: ParameterValue<E>;
} & (HasLooseNames<Ps> extends true ? { readonly [name: string]: unknown } : unknown);

/** What a body of a cmdlet with parameter list Ps sees: CmdletContext with ctx.params typed from the list. */
export type CmdletContextOf<Ps extends readonly ParameterDefinition[]> = Omit<CmdletContext, 'params'> & {
  readonly params: BoundParameters<Ps>;
};

// ------------------------------------------------------------------------------------------------ help

export interface HelpExample {
  readonly title: string;
  readonly code: string;
  readonly remarks?: string;
}

/**
 * A cmdlet's help text in one culture: Get-Help's sections. Only the synopsis is required; what is left out comes
 * from the metadata (a parameter's text from its `description`, the outputs from `outputType`) or stays empty.
 */
export interface HelpText {
  readonly synopsis: string;
  /** DESCRIPTION, one entry per paragraph. */
  readonly description?: readonly string[];
  /** Each parameter's text by name (else the parameter's `description`). */
  readonly parameters?: Readonly<Record<string, string>>;
  readonly examples?: readonly HelpExample[];
  readonly inputs?: readonly string[];
  readonly outputs?: readonly string[];
  readonly notes?: readonly string[];
  readonly relatedLinks?: readonly string[];
  /** "Default value" of the -Full blocks, by parameter name. */
  readonly defaults?: Readonly<Record<string, string>>;
  readonly onlineVersion?: string;
}

/** The UI cultures help is written in. */
export type HelpCulture = 'en-US' | 'zh-CN';

/** A cmdlet's help: one HelpText per culture, en-US always (the fallback for any other culture). */
export type CmdletHelp = { readonly 'en-US': HelpText } & { readonly [C in HelpCulture]?: HelpText };

// ------------------------------------------------------------------------------------------------ the definition

export interface CmdletDefinition<Ps extends readonly ParameterDefinition[] = readonly ParameterDefinition[]> {
  /** Verb-Noun. */
  readonly name: string;
  /** The .NET class, e.g. Microsoft.PowerShell.Commands.GetItemCommand (FullyQualifiedErrorId's suffix). */
  readonly className: string;
  /** The module it comes from, for Get-Command (Microsoft.PowerShell.Management, Dism, ...). */
  readonly module?: string;
  readonly parameters: Ps;
  readonly defaultParameterSetName?: string;
  /** Adds -WhatIf and -Confirm. */
  readonly supportsShouldProcess?: boolean;
  /** Output type names for Get-Command's OutputType. */
  readonly outputType?: readonly string[];
  readonly help?: CmdletHelp;
  /** Aliases that resolve to this cmdlet (`%` for ForEach-Object). */
  readonly aliases?: readonly string[];
  begin?(ctx: CmdletContextOf<Ps>): Promise<void>;
  process?(ctx: CmdletContextOf<Ps>): Promise<void>;
  end?(ctx: CmdletContextOf<Ps>): Promise<void>;
}

/**
 * Declares a cmdlet keeping the literal types of its parameter list, so that its bodies read ctx.params.X typed
 * (string, number, SwitchParameter, string[], unknown for objects) without casts. Returns the definition as given;
 * the engine compiles its binding metadata once, on first use (binding/compiled.ts).
 */
export function defineCmdlet<const Ps extends readonly ParameterDefinition[]>(def: CmdletDefinition<Ps>): CmdletDefinition<Ps> {
  return def;
}

/**
 * True for what a body that wraps its failures (the Dism cmdlets' session turns any exception into DISM's error) must
 * let through unchanged: a downstream command's stop (Select-Object -First has all it needs: PowerShell's
 * StopUpstreamCommandsException), break/continue/return/exit from a script block, and an error record already in
 * flight (a downstream command's terminating error, -ErrorAction Stop). Ctrl+C is not among them: ctx.isStopping.
 */
export function isPipelineFlow(e: unknown): boolean {
  return (
    e instanceof StopUpstreamSignal ||
    e instanceof PSRuntimeError ||
    e instanceof BreakSignal ||
    e instanceof ContinueSignal ||
    e instanceof ReturnSignal ||
    e instanceof ExitSignal
  );
}

export type ActionPreference = 'SilentlyContinue' | 'Stop' | 'Continue' | 'Inquire' | 'Ignore' | 'Suspend';

export interface ProgressInfo {
  activity: string;
  status?: string;
  percentComplete?: number;
  currentOperation?: string;
  /** The time left (Write-Progress -SecondsRemaining), shown under the bar; absent or negative: not shown. */
  secondsRemaining?: number;
  id?: number;
  completed?: boolean;
}

/** What a cmdlet body sees. */
export interface CmdletContext {
  /** Bound parameters by their declared names (converted and validated). Unbound parameters are absent. */
  readonly params: Record<string, unknown>;
  /** Names of the parameters bound (explicitly or from the pipeline) for this invocation. */
  readonly boundParameters: ReadonlySet<string>;
  /** The parameter set the binder resolved. */
  readonly parameterSetName: string;
  /** The current pipeline input object ($_) during process; undefined in begin/end or without input. */
  readonly inputObject: unknown;
  /** True when the command receives pipeline input. */
  readonly expectingInput: boolean;
  /** The name the user typed for this command (for messages). */
  readonly invocationName: string;

  /** Sends an object down the pipeline; await it. Arrays are sent as one object (use enumerate for each item). */
  writeObject(value: unknown, enumerateCollection?: boolean): Promise<void>;
  /** A non-terminating error: shown (or collected, or turned terminating) according to -ErrorAction. */
  writeError(record: ErrorRecord): void;
  /** Ends this command with a terminating error. */
  throwTerminating(record: ErrorRecord): never;
  writeWarning(text: string): void;
  writeVerbose(text: string): void;
  writeDebug(text: string): void;
  writeInformation(data: unknown, tags?: string[]): void;
  /** Write-Host's channel: text straight to the console. */
  writeHost(text: string, newline?: boolean): void;
  writeProgress(p: ProgressInfo): void;
  /** -WhatIf prints `What if: Performing the operation "<action>" on target "<target>".` and returns false. */
  shouldProcess(target: string, action?: string): boolean;
  /** Builds an error record attributed to this command (FullyQualifiedErrorId `<errorId>,<className>`). */
  error(message: string, errorId: string, category: ErrorCategory, exceptionType?: string, target?: unknown): ErrorRecord;

  /** A user-given path through the drive map (relative to the current location). */
  resolvePath(p: string): string;
  /** The current location as PowerShell shows it (C:\Users\x or /home/x). */
  currentLocation(): string;
  getVariable(name: string): unknown;
  setVariable(name: string, value: unknown): void;
  /**
   * A native front end's exit code, as a program's exit sets it: $LASTEXITCODE (global), and $? false when non-zero,
   * with no error record. Run through EngineIntrinsics.runNativeFrontEnd (Start-Process) it is returned instead.
   */
  setExitCode(code: number): void;
  /**
   * For a native front end (dism.exe): a writer straight to the host's terminal when this command's output goes to
   * the console unchanged (last in its pipeline; not assigned, piped, redirected or captured by -OutVariable) and
   * stdout is a terminal, as a native program PowerShell runs standalone gets the console itself; else undefined
   * (its output is lines in the pipeline, as a redirected program's).
   */
  consoleWriter(): ((text: string) => void) | undefined;
  /** Invokes a script block (ForEach-Object, Where-Object) with $_ set to `input`; returns its output. */
  invokeScriptBlock(sb: unknown, input?: unknown, args?: unknown[]): Promise<unknown[]>;
  /** True once the user pressed Ctrl+C or a downstream command stopped the pipeline (Select-Object -First). */
  readonly isStopping: boolean;
  /** Resolves when the user presses Ctrl+C: race long waits against it (Start-Sleep); then return promptly. */
  whenStopping(): Promise<void>;
  /**
   * Stops the upstream part of the pipeline (Select-Object -First after enough objects): throws a signal that
   * unwinds the commands before this one (do not catch it); this command's end() still runs.
   */
  stopUpstream(): never;
  /** Resolved preference for verbose output (true when -Verbose or $VerbosePreference = Continue). */
  readonly verbose: boolean;
  /**
   * The per-invocation state slot: what a command keeps from begin through process to end (a buffer, the types it
   * has seen), fresh for each invocation. The first call creates it with `init`; later calls return the same value.
   * Pass the same function each time (it is also the slot's type):
   *   const newBuffer = (): string[] => [];   ...   ctx.state(newBuffer).push(line);
   */
  state<T>(init: () => T): T;
  /** The engine, for the commands that work on the engine itself (Get-Command, Get-Variable, Invoke-Expression...). */
  readonly engine: EngineIntrinsics;
}

/** A command as name resolution finds it (Get-Command's CommandInfo). */
export type CommandInfo =
  | { kind: 'cmdlet'; name: string; def: CmdletDefinition }
  | { kind: 'function'; name: string; body: ScriptBlock; filter: boolean }
  | { kind: 'script'; name: string; path: string; display: string }
  | { kind: 'external'; name: string; path: string }
  | { kind: 'native-frontend'; name: string; def: CmdletDefinition };

/**
 * What the engine offers the cmdlets that work on it (PowerShell's EngineIntrinsics and SessionState, seen from the
 * command's caller: its scope, its source, its output).
 */
export interface EngineIntrinsics {
  // Commands.
  /** Resolves a name as the command line does: alias, function, cmdlet, script file, program. */
  resolveCommand(name: string): CommandInfo | undefined;
  /** The CommandInfo object Get-Command writes for a resolved command. */
  commandInfoObject(info: CommandInfo): PSObject;
  /** Every cmdlet the registry's modules provide, loaded or not. */
  cmdletNames(): string[];
  /** A cmdlet's definition by name (loads its file on first use). */
  findCmdlet(name: string): CmdletDefinition | undefined;
  /**
   * Runs a native front end (a CmdletDefinition standing in for a program such as dism.exe) with string arguments, as
   * Start-Process runs a program: returns its exit code, leaving $LASTEXITCODE and $? of the caller as they were.
   */
  runNativeFrontEnd(def: CmdletDefinition, name: string, args: string[], emit: (v: unknown) => void): Promise<number>;

  // Scopes and variables.
  /** The variables visible from the caller's scope, innermost first, each name once. */
  variables(): Array<{ name: string; value: unknown }>;
  /** Sets a variable as `$scope:name = value` does in the caller (scope null: the caller's own scope). */
  setVariable(name: string, value: unknown, scope: string | null): void;
  /**
   * Removes a variable as Remove-Variable does: from the named scope, or (scope null) from the nearest scope that
   * holds it. Returns false when there was none.
   */
  removeVariable(name: string, scope: string | null): boolean;
  /** Set-StrictMode: the version (0 = off) holds in the caller's scope and the scopes it creates. */
  setStrictMode(version: number): void;

  // Running script.
  /**
   * Invokes a script block with `args` and $_ = `input`, in a new scope (or the caller's with newScope false); its
   * output goes to `emit` when given, else it is returned.
   */
  invokeScriptBlock(sb: ScriptBlock, args: unknown[], input: unknown, newScope: boolean, emit?: (v: unknown) => Promise<void> | void): Promise<unknown[]>;
  /** Runs parsed script text in the caller's scope, or in the global scope (a script module's functions). */
  runScript(ast: ScriptBlockAst, source: SourceText, opts: { global?: boolean; emit: (v: unknown) => Promise<void> | void }): Promise<void>;
  /** The name of a PowerShell class the script defined (as declared), or undefined. */
  scriptClass(name: string): string | undefined;
  /** A new instance of a script-defined class (`[Name]::new(args)`). */
  newScriptClassInstance(name: string, args: unknown[]): Promise<PSObject>;

  // The host.
  /** False under -NonInteractive or without a terminal: nothing may prompt. */
  readonly interactive: boolean;
  /** The console's formatter (Out-Default): objects pushed are formatted and written, flush ends a table. */
  readonly outDefault: { push(v: unknown): void; flush(): void };
  /** Push-Location's stack of host directories. */
  readonly locationStack: string[];
}
