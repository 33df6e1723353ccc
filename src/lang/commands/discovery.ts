/*
 * Command discovery: what a command name stands for, looked up in PowerShell's order (alias, function, cmdlet, then
 * script files and native programs on the path), and the CommandInfo objects Get-Command returns for it.
 *
 * Cmdlets, aliases and module functions come from the session's command table (registry.ts: the modules the
 * runspace was given); the engine knows none of them by name. A module's script function is parsed on its first use.
 */
import type { CommandAst, SourceText } from '../syntax/ast';
import { PSRuntimeError, makeError } from '../runtime/errors';
import { PSHashtable, PSObject, ScriptBlock } from '../types/values';
import type { CommandInfo, ParameterDefinition } from './cmdlet';
import type { ExecutionContext } from '../runtime/context';
import type { CommandTable } from './registry';
import { host } from '../../platform/host';
import { parseScript } from '../syntax/parser';
import { withCommon } from './command-processor';

function isExecutable(p: string): boolean {
  try {
    const st = host().fs.statSync(p);
    return st.isFile() && (st.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function findInPath(name: string): string | undefined {
  const path = host().env.PATH ?? '';
  const candidates = [name];
  if (/\.(exe|com|bat|cmd)$/i.test(name)) candidates.push(name.replace(/\.(exe|com|bat|cmd)$/i, ''));
  for (const dir of path.split(':')) {
    if (!dir) continue;
    for (const c of candidates) {
      const full = host().path.join(dir, c);
      if (isExecutable(full)) return full;
    }
  }
  return undefined;
}

/** A module's script function (registry.ts), parsed on its first use in this session. */
function moduleFunction(name: string, ec: ExecutionContext): CommandInfo | undefined {
  const f = ec.session.commands.findFunction(name);
  if (!f) return undefined;
  let body = ec.session.moduleFunctions.get(f.name);
  if (!body) {
    const source: SourceText = { text: f.text };
    body = new ScriptBlock(parseScript(source), source);
    ec.session.moduleFunctions.set(f.name, body);
  }
  return { kind: 'function', name: f.name, body, filter: false };
}

/** Resolves a command name the way PowerShell does: alias, function, cmdlet, then scripts and programs. */
export function resolveCommand(name: string, ec: ExecutionContext, seen = new Set<string>()): CommandInfo | undefined {
  const lower = name.toLowerCase();
  const alias = ec.session.aliases.get(lower);
  if (alias && !seen.has(lower)) {
    seen.add(lower);
    return resolveCommand(alias, ec, seen);
  }
  const fn = ec.scope.lookupFunction(name);
  if (fn) return { kind: 'function', name: fn.name, body: fn.body, filter: fn.filter };
  const table = ec.session.commands;
  const moduleFn = moduleFunction(name, ec);
  if (moduleFn) return moduleFn;
  const def = table.findCmdlet(name);
  if (def) return { kind: 'cmdlet', name: def.name, def };
  // Module-qualified names: Dism\Export-WindowsImage.
  const q = /^[\w.]+\\([\w-]+)$/.exec(name);
  if (q) {
    const d = table.findCmdlet(q[1]);
    if (d) return { kind: 'cmdlet', name: d.name, def: d };
  }
  const front = table.nativeFrontEnd(name.replace(/^.*[\\/]/, ''));
  if (front) return { kind: 'native-frontend', name, def: front };
  if (/[\\/]/.test(name) || /\.ps1$/i.test(name)) {
    const p = ec.session.resolvePath(name);
    if (/\.ps1$/i.test(name)) {
      try {
        if (host().fs.statSync(p).isFile()) return { kind: 'script', name, path: p, display: name };
      } catch {
        /* not found */
      }
      return undefined;
    }
    if (isExecutable(p)) return { kind: 'external', name, path: p };
    return undefined;
  }
  const ext = findInPath(name);
  if (ext) return { kind: 'external', name, path: ext };
  return undefined;
}

export function commandNotFound(name: string, ec: ExecutionContext, node: CommandAst): PSRuntimeError {
  const rec = makeError(
    `The term '${name}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`,
    'CommandNotFoundException',
    'ObjectNotFound',
    'CommandNotFoundException',
    name,
  );
  rec.exception.fullName = 'System.Management.Automation.CommandNotFoundException';
  rec.exception.baseTypes = ['System.Management.Automation.RuntimeException', 'System.Exception'];
  rec.activity = '';
  rec.invocation = { source: ec.source, start: node.name.start, end: node.name.end, commandName: name };
  return new PSRuntimeError(rec);
}

/**
 * CommandInfo.ParameterSets: a CommandParameterSetInfo per set the parameters name (one '__AllParameterSets' when
 * none does), each listing the parameters in it (those of every set included) with their per-set flags.
 */
function parameterSets(defaultSet: string | undefined, params: readonly ParameterDefinition[], typeObject: (p: ParameterDefinition) => PSObject): PSObject[] {
  const names: string[] = [];
  for (const p of params) for (const n of Object.keys(p.sets ?? {})) if (!names.includes(n)) names.push(n);
  if (!names.length) names.push('__AllParameterSets');
  return names.map((name) => {
    const members = params.filter((p) => !p.sets || name in p.sets);
    const list = members.map((p) => {
      const flags = p.sets?.[name] ?? p;
      return new PSObject(
        {
          Name: p.name,
          ParameterType: typeObject(p),
          IsMandatory: !!flags.mandatory,
          IsDynamic: false,
          Position: flags.position ?? -2147483648,
          ValueFromPipeline: !!flags.valueFromPipeline,
          ValueFromPipelineByPropertyName: !!flags.valueFromPipelineByPropertyName,
          ValueFromRemainingArguments: !!p.valueFromRemainingArguments,
          HelpMessage: flags.helpMessage ?? null,
          Aliases: p.aliases ?? [],
          Attributes: [],
        },
        ['System.Management.Automation.CommandParameterInfo', 'System.Object'],
      );
    });
    const o = new PSObject({ Name: name, IsDefault: name === defaultSet, Parameters: list }, ['System.Management.Automation.CommandParameterSetInfo', 'System.Object']);
    (o as unknown as { toStringValue: string }).toStringValue = name;
    return o;
  });
}

/** A CommandInfo object as Get-Command returns it. */
export function commandInfoObject(info: CommandInfo, table: CommandTable): PSObject {
  if (info.kind === 'cmdlet' || info.kind === 'native-frontend') {
    const def = info.def;
    // The module and its version come from the registry's manifests; a definition may name its module itself.
    const moduleName = def.module ?? table.moduleOf(def.name)?.name ?? '';
    const params = new PSHashtable();
    const all = withCommon(def);
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fullTypeName = (require('../binding/binder') as typeof import('../binding/binder')).fullTypeName;
    const typeObject = (p: ParameterDefinition) => {
      const full = fullTypeName(p.type);
      const t = new PSObject({ FullName: full, Name: full.slice(full.lastIndexOf('.') + 1) }, ['System.RuntimeType', 'System.Type', 'System.Object']);
      (t as unknown as { toStringValue: string }).toStringValue = full;
      return t;
    };
    for (const p of all) {
      const full = fullTypeName(p.type);
      const t = typeObject(p);
      params.set(
        p.name,
        new PSObject(
          {
            Name: p.name,
            ParameterType: t,
            ParameterSets: p.sets ? Object.keys(p.sets) : ['__AllParameterSets'],
            IsDynamic: false,
            Aliases: p.aliases ?? [],
            Attributes: [],
            SwitchParameter: full === 'System.Management.Automation.SwitchParameter',
          },
          ['System.Management.Automation.ParameterMetadata', 'System.Object'],
        ),
      );
    }
    const o = new PSObject(
      {
        CommandType: 'Cmdlet',
        Name: def.name,
        Version: table.moduleVersion(moduleName) ?? '',
        Source: moduleName,
        ModuleName: moduleName,
        ImplementingType: def.className,
        Parameters: params,
        ParameterSets: parameterSets(def.defaultParameterSetName, all, typeObject),
        DefaultParameterSet: def.defaultParameterSetName ?? null,
        OutputType: def.outputType ?? [],
        Definition: def.name,
      },
      ['System.Management.Automation.CmdletInfo', 'System.Management.Automation.CommandInfo', 'System.Object'],
    );
    (o as unknown as { toStringValue: string }).toStringValue = def.name;
    return o;
  }
  const o = new PSObject(
    {
      CommandType: info.kind === 'function' ? 'Function' : info.kind === 'script' ? 'ExternalScript' : 'Application',
      Name: info.name,
      Version: '',
      Source: info.kind === 'external' || info.kind === 'script' ? info.path : '',
      Definition: info.kind === 'function' ? info.body.text : info.kind === 'external' ? info.path : info.name,
    },
    ['System.Management.Automation.CommandInfo', 'System.Object'],
  );
  (o as unknown as { toStringValue: string }).toStringValue = info.name;
  return o;
}
