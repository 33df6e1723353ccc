/*
 * The cmdlet registry: each name maps to a loader, so that startup loads only the cmdlets a script runs.
 * To add a cmdlet: create cmdlets/Verb-Noun.ts exporting `cmdlet: CmdletDefinition` and add one line here.
 */
import type { CmdletDefinition } from '../src/lang/commands/cmdlet';

type Loader = () => { cmdlet: CmdletDefinition };

/* eslint-disable @typescript-eslint/no-var-requires */
const loaders: Record<string, Loader> = {
  'Add-Content': () => require('./Microsoft.PowerShell.Management/Add-Content'),
  'Add-Member': () => require('./Microsoft.PowerShell.Utility/Add-Member'),
  'Clear-Host': () => require('./Microsoft.PowerShell.Core/Clear-Host'),
  'ConvertFrom-Json': () => require('./Microsoft.PowerShell.Utility/ConvertFrom-Json'),
  'ConvertTo-Json': () => require('./Microsoft.PowerShell.Utility/ConvertTo-Json'),
  'Copy-Item': () => require('./Microsoft.PowerShell.Management/Copy-Item'),
  'Expand-WindowsImage': () => require('./Dism/Expand-WindowsImage'),
  'Export-Csv': () => require('./Microsoft.PowerShell.Utility/Export-Csv'),
  'Export-ModuleMember': () => require('./Microsoft.PowerShell.Core/Export-ModuleMember'),
  'Export-WindowsImage': () => require('./Dism/Export-WindowsImage'),
  'ForEach-Object': () => require('./Microsoft.PowerShell.Core/ForEach-Object'),
  'Format-List': () => require('./Microsoft.PowerShell.Utility/Format-List'),
  'Format-Table': () => require('./Microsoft.PowerShell.Utility/Format-Table'),
  'Get-ChildItem': () => require('./Microsoft.PowerShell.Management/Get-ChildItem'),
  'Get-Command': () => require('./Microsoft.PowerShell.Core/Get-Command'),
  'Get-Content': () => require('./Microsoft.PowerShell.Management/Get-Content'),
  'Get-Date': () => require('./Microsoft.PowerShell.Utility/Get-Date'),
  'Get-Help': () => require('./Microsoft.PowerShell.Core/Get-Help'),
  'Get-Item': () => require('./Microsoft.PowerShell.Management/Get-Item'),
  'Get-Location': () => require('./Microsoft.PowerShell.Management/Get-Location'),
  'Get-Member': () => require('./Microsoft.PowerShell.Utility/Get-Member'),
  'Get-Variable': () => require('./Microsoft.PowerShell.Utility/Get-Variable'),
  'Get-WindowsImage': () => require('./Dism/Get-WindowsImage'),
  'Get-WindowsImageContent': () => require('./Dism/Get-WindowsImageContent'),
  'Group-Object': () => require('./Microsoft.PowerShell.Utility/Group-Object'),
  'Import-Csv': () => require('./Microsoft.PowerShell.Utility/Import-Csv'),
  'Import-Module': () => require('./Microsoft.PowerShell.Core/Import-Module'),
  'Invoke-Command': () => require('./Microsoft.PowerShell.Core/Invoke-Command'),
  'Invoke-Expression': () => require('./Microsoft.PowerShell.Utility/Invoke-Expression'),
  'Join-Path': () => require('./Microsoft.PowerShell.Management/Join-Path'),
  'Measure-Object': () => require('./Microsoft.PowerShell.Utility/Measure-Object'),
  'Move-Item': () => require('./Microsoft.PowerShell.Management/Move-Item'),
  'New-Item': () => require('./Microsoft.PowerShell.Management/New-Item'),
  'New-Object': () => require('./Microsoft.PowerShell.Utility/New-Object'),
  'New-WindowsImage': () => require('./Dism/New-WindowsImage'),
  'Out-Default': () => require('./Microsoft.PowerShell.Core/Out-Default'),
  'Out-File': () => require('./Microsoft.PowerShell.Utility/Out-File'),
  'Out-GridView': () => require('./Microsoft.PowerShell.Utility/Out-GridView'),
  'Out-Host': () => require('./Microsoft.PowerShell.Core/Out-Host'),
  'Out-Null': () => require('./Microsoft.PowerShell.Core/Out-Null'),
  'Out-String': () => require('./Microsoft.PowerShell.Utility/Out-String'),
  'Pop-Location': () => require('./Microsoft.PowerShell.Management/Pop-Location'),
  'Push-Location': () => require('./Microsoft.PowerShell.Management/Push-Location'),
  'Read-Host': () => require('./Microsoft.PowerShell.Utility/Read-Host'),
  'Remove-Item': () => require('./Microsoft.PowerShell.Management/Remove-Item'),
  'Rename-Item': () => require('./Microsoft.PowerShell.Management/Rename-Item'),
  'Resolve-Path': () => require('./Microsoft.PowerShell.Management/Resolve-Path'),
  'Select-Object': () => require('./Microsoft.PowerShell.Utility/Select-Object'),
  'Set-Content': () => require('./Microsoft.PowerShell.Management/Set-Content'),
  'Set-Location': () => require('./Microsoft.PowerShell.Management/Set-Location'),
  'Set-StrictMode': () => require('./Microsoft.PowerShell.Core/Set-StrictMode'),
  'Set-Variable': () => require('./Microsoft.PowerShell.Utility/Set-Variable'),
  'Sort-Object': () => require('./Microsoft.PowerShell.Utility/Sort-Object'),
  'Split-Path': () => require('./Microsoft.PowerShell.Management/Split-Path'),
  'Start-Process': () => require('./Microsoft.PowerShell.Management/Start-Process'),
  'Start-Sleep': () => require('./Microsoft.PowerShell.Utility/Start-Sleep'),
  'Tee-Object': () => require('./Microsoft.PowerShell.Utility/Tee-Object'),
  'Test-Path': () => require('./Microsoft.PowerShell.Management/Test-Path'),
  'Where-Object': () => require('./Microsoft.PowerShell.Core/Where-Object'),
  'Write-Debug': () => require('./Microsoft.PowerShell.Utility/Write-Debug'),
  'Write-Error': () => require('./Microsoft.PowerShell.Utility/Write-Error'),
  'Write-Host': () => require('./Microsoft.PowerShell.Utility/Write-Host'),
  'Write-Information': () => require('./Microsoft.PowerShell.Utility/Write-Information'),
  'Write-Output': () => require('./Microsoft.PowerShell.Utility/Write-Output'),
  'Write-Progress': () => require('./Microsoft.PowerShell.Utility/Write-Progress'),
  'Write-Verbose': () => require('./Microsoft.PowerShell.Utility/Write-Verbose'),
  'Write-Warning': () => require('./Microsoft.PowerShell.Utility/Write-Warning'),
  'mkdir': () => require('./Microsoft.PowerShell.Core/mkdir'),
};
/* eslint-enable @typescript-eslint/no-var-requires */

export function cmdletNames(): string[] {
  return Object.keys(loaders);
}

export function loadCmdlet(name: string): CmdletDefinition | undefined {
  const l = loaders[name];
  return l ? l().cmdlet : undefined;
}

/** Native programs that wimsh provides itself (dism.exe once its front end exists); undefined otherwise. */
export function nativeFrontEnd(name: string): CmdletDefinition | undefined {
  void name;
  return undefined;
}
