/* Write-Progress (Microsoft.PowerShell.Utility): displays a progress bar (on an interactive console only). */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { toStr } from '../../src/lang/types/convert';
import { sw } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Write-Progress',
  className: 'Microsoft.PowerShell.Commands.WriteProgressCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'Activity', type: 'String', position: 0, description: 'The activity line.' },
    { name: 'Status', type: 'String', position: 1, description: 'The status line.' },
    { name: 'Id', type: 'Int32', position: 2, description: 'The progress record id.' },
    { name: 'PercentComplete', type: 'Int32', description: 'Percent done.' },
    { name: 'SecondsRemaining', type: 'Int32', description: 'Seconds left.' },
    { name: 'CurrentOperation', type: 'String', description: 'The operation line.' },
    { name: 'ParentId', type: 'Int32', description: 'Parent record.' },
    { name: 'Completed', type: 'SwitchParameter', description: 'Removes the progress bar.' },
    { name: 'SourceId', type: 'Int32', description: 'Source id.' },
  ],
  help: { 'en-US': { synopsis: 'Displays a progress bar (on an interactive console only).' } },
  async process(ctx) {
    ctx.writeProgress({
      activity: toStr(ctx.params.Activity),
      status: ctx.params.Status === undefined ? undefined : toStr(ctx.params.Status),
      percentComplete: ctx.params.PercentComplete,
      secondsRemaining: ctx.params.SecondsRemaining,
      currentOperation: ctx.params.CurrentOperation === undefined ? undefined : toStr(ctx.params.CurrentOperation),
      id: ctx.params.Id,
      completed: sw(ctx, 'Completed'),
    });
  },
});
