/* Out-Host (Microsoft.PowerShell.Core): sends output to the command line. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { consoleTableWidth, formatObjects } from '../../src/lang/format/format';
import { held, holdInput } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Out-Host',
  className: 'Microsoft.PowerShell.Commands.OutHostCommand',
  module: 'Microsoft.PowerShell.Core',
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to display.' },
    { name: 'Paging', type: 'SwitchParameter', description: 'One page at a time (ignored without a console).' },
  ],
  help: { 'en-US': { synopsis: 'Sends output to the command line.' } },
  process: holdInput(),
  async end(ctx) {
    const text = formatObjects(held(ctx), consoleTableWidth());
    if (text) ctx.writeHost(text, false);
  },
});
