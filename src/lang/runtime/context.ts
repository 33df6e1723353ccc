/*
 * The execution context: what every evaluator function and command processor receives (PowerShell's
 * ExecutionContext, named `ec` throughout so that it is never confused with a cmdlet's CmdletContext).
 *
 * It also holds the seam between the evaluator and the command processor: the evaluator runs a pipeline's command
 * elements through `ec.commands` (a CommandRuntime) and so never imports src/lang/commands, which imports the
 * evaluator. The runspace wires the two together when it creates the first context.
 */
import type { CommandAst, SourceText } from '../syntax/ast';
import type { ErrorRecord } from './errors';
import type { Scope, Session } from './session';

/** Where a statement's output goes: its caller's collector, the next command, or Out-Default. */
export type Emit = (v: unknown) => Promise<void> | void;

/** Where error records go: the console, a merged output stream (2>&1), or nowhere (2>$null). */
export type ErrorSink = (rec: ErrorRecord) => Promise<void> | void;

/** One stage of a running pipeline. */
export interface Processor {
  begin(): Promise<void>;
  /** Called once per input object; `undefined` input (no pipeline input) runs the body once. */
  process(input: unknown): Promise<void>;
  processNoInput(): Promise<void>;
  end(): Promise<void>;
  expectingInput: boolean;
}

/** The command processor as the evaluator sees it (implemented by src/lang/commands/invocation.ts). */
export interface CommandRuntime {
  /** Resolves a command element of a pipeline, evaluates its arguments and returns the stage that runs it. */
  invokeCommand(node: CommandAst, ec: ExecutionContext, emit: Emit, expectingInput: boolean): Promise<Processor>;
}

export interface ExecutionContext {
  session: Session;
  scope: Scope;
  /** The script scope ($script:). */
  scriptScope: Scope;
  source: SourceText;
  errorSink: ErrorSink;
  /** Runs command elements of pipelines (see the header). */
  commands: CommandRuntime;
  /** Inside a function: its call site, which Write-Error reports as the error's position and prefix. */
  callerInvocation?: { commandName: string; source: SourceText; start: number; end: number };
  /** True when stream 2 is redirected (`2>&1`, `2>$null`): native programs' stderr then becomes error records. */
  errorRedirected?: boolean;
  /** Redirected streams 3 (warning) to 6 (information): a function receives each record, undefined is the console. */
  streamSinks?: Partial<Record<'3' | '4' | '5' | '6', (v: unknown) => void>>;
  /**
   * The -ErrorVariable / -WarningVariable lists of the commands this code runs inside (an advanced function's): what
   * is written to the error or warning stream here flows through their streams, so each of these lists collects it.
   */
  errorVariables?: unknown[][];
  warningVariables?: unknown[][];
  /** Set while a pipeline runs: becomes true when any command in it wrote an error. */
  pipelineFailed?: { value: boolean };
  /**
   * The emit that is the host's console (Out-Default of the statements the runspace runs). A command handed this
   * very emit is last in its pipeline with its output neither assigned, piped nor redirected: a native command's
   * output would go straight to the console (PowerShell's NativeCommandProcessor runs it without redirection).
   */
  consoleOutput?: Emit;
}
