/*
 * Export-ModuleMember (Microsoft.PowerShell.Core): specifies the module members that are exported (only inside a
 * module; wimsh runs scripts, not modules).
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';

export const cmdlet = defineCmdlet({
  name: 'Export-ModuleMember',
  className: 'Microsoft.PowerShell.Commands.ExportModuleMemberCommand',
  module: 'Microsoft.PowerShell.Core',
  parameters: [
    { name: 'Function', type: 'String[]', position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true, description: 'Functions to export.' },
    { name: 'Cmdlet', type: 'String[]', valueFromPipelineByPropertyName: true, description: 'Cmdlets to export.' },
    { name: 'Variable', type: 'String[]', valueFromPipelineByPropertyName: true, description: 'Variables to export.' },
    { name: 'Alias', type: 'String[]', valueFromPipelineByPropertyName: true, description: 'Aliases to export.' },
  ],
  help: { 'en-US': { synopsis: 'Specifies the module members that are exported (only inside a module; wimsh runs scripts, not modules).' } },
  async process(ctx) {
    ctx.throwTerminating(
      ctx.error('The Export-ModuleMember cmdlet can only be called from inside a module.', 'Modules_CanOnlyExecuteExportModuleMemberInsideAModule', 'PermissionDenied', 'InvalidOperationException'),
    );
  },
});
