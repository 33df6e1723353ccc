/*
 * Where commands come from: modules, each described by a manifest (name, version, its cmdlets as lazy loaders, its
 * aliases and script functions), handed to the runspace by whoever creates it (the wimsh front end gives
 * cmdlets/index.ts). The engine knows no module, cmdlet or alias by name; everything it resolves comes from here.
 *
 * A manifest names a cmdlet's file only through a loader, so building the command table requires nothing but the
 * manifests: a script loads exactly the cmdlets it runs (and `wimsh -c '1+1'`, which resolves no command, not even
 * the manifests: the runspace takes the registry as a function and calls it on the first command lookup).
 */
import type { CmdletDefinition } from './cmdlet';

/** A module's description: what PowerShell's module manifest (.psd1) says, with loaders instead of file names. */
export interface ModuleManifest {
  /** Module name as Get-Command shows it in Source (Microsoft.PowerShell.Management, Dism). */
  name: string;
  /** ModuleVersion as Get-Command shows it in Version. */
  version: string;
  /** Cmdlet name -> loader of the file that defines it (called on the cmdlet's first use only). */
  cmdlets: Readonly<Record<string, () => { cmdlet: CmdletDefinition }>>;
  /** Alias -> the command it stands for (`gci` -> Get-ChildItem). */
  aliases?: Readonly<Record<string, string>>;
  /** Script functions: name -> the PowerShell text of the function's body (parsed on first use). */
  functions?: Readonly<Record<string, string>>;
}

/** Everything the engine may run besides the user's own functions, scripts and programs. */
export interface CommandRegistry {
  modules: readonly ModuleManifest[];
  /** The command that answers `Name -?` (Get-Help in PowerShell), given Name as its first argument. */
  helpCommand?: string;
  /** Native programs that a module implements itself (dism.exe); undefined for any other name. */
  nativeFrontEnd?(name: string): CmdletDefinition | undefined;
}

interface Entry {
  name: string;
  module: ModuleManifest;
  load: () => { cmdlet: CmdletDefinition };
}

/** The registry indexed by lower-case name, with the cmdlets loaded so far (one table per runspace). */
export class CommandTable {
  private readonly cmdlets = new Map<string, Entry>();
  private readonly loaded = new Map<string, CmdletDefinition>();
  private readonly functionText = new Map<string, { name: string; text: string }>();
  private readonly modules = new Map<string, ModuleManifest>();
  /** Alias (lower case) -> command name, from every module; the session copies it into its own alias table. */
  readonly aliases = new Map<string, string>();

  constructor(readonly registry: CommandRegistry) {
    for (const m of registry.modules) {
      this.modules.set(m.name.toLowerCase(), m);
      for (const [name, load] of Object.entries(m.cmdlets)) this.cmdlets.set(name.toLowerCase(), { name, module: m, load });
      for (const [alias, target] of Object.entries(m.aliases ?? {})) this.aliases.set(alias.toLowerCase(), target);
      for (const [name, text] of Object.entries(m.functions ?? {})) this.functionText.set(name.toLowerCase(), { name, text });
    }
  }

  /** Every cmdlet name the modules provide (loaded or not), in registration order. */
  cmdletNames(): string[] {
    return [...this.cmdlets.values()].map((e) => e.name);
  }

  /** A cmdlet by name (case-insensitive), loading its file on first use. */
  findCmdlet(name: string): CmdletDefinition | undefined {
    const lower = name.toLowerCase();
    const hit = this.loaded.get(lower);
    if (hit) return hit;
    const e = this.cmdlets.get(lower);
    if (!e) return undefined;
    const def = e.load().cmdlet;
    this.loaded.set(lower, def);
    return def;
  }

  /** A module function's name and body text, or undefined. */
  findFunction(name: string): { name: string; text: string } | undefined {
    return this.functionText.get(name.toLowerCase());
  }

  /** The manifest that lists a cmdlet. */
  moduleOf(cmdletName: string): ModuleManifest | undefined {
    return this.cmdlets.get(cmdletName.toLowerCase())?.module;
  }

  /** A module's version by its name; undefined for a module no manifest describes. */
  moduleVersion(moduleName: string): string | undefined {
    return this.modules.get(moduleName.toLowerCase())?.version;
  }

  nativeFrontEnd(name: string): CmdletDefinition | undefined {
    return this.registry.nativeFrontEnd?.(name);
  }

  get helpCommand(): string | undefined {
    return this.registry.helpCommand;
  }
}
