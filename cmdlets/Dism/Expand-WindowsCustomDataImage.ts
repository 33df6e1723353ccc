/*
 * Expand-WindowsCustomDataImage: expands a custom data image (a provisioning package) onto a volume. It binds as the
 * Dism module's cmdlet (the parameter sets, types and pipeline input of its reference page); the work needs the
 * Windows servicing stack, so it ends with the error record of _servicing.ts.
 */
import { servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Expand-WindowsCustomDataImage',
  className: 'Microsoft.Dism.Commands.ExpandWindowsCustomDataImageCommand',
  outputType: ['Microsoft.Dism.Commands.OfflineImageObject'],
  parameters: [
    { name: 'ImagePath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the root of the volume to expand it onto.' },
    { name: 'CustomDataImage', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the custom data image (.ppkg) to expand.' },
    { name: 'SingleInstance', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Leaves the files in the image and points to them instead of copying them.' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Expands a custom data image (a provisioning package) onto a volume.',
    description: ['Applies the files of a provisioning package (.ppkg) to the root of a volume; with -SingleInstance, they stay in the package and are pointed to (WIMBoot).'],
    examples: [
      { title: 'Example 1', code: 'Expand-WindowsCustomDataImage -CustomDataImage "C:\\oem.ppkg" -ImagePath "C:\\" -SingleInstance', remarks: 'Expands the provisioning package onto C:\\, single-instanced.' },
    ],
  } },
});
