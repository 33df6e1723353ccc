/*
 * Enable-WindowsOptionalFeature: turns on an optional feature in a Windows image. It binds as the Dism module's cmdlet
 * (the parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing stack, so
 * it ends with the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS_ONLINE_FIRST, TARGET_TEXT, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Enable-WindowsOptionalFeature',
  className: 'Microsoft.Dism.Commands.EnableWindowsOptionalFeatureCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'FeatureName', type: 'String[]', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the names of the features to enable (case-sensitive).' },
    { name: 'PackageName', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the package the features belong to (default: the Windows Foundation package).' },
    { name: 'All', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Enables the parent features the named ones need as well.' },
    { name: 'LimitAccess', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: TARGET_TEXT.LimitAccess },
    { name: 'Source', type: 'String[]', valueFromPipelineByPropertyName: true, description: TARGET_TEXT.Source },
    { name: 'NoRestart', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: TARGET_TEXT.NoRestart },
    ...TARGET_PARAMETERS_ONLINE_FIRST,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Turns on an optional feature in a Windows image.',
    description: ['Enables the features named by -FeatureName in an offline image or the running system, with the files from the image, Windows Update or -Source.'],
    examples: [
      { title: 'Example 1', code: 'Enable-WindowsOptionalFeature -Online -FeatureName "Hearts" -All', remarks: 'Turns the feature on in the running system, with the features it needs.' },
      { title: 'Example 2', code: 'Enable-WindowsOptionalFeature -Path "c:\\offline" -FeatureName "Calc" -PackageName "Microsoft.Windows.Calc.Demo~6595b6144ccf1df~x86~en~1.0.0.0"', remarks: 'Turns on a feature of one package in an offline image.' },
      { title: 'Example 3', code: 'Enable-WindowsOptionalFeature -Online -FeatureName "MyFeature" -Source "c:\\test\\mount" -LimitAccess', remarks: 'Restores a feature whose files were removed, from a mounted image only.' },
    ],
  } },
});
