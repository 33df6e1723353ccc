/*
 * Measure-Command (Microsoft.PowerShell.Utility): measures the time it takes to run script blocks and cmdlets. The
 * script block's output is discarded (as in 5.1); the result is a TimeSpan-shaped object (Days ... Ticks,
 * TotalDays ... TotalMilliseconds) shown as 5.1 lists a TimeSpan. When the engine's own TimeSpan type lands
 * (pstypes), this should return it instead; the members are the same.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject, ScriptBlock } from '../../src/lang/types/values';
import { registerView } from '../../src/lang/format/format';

const TIMESPAN = 'System.TimeSpan';

registerView(TIMESPAN, {
  kind: 'list',
  columns: ['Days', 'Hours', 'Minutes', 'Seconds', 'Milliseconds', 'Ticks', 'TotalDays', 'TotalHours', 'TotalMinutes', 'TotalSeconds', 'TotalMilliseconds'],
});

/** A TimeSpan of `ticks` (100 ns units) with its members, and its string form (d.hh:mm:ss.fffffff). */
export function timeSpan(ticks: number): PSObject {
  const t = Math.trunc(ticks);
  const abs = Math.abs(t);
  const sign = t < 0 ? -1 : 1;
  const ms = Math.floor(abs / 10000);
  const o = new PSObject(
    {
      Ticks: t,
      Days: sign * Math.floor(ms / 86400000),
      Hours: sign * (Math.floor(ms / 3600000) % 24),
      Milliseconds: sign * (ms % 1000),
      Minutes: sign * (Math.floor(ms / 60000) % 60),
      Seconds: sign * (Math.floor(ms / 1000) % 60),
      TotalDays: t / 864e9,
      TotalHours: t / 36e9,
      TotalMilliseconds: t / 1e4,
      TotalMinutes: t / 6e8,
      TotalSeconds: t / 1e7,
    },
    [TIMESPAN, 'System.ValueType', 'System.Object'],
  );
  const days = Math.floor(abs / 864e9);
  const hh = String(Math.floor(abs / 36e9) % 24).padStart(2, '0');
  const mm = String(Math.floor(abs / 6e8) % 60).padStart(2, '0');
  const ss = String(Math.floor(abs / 1e7) % 60).padStart(2, '0');
  const frac = abs % 1e7;
  (o as unknown as { toStringValue: string }).toStringValue =
    (t < 0 ? '-' : '') + (days ? days + '.' : '') + `${hh}:${mm}:${ss}` + (frac ? '.' + String(frac).padStart(7, '0') : '');
  return o;
}

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
    await ctx.writeObject(timeSpan(ctx.state(() => ({ ticks: 0 })).ticks));
  },
});
