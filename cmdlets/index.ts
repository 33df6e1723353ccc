/*
 * The module registry wimsh's front ends hand to a runspace: the manifests of the modules wimsh ships
 * (cmdlets/<Module>/manifest.ts). Requiring this file loads the manifests only; each cmdlet's file is required when
 * the cmdlet first runs.
 * To add a cmdlet: create cmdlets/<Module>/Verb-Noun.ts exporting `cmdlet: CmdletDefinition` and add one line to its
 * module's manifest. To add a module: a new folder with a manifest, listed here.
 */
import type { CmdletDefinition } from '../src/lang/commands/cmdlet';
import type { CommandRegistry, ModuleManifest } from '../src/lang/commands/registry';
import { manifest as core } from './Microsoft.PowerShell.Core/manifest';
import { manifest as utility } from './Microsoft.PowerShell.Utility/manifest';
import { manifest as management } from './Microsoft.PowerShell.Management/manifest';
import { manifest as dism } from './Dism/manifest';
import { manifest as storage } from './Storage/manifest';

export const modules: readonly ModuleManifest[] = [core, utility, management, dism, storage];

/**
 * Native programs the modules implement themselves; none today. dism.exe is a front end of its own
 * (src/frontends/dism-exe), which the cmdlets sit below and cannot import: the wimsh front end adds it to this
 * registry (withDismExe, src/frontends/dism-exe/in-wimsh.ts).
 */
export function nativeFrontEnd(name: string): CmdletDefinition | undefined {
  void name;
  return undefined;
}

export const registry: CommandRegistry = { modules, helpCommand: 'Get-Help', nativeFrontEnd };
