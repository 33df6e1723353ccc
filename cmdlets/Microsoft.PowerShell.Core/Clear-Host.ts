/* Clear-Host (Microsoft.PowerShell.Core): clears the display in the host program. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';

export const cmdlet = defineCmdlet({
  name: 'Clear-Host',
  className: 'Clear-Host',
  module: 'Microsoft.PowerShell.Core',
  parameters: [],
  help: { 'en-US': { synopsis: 'Clears the display in the host program.' } },
  async process(ctx) {
    // Only a terminal is cleared; redirected output gets nothing, as powershell.exe writes nothing there either.
    if (host().stdout.isTTY) ctx.writeHost('\x1b[2J\x1b[3J\x1b[H', false);
  },
});
