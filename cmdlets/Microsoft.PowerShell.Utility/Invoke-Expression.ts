/* Invoke-Expression (Microsoft.PowerShell.Utility): runs commands or expressions on the local computer. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { toStr } from '../../src/lang/types/convert';
import { parseScript } from '../../src/lang/syntax/parser';

export const cmdlet = defineCmdlet({
  name: 'Invoke-Expression',
  className: 'Microsoft.PowerShell.Commands.InvokeExpressionCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [{ name: 'Command', type: 'String', mandatory: true, position: 0, valueFromPipeline: true, description: 'The text to run.' }],
  help: { 'en-US': { synopsis: 'Runs commands or expressions on the local computer.' } },
  async process(ctx) {
    const source = { text: toStr(ctx.params.Command) };
    const ast = parseScript(source);
    await ctx.engine.runScript(ast, source, { emit: (v) => ctx.writeObject(v) });
  },
});
