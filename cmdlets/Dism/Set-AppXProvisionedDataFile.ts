/*
 * Set-AppXProvisionedDataFile: adds a custom data file to an app package provisioned in a Windows image. It binds as
 * the Dism module's cmdlet (the parameter sets, types and pipeline input of its reference page); the work needs the
 * Windows servicing stack, so it ends with the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Set-AppXProvisionedDataFile',
  className: 'Microsoft.Dism.Commands.SetAppXProvisionedDataFileCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'PackageName', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the full name of the provisioned app package.' },
    { name: 'CustomDataPath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the custom data file to add.' },
    ...TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Adds a custom data file to an app package provisioned in a Windows image.',
    description: ['Stores a custom data file with a provisioned app package, in an offline image or in the running system, for the app to read.'],
    examples: [
      { title: 'Example 1', code: 'Set-AppXProvisionedDataFile -Online -PackageName "MyAppxPkg" -CustomDataPath "c:\\Appx\\myCustomData.dat"', remarks: 'Adds a custom data file to a provisioned app of the running system.' },
      { title: 'Example 2', code: 'Set-AppxProvisionedDataFile -Path c:\\offline -PackageName MyAppxPkg -CustomDataPath c:\\Appx\\myCustomData.dat', remarks: 'Adds a custom data file to a provisioned app of the image at c:\\offline.' },
    ],
  } },
});
