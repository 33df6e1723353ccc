/*
 * Start-Transcript (Microsoft.PowerShell.Host in 5.1; its file lives with the Utility cmdlets here): creates a record
 * of the session in a text file: 5.1's header block, then everything the console shows until Stop-Transcript.
 * Without a path the file is Documents\PowerShell_transcript.<MACHINE>.<random>.<time>.txt under the user's home.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { toStr } from '../../src/lang/types/convert';
import { sw, exists, displayFull, displayOf } from '../_shared/common';
import { startTranscript, transcriptPath, transcriptStamp } from './_transcript';

export const cmdlet = defineCmdlet({
  name: 'Start-Transcript',
  className: 'Microsoft.PowerShell.Commands.StartTranscriptCommand',
  module: 'Microsoft.PowerShell.Host',
  defaultParameterSetName: 'ByPath',
  supportsShouldProcess: true,
  parameters: [
    { name: 'Path', type: 'String', sets: { ByPath: { position: 0 } }, description: 'The transcript file.' },
    { name: 'LiteralPath', type: 'String', aliases: ['PSPath'], sets: { ByLiteralPath: { position: 0 } }, description: 'The transcript file, taken as typed.' },
    { name: 'OutputDirectory', type: 'String', sets: { ByOutputDirectory: { position: 0 } }, description: 'A directory for a transcript file with the default name.' },
    { name: 'Append', type: 'SwitchParameter', description: 'Adds to the end of an existing file.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Overwrites a read-only file.' },
    { name: 'NoClobber', type: 'SwitchParameter', aliases: ['NoOverwrite'], description: 'Refuses to overwrite an existing file.' },
    { name: 'IncludeInvocationHeader', type: 'SwitchParameter', description: 'Time-stamps each command (accepted; wimsh records the output only).' },
  ],
  help: {
    'en-US': {
      synopsis: 'Creates a record of all or part of a PowerShell session to a text file.',
      description: ['Start-Transcript copies everything the console shows, output and errors alike, into a text file until Stop-Transcript (or the end of the session).'],
      examples: [{ title: 'Keep a log of an imaging run', code: "Start-Transcript -Path C:\\logs\\deploy.txt\nExport-WindowsImage -SourceImagePath D:\\sources\\install.wim -SourceIndex 1 -DestinationImagePath C:\\out\\pro.wim\nStop-Transcript" }],
    },
  },
  async end(ctx) {
    let hostPath: string;
    let display: string;
    const given = ctx.params.Path ?? ctx.params.LiteralPath;
    if (given !== undefined && given !== null) {
      hostPath = ctx.resolvePath(toStr(given));
      display = displayFull(ctx, toStr(given));
    } else {
      const h = host();
      const machine = (h.env.COMPUTERNAME ?? h.env.HOSTNAME ?? 'localhost').toUpperCase();
      const rnd = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
      const name = `PowerShell_transcript.${machine}.${rnd}.${transcriptStamp(new Date())}.txt`;
      const dir = ctx.params.OutputDirectory !== undefined && ctx.params.OutputDirectory !== null ? ctx.resolvePath(ctx.params.OutputDirectory) : h.path.join(h.homedir(), 'Documents');
      h.fs.mkdirSync(dir, { recursive: true });
      hostPath = h.path.join(dir, name);
      display = displayOf(hostPath);
    }
    if (transcriptPath() !== undefined) {
      const rec = ctx.error('Transcription cannot be started because it is already in progress.', 'CannotStartTranscription', 'InvalidOperation', 'PSInvalidOperationException');
      rec.exception.fullName = 'System.Management.Automation.PSInvalidOperationException';
      ctx.throwTerminating(rec);
    }
    if (sw(ctx, 'NoClobber') && exists(hostPath) && !sw(ctx, 'Append')) {
      const rec = ctx.error(`The file '${display}' already exists.`, 'NoClobber', 'ResourceExists', 'IOException', display);
      rec.exception.fullName = 'System.IO.IOException';
      ctx.throwTerminating(rec);
    }
    if (!ctx.shouldProcess(display, 'Start-Transcript')) return;
    try {
      startTranscript(hostPath, display, sw(ctx, 'Append') && exists(hostPath));
    } catch {
      const rec = ctx.error(`Transcription cannot be started: the file '${display}' cannot be written.`, 'CannotStartTranscription', 'InvalidOperation', 'PSInvalidOperationException', display);
      ctx.throwTerminating(rec);
    }
    await ctx.writeObject(`Transcript started, output file is ${display}`);
  },
});
