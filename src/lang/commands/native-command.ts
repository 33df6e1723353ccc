/*
 * Native commands: a program found on the path (or named by its path) run as a pipeline stage. Its arguments are
 * passed as strings (arrays joined by commas, `-Name:value` kept whole), pipeline input goes to its stdin one line
 * per object, its stdout lines are the stage's output, its stderr goes to the console (or, redirected, becomes
 * NativeCommandError records), and its exit code sets $LASTEXITCODE and $?.
 */
import type { CommandAst } from '../syntax/ast';
import { PSRuntimeError, makeError } from '../runtime/errors';
import { toStr } from '../types/convert';
import type { CommandArg } from '../binding/binder';
import type { Emit, ExecutionContext, Processor } from '../runtime/context';
import { setVariable } from '../runtime/evaluator';
import { host } from '../../platform/host';

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

export class ExternalProcessor implements Processor {
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
