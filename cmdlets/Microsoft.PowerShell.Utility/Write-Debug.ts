/*
 * Write-Debug (Microsoft.PowerShell.Utility): writes a debug message (shown with -Debug or $DebugPreference =
 * "Continue").
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { toStr } from '../../src/lang/types/convert';

export const cmdlet = defineCmdlet({
  name: 'Write-Debug',
  className: 'Microsoft.PowerShell.Commands.WriteDebugCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [{ name: 'Message', allowEmptyString: true, type: 'String', mandatory: true, position: 0, valueFromPipeline: true, aliases: ['Msg'], description: 'The debug message.' }],
  help: { 'en-US': { synopsis: 'Writes a debug message (shown with -Debug or $DebugPreference = "Continue").' } },
  async process(ctx) {
    ctx.writeDebug(toStr(ctx.params.Message));
  },
});
