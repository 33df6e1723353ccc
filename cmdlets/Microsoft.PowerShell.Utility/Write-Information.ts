/*
 * Write-Information (Microsoft.PowerShell.Utility): writes to the information stream (shown with -InformationAction
 * Continue).
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';

export const cmdlet = defineCmdlet({
  name: 'Write-Information',
  className: 'Microsoft.PowerShell.Commands.WriteInformationCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'MessageData', allowNull: true, type: 'Object', mandatory: true, position: 0, aliases: ['Msg', 'Message'], description: 'The information message.' },
    { name: 'Tags', type: 'String[]', position: 1, description: 'Tags for filtering.' },
  ],
  help: { 'en-US': { synopsis: 'Writes to the information stream (shown with -InformationAction Continue).' } },
  async process(ctx) {
    ctx.writeInformation(ctx.params.MessageData);
  },
});
