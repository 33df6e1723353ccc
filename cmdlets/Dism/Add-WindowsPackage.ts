/*
 * Add-WindowsPackage: adds a package (.cab or .msu file) to a Windows image. It binds as the Dism module's cmdlet (the
 * parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing stack, so it
 * ends with the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS_ONLINE_FIRST, TARGET_TEXT, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Add-WindowsPackage',
  className: 'Microsoft.Dism.Commands.AddWindowsPackageCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'PackagePath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies a package file (.cab or .msu), or a folder of packages.' },
    { name: 'IgnoreCheck', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Skips the check that each package applies to the image.' },
    { name: 'PreventPending', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Skips a package that would leave online actions pending.' },
    { name: 'NoRestart', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: TARGET_TEXT.NoRestart },
    ...TARGET_PARAMETERS_ONLINE_FIRST,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Adds a package (.cab or .msu file) to a Windows image.',
    description: ['Installs one package file, or every package in a folder, in an offline image or in the running system.'],
    examples: [
      { title: 'Example 1', code: 'Add-WindowsPackage -Online -PackagePath "c:\\packages\\package.cab"', remarks: 'Adds a .cab package to the running system.' },
      { title: 'Example 2', code: 'Add-WindowsPackage -Path "c:\\offline" -PackagePath "c:\\packages\\demo_package.msu" -PreventPending', remarks: 'Adds an .msu file to a mounted image and refuses to leave actions pending.' },
      { title: 'Example 3', code: 'Add-WindowsPackage -Path "c:\\offline" -PackagePath "c:\\packages" -IgnoreCheck', remarks: 'Adds every package of a folder to a mounted image without checking applicability.' },
    ],
  } },
});
