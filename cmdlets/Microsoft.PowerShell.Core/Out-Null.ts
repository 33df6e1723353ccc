/* Out-Null (Microsoft.PowerShell.Core): hides the output instead of sending it down the pipeline or displaying it. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';

export const cmdlet = defineCmdlet({
  name: 'Out-Null',
  className: 'Microsoft.PowerShell.Commands.OutNullCommand',
  module: 'Microsoft.PowerShell.Core',
  parameters: [{ name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to discard.' }],
  help: { 'en-US': { synopsis: 'Hides the output instead of sending it down the pipeline or displaying it.' } },
  async process() {
    /* discards its input */
  },
});
