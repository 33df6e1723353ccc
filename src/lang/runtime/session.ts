/*
 * The session state of a runspace: scopes and variables (with PowerShell's automatic variables), functions, the
 * command table (the registry's modules) and aliases, the current location, $Error, $?, and the host channels (the
 * Out-Default formatter on stdout, error records on stderr).
 */
import { host } from '../../platform/host';
import { resolvePath as driveResolve, driveRoot, currentDirectory } from '../../vfs/drives';
import type { AstNode, ClassDefinitionAst, SourceText } from '../syntax/ast';
import { ErrorRecord, formatErrorRecord } from './errors';
import { PSHashtable, PSObject, registerEnum, ScriptBlock } from '../types/values';
import { PSVersion, convertTo } from '../types/convert';
import { OutDefault, consoleTableWidth } from '../format/format';
import type { CommandRegistry, CommandTable } from '../commands/registry';

registerEnum({
  fullName: 'System.Management.Automation.ActionPreference',
  members: [
    ['SilentlyContinue', 0],
    ['Stop', 1],
    ['Continue', 2],
    ['Inquire', 3],
    ['Ignore', 4],
    ['Suspend', 5],
  ],
});

export interface Variable {
  name: string;
  value: unknown;
  /** [int]$x = ...: later assignments convert to this type. */
  typeConstraint?: string;
  readOnly?: boolean;
}

export interface FunctionInfo {
  name: string;
  body: ScriptBlock;
  filter: boolean;
}

export class Scope {
  readonly vars = new Map<string, Variable>();
  readonly functions = new Map<string, FunctionInfo>();
  constructor(readonly parent?: Scope) {}

  lookup(name: string): Variable | undefined {
    const k = name.toLowerCase();
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(k);
      if (v) return v;
    }
    return undefined;
  }

  setLocal(name: string, value: unknown, typeConstraint?: string): Variable {
    const k = name.toLowerCase();
    let v = this.vars.get(k);
    if (!v) {
      v = { name, value, typeConstraint };
      this.vars.set(k, v);
    } else {
      v.value = value;
      if (typeConstraint) v.typeConstraint = typeConstraint;
    }
    return v;
  }

  lookupFunction(name: string): FunctionInfo | undefined {
    const k = name.toLowerCase();
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const f = s.functions.get(k);
      if (f) return f;
    }
    return undefined;
  }
}

/** A PowerShell class defined by the script. */
export interface ClassInfo {
  name: string;
  base?: string;
  node: ClassDefinitionAst;
  source: SourceText;
  scope: Scope;
  statics: Map<string, unknown>;
}

export interface SessionOptions {
  interactive: boolean;
  /** Where commands come from (registry.ts): the registry, or a function that gives it on first use. */
  registry: CommandRegistry | (() => CommandRegistry);
}

export class Session {
  readonly global = new Scope();
  readonly classes = new Map<string, ClassInfo>();
  /** Script functions of the registry's modules, parsed on first use (commands/discovery.ts). */
  readonly moduleFunctions = new Map<string, ScriptBlock>();
  private table?: CommandTable;
  private aliasTable?: Map<string, string>;
  private readonly registry: CommandRegistry | (() => CommandRegistry);
  readonly errors: ErrorRecord[] = [];
  lastSuccess = true;
  /** Nesting of try blocks: a statement-terminating error inside one goes to its catch. */
  tryDepth = 0;
  /** Nesting of function and script calls (PowerShell stops at a fixed depth instead of overflowing). */
  callDepth = 0;
  readonly out: OutDefault;
  readonly interactive: boolean;
  /** Set by Ctrl+C (requestStop): the running pipeline unwinds with PipelineStoppedSignal. */
  stopping = false;
  /** The console's progress pane, once a record was drawn (progress.ts, loaded then). */
  progress?: import('../format/progress').ProgressPane;

  /** A progress record: drawn on stderr when it is a terminal (the caller checks $ProgressPreference). */
  writeProgress(p: import('../commands/cmdlet').ProgressInfo): void {
    if (!host().stderr.isTTY) return;
    if (!this.progress) {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { ProgressPane } = require('../format/progress') as typeof import('../format/progress');
      this.progress = new ProgressPane();
    }
    this.progress.update(p);
  }

  /** Finally blocks being run: they still run after Ctrl+C, as PowerShell's do. */
  finallyDepth = 0;
  private stopped?: { promise: Promise<void>; resolve: () => void };

  /** Ctrl+C: marks the session stopping and wakes whatever waits in whenStopping (Start-Sleep). */
  requestStop(): void {
    this.stopping = true;
    this.stopped?.resolve();
  }

  /** Resolves once the session is stopping (one shared promise, so waiting costs nothing per call). */
  whenStopping(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (!this.stopped) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.stopped = { promise, resolve };
    }
    return this.stopped.promise;
  }

  /** After a stopped command, the next interactive line starts afresh. */
  clearStop(): void {
    this.stopping = false;
    this.stopped = undefined;
  }
  readonly locationStack: string[] = [];

  /** The commands the registry's modules provide; built on the first command lookup (the registry may be lazy). */
  get commands(): CommandTable {
    if (!this.table) {
      // Required here, not at the top: a script that resolves no command (`wimsh -c '1+1'`) never loads it.
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { CommandTable: Table } = require('../commands/registry') as typeof import('../commands/registry');
      this.table = new Table(typeof this.registry === 'function' ? this.registry() : this.registry);
    }
    return this.table;
  }

  /** Alias (lower case) -> command name: the modules' aliases, and whatever the session adds. */
  get aliases(): Map<string, string> {
    if (!this.aliasTable) this.aliasTable = new Map(this.commands.aliases);
    return this.aliasTable;
  }

  constructor(opts: SessionOptions) {
    this.interactive = opts.interactive;
    this.registry = opts.registry;
    this.out = new OutDefault(
      (t) => {
        this.progress?.clear();
        host().stdout.write(t);
      },
      () => consoleTableWidth(),
    );
    const g = this.global;
    const h = host();
    g.setLocal('true', true).readOnly = true;
    g.setLocal('false', false).readOnly = true;
    g.setLocal('null', null);
    // $Error is an ArrayList: $Error.Clear(), $Error.Count, newest first.
    Object.defineProperty(this.errors, '__list', { value: 'ArrayList', enumerable: false });
    g.setLocal('Error', this.errors);
    g.setLocal('ErrorActionPreference', convertTo('Continue', 'System.Management.Automation.ActionPreference'));
    g.setLocal('WarningPreference', convertTo('Continue', 'System.Management.Automation.ActionPreference'));
    g.setLocal('VerbosePreference', convertTo('SilentlyContinue', 'System.Management.Automation.ActionPreference'));
    g.setLocal('DebugPreference', convertTo('SilentlyContinue', 'System.Management.Automation.ActionPreference'));
    g.setLocal('InformationPreference', convertTo('SilentlyContinue', 'System.Management.Automation.ActionPreference'));
    g.setLocal('ProgressPreference', convertTo('Continue', 'System.Management.Automation.ActionPreference'));
    g.setLocal('ConfirmPreference', 'High');
    g.setLocal('WhatIfPreference', false);
    g.setLocal('OFS', ' ');
    g.setLocal('LASTEXITCODE', null);
    g.setLocal('HOME', h.homedir());
    g.setLocal('PID', h.pid);
    g.setLocal('PSHOME', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0');
    g.setLocal('ShellId', 'Microsoft.PowerShell');
    g.setLocal('NestedPromptLevel', 0);
    g.setLocal('MaximumHistoryCount', 4096);
    const ver = new PSHashtable();
    ver.set('PSVersion', new PSVersion('5.1.19041.1'));
    ver.set('PSEdition', 'Desktop');
    ver.set('PSCompatibleVersions', [new PSVersion('1.0'), new PSVersion('2.0'), new PSVersion('3.0'), new PSVersion('4.0'), new PSVersion('5.0'), new PSVersion('5.1.19041.1')]);
    ver.set('BuildVersion', new PSVersion('10.0.19041.1'));
    ver.set('CLRVersion', new PSVersion('4.0.30319.42000'));
    ver.set('WSManStackVersion', new PSVersion('3.0'));
    ver.set('PSRemotingProtocolVersion', new PSVersion('2.3'));
    ver.set('SerializationVersion', new PSVersion('1.1.0.1'));
    g.setLocal('PSVersionTable', ver);
    const rawUI = new PSObject({ WindowTitle: 'Windows PowerShell', ForegroundColor: 'Gray', BackgroundColor: 'Black', BufferSize: null, WindowSize: null, CursorPosition: null });
    g.setLocal('Host', new PSObject({ Name: 'ConsoleHost', Version: new PSVersion('5.1.19041.1'), UI: new PSObject({ RawUI: rawUI }), CurrentCulture: 'en-US', CurrentUICulture: 'en-US' }));
    g.setLocal('IsWindows', null);
  }

  /** The current location as PowerShell shows it: C:\x when the directory lies under a mapped drive, else POSIX. */
  location(): string {
    return displayPath(currentDirectory());
  }

  resolvePath(p: string): string {
    return driveResolve(p);
  }

  /** Writes an error record to stderr (NormalView). */
  writeErrorRecord(rec: ErrorRecord): void {
    this.out.flush();
    this.progress?.clear();
    const text = formatErrorRecord(rec);
    const err = host().stderr;
    // On a console 5.1 wraps error text at the window width, mid-word; redirected output keeps whole lines.
    const width = err.isTTY ? err.columns : undefined;
    if (width && width > 10) {
      const wrapped = text.split('\n').flatMap((l) => {
        const parts: string[] = [];
        for (let i = 0; i < l.length; i += width) parts.push(l.slice(i, i + width));
        return parts.length ? parts : [''];
      });
      err.write(wrapped.join('\n'));
    } else err.write(text);
  }

  hostWrite(text: string): void {
    this.out.flush();
    this.progress?.clear();
    host().stdout.write(text);
  }

  recordError(rec: ErrorRecord): void {
    this.errors.unshift(rec);
    if (this.errors.length > 256) this.errors.length = 256;
  }
}

/** Maps a host path back to a drive path (C:\...) when it lies under a drive root. */
export function displayPath(p: string): string {
  const path = host().path;
  for (const letter of 'CDEFGHIJKLMNOPQRSTUVWXYZAB') {
    let root: string;
    try {
      root = driveRoot(letter);
    } catch {
      continue;
    }
    if (p === root || p.startsWith(root + path.sep)) {
      const rest = p.slice(root.length).split(path.sep).filter(Boolean).join('\\');
      return `${letter}:\\${rest}`;
    }
  }
  return p;
}

export type { AstNode, SourceText };
