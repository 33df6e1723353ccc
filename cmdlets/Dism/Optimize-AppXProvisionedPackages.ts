/*
 * Optimize-AppXProvisionedPackages: saves space in an image by replacing identical files of provisioned apps with hard
 * links. It binds as the Dism module's cmdlet (the parameter sets, types and pipeline input of its reference page);
 * the work needs the Windows servicing stack, so it ends with the error record of _servicing.ts.
 */
import { OFFLINE_TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Optimize-AppXProvisionedPackages',
  className: 'Microsoft.Dism.Commands.OptimizeAppXProvisionedPackagesCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    ...OFFLINE_TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Saves space in an image by replacing identical files of provisioned apps with hard links.',
    description: ['Finds the files that the provisioned app packages of an offline image have in common and keeps one copy of each, linked from the others.'],
    examples: [
      { title: 'Example 1', code: 'Optimize-AppXProvisionedPackages -Path ".\\wim\\image.wim"', remarks: 'Optimizes the provisioned apps of an offline image.' },
    ],
  } },
});
