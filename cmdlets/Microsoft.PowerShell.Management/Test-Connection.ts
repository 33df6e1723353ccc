/*
 * Test-Connection (Microsoft.PowerShell.Management): sends ICMP echo request packets ("pings") to computers. wimsh
 * does image work and has no networking: rather than "not recognized" (which reads as a typo), the cmdlet exists
 * with 5.1's parameters and writes, per computer, a clear error saying networking is not available. With -Quiet it
 * also answers False, so `if (Test-Connection server -Quiet)` takes the unreachable branch as it would offline.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { strings, sw } from '../_shared/common';

export const cmdlet = defineCmdlet({
  name: 'Test-Connection',
  className: 'Microsoft.PowerShell.Commands.TestConnectionCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'Default',
  parameters: [
    { name: 'ComputerName', type: 'String[]', mandatory: true, position: 0, valueFromPipelineByPropertyName: true, aliases: ['CN', 'IPAddress', '__SERVER', 'Server', 'Destination'], description: 'The computers to ping.' },
    { name: 'Count', type: 'Int32', description: 'Echo requests to send (default 4).' },
    { name: 'Quiet', type: 'SwitchParameter', sets: { Quiet: {} }, description: 'Answers True or False only.' },
    { name: 'Source', type: 'String[]', aliases: ['FCN', 'SRC'], sets: { Source: { mandatory: true, position: 1 } }, description: 'The computers the pings come from.' },
    { name: 'BufferSize', type: 'Int32', aliases: ['Size', 'Bytes', 'BS'], description: 'Bytes in each packet.' },
    { name: 'Delay', type: 'Int32', description: 'Seconds between pings.' },
    { name: 'TimeToLive', type: 'Int32', aliases: ['TTL'], description: 'Hops before a packet is dropped.' },
    { name: 'ThrottleLimit', type: 'Int32', description: 'Concurrent connections.' },
    { name: 'AsJob', type: 'SwitchParameter', description: 'Runs as a background job.' },
    { name: 'Credential', type: 'Object', description: 'An account allowed to ping from -Source.' },
  ],
  help: {
    'en-US': {
      synopsis: 'Sends ICMP echo request packets ("pings") to one or more computers.',
      description: [
        'wimsh has no networking: Test-Connection writes an error for each computer saying so (and False with -Quiet), instead of pretending the computer answered or failing as an unknown command.',
      ],
    },
  },
  async process(ctx) {
    for (const name of strings(ctx.params.ComputerName)) {
      const rec = ctx.error(
        `Testing connection to computer '${name}' failed: networking cmdlets are not available in wimsh.`,
        'NetworkingNotSupported',
        'NotImplemented',
        'PingException',
        name,
      );
      rec.exception.fullName = 'System.Net.NetworkInformation.PingException';
      ctx.writeError(rec);
      if (sw(ctx, 'Quiet')) await ctx.writeObject(false);
    }
  },
});
