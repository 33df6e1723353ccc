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
 * The command's metadata is compiled once (compiled.ts): name, alias and prefix tables, set membership and
 * pipeline flags as bitmasks, full type names; binding itself neither scans declarations nor matches regexes.
 */
import type { ParameterDefinition } from '../commands/cmdlet';
import { ErrorRecord, PSRuntimeError, type ErrorCategory, type InvocationInfo } from '../runtime/errors';
import { convertTo, ConversionError, toStr } from '../types/convert';
import { PSObject, PSHashtable, SwitchParameter, ScriptBlock } from '../types/values';
import { getProperty } from '../types/members';
import {
  ALL_SETS,
  SWITCH,
  compiledCommand,
  fullType,
  fullTypeName,
  inSetByName,
  resolveFlags,
  type BindableCommand,
  type CompiledCommand,
  type CompiledParameter,
} from './compiled';

export { ALL_SETS, fullTypeName, type BindableCommand } from './compiled';

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

export interface BindState {
  params: Record<string, unknown>;
  bound: Set<string>;
  /** Bound on the command line (not from the pipeline). */
  commandLineBound: Set<string>;
  setName: string;
  candidateSets: string[];
}

/** Switch parameters: present/absent, no argument after the name. */
export function isSwitch(p: ParameterDefinition): boolean {
  return fullTypeName(p.type) === SWITCH;
}

/** The set names of a command, in the binder's order (see compiled.ts). */
export function allSetNames(cmd: BindableCommand): string[] {
  return [...compiledCommand(cmd).setNames];
}

function typeFits(p: CompiledParameter, v: unknown): boolean {
  const t = fullType(p);
  if (v instanceof ScriptBlock) return t.startsWith('System.Management.Automation.ScriptBlock');
  if (typeof v === 'string') return t === 'System.String' || t === 'System.String[]';
  return false;
}

function typeRefuses(p: CompiledParameter, v: unknown): boolean {
  return fullType(p).startsWith('System.Management.Automation.ScriptBlock') && !(v instanceof ScriptBlock);
}

export class Binder {
  private readonly c: CompiledCommand;

  constructor(
    readonly cmd: BindableCommand,
    readonly invocation: InvocationInfo,
  ) {
    this.c = compiledCommand(cmd);
  }

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
    return this.find(name, extent).def;
  }

  /** lookup on the compiled table: an exact name or alias first, then the parameters the text abbreviates. */
  private find(name: string, extent: { start: number; end: number }): CompiledParameter {
    const lower = name.toLowerCase();
    const exact = this.c.exact.get(lower);
    if (exact) return exact;
    // Every name starts with the empty text: a bare `-` abbreviates them all.
    const hits = lower === '' ? this.c.params : this.c.prefixes.get(lower);
    if (hits?.length === 1) return hits[0];
    if (hits && hits.length > 1) {
      throw this.error(
        'AmbiguousParameter',
        `Parameter cannot be processed because the parameter name '${name}' is ambiguous. Possible matches include:${hits.map((h) => ' -' + h.name).join('')}.`,
        extent,
      );
    }
    throw this.error('NamedParameterNotFound', `A parameter cannot be found that matches parameter name '${name}'.`, extent);
  }

  /** The compiled entry of a declared parameter (by its declared name, else by identity). */
  private compiled(p: ParameterDefinition): CompiledParameter {
    const cp = this.c.byName.get(p.name);
    if (cp && cp.def === p) return cp;
    const found = this.c.params.find((x) => x.def === p);
    if (!found) throw new Error(`${p.name} is not a parameter of ${this.cmd.name}`);
    return found;
  }

  /** Converts and validates a value for a parameter. */
  convert(p: ParameterDefinition, value: unknown, extent?: { start: number; end: number }): unknown {
    return this.convertTo(this.compiled(p), value, extent);
  }

  private convertTo(cp: CompiledParameter, value: unknown, extent?: { start: number; end: number }): unknown {
    const p = cp.def;
    const full = fullType(cp);
    if (cp.mandatoryAnywhere && full !== SWITCH) {
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
    this.validateCompiled(cp, v, extent);
    return v;
  }

  validate(p: ParameterDefinition, v: unknown, extent?: { start: number; end: number }): void {
    this.validateCompiled(this.compiled(p), v, extent);
  }

  private validateCompiled(cp: CompiledParameter, v: unknown, extent?: { start: number; end: number }): void {
    const p = cp.def;
    if (!p.validateNotNullOrEmpty && !p.validateNotNull && !p.validateSet && !p.validateRange) return;
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
        const ok = p.validateSetCaseSensitive ? p.validateSet.includes(s) : cp.validateSetLower!.has(s.toLowerCase());
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
      const cp = this.find(a.name!, a);
      if (st.bound.has(cp.name))
        throw this.error(
          'ParameterAlreadyBound',
          `Cannot bind parameter because parameter '${cp.name}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, "-parameter value1,value2,value3".`,
          a,
        );
      let value: unknown;
      let valueExtent: { start: number; end: number } = a;
      if (cp.isSwitch) value = a.hasColonValue ? a.value : true;
      else if (a.hasColonValue) value = a.value;
      else {
        const next = args[i + 1];
        if (!next || next.kind !== 'value')
          throw this.error(
            'MissingArgument',
            `Missing an argument for parameter '${cp.name}'. Specify a parameter of type '${fullType(cp)}' and try again.`,
            a,
          );
        value = next.value;
        valueExtent = next;
        i++;
      }
      st.params[cp.name] = this.convertTo(cp, value, valueExtent);
      st.bound.add(cp.name);
      st.commandLineBound.add(cp.name);
    }
    // Positional arguments.
    let candidates = this.candidateMask(st.bound);
    if (candidates === 0) throw this.error('AmbiguousParameterSet', 'Parameter set cannot be resolved using the specified named parameters.');
    if (positional.length) {
      for (let k = 0; k < positional.length; k++) {
        const a = positional[k];
        const cands = this.positionalIn(st.bound, candidates);
        if (cands.length === 0) {
          const remaining = this.c.remaining.find((p) => !st.bound.has(p.name) && (p.setMask & candidates) !== 0);
          if (remaining) {
            const rest = positional.slice(k).map((x) => x.value);
            st.params[remaining.name] = this.convertTo(remaining, rest, a);
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
          group.find((x) => !typeRefuses(x, a.value) && dflt !== undefined && this.inSet(x, dflt)) ??
          group.find((x) => !typeRefuses(x, a.value)) ??
          group[0];
        // A parameter that collects remaining arguments takes the rest when it is the last positional one.
        if (p.def.valueFromRemainingArguments && k < positional.length - 1 && cands.filter((c) => c[1] !== p).length === 0) {
          const rest = positional.slice(k).map((x) => x.value);
          st.params[p.name] = this.convertTo(p, rest, a);
          st.bound.add(p.name);
          st.commandLineBound.add(p.name);
          break;
        }
        st.params[p.name] = this.convertTo(p, a.value, a);
        st.bound.add(p.name);
        st.commandLineBound.add(p.name);
        candidates = this.candidateMask(st.bound);
        if (candidates === 0) throw this.error('AmbiguousParameterSet', 'Parameter set cannot be resolved using the specified named parameters.');
      }
      candidates = this.candidateMask(st.bound);
    }
    st.candidateSets = this.c.namesOf(candidates);
    st.setName = this.chooseSet(st.candidateSets, st.bound, expectingInput, false);
    if (!expectingInput) this.checkMandatory(st);
    return st;
  }

  /** Whether a parameter is in a set given by name (a set outside the compiled list: by its declarations). */
  private inSet(p: CompiledParameter, set: string): boolean {
    const i = this.c.setIndex.get(set);
    return i === undefined ? inSetByName(p.def, set) : (p.setMask & (1 << i)) !== 0;
  }

  /** Unbound positional parameters of the candidate sets, with their lowest positions there, in Position order. */
  private positionalIn(bound: Set<string>, candidates: number): Array<[number, CompiledParameter]> {
    const out: Array<[number, CompiledParameter]> = [];
    for (const p of this.c.params) {
      if (bound.has(p.name) || (p.setMask & candidates) === 0) continue;
      let pos: number | undefined;
      for (let i = 0; i < p.flags.length; i++) {
        if (!(candidates & (1 << i))) continue;
        const f = p.flags[i];
        if (f && f.position !== undefined && f.position >= 0 && (pos === undefined || f.position < pos)) pos = f.position;
      }
      if (pos !== undefined) out.push([pos, p]);
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  /** Unbound positional parameters of the candidate sets, with their positions, in Position order. */
  positionalCandidates(bound: Set<string>, candidates: string[]): Array<[number, ParameterDefinition]> {
    return this.positionalIn(bound, this.c.maskOf(candidates)).map(([pos, p]) => [pos, p.def]);
  }

  /** Positional parameters usable with what is bound, in Position order. */
  positionalParameters(bound: Set<string>, candidates: string[]): ParameterDefinition[] {
    const set = candidates.includes(this.cmd.defaultParameterSetName ?? '') ? this.cmd.defaultParameterSetName! : candidates[0];
    const order = [set, ...candidates].map((s) => this.c.setIndex.get(s));
    const out: Array<[number, ParameterDefinition]> = [];
    for (const p of this.c.params) {
      if (bound.has(p.name)) continue;
      let pos: number | undefined;
      for (const i of order) {
        const f = i === undefined ? undefined : p.flags[i];
        if (f && f.position !== undefined && f.position >= 0) {
          pos = f.position;
          break;
        }
      }
      if (pos !== undefined) out.push([pos, p.def]);
    }
    return out.sort((a, b) => a[0] - b[0]).map((x) => x[1]);
  }

  /** The sets every bound parameter belongs to. */
  private candidateMask(bound: Set<string>): number {
    let mask = this.c.allMask;
    for (const name of bound) {
      // Bound names are always declared ones (the binder binds nothing else).
      mask &= this.c.byName.get(name)?.setMask ?? 0;
    }
    return mask >>> 0;
  }

  candidateSets(bound: Set<string>): string[] {
    return this.c.namesOf(this.candidateMask(bound));
  }

  mandatoryMissing(set: string, bound: Set<string>): ParameterDefinition[] {
    const i = this.c.setIndex.get(set);
    if (i === undefined) return this.c.params.filter((p) => !bound.has(p.name) && resolveFlags(p.def, set)?.mandatory).map((p) => p.def);
    const out: ParameterDefinition[] = [];
    for (const p of this.c.mandatoryBySet[i]) if (!bound.has(p.name)) out.push(p.def);
    return out;
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
    const sets = this.c.maskOf(base.candidateSets);
    let lastError: PSRuntimeError | undefined;
    for (const p of this.c.params) {
      if (!(p.byValueMask & sets) || st.bound.has(p.name)) continue;
      try {
        st.params[p.name] = this.convertTo(p, input);
        st.bound.add(p.name);
        any = true;
        break;
      } catch (e) {
        if (e instanceof PSRuntimeError) lastError = e;
        else throw e;
      }
    }
    if (input instanceof PSObject || input instanceof PSHashtable) {
      // The by-name candidates are those unbound once by-value binding is done (as the binder always listed them).
      const byName = this.c.params.filter((p) => (p.byNameMask & sets) !== 0 && !st.bound.has(p.name));
      for (const p of byName) {
        for (const n of p.pipelineNames) {
          if (!input.has(n)) continue;
          st.params[p.name] = this.convertTo(p, getProperty(input, n));
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
    return this.c.takesPipelineInput;
  }
}
