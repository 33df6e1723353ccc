/*
 * Set-StrictMode (Microsoft.PowerShell.Core): establishes and enforces coding rules: with any version, reading a
 * variable that was never set is an error; from 2.0, reading a property that does not exist; from 3.0 (Latest), an
 * index past the end of an array. The checks live in the evaluator (getVariable, evalMember, evalIndex).
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { toStr } from '../../src/lang/types/convert';

export const cmdlet = defineCmdlet({
  name: 'Set-StrictMode',
  className: 'Microsoft.PowerShell.Commands.SetStrictModeCommand',
  module: 'Microsoft.PowerShell.Core',
  defaultParameterSetName: 'Version',
  parameters: [
    { name: 'Version', type: 'String', aliases: ['v'], sets: { Version: { mandatory: true } }, description: '1.0, 2.0, 3.0 or Latest.' },
    { name: 'Off', type: 'SwitchParameter', sets: { Off: { mandatory: true } }, description: 'Turns strict mode off.' },
  ],
  help: { 'en-US': { synopsis: 'Establishes and enforces coding rules: with any version, reading a variable that was never set is an error; from 2.0, reading a property that does not exist; from 3.0, an index past the end of an array.' } },
  async process(ctx) {
    // Strict mode is scoped like a variable: it holds in this scope and the ones it creates.
    ctx.engine.setStrictMode(ctx.params.Off !== undefined ? 0 : /latest/i.test(toStr(ctx.params.Version)) ? 3 : parseFloat(toStr(ctx.params.Version)) || 1);
  },
});
