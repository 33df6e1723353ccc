/*
 * Write-Verbose (Microsoft.PowerShell.Utility): writes text to the verbose message stream (shown with -Verbose or
 * $VerbosePreference = "Continue").
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { toStr } from '../../src/lang/types/convert';

export const cmdlet = defineCmdlet({
  name: 'Write-Verbose',
  className: 'Microsoft.PowerShell.Commands.WriteVerboseCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [{ name: 'Message', allowEmptyString: true, type: 'String', mandatory: true, position: 0, valueFromPipeline: true, aliases: ['Msg'], description: 'The verbose message.' }],
  help: { 'en-US': { synopsis: 'Writes text to the verbose message stream (shown with -Verbose or $VerbosePreference = "Continue").' } },
  async process(ctx) {
    ctx.writeVerbose(toStr(ctx.params.Message));
  },
});
