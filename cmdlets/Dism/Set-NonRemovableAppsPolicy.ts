/*
 * Set-NonRemovableAppsPolicy: sets whether users can uninstall an app package. It binds as the Dism module's cmdlet
 * (the parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing stack, so
 * it ends with the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Set-NonRemovableAppsPolicy',
  className: 'Microsoft.Dism.Commands.SetNonRemovableAppsPolicyCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'PackageFamilyName', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the package family name of the app.' },
    { name: 'NonRemovable', type: 'Int32', mandatory: true, description: 'Specifies 1 to make the app non-removable, 0 to make it removable.' },
    ...TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Sets whether users can uninstall an app package.',
    description: ['Marks an installed app package, by its package family name, as non-removable (1) or removable (0), in an offline image or the running system.'],
    examples: [
      { title: 'Example 1', code: 'Set-NonRemovableAppsPolicy -Online -PackageFamilyName Application1_1.0.0.0+x64__ms7gsqeatfeb6 -NonRemovable 1', remarks: 'Makes Application1 non-removable in the running system.' },
      { title: 'Example 2', code: 'Set-NonRemovableAppsPolicy -Online -PackageFamilyName Application1_1.0.0.0+x64__ms7gsqeatfeb6 -NonRemovable 0', remarks: 'Makes Application1 removable again in the running system.' },
      { title: 'Example 3', code: 'Set-NonRemovableAppsPolicy -Path ".\\wim\\image.wim" -PackageFamilyName Application1_1.0.0.0+x64__ms7gsqeatfeb6 -NonRemovable 1', remarks: 'Makes Application1 non-removable in an offline image.' },
    ],
  } },
});
