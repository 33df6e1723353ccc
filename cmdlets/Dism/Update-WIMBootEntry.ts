/*
 * Update-WIMBootEntry: updates a WIMBoot configuration entry of a volume. It binds as the Dism module's cmdlet (the
 * parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing stack, so it
 * ends with the error record of _servicing.ts.
 */
import { servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Update-WIMBootEntry',
  className: 'Microsoft.Dism.Commands.UpdateWIMBootEntryCommand',
  outputType: ['Microsoft.Dism.Commands.BaseDismObject'],
  parameters: [
    { name: 'Path', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the volume (its drive letter and root, such as C:\\) whose WIMBoot entry is updated.' },
    { name: 'ImagePath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the new path of the image file.' },
    { name: 'DataSourceID', type: 'Int64', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the data source ID of the entry (as Get-WIMBootEntry shows it).' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Updates a WIMBoot configuration entry of a volume.',
    description: ['Points the WIMBoot entry of a data source ID on the volume at -Path to the image file at its new path (after the file was moved or renamed).'],
    examples: [
      { title: 'Example 1', code: 'Update-WIMBootEntry -Path "C:\\" -DataSourceID 0 -ImagePath "D:\\Windows Images\\install.wim"', remarks: 'Points WIMBoot entry 0 of drive C at the moved image file.' },
    ],
  } },
});
