/* Write-Warning (Microsoft.PowerShell.Utility): writes a warning message (WARNING: text). */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { toStr } from '../../src/lang/types/convert';

export const cmdlet = defineCmdlet({
  name: 'Write-Warning',
  className: 'Microsoft.PowerShell.Commands.WriteWarningCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [{ name: 'Message', allowEmptyString: true, type: 'String', mandatory: true, position: 0, valueFromPipeline: true, aliases: ['Msg'], description: 'The warning text.' }],
  help: { 'en-US': { synopsis: 'Writes a warning message (WARNING: text).' } },
  async process(ctx) {
    ctx.writeWarning(toStr(ctx.params.Message));
  },
});
