/*
 * Command invocation: turns one command of a pipeline (a CommandAst) into its processor. The name (or the script
 * block or CommandInfo that `&` and `.` call) is resolved by discovery.ts, `Name -?` becomes Get-Help, and the
 * command runs through the processor of its kind: cmdlet-processor.ts, function-processor.ts or native-command.ts.
 * The evaluator reaches this file only through ExecutionContext.commands (context.ts), and its runPipeline
 * (runtime/evaluator.ts) wires the processors together: begin, process per input object, end.
 */
import type { CommandAst } from '../syntax/ast';
import { PSObject, ScriptBlock } from '../types/values';
import { toStr } from '../types/convert';
import type { CommandArg } from '../binding/binder';
import type { CommandRuntime, Emit, ExecutionContext, Processor } from '../runtime/context';
import { evalArgument, evalCommandArgs } from '../runtime/evaluator';
import { commandNotFound, resolveCommand } from './discovery';
import { CmdletProcessor } from './cmdlet-processor';
import { FunctionProcessor, functionHelp, functionMeta, scriptBlockOf } from './function-processor';
import { ExternalProcessor } from './native-command';

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
      // `. Set-Vals` runs the function in the caller's scope: the variables it sets remain.
      return new FunctionProcessor(ec, emit, expectingInput, node, ext, info.name, info.body, info.filter, args, dot ? 'dot' : 'call');
    case 'script': {
      const sb = scriptBlockOf(info.path, info.display, ec);
      return new FunctionProcessor(ec, emit, expectingInput, node, ext, info.name, sb, false, args, dot ? 'dot' : 'script', info.path);
      // (a dot-sourced script keeps scriptPath, so $PSScriptRoot is the library's own while it runs)
    }
    case 'external':
      return new ExternalProcessor(ec, emit, expectingInput, node, info.path, args);
  }
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

/** The command processor as the evaluator receives it (ExecutionContext.commands). */
export const commandRuntime: CommandRuntime = { invokeCommand };
