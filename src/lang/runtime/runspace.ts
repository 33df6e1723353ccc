/*
 * The runspace: what the CLI talks to. It parses text, runs it in one session (variables and functions persist
 * between runInteractive calls), sends output through Out-Default to stdout and error records to stderr, and
 * computes the exit code as powershell.exe 5.1 does: `exit N` gives N in both forms; `-Command` text gives 1 when its
 * last pipeline failed ($? false) or a terminating error ended it, else 0; a `-File` script gives 0 unless a
 * terminating error ended it (1), whatever its last statement wrote (the console host reads $? of the pipeline that
 * ran the script command, which a non-terminating error inside the script does not fail).
 * Ctrl+C (SIGINT, through host().onInterrupt while something runs) stops the pipeline as PowerShell does: the session
 * is marked stopping (cmdlets see isStopping, Start-Sleep wakes), everything unwinds with PipelineStoppedSignal
 * (finally blocks run), nothing is printed, and the script ends with 130 (128 + SIGINT; powershell.exe's
 * 0xC000013A on Windows). A second Ctrl+C, or a script that has not unwound a few seconds later, exits at once.
 */
import { host } from '../../platform/host';
import type { ScriptAst, SourceText } from '../syntax/ast';
import { ScriptBlock } from '../types/values';
import { PSRuntimeError, formatErrorRecord, makeError } from './errors';
import { parseScript, isIncomplete as incomplete, decodeScript } from '../syntax/parser';
import { Session, Scope, type SessionOptions } from './session';
import type { CommandRuntime, ExecutionContext } from './context';
import { execStatements, ExitSignal, BreakSignal, ContinueSignal, ReturnSignal, PipelineStoppedSignal, reportError } from './evaluator';

/*
 * The command processor (src/lang/commands/: discovery, the cmdlet, function and native processors) is loaded on
 * the first command a script runs, not with the runspace: `wimsh -c '1+1'` runs none.
 */
let commandFiles: { invocation: typeof import('../commands/invocation'); functions: typeof import('../commands/function-processor') } | undefined;
function commandProcessor(): NonNullable<typeof commandFiles> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (commandFiles ??= { invocation: require('../commands/invocation'), functions: require('../commands/function-processor') });
}
const commandRuntime: CommandRuntime = {
  invokeCommand: (node, ec, emit, expectingInput) => commandProcessor().invocation.invokeCommand(node, ec, emit, expectingInput),
};

/** Exit code of a script stopped by Ctrl+C. */
export const INTERRUPTED_EXIT_CODE = 130;
/** 128 + SIGTERM, for a script ended by `kill` rather than Ctrl+C. */
export const TERMINATED_EXIT_CODE = 143;

export interface RunResult {
  exitCode: number;
  exited: boolean;
}

export interface Runspace {
  runScript(text: string): Promise<RunResult>;
  runFile(path: string, args: string[]): Promise<RunResult>;
  runInteractive(text: string): Promise<RunResult>;
  isIncomplete(text: string): boolean;
  prompt(): string;
}

class RunspaceImpl implements Runspace {
  readonly session: Session;
  /** 130 after Ctrl+C (SIGINT), 143 after SIGTERM. */
  private interruptExitCode = INTERRUPTED_EXIT_CODE;
  constructor(opts: SessionOptions) {
    this.session = new Session(opts);
  }

  /** While a script runs, Ctrl+C stops it (see the header); returns the unregister function. */
  private watchInterrupt(): () => void {
    const s = this.session;
    let force: ReturnType<typeof setTimeout> | undefined;
    const off = host().onInterrupt((signal) => {
      if (signal === 'SIGTERM') this.interruptExitCode = TERMINATED_EXIT_CODE;
      if (s.stopping && !s.interactive) host().exit(this.interruptExitCode);
      s.requestStop();
      if (!s.interactive) {
        force = setTimeout(() => host().exit(this.interruptExitCode), 3000);
        (force as { unref?: () => void }).unref?.();
      }
    });
    return () => {
      off();
      if (force) clearTimeout(force);
    };
  }

  private ec(source: SourceText, scriptScope: Scope): ExecutionContext {
    const session = this.session;
    return {
      session,
      scope: scriptScope,
      scriptScope,
      source,
      errorSink: (rec) => session.writeErrorRecord(rec),
      commands: commandRuntime,
    };
  }

  private async run(
    source: SourceText,
    scope: Scope,
    setup?: (ec: ExecutionContext) => void,
    exec?: (ast: ScriptAst, ec: ExecutionContext, emit: (v: unknown) => void) => Promise<void>,
    file = false,
  ): Promise<RunResult> {
    const s = this.session;
    let ast;
    try {
      ast = parseScript(source);
    } catch (e) {
      if (e instanceof PSRuntimeError) {
        s.recordError(e.record);
        s.writeErrorRecord(e.record);
        s.lastSuccess = false;
        return { exitCode: 1, exited: false };
      }
      throw e;
    }
    const ec = this.ec(source, scope);
    setup?.(ec);
    const emit = (v: unknown) => s.out.push(v);
    ec.consoleOutput = emit;
    let result: RunResult;
    s.clearStop();
    const unwatch = this.watchInterrupt();
    try {
      s.lastSuccess = true;
      if (exec) await exec(ast, ec, emit);
      else {
        if (ast.beginBlock) await execStatements(ast.beginBlock, ec, emit);
        if (ast.processBlock) await execStatements(ast.processBlock, ec, emit);
        if (ast.endBlock) await execStatements(ast.endBlock, ec, emit);
      }
      result = { exitCode: s.lastSuccess || file ? 0 : 1, exited: false };
    } catch (e) {
      if (e instanceof PipelineStoppedSignal || s.stopping) {
        // Ctrl+C: silent; a non-interactive shell ends, the REPL goes back to its prompt.
        s.lastSuccess = false;
        result = { exitCode: this.interruptExitCode, exited: !s.interactive };
      } else if (e instanceof ExitSignal) result = { exitCode: e.code, exited: true };
      else if (e instanceof PSRuntimeError) {
        s.out.flush();
        await reportError(ec, e.record);
        s.lastSuccess = false;
        result = { exitCode: 1, exited: false };
      } else if (e instanceof BreakSignal || e instanceof ContinueSignal || e instanceof ReturnSignal) {
        result = { exitCode: s.lastSuccess || file ? 0 : 1, exited: false };
      } else {
        // A wimsh defect: still an error record, never a stack trace (WIMSH_DEBUG=1 shows the stack).
        s.out.flush();
        const msg = e instanceof Error ? e.message : String(e);
        const rec = makeError(msg, 'wimsh.InternalError', 'NotSpecified', 'RuntimeException');
        s.recordError(rec);
        s.writeErrorRecord(rec);
        if (host().env.WIMSH_DEBUG && e instanceof Error) host().stderr.write(`${e.stack}\n`);
        result = { exitCode: 1, exited: false };
      }
    }
    unwatch();
    s.progress?.reset();
    if (s.stopping && !result.exited && !s.interactive) result = { exitCode: this.interruptExitCode, exited: true };
    s.out.flush();
    return result;
  }

  runScript(text: string): Promise<RunResult> {
    return this.run({ text }, this.session.global);
  }

  runInteractive(text: string): Promise<RunResult> {
    return this.run({ text }, this.session.global);
  }

  async runFile(path: string, args: string[]): Promise<RunResult> {
    const fs = host().fs;
    const resolved = this.session.resolvePath(path);
    let text: string;
    try {
      if (!/\.ps1$/i.test(path) || !fs.statSync(resolved).isFile()) throw new Error('missing');
      text = decodeScript(fs.readFileSync(resolved));
    } catch {
      host().stderr.write(
        `The argument '${path}' to the -File parameter does not exist. Provide the path to an existing '.ps1' file as an argument to the -File parameter.\n`,
      );
      return { exitCode: 1, exited: false };
    }
    const display = /^[A-Za-z]:/.test(path) ? path : this.displayFor(resolved, path);
    const source = { text, path: display };
    return this.run(source, this.session.global, undefined, async (ast, ec, emit) => {
      try {
        await commandProcessor().functions.runScriptFile(ec, new ScriptBlock(ast, source), display, args, emit);
      } catch (e) {
        // A binding failure of the script's own parameters ends the script (statement-terminating at the top).
        if (e instanceof PSRuntimeError) e.scriptTerminating = true;
        throw e;
      }
    }, true);
  }

  private displayFor(resolved: string, given: string): string {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { displayPath } = require('./session') as typeof import('./session');
    const d = displayPath(resolved);
    return d === resolved ? host().path.resolve(given) : d;
  }

  isIncomplete(text: string): boolean {
    return incomplete(text);
  }

  prompt(): string {
    return `PS ${this.session.location()}> `;
  }
}

/**
 * A runspace whose commands come from `opts.registry` (the front end's modules, cmdlets/index.ts for wimsh); pass a
 * function to have the registry loaded only when a script first looks a command up.
 */
export function createRunspace(opts: SessionOptions): Runspace {
  return new RunspaceImpl(opts);
}

export { formatErrorRecord };
