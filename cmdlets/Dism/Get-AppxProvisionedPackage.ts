/*
 * Get-AppxProvisionedPackage: lists the app packages provisioned in a Windows image for every new user. It binds as
 * the Dism module's cmdlet (the parameter sets, types and pipeline input of its reference page); the work needs the
 * Windows servicing stack, so it ends with the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Get-AppxProvisionedPackage',
  className: 'Microsoft.Dism.Commands.GetAppxProvisionedPackageCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.AppxPackageObject'],
  parameters: [
    ...TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Lists the app packages provisioned in a Windows image for every new user.',
    description: ['Gets the app packages (.appx, .msix) that an offline image or the running system installs for each new user account.'],
    examples: [
      { title: 'Example 1', code: 'Get-AppxProvisionedPackage -Path "c:\\offline"', remarks: 'Lists the provisioned apps of the image mounted at c:\\offline.' },
    ],
  } },
});
