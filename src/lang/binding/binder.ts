/*
 * The parameter binder, in PowerShell's order (see ../shared/research/PS-CONFORMANCE.md):
 *   1. named arguments (exact name or alias first, then a unique prefix; -Name:value; switches),
 *   2. positional arguments in Position order among unbound parameters,
 *   3. parameter-set resolution (default set first, then the set whose mandatory parameters are bound),
 *   4. mandatory parameters (never a prompt: MissingMandatoryParameter),
 *   5. pipeline input per object (ByValue, then ByPropertyName via names, aliases and hidden pipelineAliases),
 *      re-resolving the set,
 *   6. conversion with LanguagePrimitives' rules and the validation attributes.
 * Every failure is an error record with 5.1's text, category and FullyQualifiedErrorId `<id>,<command>`.
 */
import type { ParameterDefinition, ParameterSetFlags } from '../commands/cmdlet';
import { ErrorRecord, PSRuntimeError, type ErrorCategory, type InvocationInfo } from '../runtime/errors';
import { convertTo, ConversionError, resolveTypeName, toStr } from '../types/convert';
import { PSObject, PSHashtable, SwitchParameter, ScriptBlock } from '../types/values';
import { getProperty } from '../types/members';

export const ALL_SETS = '__AllParameterSets';

/** The common parameters every cmdlet and advanced function takes, with their aliases. */
export const COMMON_PARAMETERS: ParameterDefinition[] = [
  { name: 'Verbose', type: 'SwitchParameter', aliases: ['vb'] },
  { name: 'Debug', type: 'SwitchParameter', aliases: ['db'] },
  { name: 'ErrorAction', type: 'System.Management.Automation.ActionPreference', aliases: ['ea'] },
  { name: 'WarningAction', type: 'System.Management.Automation.ActionPreference', aliases: ['wa'] },
  { name: 'InformationAction', type: 'System.Management.Automation.ActionPreference', aliases: ['infa'] },
  { name: 'ErrorVariable', type: 'String', aliases: ['ev'] },
  { name: 'WarningVariable', type: 'String', aliases: ['wv'] },
  { name: 'InformationVariable', type: 'String', aliases: ['iv'] },
  { name: 'OutVariable', type: 'String', aliases: ['ov'] },
  { name: 'OutBuffer', type: 'Int32', aliases: ['ob'] },
  { name: 'PipelineVariable', type: 'String', aliases: ['pv'] },
];

export const SHOULD_PROCESS_PARAMETERS: ParameterDefinition[] = [
  { name: 'WhatIf', type: 'SwitchParameter', aliases: ['wi'] },
  { name: 'Confirm', type: 'SwitchParameter', aliases: ['cf'] },
];

export const COMMON_NAMES = new Set([...COMMON_PARAMETERS, ...SHOULD_PROCESS_PARAMETERS].map((p) => p.name.toLowerCase()));

/** One argument as the command line gave it. */
export interface CommandArg {
  kind: 'param' | 'value';
  /** Parameter name as typed, without the dash. */
  name?: string;
  /** The value (for kind 'value', or a parameter's `-Name:value`). */
  value?: unknown;
  hasColonValue?: boolean;
  start: number;
  end: number;
  /** The argument's source text (for native commands and messages). */
  text?: string;
  /** Came from splatting: an array element or hashtable entry. */
  splatted?: boolean;
}

export interface BindableCommand {
  /** The name in messages and the `<command> : ` prefix. */
  name: string;
  /** FullyQualifiedErrorId's suffix: the cmdlet's .NET class or the function's name. */
  errorSuffix: string;
  /** Compiled cmdlet (CannotConvertArgumentNoMessage) or script function (ParameterArgumentTransformationError). */
  isCmdlet: boolean;
  parameters: ParameterDefinition[];
  defaultParameterSetName?: string;
}

export interface BindState {
  params: Record<string, unknown>;
  bound: Set<string>;
  /** Bound on the command line (not from the pipeline). */
  commandLineBound: Set<string>;
  setName: string;
  candidateSets: string[];
}

const SWITCH = 'System.Management.Automation.SwitchParameter';

export function fullTypeName(t: string): string {
  if (/^(switch|switchparameter|System\.Management\.Automation\.SwitchParameter)$/i.test(t)) return SWITCH;
  const arr = t.endsWith('[]');
  const base = arr ? t.slice(0, -2) : t;
  const sys = ['String', 'UInt32', 'Int32', 'Int64', 'UInt64', 'Double', 'Boolean', 'Object', 'Int16', 'UInt16', 'Byte', 'Char', 'DateTime', 'Single', 'Decimal'];
  let full: string;
  if (sys.includes(base)) full = `System.${base}`;
  else if (base === 'Hashtable') full = 'System.Collections.Hashtable';
  else if (base === 'ScriptBlock') full = 'System.Management.Automation.ScriptBlock';
  else if (base === 'PSObject') full = 'System.Management.Automation.PSObject';
  else full = resolveTypeName(base);
  return arr ? full + '[]' : full;
}

export function isSwitch(p: ParameterDefinition): boolean {
  return fullTypeName(p.type) === SWITCH;
}

function setsOf(p: ParameterDefinition): string[] {
  return p.sets ? Object.keys(p.sets) : [ALL_SETS];
}

function flagsIn(p: ParameterDefinition, set: string): ParameterSetFlags | undefined {
  if (!p.sets) return p;
  const f = p.sets[set] ?? p.sets[ALL_SETS];
  if (!f) return undefined;
  return { ...p, ...f, position: f.position ?? p.position };
}

export function allSetNames(cmd: BindableCommand): string[] {
  const names = new Set<string>();
  for (const p of cmd.parameters) for (const s of setsOf(p)) if (s !== ALL_SETS) names.add(s);
  if (names.size === 0) names.add(cmd.defaultParameterSetName ?? ALL_SETS);
  return [...names];
}

function inSet(p: ParameterDefinition, set: string): boolean {
  if (!p.sets) return true;
  return set in p.sets || ALL_SETS in p.sets;
}

function typeFits(p: ParameterDefinition, v: unknown): boolean {
  const t = fullTypeName(p.type);
  if (v instanceof ScriptBlock) return t.startsWith('System.Management.Automation.ScriptBlock');
  if (typeof v === 'string') return t === 'System.String' || t === 'System.String[]';
  return false;
}

function typeRefuses(p: ParameterDefinition, v: unknown): boolean {
  const t = fullTypeName(p.type);
  return t.startsWith('System.Management.Automation.ScriptBlock') && !(v instanceof ScriptBlock);
}

export class Binder {
  constructor(
    readonly cmd: BindableCommand,
    readonly invocation: InvocationInfo,
  ) {}

  error(
    id: string,
    message: string,
    extent?: { start: number; end: number },
    category: ErrorCategory = 'InvalidArgument',
    exceptionType = 'ParameterBindingException',
  ): PSRuntimeError {
    const rec = new ErrorRecord({ typeName: exceptionType, message }, `${id},${this.cmd.errorSuffix}`, category);
    rec.invocation = { ...this.invocation, ...(extent ? { start: extent.start, end: extent.end } : {}) };
    rec.activity = this.cmd.name;
    return new PSRuntimeError(rec);
  }

  /** Finds the parameter a name (as typed) refers to, raising NamedParameterNotFound / AmbiguousParameter. */
  lookup(name: string, extent: { start: number; end: number }): ParameterDefinition {
    const lower = name.toLowerCase();
    const params = this.cmd.parameters;
    const exact = params.find((p) => p.name.toLowerCase() === lower || (p.aliases ?? []).some((a) => a.toLowerCase() === lower));
    if (exact) return exact;
    const hits = params.filter((p) => p.name.toLowerCase().startsWith(lower) || (p.aliases ?? []).some((a) => a.toLowerCase().startsWith(lower)));
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) {
      throw this.error(
        'AmbiguousParameter',
        `Parameter cannot be processed because the parameter name '${name}' is ambiguous. Possible matches include:${hits.map((h) => ' -' + h.name).join('')}.`,
        extent,
      );
    }
    throw this.error('NamedParameterNotFound', `A parameter cannot be found that matches parameter name '${name}'.`, extent);
  }

  /** Converts and validates a value for a parameter. */
  convert(p: ParameterDefinition, value: unknown, extent?: { start: number; end: number }): unknown {
    const full = fullTypeName(p.type);
    const mandatory = !!p.mandatory || Object.values(p.sets ?? {}).some((f) => f.mandatory);
    if (mandatory && full !== SWITCH) {
      const refuse = (id: string, why: string) =>
        this.error(id, `Cannot bind argument to parameter '${p.name}' because it ${why}.`, extent, 'InvalidData', 'ParameterBindingValidationException');
      if ((value === null || value === undefined) && !p.allowNull) throw refuse('ParameterArgumentValidationErrorNullNotAllowed', 'is null');
      if (value === '' && full === 'System.String' && !p.allowEmptyString) throw refuse('ParameterArgumentValidationErrorEmptyStringNotAllowed', 'is an empty string');
      if (Array.isArray(value) && value.length === 0 && !p.allowEmptyCollection) throw refuse('ParameterArgumentValidationErrorEmptyArrayNotAllowed', 'is an empty array');
    }
    let v: unknown;
    try {
      if (full === SWITCH) v = value instanceof SwitchParameter ? value : new SwitchParameter(value === undefined ? true : !!convertTo(value, 'System.Boolean'));
      else if (full === 'System.Object' || full === 'System.Management.Automation.PSObject') v = value;
      else if (full === 'System.String' && (value === null || value === undefined)) v = this.cmd.isCmdlet ? null : '';
      else v = convertTo(value, full);
    } catch (e) {
      if (!(e instanceof ConversionError)) throw e;
      if (this.cmd.isCmdlet)
        throw this.error('CannotConvertArgumentNoMessage', `Cannot bind parameter '${p.name}'. ${e.message}`, extent);
      throw this.error(
        'ParameterArgumentTransformationError',
        `Cannot process argument transformation on parameter '${p.name}'. ${e.message}`,
        extent,
        'InvalidData',
        'ParameterBindingArgumentTransformationException',
      );
    }
    this.validate(p, v, extent);
    return v;
  }

  validate(p: ParameterDefinition, v: unknown, extent?: { start: number; end: number }): void {
    const fail = (msg: string) =>
      this.error(
        'ParameterArgumentValidationError',
        `Cannot validate argument on parameter '${p.name}'. ${msg}`,
        extent,
        'InvalidData',
        'ParameterBindingValidationException',
      );
    const items = Array.isArray(v) ? v : [v];
    if (p.validateNotNullOrEmpty && (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)))
      throw fail('The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.');
    if (p.validateNotNull && (v === null || v === undefined))
      throw fail('The argument is null. Provide a valid value for the argument, and then try running the command again.');
    if (p.validateSet) {
      for (const item of items) {
        const s = toStr(item);
        const ok = p.validateSet.some((x) => (p.validateSetCaseSensitive ? x === s : x.toLowerCase() === s.toLowerCase()));
        if (!ok)
          throw fail(
            `The argument "${s}" does not belong to the set "${p.validateSet.join(',')}" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.`,
          );
      }
    }
    if (p.validateRange) {
      const [min, max] = p.validateRange;
      for (const item of items) {
        const n = Number(item);
        if (n < min)
          throw fail(`The ${toStr(item)} argument is less than the minimum allowed range of ${min}. Supply an argument that is greater than or equal to ${min} and then try the command again.`);
        if (n > max)
          throw fail(`The ${toStr(item)} argument is greater than the maximum allowed range of ${max}. Supply an argument that is less than or equal to ${max} and then try the command again.`);
      }
    }
  }

  /** Steps 1-4: binds the command line; `expectingInput` defers mandatory pipeline parameters. */
  bindCommandLine(args: CommandArg[], expectingInput: boolean): BindState {
    const st: BindState = { params: {}, bound: new Set(), commandLineBound: new Set(), setName: '', candidateSets: [] };
    const positional: CommandArg[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.kind === 'value') {
        positional.push(a);
        continue;
      }
      const p = this.lookup(a.name!, a);
      if (st.bound.has(p.name))
        throw this.error(
          'ParameterAlreadyBound',
          `Cannot bind parameter because parameter '${p.name}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, "-parameter value1,value2,value3".`,
          a,
        );
      let value: unknown;
      let valueExtent: { start: number; end: number } = a;
      if (isSwitch(p)) value = a.hasColonValue ? a.value : true;
      else if (a.hasColonValue) value = a.value;
      else {
        const next = args[i + 1];
        if (!next || next.kind !== 'value')
          throw this.error(
            'MissingArgument',
            `Missing an argument for parameter '${p.name}'. Specify a parameter of type '${fullTypeName(p.type)}' and try again.`,
            a,
          );
        value = next.value;
        valueExtent = next;
        i++;
      }
      st.params[p.name] = this.convert(p, value, valueExtent);
      st.bound.add(p.name);
      st.commandLineBound.add(p.name);
    }
    // Positional arguments.
    let candidates = this.candidateSets(st.bound);
    if (candidates.length === 0) throw this.error('AmbiguousParameterSet', 'Parameter set cannot be resolved using the specified named parameters.');
    if (positional.length) {
      for (let k = 0; k < positional.length; k++) {
        const a = positional[k];
        const cands = this.positionalCandidates(st.bound, candidates);
        if (cands.length === 0) {
          const remaining = this.cmd.parameters.find((p) => p.valueFromRemainingArguments && !st.bound.has(p.name) && candidates.some((s) => inSet(p, s)));
          if (remaining) {
            const rest = positional.slice(k).map((x) => x.value);
            st.params[remaining.name] = this.convert(remaining, rest, a);
            st.bound.add(remaining.name);
            st.commandLineBound.add(remaining.name);
            break;
          }
          throw this.error(
            'PositionalParameterNotFound',
            `A positional parameter cannot be found that accepts argument '${toStr(a.value)}'.`,
            a,
          );
        }
        const minPos = cands[0][0];
        const group = cands.filter((c) => c[0] === minPos).map((c) => c[1]);
        const dflt = this.cmd.defaultParameterSetName;
        const p =
          group.find((x) => typeFits(x, a.value)) ??
          group.find((x) => !typeRefuses(x, a.value) && dflt !== undefined && inSet(x, dflt)) ??
          group.find((x) => !typeRefuses(x, a.value)) ??
          group[0];
        // A parameter that collects remaining arguments takes the rest when it is the last positional one.
        if (p.valueFromRemainingArguments && k < positional.length - 1 && cands.filter((c) => c[1] !== p).length === 0) {
          const rest = positional.slice(k).map((x) => x.value);
          st.params[p.name] = this.convert(p, rest, a);
          st.bound.add(p.name);
          st.commandLineBound.add(p.name);
          break;
        }
        st.params[p.name] = this.convert(p, a.value, a);
        st.bound.add(p.name);
        st.commandLineBound.add(p.name);
        candidates = this.candidateSets(st.bound);
        if (candidates.length === 0) throw this.error('AmbiguousParameterSet', 'Parameter set cannot be resolved using the specified named parameters.');
      }
      candidates = this.candidateSets(st.bound);
    }
    st.candidateSets = candidates;
    st.setName = this.chooseSet(candidates, st.bound, expectingInput, false);
    if (!expectingInput) this.checkMandatory(st);
    return st;
  }

  /** Unbound positional parameters of the candidate sets, with their positions, in Position order. */
  positionalCandidates(bound: Set<string>, candidates: string[]): Array<[number, ParameterDefinition]> {
    const out: Array<[number, ParameterDefinition]> = [];
    for (const p of this.cmd.parameters) {
      if (bound.has(p.name)) continue;
      let pos: number | undefined;
      for (const s of candidates) {
        if (!inSet(p, s)) continue;
        const f = flagsIn(p, s);
        if (f && f.position !== undefined && f.position >= 0 && (pos === undefined || f.position < pos)) pos = f.position;
      }
      if (pos !== undefined) out.push([pos, p]);
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  /** Positional parameters usable with what is bound, in Position order. */
  positionalParameters(bound: Set<string>, candidates: string[]): ParameterDefinition[] {
    const set = candidates.includes(this.cmd.defaultParameterSetName ?? '') ? this.cmd.defaultParameterSetName! : candidates[0];
    const out: Array<[number, ParameterDefinition]> = [];
    for (const p of this.cmd.parameters) {
      if (bound.has(p.name)) continue;
      let pos: number | undefined;
      for (const s of [set, ...candidates]) {
        const f = flagsIn(p, s);
        if (f && f.position !== undefined && f.position >= 0) {
          pos = f.position;
          break;
        }
      }
      if (pos !== undefined) out.push([pos, p]);
    }
    return out.sort((a, b) => a[0] - b[0]).map((x) => x[1]);
  }

  candidateSets(bound: Set<string>): string[] {
    const sets = allSetNames(this.cmd);
    return sets.filter((s) => [...bound].every((name) => {
      const p = this.cmd.parameters.find((x) => x.name === name)!;
      return inSet(p, s) || s === ALL_SETS;
    }));
  }

  mandatoryMissing(set: string, bound: Set<string>): ParameterDefinition[] {
    return this.cmd.parameters.filter((p) => {
      if (bound.has(p.name)) return false;
      const f = flagsIn(p, set);
      return !!f?.mandatory;
    });
  }

  chooseSet(candidates: string[], bound: Set<string>, expectingInput: boolean, final: boolean): string {
    if (candidates.length === 1) return candidates[0];
    const dflt = this.cmd.defaultParameterSetName;
    if (dflt && candidates.includes(dflt)) return dflt;
    const satisfied = candidates.filter((s) => this.mandatoryMissing(s, bound).length === 0);
    if (satisfied.length === 1) return satisfied[0];
    if (expectingInput && !final) return candidates[0];
    throw this.error('AmbiguousParameterSet', 'Parameter set cannot be resolved using the specified named parameters.');
  }

  checkMandatory(st: BindState): void {
    const missing = this.mandatoryMissing(st.setName, st.bound);
    if (missing.length)
      throw this.error(
        'MissingMandatoryParameter',
        `Cannot process command because of one or more missing mandatory parameters:${missing.map((p) => ' ' + p.name).join('')}.`,
      );
  }

  /** Step 5: binds one pipeline object; returns the state for this object, or an error record (InputObjectNotBound). */
  bindPipelineObject(base: BindState, input: unknown): BindState | ErrorRecord {
    const st: BindState = {
      params: { ...base.params },
      bound: new Set(base.commandLineBound),
      commandLineBound: base.commandLineBound,
      setName: base.setName,
      candidateSets: base.candidateSets,
    };
    for (const k of Object.keys(st.params)) if (!base.commandLineBound.has(k)) delete st.params[k];
    let any = false;
    const sets = base.candidateSets;
    const pipelineParams = (byValue: boolean) =>
      this.cmd.parameters.filter(
        (p) => !st.bound.has(p.name) && sets.some((s) => {
          const f = flagsIn(p, s);
          return f && (byValue ? f.valueFromPipeline : f.valueFromPipelineByPropertyName);
        }),
      );
    let lastError: PSRuntimeError | undefined;
    for (const p of pipelineParams(true)) {
      try {
        st.params[p.name] = this.convert(p, input);
        st.bound.add(p.name);
        any = true;
        break;
      } catch (e) {
        if (e instanceof PSRuntimeError) lastError = e;
        else throw e;
      }
    }
    if (input instanceof PSObject || input instanceof PSHashtable) {
      for (const p of pipelineParams(false)) {
        for (const n of [p.name, ...(p.aliases ?? []), ...(p.pipelineAliases ?? [])]) {
          const has = input instanceof PSObject ? input.has(n) : input.has(n);
          if (!has) continue;
          st.params[p.name] = this.convert(p, getProperty(input, n));
          st.bound.add(p.name);
          any = true;
          break;
        }
      }
    }
    if (!any) {
      if (lastError) return lastError.record;
      const rec = this.error(
        'InputObjectNotBound',
        'The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.',
      ).record;
      rec.targetObject = input;
      return rec;
    }
    const candidates = this.candidateSets(st.bound);
    if (candidates.length === 0)
      return this.error('AmbiguousParameterSet', 'Parameter set cannot be resolved using the specified named parameters.').record;
    try {
      st.setName = this.chooseSet(candidates, st.bound, false, true);
      this.checkMandatory(st);
    } catch (e) {
      if (e instanceof PSRuntimeError) return e.record;
      throw e;
    }
    return st;
  }

  /** Whether any parameter takes pipeline input. */
  takesPipelineInput(): boolean {
    return this.cmd.parameters.some((p) => setsOf(p).some((s) => {
      const f = flagsIn(p, s);
      return f && (f.valueFromPipeline || f.valueFromPipelineByPropertyName);
    }));
  }
}
