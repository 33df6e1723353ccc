/*
 * Set-WindowsProductKey: sets the product key of a Windows image. It binds as the Dism module's cmdlet (the parameter
 * sets, types and pipeline input of its reference page); the work needs the Windows servicing stack, so it ends with
 * the error record of _servicing.ts.
 */
import { OFFLINE_TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Set-WindowsProductKey',
  className: 'Microsoft.Dism.Commands.SetWindowsProductKeyCommand',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'ProductKey', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the product key (five groups of five characters).' },
    ...OFFLINE_TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Sets the product key of a Windows image.',
    description: ['Enters the product key given into the offline image at -Path.'],
    examples: [
      { title: 'Example 1', code: 'Set-WindowsProductKey -Path "c:\\offline" -ProductKey "12345-12345-12345-12345-12345"', remarks: 'Sets the product key of the image at c:\\offline.' },
    ],
  } },
});
