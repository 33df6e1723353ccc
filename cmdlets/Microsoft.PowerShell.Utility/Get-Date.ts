/* Get-Date (Microsoft.PowerShell.Utility): gets the current date and time. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { toStr } from '../../src/lang/types/convert';
import { formatValue } from '../../src/lang/runtime/operators';

export const cmdlet = defineCmdlet({
  name: 'Get-Date',
  className: 'Microsoft.PowerShell.Commands.GetDateCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'net',
  parameters: [
    { name: 'Date', type: 'DateTime', aliases: ['LastWriteTime'], position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true, description: 'The date to use (default: now).' },
    { name: 'Year', type: 'Int32', description: 'The year.' },
    { name: 'Month', type: 'Int32', description: 'The month.' },
    { name: 'Day', type: 'Int32', description: 'The day.' },
    { name: 'Hour', type: 'Int32', description: 'The hour.' },
    { name: 'Minute', type: 'Int32', description: 'The minute.' },
    { name: 'Second', type: 'Int32', description: 'The second.' },
    { name: 'Millisecond', type: 'Int32', description: 'The millisecond.' },
    { name: 'DisplayHint', type: 'String', validateSet: ['Date', 'Time', 'DateTime'], description: 'What to show.' },
    { name: 'Format', type: 'String', sets: { net: {} }, description: 'A .NET format string (yyyyMMdd...).' },
    { name: 'UFormat', type: 'String', sets: { UFormat: {} }, description: 'A Unix format string (%Y%m%d...).' },
  ],
  help: { 'en-US': { synopsis: 'Gets the current date and time.', examples: [{ title: 'A stamp', code: "Get-Date -Format 'yyyyMMdd-HHmm'" }] } },
  async process(ctx) {
    const d = ctx.params.Date === undefined ? new Date() : new Date(ctx.params.Date.getTime());
    if (ctx.params.Year !== undefined) d.setFullYear(ctx.params.Year);
    if (ctx.params.Month !== undefined) d.setMonth(ctx.params.Month - 1);
    if (ctx.params.Day !== undefined) d.setDate(ctx.params.Day);
    if (ctx.params.Hour !== undefined) d.setHours(ctx.params.Hour);
    if (ctx.params.Minute !== undefined) d.setMinutes(ctx.params.Minute);
    if (ctx.params.Second !== undefined) d.setSeconds(ctx.params.Second);
    if (ctx.params.Millisecond !== undefined) d.setMilliseconds(ctx.params.Millisecond);
    if (ctx.params.Format !== undefined) {
      await ctx.writeObject(formatValue(d, toStr(ctx.params.Format)));
      return;
    }
    if (ctx.params.UFormat !== undefined) {
      const p2 = (n: number) => String(n).padStart(2, '0');
      const map: Record<string, string> = {
        Y: String(d.getFullYear()), y: p2(d.getFullYear() % 100), m: p2(d.getMonth() + 1), d: p2(d.getDate()), H: p2(d.getHours()),
        M: p2(d.getMinutes()), S: p2(d.getSeconds()), s: String(Math.floor(d.getTime() / 1000)), j: String(Math.floor((d.getTime() - new Date(d.getFullYear(), 0, 0).getTime()) / 86400000)).padStart(3, '0'),
        '%': '%',
      };
      await ctx.writeObject(toStr(ctx.params.UFormat).replace(/%(.)/g, (m, c: string) => map[c] ?? m));
      return;
    }
    await ctx.writeObject(d);
  },
});
