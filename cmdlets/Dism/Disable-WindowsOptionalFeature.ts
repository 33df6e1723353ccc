/*
 * Disable-WindowsOptionalFeature: turns off an optional feature in a Windows image. It binds as the Dism module's
 * cmdlet (the parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing
 * stack, so it ends with the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS_ONLINE_FIRST, TARGET_TEXT, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Disable-WindowsOptionalFeature',
  className: 'Microsoft.Dism.Commands.DisableWindowsOptionalFeatureCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'FeatureName', type: 'String[]', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the names of the features to disable (case-sensitive).' },
    { name: 'PackageName', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the package the features belong to (default: the Windows Foundation package).' },
    { name: 'Remove', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Removes the features\' files from the image as well, not only turns them off.' },
    { name: 'NoRestart', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: TARGET_TEXT.NoRestart },
    ...TARGET_PARAMETERS_ONLINE_FIRST,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Turns off an optional feature in a Windows image.',
    description: ['Disables the features named by -FeatureName in an offline image or the running system; with -Remove, their files are removed from the image too.'],
    examples: [
      { title: 'Example 1', code: 'Disable-WindowsOptionalFeature -Online -FeatureName "Hearts"', remarks: 'Turns the feature off in the running system.' },
      { title: 'Example 2', code: 'Disable-WindowsOptionalFeature -Path "c:\\offline" -FeatureName "Calc" -PackageName "Microsoft.Windows.Calc.Demo~6595b6144ccf1df~x86~en~1.0.0.0" -Remove', remarks: 'Turns off a feature of one package in an offline image and removes its files.' },
    ],
  } },
});
