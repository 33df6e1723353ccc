import type { CmdletDefinition } from '../src/lang/cmdlet';
import { consoleTableWidth, formatObjects } from '../src/lang/format';

export const cmdlet: CmdletDefinition = {
  name: 'Out-Host',
  className: 'Microsoft.PowerShell.Commands.OutHostCommand',
  module: 'Microsoft.PowerShell.Core',
  parameters: [
    { name: 'InputObject', type: 'PSObject', valueFromPipeline: true, description: 'The objects to display.' },
    { name: 'Paging', type: 'SwitchParameter', description: 'One page at a time (ignored without a console).' },
  ],
  help: { synopsis: 'Sends output to the command line.' },
  async begin(ctx) {
    (ctx as unknown as { _items: unknown[] })._items = [];
  },
  async process(ctx) {
    if (ctx.expectingInput) (ctx as unknown as { _items: unknown[] })._items.push(ctx.params.InputObject);
  },
  async end(ctx) {
    const text = formatObjects((ctx as unknown as { _items: unknown[] })._items, consoleTableWidth());
    if (text) ctx.writeHost(text, false);
  },
};
