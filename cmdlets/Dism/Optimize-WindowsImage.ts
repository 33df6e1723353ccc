/*
 * Optimize-WindowsImage: prepares a Windows image with the given optimizations. It binds as the Dism module's cmdlet
 * (the parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing stack, so
 * it ends with the error record of _servicing.ts.
 */
import { OFFLINE_TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Optimize-WindowsImage',
  className: 'Microsoft.Dism.Commands.OptimizeWindowsImageCommand',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'OptimizationTarget', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, validateSet: ['WIMBoot'], description: 'Specifies the optimization to apply: WIMBoot.' },
    ...OFFLINE_TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Prepares a Windows image with the given optimizations.',
    description: ['Configures the applied image at -Path for the -OptimizationTarget given: today only WIMBoot.'],
    examples: [
      { title: 'Example 1', code: 'Optimize-WindowsImage -Path "c:\\" -OptimizationTarget "WIMBoot"', remarks: 'Configures the image on drive C as a WIMBoot system.' },
    ],
  } },
});
