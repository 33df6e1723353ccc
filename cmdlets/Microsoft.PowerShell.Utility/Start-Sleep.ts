/*
 * Start-Sleep (Microsoft.PowerShell.Utility): suspends the activity in a script or session for the specified period
 * of time.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';

export const cmdlet = defineCmdlet({
  name: 'Start-Sleep',
  className: 'Microsoft.PowerShell.Commands.StartSleepCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'Seconds',
  parameters: [
    { name: 'Seconds', type: 'Double', aliases: ['s'], sets: { Seconds: { mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'Seconds to wait.' },
    { name: 'Milliseconds', type: 'Int32', aliases: ['ms'], sets: { Milliseconds: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Milliseconds to wait.' },
  ],
  help: { 'en-US': { synopsis: 'Suspends the activity in a script or session for the specified period of time.' } },
  async process(ctx) {
    const ms = ctx.params.Milliseconds !== undefined ? ctx.params.Milliseconds : Math.round((ctx.params.Seconds ?? 0) * 1000);
    // Ctrl+C ends the wait at once (the engine then stops the pipeline).
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([new Promise((r) => (timer = setTimeout(r, Math.max(0, ms)))), ctx.whenStopping()]);
    clearTimeout(timer);
  },
});
