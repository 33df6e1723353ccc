/*
 * Measure-Command (Microsoft.PowerShell.Utility): measures the time it takes to run script blocks and cmdlets. The
 * script block's output is discarded (as in 5.1); the result is a TimeSpan (the engine's own, types/datetime.ts),
 * shown as 5.1 lists one.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { ScriptBlock } from '../../src/lang/types/values';
import { PSTimeSpan } from '../../src/lang/types/datetime';

const TIMESPAN = 'System.TimeSpan';

export const cmdlet = defineCmdlet({
  name: 'Measure-Command',
  className: 'Microsoft.PowerShell.Commands.MeasureCommandCommand',
  module: 'Microsoft.PowerShell.Utility',
  outputType: [TIMESPAN],
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'Objects the script block sees as $_.' },
    { name: 'Expression', type: 'ScriptBlock', mandatory: true, position: 0, description: 'The script block to time.' },
  ],
  help: {
    'en-US': {
      synopsis: 'Measures the time it takes to run script blocks and cmdlets.',
      description: ["Measure-Command runs the script block, throws its output away, and writes how long it took as a TimeSpan (read .TotalSeconds or .TotalMilliseconds)."],
      examples: [{ title: 'Time an export', code: '(Measure-Command { Export-WindowsImage -SourceImagePath D:\\sources\\install.wim -SourceIndex 1 -DestinationImagePath C:\\out\\pro.wim }).TotalSeconds' }],
    },
  },
  async process(ctx) {
    const state = ctx.state(() => ({ ticks: 0 }));
    const started = performance.now();
    // 5.1 runs the block in the caller's scope (its assignments stay), with $_ the current input.
    await ctx.engine.invokeScriptBlock(ctx.params.Expression as ScriptBlock, [], ctx.expectingInput ? ctx.params.InputObject : undefined, false, () => undefined);
    state.ticks += Math.round((performance.now() - started) * 1e4);
  },
  async end(ctx) {
    await ctx.writeObject(new PSTimeSpan(ctx.state(() => ({ ticks: 0 })).ticks));
  },
});
