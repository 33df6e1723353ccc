/*
 * Export-WindowsDriver: copies the third-party drivers of a Windows image to a folder. It binds as the Dism module's
 * cmdlet (the parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing
 * stack, so it ends with the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Export-WindowsDriver',
  className: 'Microsoft.Dism.Commands.ExportWindowsDriverCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.AdvancedDriverObject'],
  parameters: [
    { name: 'Destination', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the folder the driver packages are copied to.' },
    ...TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Copies the third-party drivers of a Windows image to a folder.',
    description: ['Exports every third-party driver package of an offline image or of the running system into the -Destination folder.'],
    examples: [
      { title: 'Example 1', code: 'Export-WindowsDriver -Online -Destination d:\\drivers', remarks: 'Exports the running system\'s third-party drivers to d:\\drivers.' },
      { title: 'Example 2', code: 'Export-WindowsDriver -Path c:\\offline-image -Destination d:\\drivers', remarks: 'Exports an offline image\'s third-party drivers to d:\\drivers.' },
    ],
  } },
});
