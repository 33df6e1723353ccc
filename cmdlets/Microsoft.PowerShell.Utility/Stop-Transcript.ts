/* Stop-Transcript (Microsoft.PowerShell.Host in 5.1): stops a transcript, writing its end block. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { stopTranscript } from './_transcript';

export const cmdlet = defineCmdlet({
  name: 'Stop-Transcript',
  className: 'Microsoft.PowerShell.Commands.StopTranscriptCommand',
  module: 'Microsoft.PowerShell.Host',
  parameters: [],
  help: {
    'en-US': {
      synopsis: 'Stops a transcript.',
      description: ['Stop-Transcript ends the record Start-Transcript began and says where the file is.'],
    },
  },
  async end(ctx) {
    // A table still being gathered by the console belongs in the transcript: end it first.
    ctx.engine.outDefault.flush();
    const display = stopTranscript();
    if (display === undefined) {
      const rec = ctx.error('An error occurred stopping transcription: The host is not currently transcribing.', 'InvalidOperation', 'InvalidOperation', 'PSInvalidOperationException');
      rec.exception.fullName = 'System.Management.Automation.PSInvalidOperationException';
      ctx.throwTerminating(rec);
    }
    await ctx.writeObject(`Transcript stopped, output file is ${display}`);
  },
});
