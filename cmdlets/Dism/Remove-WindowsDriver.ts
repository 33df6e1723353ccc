/*
 * Remove-WindowsDriver: removes a third-party driver from an offline Windows image. It binds as the Dism module's
 * cmdlet (the parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing
 * stack, so it ends with the error record of _servicing.ts.
 */
import { OFFLINE_TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Remove-WindowsDriver',
  className: 'Microsoft.Dism.Commands.RemoveWindowsDriverCommand',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'Driver', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the published name of the driver package to remove (oem1.inf), as Get-WindowsDriver lists it.' },
    ...OFFLINE_TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Removes a third-party driver from an offline Windows image.',
    description: ['Removes the driver package published in the image at -Path under the name given to -Driver (oem1.inf...).'],
    examples: [
      { title: 'Example 1', code: 'Remove-WindowsDriver -Path "c:\\offline" -Driver "OEM1.inf"', remarks: 'Removes the driver package OEM1.inf from the image at c:\\offline.' },
    ],
  } },
});
