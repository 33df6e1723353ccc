/*
 * Export-WindowsCapabilitySource: builds a Features on Demand repository holding what the named capabilities need. It
 * binds as the Dism module's cmdlet (the parameter sets, types and pipeline input of its reference page); the work
 * needs the Windows servicing stack, so it ends with the error record of _servicing.ts.
 */
import { OFFLINE_TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Export-WindowsCapabilitySource',
  className: 'Microsoft.Dism.Commands.ExportWindowsCapabilitySourceCommand',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'Name', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the identities of the capabilities to export.' },
    { name: 'Source', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the Features on Demand source to read the packages from.' },
    { name: 'Target', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the folder of the new repository.' },
    ...OFFLINE_TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Builds a Features on Demand repository holding what the named capabilities need.',
    description: ['Copies from -Source into the -Target folder the packages that install the capabilities named by -Name, for the image at -Path, so that repository can later serve as a -Source.'],
    examples: [
      { title: 'Example 1', code: 'Export-WindowsCapabilitySource -Path c:\\mount\\windows -Source D:\\ -Target C:\\repository -Name App.StepsRecorder~~~~0.0.1.0', remarks: 'Builds a repository in C:\\repository for one capability, from the packages on D:\\.' },
    ],
  } },
});
