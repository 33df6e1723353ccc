/*
 * The cmdlet registry: each name maps to a loader, so that startup loads only the cmdlets a script runs.
 * To add a cmdlet: create cmdlets/Verb-Noun.ts exporting `cmdlet: CmdletDefinition` and add one line here.
 */
import type { CmdletDefinition } from '../src/lang/cmdlet';

type Loader = () => { cmdlet: CmdletDefinition };

/* eslint-disable @typescript-eslint/no-var-requires */
const loaders: Record<string, Loader> = {
  'Add-Content': () => require('./Add-Content'),
  'Add-Member': () => require('./Add-Member'),
  'Clear-Host': () => require('./Clear-Host'),
  'ConvertFrom-Json': () => require('./ConvertFrom-Json'),
  'ConvertTo-Json': () => require('./ConvertTo-Json'),
  'Copy-Item': () => require('./Copy-Item'),
  'Expand-WindowsImage': () => require('./Expand-WindowsImage'),
  'Export-Csv': () => require('./Export-Csv'),
  'Export-ModuleMember': () => require('./Export-ModuleMember'),
  'Export-WindowsImage': () => require('./Export-WindowsImage'),
  'ForEach-Object': () => require('./ForEach-Object'),
  'Format-List': () => require('./Format-List'),
  'Format-Table': () => require('./Format-Table'),
  'Get-ChildItem': () => require('./Get-ChildItem'),
  'Get-Command': () => require('./Get-Command'),
  'Get-Content': () => require('./Get-Content'),
  'Get-Date': () => require('./Get-Date'),
  'Get-Help': () => require('./Get-Help'),
  'Get-Item': () => require('./Get-Item'),
  'Get-Location': () => require('./Get-Location'),
  'Get-Member': () => require('./Get-Member'),
  'Get-Variable': () => require('./Get-Variable'),
  'Get-WindowsImage': () => require('./Get-WindowsImage'),
  'Get-WindowsImageContent': () => require('./Get-WindowsImageContent'),
  'Group-Object': () => require('./Group-Object'),
  'Import-Csv': () => require('./Import-Csv'),
  'Import-Module': () => require('./Import-Module'),
  'Invoke-Command': () => require('./Invoke-Command'),
  'Invoke-Expression': () => require('./Invoke-Expression'),
  'Join-Path': () => require('./Join-Path'),
  'Measure-Object': () => require('./Measure-Object'),
  'Move-Item': () => require('./Move-Item'),
  'New-Item': () => require('./New-Item'),
  'New-Object': () => require('./New-Object'),
  'New-WindowsImage': () => require('./New-WindowsImage'),
  'Out-Default': () => require('./Out-Default'),
  'Out-File': () => require('./Out-File'),
  'Out-GridView': () => require('./Out-GridView'),
  'Out-Host': () => require('./Out-Host'),
  'Out-Null': () => require('./Out-Null'),
  'Out-String': () => require('./Out-String'),
  'Pop-Location': () => require('./Pop-Location'),
  'Push-Location': () => require('./Push-Location'),
  'Read-Host': () => require('./Read-Host'),
  'Remove-Item': () => require('./Remove-Item'),
  'Rename-Item': () => require('./Rename-Item'),
  'Resolve-Path': () => require('./Resolve-Path'),
  'Select-Object': () => require('./Select-Object'),
  'Set-Content': () => require('./Set-Content'),
  'Set-Location': () => require('./Set-Location'),
  'Set-StrictMode': () => require('./Set-StrictMode'),
  'Set-Variable': () => require('./Set-Variable'),
  'Sort-Object': () => require('./Sort-Object'),
  'Split-Path': () => require('./Split-Path'),
  'Start-Process': () => require('./Start-Process'),
  'Start-Sleep': () => require('./Start-Sleep'),
  'Tee-Object': () => require('./Tee-Object'),
  'Test-Path': () => require('./Test-Path'),
  'Where-Object': () => require('./Where-Object'),
  'Write-Debug': () => require('./Write-Debug'),
  'Write-Error': () => require('./Write-Error'),
  'Write-Host': () => require('./Write-Host'),
  'Write-Information': () => require('./Write-Information'),
  'Write-Output': () => require('./Write-Output'),
  'Write-Progress': () => require('./Write-Progress'),
  'Write-Verbose': () => require('./Write-Verbose'),
  'Write-Warning': () => require('./Write-Warning'),
  'mkdir': () => require('./mkdir'),
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
