/*
 * A command's parameter metadata compiled once for the binder: what binding asks per argument and per pipeline
 * object (which parameter does `-ll` mean, which sets does a parameter belong to, which take pipeline input, what
 * .NET type converts a value) answered by table lookups and bit operations instead of scanning the declarations,
 * lower-casing names and matching type names with regular expressions each time.
 *
 * Parameter sets are bits, in the order the binder has always listed them (first mention in the declarations, or the
 * one default/__AllParameterSets set when no parameter names a set); like PowerShell's own binder, a command has at
 * most 32 sets. A parameter's mask holds the sets it belongs to (all of them without `sets`, or with an
 * __AllParameterSets entry); its flags per set are resolved once (per-set values over the parameter's own).
 *
 * The compiled form is cached per BindableCommand object (WeakMap), so a command compiled once stays compiled while
 * its definition lives: cmdlet definitions are module constants and script functions' metadata is cached per AST.
 */
import type { ParameterDefinition, ParameterSetFlags } from '../commands/cmdlet';
import { resolveTypeName } from '../types/convert';
import { enumTypes } from '../types/values';

export const ALL_SETS = '__AllParameterSets';
/**
 * The binder's "no set chosen yet" state: nothing bound so far belongs to a named set. It is not the mask of every
 * set: PowerShell counts it as one valid set and never collapses it to the default set while pipeline input may
 * still pick one, which is why `-DIP x | Export-WindowsImage` can still bind SourceName from the pipeline.
 */
export const ANY_SET = 0xffffffff;
export const SWITCH = 'System.Management.Automation.SwitchParameter';

/** The command as the binder sees it (the cmdlet's metadata plus the common parameters, or a function's param block). */
export interface BindableCommand {
  /** The name in messages and the `<command> : ` prefix. */
  name: string;
  /** FullyQualifiedErrorId's suffix: the cmdlet's .NET class or the function's name. */
  errorSuffix: string;
  /** Compiled cmdlet (CannotConvertArgumentNoMessage) or script function (ParameterArgumentTransformationError). */
  isCmdlet: boolean;
  /** A script function with [CmdletBinding()] or [Parameter()]: its String parameters refuse arrays. */
  usesCmdletBinding?: boolean;
  parameters: readonly ParameterDefinition[];
  defaultParameterSetName?: string;
}

/** A parameter's flags in one set, resolved. */
export interface SetFlags {
  readonly mandatory: boolean;
  readonly position: number | undefined;
  readonly byValue: boolean;
  readonly byName: boolean;
}

export interface CompiledParameter {
  readonly def: ParameterDefinition;
  readonly name: string;
  /** Declaration order. */
  readonly index: number;
  /** The .NET type the binder converts to; recomputed per use when it names a type not known yet (fullType()). */
  readonly fullType: string | undefined;
  readonly isSwitch: boolean;
  /** Mandatory in some set: the binder then refuses null, empty strings and empty arrays (unless allowed). */
  readonly mandatoryAnywhere: boolean;
  /** The sets it belongs to. */
  readonly setMask: number;
  /** Flags per set index (undefined: not in that set). */
  readonly flags: readonly (SetFlags | undefined)[];
  /** The named sets it declares (0: only __AllParameterSets or no set): binding it narrows the valid sets to these. */
  readonly narrowMask: number;
  /** Declared without sets or with an __AllParameterSets entry. */
  readonly inAllSets: boolean;
  /** Its declarations one by one: the set's bit (0 for __AllParameterSets) and that declaration's flags. */
  readonly setData: readonly { readonly bit: number; readonly flags: SetFlags }[];
  /** Takes pipeline input in some declaration. */
  readonly pipeline: boolean;
  /** Sets in which it takes pipeline input by value / by property name. */
  readonly byValueMask: number;
  readonly byNameMask: number;
  /** Property names ByPropertyName binding tries, in order: the name, the aliases, the hidden pipeline aliases. */
  readonly pipelineNames: readonly string[];
  /** [ValidateSet] lower-cased, for the case-insensitive test. */
  readonly validateSetLower: ReadonlySet<string> | undefined;
}

export interface CompiledCommand {
  readonly params: readonly CompiledParameter[];
  /** By declared name (exact case), for bound-name lookups. */
  readonly byName: ReadonlyMap<string, CompiledParameter>;
  /** Lower-cased name or alias -> the first parameter (in declaration order) that has it. */
  readonly exact: ReadonlyMap<string, CompiledParameter>;
  /** Lower-cased prefix of a name or alias -> the parameters it abbreviates, in declaration order, each once. */
  readonly prefixes: ReadonlyMap<string, readonly CompiledParameter[]>;
  readonly setNames: readonly string[];
  readonly setIndex: ReadonlyMap<string, number>;
  readonly allMask: number;
  /** The default set's bit (0: no default set). */
  readonly defaultMask: number;
  /** The union of the parameters' narrowMasks: the sets some parameter names. */
  readonly namedMask: number;
  /** Per set index: its mandatory parameters in declaration order. */
  readonly mandatoryBySet: readonly (readonly CompiledParameter[])[];
  /** Parameters with valueFromRemainingArguments, in declaration order. */
  readonly remaining: readonly CompiledParameter[];
  readonly takesPipelineInput: boolean;
  /** Set names of a mask, in set order (one shared array per mask). */
  namesOf(mask: number): string[];
  /** The mask of a list of set names (a list namesOf returned is known without a scan). */
  maskOf(names: readonly string[]): number;
}

const SYSTEM_TYPES = new Set(['String', 'UInt32', 'Int32', 'Int64', 'UInt64', 'Double', 'Boolean', 'Object', 'Int16', 'UInt16', 'Byte', 'Char', 'DateTime', 'Single', 'Decimal']);
const SWITCH_NAMES = new Set(['switch', 'switchparameter', 'system.management.automation.switchparameter']);

/** The full .NET name of a parameter type as written ('String' -> 'System.String', 'switch' -> SwitchParameter). */
export function fullTypeName(t: string): string {
  if (SWITCH_NAMES.has(t.toLowerCase())) return SWITCH;
  const arr = t.endsWith('[]');
  const base = arr ? t.slice(0, -2) : t;
  let full: string;
  if (SYSTEM_TYPES.has(base)) full = `System.${base}`;
  else if (base === 'Hashtable') full = 'System.Collections.Hashtable';
  else if (base === 'ScriptBlock') full = 'System.Management.Automation.ScriptBlock';
  else if (base === 'PSObject') full = 'System.Management.Automation.PSObject';
  else full = resolveTypeName(base);
  return arr ? full + '[]' : full;
}

/**
 * Whether a type name's full name can be fixed now: anything but a name that resolves to itself and is not a known
 * enum (a script's enum or class defined after the function was first bound would change it).
 */
function settled(t: string): boolean {
  const base = t.endsWith('[]') ? t.slice(0, -2) : t;
  if (SWITCH_NAMES.has(base.toLowerCase()) || SYSTEM_TYPES.has(base) || base === 'Hashtable' || base === 'ScriptBlock' || base === 'PSObject') return true;
  const full = resolveTypeName(base);
  return full !== base.replace(/\s+/g, '') || full.startsWith('System.') || enumTypes.has(full.toLowerCase());
}

/** A parameter's full type (fixed at compile time, or resolved now when it was not settled then). */
export function fullType(p: CompiledParameter): string {
  return p.fullType ?? fullTypeName(p.def.type);
}

/** The flags of a parameter in a set, as the binder always merged them: the set's entry over the parameter's own. */
export function resolveFlags(p: ParameterDefinition, set: string): SetFlags | undefined {
  let f: ParameterSetFlags = p;
  if (p.sets) {
    const s = p.sets[set] ?? p.sets[ALL_SETS];
    if (!s) return undefined;
    f = { ...p, ...s, position: s.position ?? p.position };
  }
  return { mandatory: !!f.mandatory, position: f.position, byValue: !!f.valueFromPipeline, byName: !!f.valueFromPipelineByPropertyName };
}

/** The sets a parameter belongs to by name, for a set name outside the compiled list (a default set nobody names). */
export function inSetByName(p: ParameterDefinition, set: string): boolean {
  if (!p.sets) return true;
  return set in p.sets || ALL_SETS in p.sets;
}

/**
 * The sets in PowerShell's order: the default set first (a set even when no parameter names it), then each set at
 * its first mention.
 */
function setNamesOf(cmd: BindableCommand): string[] {
  const names = new Set<string>();
  if (cmd.defaultParameterSetName && cmd.defaultParameterSetName !== ALL_SETS) names.add(cmd.defaultParameterSetName);
  for (const p of cmd.parameters) for (const s of p.sets ? Object.keys(p.sets) : [ALL_SETS]) if (s !== ALL_SETS) names.add(s);
  if (names.size === 0) names.add(cmd.defaultParameterSetName ?? ALL_SETS);
  return [...names];
}

function compile(cmd: BindableCommand): CompiledCommand {
  const setNames = setNamesOf(cmd);
  if (setNames.length > 32) throw new Error(`${cmd.name}: more than 32 parameter sets`);
  const setIndex = new Map(setNames.map((s, i) => [s, i] as const));
  const allMask = setNames.length === 32 ? 0xffffffff : (1 << setNames.length) - 1;
  const params: CompiledParameter[] = [];
  const byName = new Map<string, CompiledParameter>();
  const exact = new Map<string, CompiledParameter>();
  const prefixes = new Map<string, CompiledParameter[]>();
  const mandatoryBySet: CompiledParameter[][] = setNames.map(() => []);
  let takesPipelineInput = false;
  cmd.parameters.forEach((def, index) => {
    let setMask = 0;
    let byValueMask = 0;
    let byNameMask = 0;
    const flags = setNames.map((s, i) => {
      // A set is the parameter's when it is in its `sets` (or it has none, or an __AllParameterSets entry); the
      // one-set list of a command without named sets holds every parameter.
      const member = s === ALL_SETS || inSetByName(def, s);
      if (!member) return undefined;
      setMask |= 1 << i;
      const f = resolveFlags(def, s);
      if (f?.byValue) byValueMask |= 1 << i;
      if (f?.byName) byNameMask |= 1 << i;
      return f;
    });
    for (const s of def.sets ? Object.keys(def.sets) : [ALL_SETS]) {
      const f = resolveFlags(def, s);
      if (f && (f.byValue || f.byName)) takesPipelineInput = true;
    }
    let narrowMask = 0;
    let inAllSets = !def.sets;
    const setData: { bit: number; flags: SetFlags }[] = [];
    for (const s of def.sets ? Object.keys(def.sets) : [ALL_SETS]) {
      const bit = s === ALL_SETS ? 0 : 1 << setIndex.get(s)!;
      if (s === ALL_SETS) inAllSets = true;
      narrowMask |= bit;
      setData.push({ bit: bit >>> 0, flags: resolveFlags(def, s)! });
    }
    const keys = [def.name, ...(def.aliases ?? [])].map((k) => k.toLowerCase());
    const full = fullTypeName(def.type);
    const cp: CompiledParameter = {
      def,
      name: def.name,
      index,
      fullType: settled(def.type) ? full : undefined,
      isSwitch: full === SWITCH,
      mandatoryAnywhere: !!def.mandatory || Object.values(def.sets ?? {}).some((f) => f.mandatory),
      setMask: setMask >>> 0,
      flags,
      narrowMask: narrowMask >>> 0,
      inAllSets,
      setData,
      pipeline: setData.some((d) => d.flags.byValue || d.flags.byName),
      byValueMask: byValueMask >>> 0,
      byNameMask: byNameMask >>> 0,
      pipelineNames: [def.name, ...(def.aliases ?? []), ...(def.pipelineAliases ?? [])],
      validateSetLower: def.validateSet ? new Set(def.validateSet.map((x) => x.toLowerCase())) : undefined,
    };
    params.push(cp);
    if (!byName.has(def.name)) byName.set(def.name, cp);
    for (const k of keys) if (!exact.has(k)) exact.set(k, cp);
    flags.forEach((f, i) => {
      if (f?.mandatory) mandatoryBySet[i].push(cp);
    });
  });
  // Abbreviations as PowerShell's GetMatchingParameter lists them: the parameters a name prefix matches, in
  // declaration order, then those only an alias prefix matches.
  const addPrefixes = (k: string, cp: CompiledParameter) => {
    for (let n = 1; n <= k.length; n++) {
      const pre = k.slice(0, n);
      let list = prefixes.get(pre);
      if (!list) prefixes.set(pre, (list = []));
      if (!list.includes(cp)) list.push(cp);
    }
  };
  for (const cp of params) addPrefixes(cp.name.toLowerCase(), cp);
  for (const cp of params) for (const a of cp.def.aliases ?? []) addPrefixes(a.toLowerCase(), cp);
  const byMask = new Map<number, string[]>();
  const maskOfList = new WeakMap<readonly string[], number>();
  return {
    params,
    byName,
    exact,
    prefixes,
    setNames,
    setIndex,
    allMask: allMask >>> 0,
    defaultMask: cmd.defaultParameterSetName !== undefined && setIndex.has(cmd.defaultParameterSetName) ? (1 << setIndex.get(cmd.defaultParameterSetName)!) >>> 0 : 0,
    namedMask: params.reduce((m, p) => (m | p.narrowMask) >>> 0, 0),
    mandatoryBySet,
    remaining: params.filter((p) => p.def.valueFromRemainingArguments),
    takesPipelineInput,
    namesOf(mask: number): string[] {
      let names = byMask.get(mask);
      if (!names) {
        names = setNames.filter((_, i) => mask & (1 << i));
        byMask.set(mask, names);
        maskOfList.set(names, mask);
      }
      return names;
    },
    maskOf(names: readonly string[]): number {
      const known = maskOfList.get(names);
      if (known !== undefined) return known;
      let m = 0;
      for (const n of names) {
        const i = setIndex.get(n);
        if (i !== undefined) m |= 1 << i;
      }
      return m >>> 0;
    },
  };
}

const compiledCommands = new WeakMap<BindableCommand, CompiledCommand>();

/** The compiled metadata of a command, made on first use. */
export function compiledCommand(cmd: BindableCommand): CompiledCommand {
  let c = compiledCommands.get(cmd);
  if (!c) compiledCommands.set(cmd, (c = compile(cmd)));
  return c;
}
