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
    'Expand-WindowsImage': () => require('./Expand-WindowsImage'),
    'Export-WindowsImage': () => require('./Export-WindowsImage'),
    'Get-WindowsEdition': () => require('./Get-WindowsEdition'),
    'Get-WindowsImage': () => require('./Get-WindowsImage'),
    'Get-WindowsImageContent': () => require('./Get-WindowsImageContent'),
    'New-WindowsImage': () => require('./New-WindowsImage'),
    'Use-WindowsUnattend': () => require('./Use-WindowsUnattend'),
  },
};
/* eslint-enable @typescript-eslint/no-var-requires */
