/* Out-String (Microsoft.PowerShell.Utility): sends objects to the host as a series of strings. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { formatObjects } from '../../src/lang/format/format';
import { sw, held, holdInput } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Out-String',
  className: 'Microsoft.PowerShell.Commands.OutStringCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to render.' },
    { name: 'Stream', type: 'SwitchParameter', description: 'One string per line.' },
    { name: 'Width', type: 'Int32', description: 'Characters per line.' },
  ],
  help: { 'en-US': { synopsis: 'Sends objects to the host as a series of strings.' } },
  process: holdInput(),
  async end(ctx) {
    const items = held(ctx);
    const text = formatObjects(items).replace(/\n/g, '\r\n');
    if (sw(ctx, 'Stream')) {
      for (const l of text.split('\r\n').slice(0, -1)) await ctx.writeObject(l);
    } else await ctx.writeObject(text);
  },
});
