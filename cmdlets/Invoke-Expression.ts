import type { CmdletDefinition } from '../src/lang/cmdlet';
import { toStr } from '../src/lang/convert';
import { parseScript } from '../src/lang/parser';
import { execStatements, type Ctx } from '../src/lang/evaluator';

export const cmdlet: CmdletDefinition = {
  name: 'Invoke-Expression',
  className: 'Microsoft.PowerShell.Commands.InvokeExpressionCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [{ name: 'Command', type: 'String', mandatory: true, position: 0, valueFromPipeline: true, description: 'The text to run.' }],
  help: { synopsis: 'Runs commands or expressions on the local computer.' },
  async process(ctx) {
    const ectx = ctx.session as Ctx;
    const source = { text: toStr(ctx.params.Command) };
    const ast = parseScript(source);
    await execStatements(ast.endBlock ?? [], { ...ectx, source }, (v) => ctx.writeObject(v));
  },
};
