/*
 * Get-NonRemovableAppsPolicy: lists the app packages configured as non-removable. It binds as the Dism module's cmdlet
 * (the parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing stack, so
 * it ends with the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Get-NonRemovableAppsPolicy',
  className: 'Microsoft.Dism.Commands.GetNonRemovableAppsPolicyCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    ...TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Lists the app packages configured as non-removable.',
    description: ['Gets the installed app packages that users cannot uninstall, in an offline image or in the running system.'],
    examples: [
      { title: 'Example 1', code: 'Get-NonRemovableAppsPolicy -Online', remarks: 'Lists the non-removable apps of the running system.' },
      { title: 'Example 2', code: 'Get-NonRemovableAppsPolicy -Path ".\\wim\\image.wim"', remarks: 'Lists the non-removable apps of an offline image.' },
    ],
  } },
});
