/*
 * Get-Help's text, laid out as Windows PowerShell 5.1 prints a cmdlet's help: NAME, SYNOPSIS, SYNTAX (generated from
 * the parameter metadata: one line per parameter set), DESCRIPTION, RELATED LINKS, REMARKS; -Detailed adds the
 * parameters' descriptions and the examples, -Full the parameter attribute blocks (Required?, Position?, Default
 * value, Accept pipeline input?, Accept wildcard characters?), INPUTS, OUTPUTS and NOTES; -Examples shows the
 * examples only; -Parameter one block per matching parameter.
 *
 * The text of a cmdlet's help is its `help` in the user's UI culture when it has one (zh-CN for Export-WindowsImage,
 * from cmdlets/Dism/Export-WindowsImage.help.ts), else its en-US text; what a text leaves out comes from the metadata
 * (a parameter's `description`, the cmdlet's `outputType`).
 */
import type { CmdletDefinition, HelpCulture, HelpText, ParameterDefinition } from './cmdlet';
import { enumTypes } from '../types/values';

export type { HelpText, HelpCulture } from './cmdlet';
export type HelpMode = 'default' | 'detailed' | 'full' | 'examples';

interface Labels {
  name: string;
  synopsis: string;
  syntax: string;
  description: string;
  parameters: string;
  inputs: string;
  outputs: string;
  notes: string;
  related: string;
  remarks: string;
  online: string;
  required: string;
  position: string;
  defaultValue: string;
  pipeline: string;
  wildcard: string;
  common: string[];
  remarkLines: (n: string) => string[];
}

const LABELS: Record<HelpCulture, Labels> = {
  'en-US': {
    name: 'NAME',
    synopsis: 'SYNOPSIS',
    syntax: 'SYNTAX',
    description: 'DESCRIPTION',
    parameters: 'PARAMETERS',
    inputs: 'INPUTS',
    outputs: 'OUTPUTS',
    notes: 'NOTES',
    related: 'RELATED LINKS',
    remarks: 'REMARKS',
    online: 'Online Version:',
    required: 'Required?',
    position: 'Position?',
    defaultValue: 'Default value',
    pipeline: 'Accept pipeline input?',
    wildcard: 'Accept wildcard characters?',
    common: [
      'This cmdlet supports the common parameters: Verbose, Debug,',
      'ErrorAction, ErrorVariable, WarningAction, WarningVariable,',
      'OutBuffer, PipelineVariable, and OutVariable. For more information, see',
      'about_CommonParameters (https:/go.microsoft.com/fwlink/?LinkID=113216).',
    ],
    remarkLines: (n) => [
      `To see the examples, type: "get-help ${n} -examples".`,
      `For more information, type: "get-help ${n} -detailed".`,
      `For technical information, type: "get-help ${n} -full".`,
      `For online help, type: "get-help ${n} -online"`,
    ],
  },
  'zh-CN': {
    name: '名称',
    synopsis: '摘要',
    syntax: '语法',
    description: '说明',
    parameters: '参数',
    inputs: '输入',
    outputs: '输出',
    notes: '注释',
    related: '相关链接',
    remarks: '备注',
    online: '联机版本:',
    required: '是否必需?',
    position: '位置?',
    defaultValue: '默认值',
    pipeline: '是否接受管道输入?',
    wildcard: '是否接受通配符?',
    common: [
      '此 cmdlet 支持通用参数: Verbose、Debug、',
      'ErrorAction、ErrorVariable、WarningAction、WarningVariable、',
      'OutBuffer、PipelineVariable 和 OutVariable。有关详细信息，请参阅',
      'about_CommonParameters (https:/go.microsoft.com/fwlink/?LinkID=113216)。',
    ],
    remarkLines: (n) => [
      `若要查看示例，请键入: "get-help ${n} -examples".`,
      `有关详细信息，请键入: "get-help ${n} -detailed".`,
      `若要获取技术信息，请键入: "get-help ${n} -full".`,
      `有关在线帮助，请键入: "get-help ${n} -online"`,
    ],
  },
};

/** The UI culture: $PSUICulture when set, else LC_ALL / LC_MESSAGES / LANG (zh_CN.UTF-8 -> zh-CN); en-US otherwise. */
export function helpCulture(psUICulture: unknown, env: Record<string, string | undefined>): HelpCulture {
  const candidates = [psUICulture === undefined || psUICulture === null ? '' : String(psUICulture), env.LC_ALL ?? '', env.LC_MESSAGES ?? '', env.LANG ?? ''];
  for (const c of candidates) {
    if (!c) continue;
    const tag = c.split('.')[0].replace('_', '-').toLowerCase();
    if (tag === 'zh-cn' || tag === 'zh-hans' || tag === 'zh-hans-cn' || tag === 'zh') return 'zh-CN';
    if (tag === 'c' || tag === 'posix') continue;
    return 'en-US';
  }
  return 'en-US';
}

/** A help text with every section filled in: what Get-Help lays out. */
export type ResolvedHelpText = Required<Omit<HelpText, 'defaults' | 'onlineVersion'>> & Pick<HelpText, 'defaults' | 'onlineVersion'>;

const NO_HELP: HelpText = { synopsis: '' };

/** The help text of a cmdlet in a culture (else en-US), its sections filled from the metadata where it says nothing. */
export function helpText(def: CmdletDefinition, culture: HelpCulture): ResolvedHelpText {
  const t = def.help?.[culture] ?? def.help?.['en-US'];
  const h = t ?? NO_HELP;
  return {
    synopsis: t ? t.synopsis : def.name,
    description: h.description ?? [],
    parameters: h.parameters ?? {},
    examples: h.examples ?? [],
    inputs: h.inputs ?? [],
    outputs: h.outputs ?? def.outputType ?? [],
    notes: h.notes ?? [],
    relatedLinks: h.relatedLinks ?? [],
    defaults: h.defaults,
    onlineVersion: h.onlineVersion,
  };
}

const ALL_SETS = '__AllParameterSets';

/** The parameters help shows, by name (as the Dism module's help lists them). */
function visible(def: CmdletDefinition): ParameterDefinition[] {
  return def.parameters.filter((p) => !p.dontShow).sort((a, b) => a.name.localeCompare(b.name));
}

/** The parameter sets of a cmdlet, the default one first (one unnamed set when no parameter names a set). */
export function parameterSets(def: CmdletDefinition): string[] {
  const names = new Set<string>();
  for (const p of def.parameters) for (const s of Object.keys(p.sets ?? {})) if (s !== ALL_SETS) names.add(s);
  const sets = [...names].sort((a, b) => a.localeCompare(b));
  if (!sets.length) return [ALL_SETS];
  const d = def.defaultParameterSetName;
  return d && sets.includes(d) ? [d, ...sets.filter((s) => s !== d)] : sets;
}

function flagsIn(p: ParameterDefinition, set: string): { mandatory: boolean; position?: number; byValue: boolean; byName: boolean } | undefined {
  let f: { mandatory?: boolean; position?: number; valueFromPipeline?: boolean; valueFromPipelineByPropertyName?: boolean } | undefined;
  if (!p.sets) f = {};
  else if (p.sets[set]) f = p.sets[set];
  else if (p.sets[ALL_SETS]) f = p.sets[ALL_SETS];
  else if (set === ALL_SETS) f = Object.values(p.sets)[0];
  if (!f) return undefined;
  return {
    mandatory: !!(f.mandatory ?? p.mandatory),
    position: f.position ?? p.position,
    byValue: !!(f.valueFromPipeline ?? p.valueFromPipeline),
    byName: !!(f.valueFromPipelineByPropertyName ?? p.valueFromPipelineByPropertyName),
  };
}

function isSwitch(p: ParameterDefinition): boolean {
  return p.type === 'SwitchParameter';
}

/** `<String>`, `<UInt32>`, or an enum's members `{Errors | Warnings | ...}`. */
function syntaxType(p: ParameterDefinition): string {
  const e = enumTypes.get(p.type.toLowerCase());
  if (e) return `{${e.members.map((m) => m[0]).join(' | ')}}`;
  return `<${shortType(p.type)}>`;
}

function shortType(t: string): string {
  return t.slice(t.lastIndexOf('.') + 1);
}

/** One syntax line per parameter set: positional parameters first (by position), then the others by name. */
export function syntaxLines(def: CmdletDefinition): string[] {
  return parameterSets(def).map((set) => {
    const ps = visible(def)
      .map((p) => ({ p, f: flagsIn(p, set) }))
      .filter((x) => x.f !== undefined) as { p: ParameterDefinition; f: NonNullable<ReturnType<typeof flagsIn>> }[];
    const positional = ps.filter((x) => x.f.position !== undefined).sort((a, b) => a.f.position! - b.f.position!);
    const named = ps.filter((x) => x.f.position === undefined).sort((a, b) => a.p.name.localeCompare(b.p.name));
    const parts = [...positional, ...named].map(({ p, f }) => {
      if (isSwitch(p)) return f.mandatory ? `-${p.name}` : `[-${p.name}]`;
      const name = f.position !== undefined ? `[-${p.name}]` : `-${p.name}`;
      const one = `${name} ${syntaxType(p)}`;
      return f.mandatory ? one : `[${one}]`;
    });
    if (def.supportsShouldProcess) parts.push('[-WhatIf]', '[-Confirm]');
    parts.push('[<CommonParameters>]');
    return `${def.name} ${parts.join(' ')}`;
  });
}

/** Columns a text takes on a terminal: CJK and full-width characters take two (the zh-CN labels align). */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ? 2 : 1;
  }
  return w;
}

function indent(lines: string[], n: number): string[] {
  const pad = ' '.repeat(n);
  return lines.map((l) => (l ? pad + l : ''));
}

/** The attribute block of -Full and -Parameter. */
function parameterBlock(def: CmdletDefinition, p: ParameterDefinition, text: ResolvedHelpText, L: Labels, withAttributes: boolean): string[] {
  const head = isSwitch(p) ? `-${p.name} [<SwitchParameter>]` : `-${p.name} <${shortType(p.type)}>`;
  const desc = text.parameters[p.name] ?? p.description ?? '';
  const out = [head, ...indent(desc ? desc.split('\n') : [], 4), ''];
  if (!withAttributes) return out;
  const sets = parameterSets(def)
    .map((s) => flagsIn(p, s))
    .filter((f): f is NonNullable<ReturnType<typeof flagsIn>> => f !== undefined);
  const mandatory = sets.some((f) => f.mandatory);
  const pos = sets.find((f) => f.position !== undefined)?.position;
  const byValue = sets.some((f) => f.byValue);
  const byName = sets.some((f) => f.byName);
  const pipeline = byValue || byName ? `True (${[byValue ? 'ByValue' : '', byName ? 'ByPropertyName' : ''].filter(Boolean).join(', ')})` : 'False';
  const dflt = text.defaults?.[p.name] ?? (p.default !== undefined ? String(p.default) : isSwitch(p) ? 'False' : 'None');
  const row = (label: string, value: string) => `    ${label}${' '.repeat(Math.max(1, 29 - displayWidth(label)))}${value}`;
  out.push(
    row(L.required, mandatory ? 'true' : 'false'),
    row(L.position, pos !== undefined ? String(pos) : 'named'),
    row(L.defaultValue, dflt),
    row(L.pipeline, pipeline),
    row(L.wildcard, 'false'),
    '',
  );
  return out;
}

function section(title: string, body: string[]): string[] {
  return [title, ...indent(body, 4), ''];
}

function examplesBlock(text: ResolvedHelpText): string[] {
  const out: string[] = [];
  for (const e of text.examples) {
    const title = /^-+/.test(e.title) ? e.title : `---------- ${e.title} ----------`;
    const code = /^PS [^>]*>/.test(e.code) ? e.code : `PS C:\\>${e.code}`;
    out.push(title, '', ...code.split('\n'), '');
    if (e.remarks) out.push(...e.remarks.split('\n'), '');
  }
  return indent(out, 4);
}

/** The address of a cmdlet's online help (the Dism module's pages on learn.microsoft.com). */
export function onlineUri(def: CmdletDefinition, text?: ResolvedHelpText): string | undefined {
  return text?.onlineVersion ?? (def.module === 'Dism' ? `https://learn.microsoft.com/powershell/module/dism/${def.name.toLowerCase()}` : undefined);
}

function relatedLinks(def: CmdletDefinition, text: ResolvedHelpText, L: Labels): string[] {
  const online = onlineUri(def, text);
  return [...(online ? [`${L.online} ${online}`] : []), ...text.relatedLinks];
}

/** The whole help text of a cmdlet in one of Get-Help's views. */
export function renderHelp(def: CmdletDefinition, culture: HelpCulture, mode: HelpMode): string {
  const L = LABELS[culture];
  const text = helpText(def, culture);
  const out: string[] = [''];
  out.push(...section(L.name, [def.name]));
  out.push(...section(L.synopsis, [text.synopsis]));
  if (mode === 'examples') {
    out.push(...examplesBlock(text));
    return out.join('\n');
  }
  out.push(...section(L.syntax, syntaxLines(def).flatMap((l) => [l, ''])));
  out.push(...section(L.description, text.description.flatMap((d, i) => (i ? ['', d] : [d]))));
  if (mode === 'detailed' || mode === 'full') {
    const params = visible(def).flatMap((p) => parameterBlock(def, p, text, L, mode === 'full'));
    out.push(...section(L.parameters, [...params, '<CommonParameters>', ...indent(L.common, 4), '']));
    if (mode === 'full') {
      out.push(...section(L.inputs, text.inputs.length ? text.inputs.flatMap((i) => [i, '']) : ['']));
      out.push(...section(L.outputs, text.outputs.length ? text.outputs.flatMap((i) => [i, '']) : ['']));
      out.push(...section(L.notes, text.notes.length ? text.notes.flatMap((n) => [n, '']) : ['']));
    }
    out.push(...examplesBlock(text));
  }
  if (mode === 'full') out.push(...section(L.related, relatedLinks(def, text, L)));
  else {
    if (mode === 'default') out.push(...section(L.related, relatedLinks(def, text, L)));
    out.push(...section(L.remarks, L.remarkLines(def.name)));
  }
  return out.join('\n');
}

/** Get-Help -Parameter: the blocks of the parameters whose names match (wildcards allowed). */
export function renderParameterHelp(def: CmdletDefinition, culture: HelpCulture, matches: (name: string) => boolean): string | undefined {
  const L = LABELS[culture];
  const text = helpText(def, culture);
  const ps = visible(def).filter((p) => matches(p.name));
  if (!ps.length) return undefined;
  return ['', ...ps.flatMap((p) => parameterBlock(def, p, text, L, true))].join('\n');
}
