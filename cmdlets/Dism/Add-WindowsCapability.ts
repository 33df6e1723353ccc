/*
 * Add-WindowsCapability: installs a Windows capability (a Feature on Demand) in an image or in the running system. It
 * binds as the Dism module's cmdlet (the parameter sets, types and pipeline input of its reference page); the work
 * needs the Windows servicing stack, so it ends with the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS_ONLINE_FIRST, TARGET_TEXT, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Add-WindowsCapability',
  className: 'Microsoft.Dism.Commands.AddWindowsCapabilityCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'Name', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the identity of the capability to install (Name~~~~Version, as Get-WindowsCapability lists it).' },
    { name: 'LimitAccess', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: TARGET_TEXT.LimitAccess },
    { name: 'Source', type: 'String[]', valueFromPipelineByPropertyName: true, description: TARGET_TEXT.Source },
    ...TARGET_PARAMETERS_ONLINE_FIRST,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Installs a Windows capability (a Feature on Demand) in an image or in the running system.',
    description: ['Adds the capability named by -Name, taking its files from Windows Update or from the -Source locations.'],
    examples: [
      { title: 'Example 1', code: 'Add-WindowsCapability -Online -Name "Msix.PackagingTool.Driver~~~~0.0.1.0"', remarks: 'Installs the capability in the running system, with its files from Windows Update.' },
      { title: 'Example 2', code: 'Add-WindowsCapability -Online -Name "Msix.PackagingTool.Driver~~~~0.0.1.0" -Source "E:\\" -LimitAccess', remarks: 'Installs the capability in the running system from the files on E:\\ only.' },
      { title: 'Example 3', code: 'Add-WindowsCapability -Path "C:\\mount\\Windows" -Name "Msix.PackagingTool.Driver~~~~0.0.1.0" -Source "E:\\"', remarks: 'Installs the capability in an offline image, with its files from E:\\.' },
    ],
  } },
});
