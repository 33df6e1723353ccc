/*
 * Set-WindowsEdition: upgrades a Windows image to a higher edition. It binds as the Dism module's cmdlet (the
 * parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing stack, so it
 * ends with the error record of _servicing.ts.
 */
import { OFFLINE_TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Set-WindowsEdition',
  className: 'Microsoft.Dism.Commands.SetWindowsEditionCommand',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'Edition', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the edition to change the image to (its edition ID).' },
    ...OFFLINE_TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Upgrades a Windows image to a higher edition.',
    description: ['Changes the offline image at -Path to the edition named by -Edition (one of the editions it can be upgraded to).'],
    examples: [
      { title: 'Example 1', code: 'Set-WindowsEdition -Path "c:\\offline" -Edition "Ultimate"', remarks: 'Changes the edition of the image at c:\\offline.' },
    ],
  } },
});
