/*
 * New-TimeSpan (Microsoft.PowerShell.Utility): creates a TimeSpan object. Windows PowerShell 5.1's parameters: the
 * Date set (-Start, alias LastWriteTime, and -End, both by position and by property name; either left out is now)
 * and the Time set (-Days -Hours -Minutes -Seconds; -Milliseconds came in PowerShell 6, so it is not declared).
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSTimeSpan } from '../../src/lang/types/datetime';

export const cmdlet = defineCmdlet({
  name: 'New-TimeSpan',
  className: 'Microsoft.PowerShell.Commands.NewTimeSpanCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'Date',
  parameters: [
    { name: 'Start', type: 'DateTime', aliases: ['LastWriteTime'], sets: { Date: { position: 0, valueFromPipelineByPropertyName: true } }, description: 'Where the span begins (now when left out).' },
    { name: 'End', type: 'DateTime', sets: { Date: { position: 1, valueFromPipelineByPropertyName: true } }, description: 'Where the span ends (now when left out).' },
    { name: 'Days', type: 'Int32', sets: { Time: {} }, description: 'Days in the span.' },
    { name: 'Hours', type: 'Int32', sets: { Time: {} }, description: 'Hours in the span.' },
    { name: 'Minutes', type: 'Int32', sets: { Time: {} }, description: 'Minutes in the span.' },
    { name: 'Seconds', type: 'Int32', sets: { Time: {} }, description: 'Seconds in the span.' },
  ],
  help: {
    'en-US': {
      synopsis: 'Creates a TimeSpan object.',
      description: ['Gives the time between two dates (-Start and -End, each now when not given), or the span that -Days, -Hours, -Minutes and -Seconds add up to.'],
      examples: [
        { title: 'Time since a file was written', code: 'Get-Item C:\\out\\install.wim | New-TimeSpan' },
        { title: 'Ninety minutes', code: 'New-TimeSpan -Hours 1 -Minutes 30' },
      ],
    },
  },
  async process(ctx) {
    const p = ctx.params;
    if (ctx.parameterSetName === 'Time') {
      const s = (((p.Days ?? 0) * 24 + (p.Hours ?? 0)) * 60 + (p.Minutes ?? 0)) * 60 + (p.Seconds ?? 0);
      await ctx.writeObject(PSTimeSpan.fromMs(s * 1000));
      return;
    }
    const now = new Date();
    const start = p.Start ?? now;
    const end = p.End ?? now;
    await ctx.writeObject(PSTimeSpan.fromMs(end.getTime() - start.getTime()));
  },
});
