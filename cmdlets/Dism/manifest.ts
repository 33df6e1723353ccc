/*
 * The Dism module: Windows image servicing (Get-WindowsImage, Export-WindowsImage...). Its cmdlets are loaded on
 * first use; the version is what Get-Command shows in its Version column.
 */
import type { ModuleManifest } from '../../src/lang/commands/registry';

/* eslint-disable @typescript-eslint/no-var-requires */
export const manifest: ModuleManifest = {
  name: 'Dism',
  version: '3.0',
  cmdlets: {
    'Add-AppxProvisionedPackage': () => require('./Add-AppxProvisionedPackage'),
    'Add-WindowsCapability': () => require('./Add-WindowsCapability'),
    'Add-WindowsDriver': () => require('./Add-WindowsDriver'),
    'Add-WindowsPackage': () => require('./Add-WindowsPackage'),
    'Disable-WindowsOptionalFeature': () => require('./Disable-WindowsOptionalFeature'),
    'Enable-WindowsOptionalFeature': () => require('./Enable-WindowsOptionalFeature'),
    'Expand-WindowsCustomDataImage': () => require('./Expand-WindowsCustomDataImage'),
    'Expand-WindowsImage': () => require('./Expand-WindowsImage'),
    'Export-WindowsCapabilitySource': () => require('./Export-WindowsCapabilitySource'),
    'Export-WindowsDriver': () => require('./Export-WindowsDriver'),
    'Export-WindowsImage': () => require('./Export-WindowsImage'),
    'Get-AppxProvisionedPackage': () => require('./Get-AppxProvisionedPackage'),
    'Get-NonRemovableAppsPolicy': () => require('./Get-NonRemovableAppsPolicy'),
    'Get-WIMBootEntry': () => require('./Get-WIMBootEntry'),
    'Get-WindowsCapability': () => require('./Get-WindowsCapability'),
    'Get-WindowsDriver': () => require('./Get-WindowsDriver'),
    'Get-WindowsImage': () => require('./Get-WindowsImage'),
    'Get-WindowsImageContent': () => require('./Get-WindowsImageContent'),
    'Get-WindowsOptionalFeature': () => require('./Get-WindowsOptionalFeature'),
    'Get-WindowsPackage': () => require('./Get-WindowsPackage'),
    'Get-WindowsReservedStorageState': () => require('./Get-WindowsReservedStorageState'),
    'New-WindowsCustomImage': () => require('./New-WindowsCustomImage'),
    'New-WindowsImage': () => require('./New-WindowsImage'),
    'Optimize-AppXProvisionedPackages': () => require('./Optimize-AppXProvisionedPackages'),
    'Optimize-WindowsImage': () => require('./Optimize-WindowsImage'),
    'Remove-AppxProvisionedPackage': () => require('./Remove-AppxProvisionedPackage'),
    'Remove-WindowsCapability': () => require('./Remove-WindowsCapability'),
    'Remove-WindowsDriver': () => require('./Remove-WindowsDriver'),
    'Remove-WindowsPackage': () => require('./Remove-WindowsPackage'),
    'Set-AppXProvisionedDataFile': () => require('./Set-AppXProvisionedDataFile'),
    'Set-NonRemovableAppsPolicy': () => require('./Set-NonRemovableAppsPolicy'),
    'Set-WindowsEdition': () => require('./Set-WindowsEdition'),
    'Set-WindowsProductKey': () => require('./Set-WindowsProductKey'),
    'Set-WindowsReservedStorageState': () => require('./Set-WindowsReservedStorageState'),
    'Start-OSUninstall': () => require('./Start-OSUninstall'),
    'Update-WIMBootEntry': () => require('./Update-WIMBootEntry'),
  },
  // The Dism module's aliases (its Dism.psd1 AliasesToExport) for the provisioned-app cmdlets.
  aliases: {
    'Add-ProvisionedAppxPackage': 'Add-AppxProvisionedPackage',
    'Remove-ProvisionedAppxPackage': 'Remove-AppxProvisionedPackage',
    'Get-ProvisionedAppxPackage': 'Get-AppxProvisionedPackage',
    'Optimize-ProvisionedAppxPackages': 'Optimize-AppXProvisionedPackages',
    'Set-ProvisionedAppXDataFile': 'Set-AppXProvisionedDataFile',
    'Add-AppProvisionedPackage': 'Add-AppxProvisionedPackage',
    'Remove-AppProvisionedPackage': 'Remove-AppxProvisionedPackage',
    'Get-AppProvisionedPackage': 'Get-AppxProvisionedPackage',
    'Optimize-AppProvisionedPackages': 'Optimize-AppXProvisionedPackages',
    'Set-AppPackageProvisionedDataFile': 'Set-AppXProvisionedDataFile',
    'Add-ProvisionedAppPackage': 'Add-AppxProvisionedPackage',
    'Remove-ProvisionedAppPackage': 'Remove-AppxProvisionedPackage',
    'Get-ProvisionedAppPackage': 'Get-AppxProvisionedPackage',
    'Optimize-ProvisionedAppPackages': 'Optimize-AppXProvisionedPackages',
    'Set-ProvisionedAppPackageDataFile': 'Set-AppXProvisionedDataFile',
  },
};
/* eslint-enable @typescript-eslint/no-var-requires */
