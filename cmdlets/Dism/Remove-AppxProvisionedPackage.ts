/*
 * Remove-AppxProvisionedPackage: removes a provisioned app package from a Windows image. It binds as the Dism module's
 * cmdlet (the parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing
 * stack, so it ends with the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS_ONLINE_FIRST, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Remove-AppxProvisionedPackage',
  className: 'Microsoft.Dism.Commands.RemoveAppxProvisionedPackageCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'PackageName', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the full name of the provisioned app package (as Get-AppxProvisionedPackage shows it).' },
    { name: 'AllUsers', type: 'SwitchParameter', sets: { Online: {} }, description: 'Removes the app from every existing user account as well.' },
    ...TARGET_PARAMETERS_ONLINE_FIRST,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Removes a provisioned app package from a Windows image.',
    description: ['Stops provisioning an app package for new users of an offline image or the running system; existing accounts keep it unless -AllUsers is given.'],
    examples: [
      { title: 'Example 1', code: 'Remove-AppxProvisionedPackage -Path c:\\offline -PackageName MyAppxPkg', remarks: 'Removes the provisioned app MyAppxPkg from the image at c:\\offline.' },
    ],
  } },
});
