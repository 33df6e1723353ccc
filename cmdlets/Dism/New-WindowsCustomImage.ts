/*
 * New-WindowsCustomImage: captures the customized files of a WIMBoot device into a new image. It binds as the Dism
 * module's cmdlet (the parameter sets, types and pipeline input of its reference page); the work needs the Windows
 * servicing stack, so it ends with the error record of _servicing.ts.
 */
import { servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'New-WindowsCustomImage',
  className: 'Microsoft.Dism.Commands.NewWindowsCustomImageCommand',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'CapturePath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the root of the WIMBoot volume to capture the changes of.' },
    { name: 'ConfigFilePath', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies a configuration file listing what is excluded from the capture.' },
    { name: 'CheckIntegrity', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Detects and tracks corruption of the WIM file used.' },
    { name: 'Verify', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Checks the captured files for errors and duplication.' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Captures the customized files of a WIMBoot device into a new image.',
    description: ['Captures into a new image, in the WIMBoot configuration, the files of a WIMBoot device that were added or changed after it was set up.'],
    examples: [
      { title: 'Example 1', code: 'New-WindowsCustomImage -CapturePath "c:\\"', remarks: 'Captures the customized files of drive C.' },
    ],
  } },
});
