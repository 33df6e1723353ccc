/*
 * The cmdlet registry: each name maps to a loader, so that startup loads only the cmdlets a script runs.
 * To add a cmdlet: create cmdlets/Verb-Noun.ts exporting `cmdlet: CmdletDefinition` and add one line here.
 */
import type { CmdletDefinition } from '../src/lang/cmdlet';

type Loader = () => { cmdlet: CmdletDefinition };

/* eslint-disable @typescript-eslint/no-var-requires */
const loaders: Record<string, Loader> = {
  'Write-Output': () => require('./Write-Output'),
  'Write-Host': () => require('./Write-Host'),
  'Out-Null': () => require('./Out-Null'),
  // Dism module
  'Get-WindowsImage': () => require('./Get-WindowsImage'),
  'Get-WindowsImageContent': () => require('./Get-WindowsImageContent'),
  'Expand-WindowsImage': () => require('./Expand-WindowsImage'),
  'New-WindowsImage': () => require('./New-WindowsImage'),
  'Export-WindowsImage': () => require('./Export-WindowsImage'),
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
