/*
 * Invoke-History (Microsoft.PowerShell.Core; alias r, ihy): runs a command from the session history. wimsh keeps no
 * session history (there is no Get-History or Add-History; the console's line editor has its own recall), so every
 * lookup finds nothing and the cmdlet fails as PowerShell's does on an empty history, with the same texts and ids.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { toStr } from '../../src/lang/types/convert';

export const cmdlet = defineCmdlet({
  name: 'Invoke-History',
  className: 'Microsoft.PowerShell.Commands.InvokeHistoryCommand',
  module: 'Microsoft.PowerShell.Core',
  parameters: [
    {
      name: 'Id',
      type: 'String',
      position: 0,
      valueFromPipelineByPropertyName: true,
      description: 'The history entry to run: its Id, or the first characters of its command line (the newest match).',
    },
  ],
  help: {
    'en-US': {
      synopsis: 'Runs a command from the session history again.',
      examples: [{ title: 'Run the last command again', code: 'r' }],
    },
  },
  async end(ctx) {
    const id = ctx.params.Id === undefined || ctx.params.Id === null ? undefined : toStr(ctx.params.Id);
    let rec;
    if (id === undefined) {
      rec = ctx.error('Cannot locate most recent history.', 'InvokeHistoryNoLastHistoryEntryFound', 'InvalidOperation', 'InvalidOperationException');
      rec.exception.fullName = 'System.InvalidOperationException';
    } else if (/^\s*[+-]?\d+\s*$/.test(id)) {
      // A number is an entry's Id: ids start at 1.
      const n = Number(id);
      if (n <= 0) {
        // .NET Framework's ArgumentOutOfRangeException puts the parameter's name on a line of its own.
        rec = ctx.error(`The identifier ${n} is not a valid value for a History identifier. Specify a positive number, and then try again.\r\nParameter name: Id`, 'InvokeHistoryInvalidIdGetHistory', 'InvalidArgument', 'ArgumentOutOfRangeException', n);
        rec.exception.fullName = 'System.ArgumentOutOfRangeException';
      } else {
        rec = ctx.error(`Cannot locate the history for Id ${n}.`, 'InvokeHistoryNoHistoryForId', 'ObjectNotFound', 'ArgumentException', n);
        rec.exception.fullName = 'System.ArgumentException';
      }
    } else {
      rec = ctx.error(`Cannot locate the history for command line ${id}.`, 'InvokeHistoryNoHistoryForCommandline', 'ObjectNotFound', 'ArgumentException', id);
      rec.exception.fullName = 'System.ArgumentException';
    }
    ctx.throwTerminating(rec);
  },
});
