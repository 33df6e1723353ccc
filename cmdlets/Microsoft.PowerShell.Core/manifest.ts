/*
 * The Microsoft.PowerShell.Core module: the engine's own commands (ForEach-Object, Where-Object, Get-Command,
 * Get-Help, Out-Default...). Its cmdlets are loaded on first use; the version is what Get-Command shows in its
 * Version column.
 */
import type { ModuleManifest } from '../../src/lang/commands/registry';

/* eslint-disable @typescript-eslint/no-var-requires */
export const manifest: ModuleManifest = {
  name: 'Microsoft.PowerShell.Core',
  // 5.1 itself shows 3.0.0.0 for Core; wimsh has always shown 3.1.0.0 (as for Utility and Management), kept as is.
  version: '3.1.0.0',
  cmdlets: {
    'Clear-Host': () => require('./Clear-Host'),
    'Export-ModuleMember': () => require('./Export-ModuleMember'),
    'ForEach-Object': () => require('./ForEach-Object'),
    'Get-Command': () => require('./Get-Command'),
    'Get-Help': () => require('./Get-Help'),
    'Import-Module': () => require('./Import-Module'),
    'Invoke-Command': () => require('./Invoke-Command'),
    'Invoke-History': () => require('./Invoke-History'),
    'Out-Default': () => require('./Out-Default'),
    'Out-Host': () => require('./Out-Host'),
    'Out-Null': () => require('./Out-Null'),
    'Set-StrictMode': () => require('./Set-StrictMode'),
    'Where-Object': () => require('./Where-Object'),
    mkdir: () => require('./mkdir'),
  },
  aliases: {
    '%': 'ForEach-Object',
    foreach: 'ForEach-Object',
    '?': 'Where-Object',
    where: 'Where-Object',
    cls: 'Clear-Host',
    clear: 'Clear-Host',
    md: 'mkdir',
    gcm: 'Get-Command',
    icm: 'Invoke-Command',
    r: 'Invoke-History',
    ihy: 'Invoke-History',
    oh: 'Out-Host',
    help: 'Get-Help',
    man: 'Get-Help',
  },
};
/* eslint-enable @typescript-eslint/no-var-requires */
