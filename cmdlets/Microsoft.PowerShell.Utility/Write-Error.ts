/* Write-Error (Microsoft.PowerShell.Utility): writes an object to the error stream (a non-terminating error). */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { ErrorRecord, type ErrorCategory } from '../../src/lang/runtime/errors';
import { toStr } from '../../src/lang/types/convert';
import { PSObject } from '../../src/lang/types/values';

export const cmdlet = defineCmdlet({
  name: 'Write-Error',
  className: 'Microsoft.PowerShell.Commands.WriteErrorCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'NoException',
  parameters: [
    { name: 'Message', type: 'String', aliases: ['Msg'], sets: { NoException: { mandatory: true, position: 0, valueFromPipeline: true }, WithException: {} }, description: 'The error text.' },
    { name: 'Exception', type: 'Object', sets: { WithException: { mandatory: true } }, description: 'An exception to report.' },
    { name: 'ErrorRecord', type: 'Object', sets: { ErrorRecord: { mandatory: true } }, description: 'An error record to write.' },
    { name: 'Category', type: 'String', description: 'The error category.' },
    { name: 'ErrorId', type: 'String', description: 'The error id.' },
    { name: 'TargetObject', type: 'Object', description: 'The object the error is about.' },
    { name: 'RecommendedAction', type: 'String', description: 'What to do.' },
    { name: 'CategoryActivity', type: 'String', aliases: ['Activity'], description: 'CategoryInfo activity.' },
    { name: 'CategoryReason', type: 'String', aliases: ['Reason'], description: 'CategoryInfo reason.' },
    { name: 'CategoryTargetName', type: 'String', aliases: ['TargetName'], description: 'CategoryInfo target name.' },
    { name: 'CategoryTargetType', type: 'String', aliases: ['TargetType'], description: 'CategoryInfo target type.' },
  ],
  help: { 'en-US': { synopsis: 'Writes an object to the error stream (a non-terminating error).' } },
  async process(ctx) {
    if (ctx.params.ErrorRecord instanceof ErrorRecord) {
      ctx.writeError(ctx.params.ErrorRecord);
      return;
    }
    let message = ctx.params.Message === undefined ? '' : toStr(ctx.params.Message);
    const ex = ctx.params.Exception;
    if (ex instanceof PSObject && !message) message = toStr(ex.get('Message')?.value);
    else if (ex !== undefined && !message) message = toStr(ex);
    const cat = (ctx.params.Category === undefined ? 'NotSpecified' : toStr(ctx.params.Category)) as ErrorCategory;
    // The exception's own type (-Exception), else WriteErrorException: `catch [System.IO.IOException]` and
    // $_.Exception.GetType() see what 5.1 shows.
    const exFull = ex instanceof PSObject && ex.typeNames[0] && ex.typeNames[0] !== 'System.Management.Automation.PSCustomObject' ? ex.typeNames[0] : ex ? 'System.Exception' : 'Microsoft.PowerShell.Commands.WriteErrorException';
    const id = ctx.params.ErrorId === undefined ? exFull : toStr(ctx.params.ErrorId);
    const rec = new ErrorRecord({ typeName: exFull.slice(exFull.lastIndexOf('.') + 1), fullName: exFull, message }, id, cat, ctx.params.TargetObject ?? null);
    rec.activity = ctx.params.CategoryActivity === undefined ? 'Write-Error' : toStr(ctx.params.CategoryActivity);
    if (ctx.params.CategoryReason !== undefined) rec.exception.typeName = toStr(ctx.params.CategoryReason);
    if (ctx.params.CategoryTargetName !== undefined) rec.targetName = toStr(ctx.params.CategoryTargetName);
    if (ctx.params.CategoryTargetType !== undefined) rec.targetType = toStr(ctx.params.CategoryTargetType);
    // At top level 5.1 prefixes the whole invocation ("Write-Error 'bad' : bad").
    (rec as unknown as { useInvocationText: boolean }).useInvocationText = true;
    ctx.writeError(rec);
  },
});
