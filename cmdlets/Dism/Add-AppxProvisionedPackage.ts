/*
 * Add-AppxProvisionedPackage: provisions an app package (.appx, .appxbundle, .msix) in a Windows image, so that every
 * new user account gets it. It binds as the Dism module's cmdlet (the parameter sets, types and pipeline input of its
 * reference page); the work needs the Windows servicing stack, so it ends with the error record of _servicing.ts.
 */
import { STUB_PACKAGE_OPTION_TYPE, TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Add-AppxProvisionedPackage',
  className: 'Microsoft.Dism.Commands.AddAppxProvisionedPackageCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'FolderPath', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies a folder holding an unpacked app package, its dependencies and license.' },
    { name: 'PackagePath', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the app package file (.appx, .appxbundle, .msix) to provision.' },
    { name: 'DependencyPackagePath', type: 'String[]', valueFromPipelineByPropertyName: true, description: 'Specifies the framework packages the app depends on.' },
    { name: 'OptionalPackagePath', type: 'String[]', valueFromPipelineByPropertyName: true, description: 'Specifies optional packages of the app to provision with it.' },
    { name: 'LicensePath', type: 'String[]', valueFromPipelineByPropertyName: true, description: 'Specifies the license file(s) of the app.' },
    { name: 'SkipLicense', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Provisions the app without a license (only for apps that need none).' },
    { name: 'CustomDataPath', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies a custom data file stored with the app for its use.' },
    { name: 'Regions', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the regions (ISO 3166-1 alpha-2 or alpha-3 codes, separated by semicolons) where the app is provisioned, or "all".' },
    { name: 'StubPackageOption', type: STUB_PACKAGE_OPTION_TYPE, valueFromPipelineByPropertyName: true, description: 'Specifies whether the full app or its stub is provisioned (InstallFull, InstallStub); without it, the image\'s stub preference decides.' },
    ...TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Provisions an app package (.appx, .appxbundle, .msix) in a Windows image, so that every new user account gets it.',
    description: ['Stages an app package, with its dependencies and license, for all users of an offline image (-Path) or of the running system (-Online). The app is installed for each user at their next sign-in.'],
    examples: [
      { title: 'Example 1', code: 'Add-AppxProvisionedPackage -Online -FolderPath "c:\\Appx"', remarks: 'Provisions the unpacked app found in c:\\Appx for the running system.' },
      { title: 'Example 2', code: 'Add-AppxProvisionedPackage -Path c:\\offline -PackagePath c:\\Appx\\myPackage.appx -DependencyPackagePath c:\\Appx\\dependency1\\dependencyPackage.appx -LicensePath c:\\Appx\\myLicense.xml', remarks: 'Provisions an app package with one dependency and its license in the image mounted at c:\\offline.' },
    ],
  } },
});
