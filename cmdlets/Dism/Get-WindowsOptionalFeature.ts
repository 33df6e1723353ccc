/*
 * Get-WindowsOptionalFeature: lists the optional features of a Windows image. It binds as the Dism module's cmdlet
 * (the parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing stack, so
 * it ends with the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Get-WindowsOptionalFeature',
  className: 'Microsoft.Dism.Commands.GetWindowsOptionalFeatureCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.BasicFeatureObject', 'Microsoft.Dism.Commands.AdvancedFeatureObject'],
  parameters: [
    { name: 'FeatureName', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the name of a feature to get the details of (case-sensitive; wildcards allowed).' },
    { name: 'PackageName', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the package whose features are listed.' },
    { name: 'PackagePath', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies a package file (.cab) whose features are listed.' },
    ...TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Lists the optional features of a Windows image.',
    description: ['Gets the optional features of an offline image or the running system, of one package, or the details of one feature.'],
    examples: [
      { title: 'Example 1', code: 'Get-WindowsOptionalFeature -Online', remarks: 'Lists the optional features of the running system.' },
      { title: 'Example 2', code: 'Get-WindowsOptionalFeature -Path "c:\\offline" -PackageName "Microsoft-Windows-Backup-Package~31bf3856ad364e35~x86~~6.1.7601.16525"', remarks: 'Lists the features of one package of an offline image.' },
      { title: 'Example 3', code: 'Get-WindowsOptionalFeature -Path "c:\\offline" -FeatureName Hearts', remarks: 'Gets the details of one feature of an offline image.' },
      { title: 'Example 4', code: 'Get-WindowsOptionalFeature -Path "c:\\offline" -FeatureName "MyFeature" -PackagePath "c:\\packages\\package.cab"', remarks: 'Gets the details of a feature of a package file.' },
      { title: 'Example 5', code: 'Get-WindowsOptionalFeature -Online -FeatureName *Hyper-V*', remarks: 'Gets the features whose names match a wildcard.' },
    ],
  } },
});
