/*
 * Get-WindowsDriver: lists the drivers of a Windows image. It binds as the Dism module's cmdlet (the parameter sets,
 * types and pipeline input of its reference page); the work needs the Windows servicing stack, so it ends with the
 * error record of _servicing.ts.
 */
import { TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Get-WindowsDriver',
  className: 'Microsoft.Dism.Commands.GetWindowsDriverCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.BasicDriverObject', 'Microsoft.Dism.Commands.AdvancedDriverObject'],
  parameters: [
    { name: 'All', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Lists the drivers that come with Windows as well, not only third-party ones.' },
    { name: 'Driver', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies one driver: its published name in the image (oem1.inf) or the path of a driver package file.' },
    ...TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Lists the drivers of a Windows image.',
    description: ['Gets the third-party drivers (with -All, every driver) of an offline image or of the running system; with -Driver, the details of one driver package.'],
    examples: [
      { title: 'Example 1', code: 'Get-WindowsDriver -Online -All', remarks: 'Lists every driver of the running system.' },
      { title: 'Example 2', code: 'Get-WindowsDriver -Path "c:\\offline"', remarks: 'Lists the third-party drivers of the image at c:\\offline.' },
      { title: 'Example 3', code: 'Get-WindowsDriver -Path "c:\\offline" -Driver "OEM1.inf"', remarks: 'Gets the details of one installed driver package.' },
      { title: 'Example 4', code: 'Get-WindowsDriver -Path "c:\\offline" -Driver "c:\\drivers\\Usb\\Usb.inf"', remarks: 'Gets the details of a driver package file, for the image at c:\\offline.' },
    ],
  } },
});
