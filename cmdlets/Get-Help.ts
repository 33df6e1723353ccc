/*
 * Get-Help: the help text of a command from its metadata (synopsis, syntax generated from the parameter sets,
 * description, parameters, examples). Cmdlets with a localized help file (cmdlets/help/<Name>.help.ts) use it in
 * the session's culture ($PSUICulture or LANG: zh-* picks zh-CN, else en-US).
 */
import type { CmdletContext, CmdletDefinition, ParameterDefinition } from '../src/lang/cmdlet';
import { host } from '../src/host/host';
import { toStr } from '../src/lang/convert';
import { findCmdlet } from '../src/lang/commands';
import { fullTypeName, isSwitch, ALL_SETS } from '../src/lang/binder';
import { sw } from './_common';

interface HelpText {
  synopsis: string;
  description: string[];
  parameters: Record<string, string>;
  examples: { title: string; code: string; remarks?: string }[];
  inputs?: string[];
  outputs?: string[];
  relatedLinks?: string[];
}

function localized(def: CmdletDefinition, ctx: CmdletContext): HelpText {
  const culture = toStr(ctx.getVariable('PSUICulture') ?? host().env.LANG ?? 'en-US');
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require(`./help/${def.name}.help`) as { help: Record<string, HelpText> };
    const t = /^zh/i.test(culture) ? mod.help['zh-CN'] : mod.help['en-US'];
    if (t) return t;
  } catch {
    /* no help file: the metadata's own text */
  }
  return {
    synopsis: def.help?.synopsis ?? def.name,
    description: def.help?.description ? [def.help.description] : [],
    parameters: Object.fromEntries(def.parameters.map((p) => [p.name, p.description ?? ''])),
    examples: def.help?.examples ?? [],
    inputs: def.help?.inputs,
    outputs: def.help?.outputs,
    relatedLinks: def.help?.relatedLinks,
  };
}

function typeLabel(p: ParameterDefinition): string {
  const full = fullTypeName(p.type);
  return full.slice(full.lastIndexOf('.') + 1);
}

/** One syntax line per parameter set, parameters in declaration order. */
export function syntaxLines(def: CmdletDefinition): string[] {
  const sets = new Set<string>();
  for (const p of def.parameters) for (const s of Object.keys(p.sets ?? {})) if (s !== ALL_SETS) sets.add(s);
  const names = sets.size ? [...sets] : [ALL_SETS];
  return names.map((set) => {
    const parts: string[] = [];
    const inSet = def.parameters.filter((p) => !p.sets || set in p.sets || ALL_SETS in p.sets);
    const flags = (p: ParameterDefinition) => ({ ...p, ...(p.sets?.[set] ?? p.sets?.[ALL_SETS] ?? {}) });
    const positional = inSet.filter((p) => flags(p).position !== undefined).sort((a, b) => flags(a).position! - flags(b).position!);
    for (const p of [...positional, ...inSet.filter((x) => !positional.includes(x))]) {
      const f = flags(p);
      if (isSwitch(p)) {
        parts.push(f.mandatory ? `-${p.name}` : `[-${p.name}]`);
        continue;
      }
      const name = f.position !== undefined ? `[-${p.name}]` : `-${p.name}`;
      const val = p.validateSet ? `{${p.validateSet.join(' | ')}}` : `<${typeLabel(p)}>`;
      parts.push(f.mandatory ? `${name} ${val}` : `[${name} ${val}]`);
    }
    if (def.supportsShouldProcess) parts.push('[-WhatIf]', '[-Confirm]');
    parts.push('[<CommonParameters>]');
    return `${def.name} ${parts.join(' ')}`;
  });
}

const indent = (s: string, n = 4) => s.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');

export const cmdlet: CmdletDefinition = {
  name: 'Get-Help',
  className: 'Microsoft.PowerShell.Commands.GetHelpCommand',
  module: 'Microsoft.PowerShell.Core',
  defaultParameterSetName: 'AllUsersView',
  parameters: [
    { name: 'Name', type: 'String', position: 0, valueFromPipelineByPropertyName: true, description: 'The command to describe.' },
    { name: 'Full', type: 'SwitchParameter', sets: { AllUsersView: {} }, description: 'Everything, with parameter details.' },
    { name: 'Detailed', type: 'SwitchParameter', sets: { DetailedView: { mandatory: true } }, description: 'Parameter descriptions and examples.' },
    { name: 'Examples', type: 'SwitchParameter', sets: { Examples: { mandatory: true } }, description: 'Only the examples.' },
    { name: 'Parameter', type: 'String', sets: { Parameters: { mandatory: true } }, description: 'One parameter.' },
    { name: 'Online', type: 'SwitchParameter', sets: { Online: { mandatory: true } }, description: 'Not available here.' },
  ],
  help: { synopsis: 'Displays information about PowerShell commands.' },
  async process(ctx) {
    const name = ctx.params.Name === undefined ? 'Get-Help' : toStr(ctx.params.Name);
    const def = findCmdlet(name);
    if (!def) {
      ctx.writeError(
        ctx.error(
          `Get-Help could not find ${name} in a help file in this session. To download updated help topics type: "Update-Help". To get help online, search for the help topic in the TechNet library at https:/go.microsoft.com/fwlink/?LinkID=107116.`,
          'HelpNotFound',
          'ResourceUnavailable',
          'HelpNotFoundException',
          name,
        ),
      );
      return;
    }
    const t = localized(def, ctx);
    const out: string[] = [];
    if (ctx.params.Parameter !== undefined) {
      const want = toStr(ctx.params.Parameter).toLowerCase();
      for (const p of def.parameters.filter((x) => x.name.toLowerCase() === want || x.name.toLowerCase().startsWith(want))) out.push(paramBlock(p, t));
      await ctx.writeObject(out.join('\n'));
      return;
    }
    if (sw(ctx, 'Examples')) {
      out.push('', 'NAME', indent(def.name), '', 'SYNOPSIS', indent(t.synopsis), '');
      for (const e of t.examples) out.push(indent(`-------------------------- ${e.title} --------------------------`), '', indent(e.code), '', indent(e.remarks ?? ''), '');
      await ctx.writeObject(out.join('\n'));
      return;
    }
    const full = sw(ctx, 'Full') || sw(ctx, 'Detailed');
    out.push('', 'NAME', indent(def.name), '', 'SYNOPSIS', indent(t.synopsis), '', '', 'SYNTAX');
    for (const l of syntaxLines(def)) out.push(indent(l), '');
    out.push('', 'DESCRIPTION', indent(t.description.join('\n\n')), '');
    if (full) {
      out.push('', 'PARAMETERS');
      for (const p of def.parameters) out.push(paramBlock(p, t));
      out.push(indent('<CommonParameters>'), indent('This cmdlet supports the common parameters: Verbose, Debug, ErrorAction, ErrorVariable, WarningAction, WarningVariable, OutBuffer, PipelineVariable, and OutVariable.', 8), '');
      if (t.inputs?.length) out.push('INPUTS', ...t.inputs.map((x) => indent(x)), '');
      if (t.outputs?.length) out.push('OUTPUTS', ...t.outputs.map((x) => indent(x)), '');
      for (const e of t.examples) out.push(indent(`-------------------------- ${e.title} --------------------------`), '', indent(e.code), '', indent(e.remarks ?? ''), '');
    }
    if (t.relatedLinks?.length) out.push('', 'RELATED LINKS', ...t.relatedLinks.map((x) => indent(x)), '');
    if (!full)
      out.push('REMARKS', indent(`To see the examples, type: "get-help ${def.name} -examples".`), indent(`For more information, type: "get-help ${def.name} -detailed".`), indent(`For technical information, type: "get-help ${def.name} -full".`));
    await ctx.writeObject(out.join('\n'));
  },
};

function paramBlock(p: ParameterDefinition, t: HelpText): string {
  const sets = p.sets ? Object.values(p.sets) : [p];
  const required = sets.some((s) => s.mandatory);
  const pos = sets.find((s) => s.position !== undefined)?.position;
  const byValue = sets.some((s) => s.valueFromPipeline) || p.valueFromPipeline;
  const byName = sets.some((s) => s.valueFromPipelineByPropertyName) || p.valueFromPipelineByPropertyName;
  const pipe = byValue && byName ? 'True (ByValue, ByPropertyName)' : byValue ? 'True (ByValue)' : byName ? 'True (ByPropertyName)' : 'False';
  return [
    indent(`-${p.name}${isSwitch(p) ? ' [<SwitchParameter>]' : ` <${typeLabel(p)}>`}`),
    indent(t.parameters[p.name] ?? p.description ?? '', 8),
    '',
    indent(`Required?                    ${required}`, 8),
    indent(`Position?                    ${pos === undefined ? 'named' : pos + 1}`, 8),
    indent('Default value', 8),
    indent(`Accept pipeline input?       ${pipe}`, 8),
    indent('Accept wildcard characters?  false', 8),
    indent(`Aliases                      ${(p.aliases ?? []).join(', ')}`, 8),
    '',
  ].join('\n');
}
