/* Write-Output (Microsoft.PowerShell.Utility): sends the specified objects to the next command in the pipeline. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';

export const cmdlet = defineCmdlet({
  name: 'Write-Output',
  className: 'Microsoft.PowerShell.Commands.WriteOutputCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    {
      name: 'InputObject',
      type: 'Object[]',
      mandatory: true,
      position: 0,
      valueFromPipeline: true,
      valueFromRemainingArguments: true,
      allowNull: true,
      allowEmptyCollection: true,
      description: 'Specifies the objects to send down the pipeline.',
    },
    { name: 'NoEnumerate', type: 'SwitchParameter', description: 'Sends a collection as one object.' },
  ],
  help: { 'en-US': {
    synopsis: 'Sends the specified objects to the next command in the pipeline.',
    examples: [{ title: 'Example 1', code: "Write-Output 'hi'", remarks: 'Writes the string hi.' }],
  } },
  async process(ctx) {
    const v = ctx.params.InputObject;
    const noEnum = !!ctx.params.NoEnumerate?.isPresent;
    if (v === undefined) return;
    const items = Array.isArray(v) ? v : [v];
    if (noEnum) await ctx.writeObject(items.length === 1 ? items[0] : items);
    else for (const x of items) await ctx.writeObject(x);
  },
});
