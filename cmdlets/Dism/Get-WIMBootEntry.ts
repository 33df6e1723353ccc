/*
 * Get-WIMBootEntry: shows the WIMBoot configuration entries of a volume. It binds as the Dism module's cmdlet (the
 * parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing stack, so it
 * ends with the error record of _servicing.ts.
 */
import { servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Get-WIMBootEntry',
  className: 'Microsoft.Dism.Commands.GetWIMBootEntryCommand',
  outputType: ['Microsoft.Dism.Commands.WimBootEntryObject'],
  parameters: [
    { name: 'Path', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the volume (its drive letter and root, such as C:\\) whose WIMBoot entries are shown.' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Shows the WIMBoot configuration entries of a volume.',
    description: ['Gets the Windows image file boot (WIMBoot) entries of the volume at -Path: the data source IDs and the image files they point to.'],
    examples: [
      { title: 'Example 1', code: 'Get-WIMBootEntry -Path "C:\\"', remarks: 'Shows the WIMBoot entries of drive C.' },
    ],
  } },
});
