/* Write-Host (Microsoft.PowerShell.Utility): writes customized output to a host. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { toStr, displayString } from '../../src/lang/types/convert';

export const cmdlet = defineCmdlet({
  name: 'Write-Host',
  className: 'Microsoft.PowerShell.Commands.WriteHostCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'Object', type: 'Object', position: 0, valueFromPipeline: true, valueFromRemainingArguments: true, description: 'Objects to display.' },
    { name: 'NoNewline', type: 'SwitchParameter', description: 'No newline after the output.' },
    { name: 'Separator', type: 'Object', description: 'Separator between objects.' },
    { name: 'ForegroundColor', type: 'String', aliases: ['fg'], description: 'Text color (accepted; wimsh writes plain text).' },
    { name: 'BackgroundColor', type: 'String', aliases: ['bg'], description: 'Background color (accepted).' },
  ],
  help: { 'en-US': { synopsis: 'Writes customized output to a host.' } },
  async process(ctx) {
    const sep = ctx.params.Separator === undefined ? ' ' : toStr(ctx.params.Separator);
    const v = ctx.params.Object;
    const items = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
    // Each object's own ToString (a date in the culture's form), not PowerShell's invariant "$x".
    const text = items.map((x) => (Array.isArray(x) ? x.map((y) => displayString(y)).join(sep) : displayString(x))).join(sep);
    const nn = !!ctx.params.NoNewline?.isPresent;
    ctx.writeHost(text, !nn);
  },
});
