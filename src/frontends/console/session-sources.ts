/*
 * The completion engine's sources over a live session: command names from the registry's modules, the session's
 * aliases and functions and dism.exe; parameters from the compiled metadata the binder uses (with the common
 * parameters), ValidateSet and enum values, and the cmdlets' own argument completers (cmdlets/Dism names the images of
 * the WIM on the line); variables and their members from the session's scopes and the .NET member tables; directory
 * listings through the drive map, relative to the current location.
 */
import { host } from '../../platform/host';
import type { Session } from '../../lang/runtime/session';
import { currentDirectory } from '../../vfs/drives';
import type { CmdletDefinition } from '../../lang/commands/cmdlet';
import { compiledCommand, fullType } from '../../lang/binding/compiled';
import { withCommon } from '../../lang/commands/command-processor';
import { enumTypes, PSHashtable, PSObject, ScriptBlock } from '../../lang/types/values';
import { getProperty, instanceTables, OBJECT_MEMBERS } from '../../lang/types/members';
import type { CompletionSources, ParameterInfo, PathEntry } from './completion';

/** How DISM's documentation spells the option aliases dism-exe keys in lower case. */
const DISM_SPELLING: Readonly<Record<string, string>> = { wimfile: 'WimFile' };

/** The cmdlet (or native front end) a typed command name stands for, following aliases. */
function cmdletOf(session: Session, name: string): CmdletDefinition | undefined {
  let n = name;
  for (let i = 0; i < 8; i++) {
    const target = session.aliases.get(n.toLowerCase());
    if (!target) break;
    n = target;
  }
  if (session.global.lookupFunction(n)) return undefined;
  const table = session.commands;
  return table.findCmdlet(n.replace(/^[\w.]+\\/, '')) ?? undefined;
}

function cmdletParameters(def: CmdletDefinition): ParameterInfo[] {
  const compiled = compiledCommand({ name: def.name, errorSuffix: def.className, isCmdlet: true, parameters: withCommon(def) });
  return compiled.params
    .filter((p) => !p.def.dontShow)
    .map((p) => {
      const type = fullType(p) ?? '';
      const en = enumTypes.get(type.toLowerCase());
      const values = p.def.validateSet ?? en?.members.map(([n]) => n);
      return { name: p.name, aliases: p.def.aliases ?? [], isSwitch: p.isSwitch, values };
    });
}

function functionParameters(body: ScriptBlock): ParameterInfo[] {
  return (body.ast.param?.parameters ?? []).map((p) => ({
    name: p.name,
    aliases: [],
    isSwitch: p.attributes.some((a) => a.type === 'TypeConstraint' && /^switch(parameter)?$/i.test(a.name)),
  }));
}

/** Member names of a value: its own properties (PSObject, hashtable keys), then its .NET type's table. */
function memberNames(v: unknown): string[] {
  const out: string[] = [];
  if (v instanceof PSObject) out.push(...v.names());
  if (v instanceof PSHashtable) for (const k of v.keys()) if (typeof k === 'string') out.push(k);
  const table = instanceTables.find((t) => t !== OBJECT_MEMBERS && hasType(t.typeName, v)) ?? OBJECT_MEMBERS;
  for (let t: typeof table | undefined = table; t; t = t.base) {
    for (const r of t.properties.values()) out.push(r.name);
    for (const r of t.methods.values()) out.push(r.name + '(');
  }
  return out;
}

/** Whether a member table describes `v` (the same dispatch getProperty makes, by the table's .NET name). */
function hasType(typeName: string, v: unknown): boolean {
  switch (typeName) {
    case 'System.String':
      return typeof v === 'string';
    case 'System.Int32':
      return typeof v === 'number';
    case 'System.Boolean':
      return typeof v === 'boolean';
    case 'System.Collections.Hashtable':
      return v instanceof PSHashtable;
    case 'System.Object[]':
      return Array.isArray(v);
    case 'System.DateTime':
      return v instanceof Date;
    case 'System.Management.Automation.ScriptBlock':
      return v instanceof ScriptBlock;
    default:
      return false;
  }
}

export function sessionSources(session: Session): CompletionSources {
  const fs = host().fs;
  return {
    commands() {
      const table = session.commands;
      const names = [...table.cmdletNames(), ...session.aliases.keys()];
      for (let s: typeof session.global | undefined = session.global; s; s = s.parent) for (const f of s.functions.values()) names.push(f.name);
      if (table.nativeFrontEnd('dism.exe')) names.push('dism.exe');
      return names;
    },
    scripts() {
      try {
        return fs.readdirSync(currentDirectory()).filter((n) => /\.ps1$/i.test(n));
      } catch {
        return [];
      }
    },
    parameters(command) {
      const fn = session.global.lookupFunction(session.aliases.get(command.toLowerCase()) ?? command);
      if (fn) return functionParameters(fn.body);
      const def = cmdletOf(session, command);
      return def ? cmdletParameters(def) : undefined;
    },
    argumentValues(command, parameter, word, bound) {
      const def = cmdletOf(session, command);
      const p = def?.parameters.find((x) => x.name === parameter);
      if (!p?.argumentCompleter) return undefined;
      try {
        return p.argumentCompleter(word, bound, (t) => session.resolvePath(t));
      } catch {
        return undefined;
      }
    },
    nativeOptions(command, before) {
      if (!/^dism(\.exe)?$/i.test(command.replace(/^.*[\\/]/, '')) || !session.commands.nativeFrontEnd('dism.exe')) return undefined;
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const { IMAGING_VERBS, SERVICING_VERBS } = require('../dism-exe/verbs') as typeof import('../dism-exe/verbs');
      const typed = new Set(before.filter((w) => w.startsWith('/')).map((w) => w.slice(1).replace(/:.*$/, '').toLowerCase()));
      const verb = IMAGING_VERBS.find((v) => v.names.some((n) => typed.has(n.toLowerCase())));
      // The global options dism.exe takes with any verb.
      const globals = ['/LogPath:', '/LogLevel:', '/ScratchDir:', '/English', '/Quiet', '/NoRestart'];
      if (!verb) return [...IMAGING_VERBS.map((v) => '/' + v.names[0]), ...SERVICING_VERBS.map((n) => '/' + n), ...globals];
      // The verb's options, and the other spellings it takes (`/WimFile:` for `/ImageFile:`).
      const aliases = Object.keys(verb.optionAliases ?? {}).map((key) => {
        const target = (verb.optionAliases as Record<string, string>)[key];
        const a = DISM_SPELLING[key] ?? key;
        return verb.switches.includes(target) ? '/' + a : `/${a}:`;
      });
      return [...verb.values.map((o) => `/${o}:`), ...verb.switches.map((o) => '/' + o), ...aliases, ...globals];
    },
    variables() {
      const names: string[] = [];
      for (let s: typeof session.global | undefined = session.global; s; s = s.parent) for (const v of s.vars.values()) names.push(v.name);
      for (const k of Object.keys(host().env)) names.push('env:' + k);
      return names;
    },
    members(variable, path) {
      const v = session.global.lookup(variable);
      if (!v) return undefined;
      let value = v.value;
      for (const m of path) value = getProperty(value, m);
      if (value === null || value === undefined) return undefined;
      return memberNames(value);
    },
    listDirectory(dir): PathEntry[] | undefined {
      const where = dir === '' ? currentDirectory() : session.resolvePath(dir);
      try {
        return fs.readdirEntries(where).map((e) => {
          let isDirectory = e.isDirectory();
          if (e.isSymbolicLink()) {
            try {
              isDirectory = fs.statSync(host().path.join(where, e.name)).isDirectory();
            } catch {
              /* a dangling link is a file */
            }
          }
          return { name: e.name, isDirectory };
        });
      } catch {
        return undefined;
      }
    },
  };
}
