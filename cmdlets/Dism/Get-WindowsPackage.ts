/*
 * Get-WindowsPackage: lists the packages of a Windows image. It binds as the Dism module's cmdlet (the parameter sets,
 * types and pipeline input of its reference page); the work needs the Windows servicing stack, so it ends with the
 * error record of _servicing.ts.
 */
import { TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Get-WindowsPackage',
  className: 'Microsoft.Dism.Commands.GetWindowsPackageCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.BasicPackageObject', 'Microsoft.Dism.Commands.AdvancedPackageObject'],
  parameters: [
    { name: 'PackagePath', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies a package file (.cab) to get the details of.' },
    { name: 'PackageName', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies a package, by its name as the image lists it, to get the details of.' },
    ...TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Lists the packages of a Windows image.',
    description: ['Gets the packages installed in an offline image or the running system, or the details of one package (by name or file).'],
    examples: [
      { title: 'Example 1', code: 'Get-WindowsPackage -Path "c:\\offline"', remarks: 'Lists the packages of the image at c:\\offline.' },
      { title: 'Example 2', code: 'Get-WindowsPackage -Path "c:\\offline" -PackageName "Microsoft-Windows-Backup-Package~31bf3856ad364e35~x86~~6.1.7601.16525"', remarks: 'Gets the details of one package of the image at c:\\offline.' },
    ],
  } },
});
