/*
 * Remove-WindowsPackage: removes a package from a Windows image. It binds as the Dism module's cmdlet (the parameter
 * sets, types and pipeline input of its reference page); the work needs the Windows servicing stack, so it ends with
 * the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS, TARGET_TEXT, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Remove-WindowsPackage',
  className: 'Microsoft.Dism.Commands.RemoveWindowsPackageCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'PackagePath', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the package to remove, by its .cab file.' },
    { name: 'PackageName', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the package to remove, by its name as the image lists it.' },
    { name: 'NoRestart', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: TARGET_TEXT.NoRestart },
    ...TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Removes a package from a Windows image.',
    description: ['Uninstalls a package, named or given as its file, from an offline image or from the running system.'],
    examples: [
      { title: 'Example 1', code: 'Remove-WindowsPackage -Online -PackageName "Microsoft-Windows-Backup-Package~31bf3856ad364e35~x86~~6.1.7601.16525"', remarks: 'Removes a package, by name, from the running system.' },
      { title: 'Example 2', code: 'Remove-WindowsPackage -Path "c:\\offline" -PackagePath "c:\\packages\\package.cab"', remarks: 'Removes a package, by its file, from the image at c:\\offline.' },
    ],
  } },
});
