/*
 * Read-Host (Microsoft.PowerShell.Utility): reads a line of input from the console (needs a person: fails under
 * -NonInteractive).
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { toStr } from '../../src/lang/types/convert';

export const cmdlet = defineCmdlet({
  name: 'Read-Host',
  className: 'Microsoft.PowerShell.Commands.ReadHostCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'Prompt', type: 'Object', position: 0, valueFromRemainingArguments: true, description: 'The prompt text (": " is appended).' },
    { name: 'AsSecureString', type: 'SwitchParameter', description: 'Hides the typed text.' },
  ],
  help: { 'en-US': { synopsis: 'Reads a line of input from the console (needs a person: fails under -NonInteractive).' } },
  async process(ctx) {
    const reader = ctx.engine.interactive ? host().createLineReader?.('') : undefined;
    if (!reader) {
      ctx.throwTerminating(
        ctx.error(
          'Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.',
          'InvalidOperation',
          'InvalidOperation',
          'PSInvalidOperationException',
        ),
      );
    }
    try {
      const p = ctx.params.Prompt === undefined ? '' : toStr(ctx.params.Prompt) + ': ';
      const line = await reader!.question(p);
      await ctx.writeObject(line ?? '');
    } finally {
      reader!.close();
    }
  },
});
