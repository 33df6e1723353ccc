/*
 * Out-GridView (Microsoft.PowerShell.Utility): sends output to an interactive table in a separate window (needs a
 * person: fails without one).
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';

export const cmdlet = defineCmdlet({
  name: 'Out-GridView',
  className: 'Microsoft.PowerShell.Commands.OutGridViewCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to show.' },
    { name: 'Title', type: 'String', description: 'The window title.' },
    { name: 'PassThru', type: 'SwitchParameter', description: 'Outputs the items the user selects.' },
    { name: 'Wait', type: 'SwitchParameter', description: 'Waits for the window to close.' },
    { name: 'OutputMode', type: 'String', validateSet: ['None', 'Single', 'Multiple'], description: 'How many items the user can select.' },
  ],
  help: { 'en-US': { synopsis: 'Sends output to an interactive table in a separate window (needs a person: fails without one).' } },
  async end(ctx) {
    // There is no window and no person to pick rows: PowerShell's error for a non-interactive host.
    ctx.throwTerminating(
      ctx.error(
        'Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.',
        'OutGridViewNonInteractive',
        'InvalidOperation',
        'PSInvalidOperationException',
      ),
    );
  },
});
