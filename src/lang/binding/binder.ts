/*
 * The parameter binder, in PowerShell's order (see ../shared/research/PS-CONFORMANCE.md):
 *   1. named arguments (exact name or alias first, then a unique prefix, a declared parameter before common ones;
 *      -Name:value; switches), each `-Name` first paired with the argument after it,
 *   2. positional arguments position by position among unbound parameters (without conversion first, the default
 *      set first), then the remaining arguments; an unknown name or an argument nothing took is reported last,
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
import { convertTo, ConversionError, toStr, typeNameOf } from '../types/convert';
import { PSObject, PSHashtable, SwitchParameter, ScriptBlock, enumTypes } from '../types/values';
import { getProperty } from '../types/members';
import {
  ALL_SETS,
  ANY_SET,
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

/** The common and ShouldProcess parameters' own definitions: an abbreviation prefers a declared parameter to them. */
const COMMON_DEFS = new Set<ParameterDefinition>([...COMMON_PARAMETERS, ...SHOULD_PROCESS_PARAMETERS]);

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

/** A command-line argument on its way through the binding steps: a name (paired with its value or alone) or a value. */
interface Pending {
  arg: CommandArg;
  /** Written as `-Name` (known or not). */
  named: boolean;
  /** The name as typed, or the parameter's own name once reparsing paired it with the argument after it. */
  name?: string;
  /** The parameter the name matched, when reparsing looked it up. */
  cp?: CompiledParameter;
  value: unknown;
  hasValue: boolean;
  /** Written `-Name:value`. */
  colon?: boolean;
  /** Where the value was written (the marker of its errors). */
  valueExtent: { start: number; end: number };
}

export interface BindState {
  params: Record<string, unknown>;
  bound: Set<string>;
  /** Bound on the command line (not from the pipeline). */
  commandLineBound: Set<string>;
  setName: string;
  candidateSets: string[];
  /** The valid sets as a mask, or ANY_SET while nothing bound names a set (see sets.ts of PowerShell's model below). */
  validSets: number;
  /** A set the pipeline binding tries alone first (0: none), decided before the first object. */
  prioritizedSet: number;
  /** Where each command-line argument was written, by parameter name: the marker of a [ValidateScript()] failure. */
  extents?: Record<string, { start: number; end: number }>;
}

/** Switch parameters: present/absent, no argument after the name. */
export function isSwitch(p: ParameterDefinition): boolean {
  return fullTypeName(p.type) === SWITCH;
}

/** The set names of a command, in the binder's order (see compiled.ts). */
export function allSetNames(cmd: BindableCommand): string[] {
  return [...compiledCommand(cmd).setNames];
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
      // Among several, the one the command declares itself wins over common parameters.
      let declared: CompiledParameter | undefined;
      let count = 0;
      for (const h of hits)
        if (!COMMON_DEFS.has(h.def)) {
          declared = h;
          count++;
        }
      if (count === 1) return declared!;
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
    if (cp.mandatoryAnywhere && full !== SWITCH && this.cmd.isCmdlet) {
      const refuse = (id: string, why: string) =>
        this.error(id, `Cannot bind argument to parameter '${p.name}' because it ${why}.`, extent, 'InvalidData', 'ParameterBindingValidationException');
      if ((value === null || value === undefined) && !p.allowNull) throw refuse('ParameterArgumentValidationErrorNullNotAllowed', 'is null');
      if (value === '' && full === 'System.String' && !p.allowEmptyString) throw refuse('ParameterArgumentValidationErrorEmptyStringNotAllowed', 'is an empty string');
      if (Array.isArray(value) && value.length === 0 && full.endsWith('[]') && !p.allowEmptyCollection) throw refuse('ParameterArgumentValidationErrorEmptyArrayNotAllowed', 'is an empty array');
    }
    let v: unknown;
    try {
      if (!this.cmd.isCmdlet) this.checkScriptArgument(full, value);
      else this.checkCmdletArgument(cp, full, value, extent);
      if (full === SWITCH) v = value instanceof SwitchParameter ? value : new SwitchParameter(value === undefined ? true : !!convertTo(value, 'System.Boolean'));
      else if (full === 'System.Object' || full === 'System.Management.Automation.PSObject') v = value;
      else if (full === 'System.String' && (value === null || value === undefined)) v = this.cmd.isCmdlet ? null : '';
      // A script's array parameter keeps null as null (a reference type), which a mandatory one then refuses.
      else if (!this.cmd.isCmdlet && full.endsWith('[]') && (value === null || value === undefined)) v = null;
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
    if (cp.mandatoryAnywhere && full !== SWITCH && !this.cmd.isCmdlet) this.refuseNullOrEmpty(cp, full, v, extent);
    return v;
  }

  /**
   * What a compiled cmdlet's binder refuses before converting (PowerShell's CoerceTypeAsNeeded): a collection for a
   * parameter that takes one value (unless it takes any object or an enum), and for a Boolean or switch parameter
   * anything but a Boolean, a switch or a number. Both are CannotConvertArgument, not a conversion error.
   */
  private checkCmdletArgument(cp: CompiledParameter, full: string, value: unknown, extent: { start: number; end: number } | undefined): void {
    const refuse = (what: string, why: string) =>
      this.error('CannotConvertArgument', `Cannot convert '${what}' to the type '${full}' required by parameter '${cp.name}'. ${why}`, extent);
    if (full === SWITCH || full === 'System.Boolean') {
      if (value === null || value === undefined || value instanceof SwitchParameter || typeof value === 'boolean' || NUMERIC_TYPES.has(typeNameOf(value))) return;
      throw refuse(typeNameOf(value), '');
    }
    if (Array.isArray(value) && !full.endsWith('[]') && full !== 'System.Object' && full !== 'System.Management.Automation.PSObject' && !enumTypes.has(full.toLowerCase()))
      throw refuse(typeNameOf(value), 'Specified method is not supported.');
  }

  /**
   * What a script function's type constraint refuses before converting (PowerShell's ArgumentTypeConverterAttribute
   * while binding): a Boolean or switch parameter takes only Booleans, switches and numbers (a switch no number
   * either: there is no conversion from a number to a switch), nor does an element of a Boolean array; an advanced
   * function's String parameter takes no array.
   */
  private checkScriptArgument(full: string, value: unknown): void {
    if (full === 'System.Boolean' || full === SWITCH) checkBoolValue(value, full);
    else if (full === 'System.Boolean[]' && this.cmd.usesCmdletBinding)
      for (const x of Array.isArray(value) ? value : [value]) checkBoolValue(x, 'System.Boolean');
    else if (full === 'System.String' && this.cmd.usesCmdletBinding && Array.isArray(value))
      throw new ConversionError('Cannot convert value to type System.String.', '', full);
    if (full === SWITCH && value !== null && value !== undefined && NUMERIC_TYPES.has(typeNameOf(value)))
      throw new ConversionError(`Cannot convert the "${toStr(value)}" value of type "${typeNameOf(value)}" to type "${SWITCH}".`, '', full);
    // LanguagePrimitives converts no collection, not even one of a single element, to a number, date, character or
    // version (its text is the array's type name); nor null to a date or an enum.
    if (Array.isArray(value) && SCALAR_TYPES.has(full))
      throw new ConversionError(`Cannot convert the "${typeNameOf(value)}" value of type "${typeNameOf(value)}" to type "${full}".`, '', full);
    if (value === null || value === undefined) {
      if (full === 'System.DateTime') throw new ConversionError(`Cannot convert null to type "${full}".`, '', full);
      const e = enumTypes.get(full.toLowerCase());
      if (e)
        throw new ConversionError(
          `Cannot convert null to type "${e.fullName}" due to enumeration values that are not valid. Specify one of the following enumeration values and try again. The possible enumeration values are "${e.members.map(([n]) => n).join(',')}".`,
          '',
          full,
        );
    }
  }

  /**
   * A script function's mandatory parameter refuses, after conversion (PowerShell's ValidateNullOrEmptyArgument):
   * null, an empty string, an empty array, and an array holding null or (of strings) an empty string. So `[int]`
   * takes $null as 0, and `[string]` takes it as '' and refuses that as an empty string.
   */
  private refuseNullOrEmpty(cp: CompiledParameter, full: string, v: unknown, extent: { start: number; end: number } | undefined): void {
    const p = cp.def;
    const refuse = (id: string, why: string) =>
      this.error(id, `Cannot bind argument to parameter '${p.name}' because it ${why}.`, extent, 'InvalidData', 'ParameterBindingValidationException');
    const check = (x: unknown, type: string) => {
      if (x === null || x === undefined) {
        if (!p.allowNull) throw refuse('ParameterArgumentValidationErrorNullNotAllowed', 'is null');
      } else if (x === '' && type === 'System.String' && !p.allowEmptyString) throw refuse('ParameterArgumentValidationErrorEmptyStringNotAllowed', 'is an empty string');
    };
    check(v, full);
    if (!Array.isArray(v) || !full.endsWith('[]')) return;
    const element = full.slice(0, -2);
    if (!VALUE_TYPES.has(element) || element === 'System.String') for (const x of v) check(x, element);
    if (v.length === 0 && !p.allowEmptyCollection) throw refuse('ParameterArgumentValidationErrorEmptyArrayNotAllowed', 'is an empty array');
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

  /**
   * Steps 1-4: binds the command line; `expectingInput` defers mandatory pipeline parameters. The steps and the
   * order of their errors are PowerShell's (CmdletParameterBinderController.BindCommandLineParametersNoValidation):
   * pair each known name with its value (reparse), bind the named ones, bind the positional ones position by
   * position, check the sets, give what is left to a ValueFromRemainingArguments parameter, and only then report an
   * argument nothing took (an unknown name, or a positional argument with the conversion error it met).
   */
  bindCommandLine(args: CommandArg[], expectingInput: boolean): BindState {
    const st: BindState = { params: {}, bound: new Set(), commandLineBound: new Set(), setName: '', candidateSets: [], validSets: ANY_SET, prioritizedSet: 0 };
    let unbound = this.reparse(args);
    unbound = this.bindNamed(st, unbound);
    const positional = this.bindPositional(st, unbound);
    unbound = positional.unbound;
    this.validateSets(st, true, false);
    unbound = this.bindRemaining(st, unbound);
    if (unbound.length) {
      const first = unbound[0];
      if (first.named)
        throw this.error('NamedParameterNotFound', `A parameter cannot be found that matches parameter name '${first.name}'.`, first.arg);
      throw (
        positional.reported ??
        this.error('PositionalParameterNotFound', `A positional parameter cannot be found that accepts argument '${first.value === null || first.value === undefined ? '$null' : toStr(first.value)}'.`, first.arg)
      );
    }
    this.resolveBeforePipeline(st, expectingInput);
    return st;
  }

  /**
   * The name lookup of reparsing and named binding: undefined for a name no parameter has (it may still be taken by
   * a ValueFromRemainingArguments parameter, and is reported last), AmbiguousParameter at once.
   */
  private match(name: string, extent: { start: number; end: number }): CompiledParameter | undefined {
    try {
      return this.find(name, extent);
    } catch (e) {
      if (e instanceof PSRuntimeError && e.record.fullyQualifiedErrorId.startsWith('NamedParameterNotFound,')) return undefined;
      throw e;
    }
  }

  /**
   * Pairs each `-Name` written without a colon value with the argument after it (PowerShell's
   * ReparseUnboundArguments): a switch takes none; a parameter followed by a known parameter name or by `-X:value`
   * misses its argument; one followed by an unknown `-Text` takes that text as its value. An unknown name stays
   * alone (the value after it stays a positional argument). Hashtable-splatted entries go last, so that the names
   * written on the line win over them.
   */
  private reparse(args: CommandArg[]): Pending[] {
    const out: Pending[] = [];
    const splatted: Pending[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.kind === 'value') {
        out.push({ arg: a, named: false, value: a.value, hasValue: true, valueExtent: a });
        continue;
      }
      if (a.hasColonValue) {
        (a.splatted ? splatted : out).push({ arg: a, named: true, name: a.name!, value: a.value, hasValue: true, valueExtent: a, colon: true });
        continue;
      }
      const cp = this.match(a.name!, a);
      if (!cp) {
        out.push({ arg: a, named: true, name: a.name!, value: undefined, hasValue: false, valueExtent: a });
        continue;
      }
      if (cp.isSwitch) {
        out.push({ arg: a, named: true, name: a.name!, cp, value: true, hasValue: true, valueExtent: a });
        continue;
      }
      const next = args[i + 1];
      const missing = () =>
        this.error('MissingArgument', `Missing an argument for parameter '${cp.name}'. Specify a parameter of type '${fullType(cp)}' and try again.`, a);
      if (!next) throw missing();
      if (next.kind === 'param' && (next.hasColonValue || this.match(next.name!, next))) throw missing();
      const value = next.kind === 'param' ? next.text ?? `-${next.name}` : next.value;
      out.push({ arg: a, named: true, name: cp.name, cp, value, hasValue: true, valueExtent: next });
      i++;
    }
    return splatted.length ? out.concat(splatted) : out;
  }

  /** Records a parameter as bound from the command line, narrowing the valid sets to its named ones. */
  private markBound(st: BindState, cp: CompiledParameter, value: unknown, extent: { start: number; end: number }): void {
    st.params[cp.name] = value;
    (st.extents ??= {})[cp.name] = extent;
    st.bound.add(cp.name);
    st.commandLineBound.add(cp.name);
    if (cp.narrowMask !== 0) st.validSets = (st.validSets & cp.narrowMask) >>> 0;
  }

  /**
   * Binds the named arguments in order (PowerShell's BindNamedParameters): a conversion or validation failure is
   * reported at once, a parameter named twice is ParameterAlreadyBound (a hashtable-splatted entry for a parameter
   * the line names is dropped instead). Returns the arguments left: positional ones and unknown names.
   */
  private bindNamed(st: BindState, args: Pending[]): Pending[] {
    const rest: Pending[] = [];
    let explicit: Set<string> | undefined;
    for (const a of args) {
      if (!a.named) {
        rest.push(a);
        continue;
      }
      const cp = a.cp ?? this.match(a.name!, a.arg);
      if (!cp) {
        rest.push(a);
        continue;
      }
      if (a.arg.splatted) {
        explicit ??= new Set(st.bound);
        if (explicit.has(cp.name)) continue;
      }
      if (st.bound.has(cp.name))
        throw this.error(
          'ParameterAlreadyBound',
          `Cannot bind parameter because parameter '${a.name}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, "-parameter value1,value2,value3".`,
          a.arg,
        );
      const value = cp.isSwitch && a.value === true && !a.colon ? true : a.value;
      this.markBound(st, cp, this.convertTo(cp, value, a.valueExtent), a.valueExtent);
    }
    return rest;
  }

  /**
   * The unbound positional parameters of the valid sets by position (PowerShell's
   * EvaluateUnboundPositionalParameters): each position holds the parameters declared there in some valid set, with
   * the set bits of those declarations (0: all sets). ValueFromRemainingArguments parameters take no position.
   */
  private positions(st: BindState): Array<{ position: number; params: Map<CompiledParameter, number[]> }> {
    const byPos = new Map<number, Map<CompiledParameter, number[]>>();
    for (const p of this.c.params) {
      if (st.bound.has(p.name) || p.def.valueFromRemainingArguments) continue;
      for (const d of p.setData) {
        if (!Binder.matches(d.bit, st.validSets)) continue;
        const pos = d.flags.position;
        if (pos === undefined || pos < 0) continue;
        let at = byPos.get(pos);
        if (!at) byPos.set(pos, (at = new Map()));
        const bits = at.get(p);
        if (bits) bits.push(d.bit);
        else at.set(p, [d.bit]);
      }
    }
    return [...byPos.entries()].sort((x, y) => x[0] - y[0]).map(([position, params]) => ({ position, params }));
  }

  /**
   * Binds the positional arguments (PowerShell's BindPositionalParameters). Position by position, the next
   * positional argument (an unknown `-Name` and the argument after it are passed over) is offered to the parameters
   * there: the default set's without conversion, the valid sets' without conversion, then the same two with
   * conversion. A script function's conversion failure, and any validation failure, is reported at once; a cmdlet's
   * conversion failure only makes the binder try the next parameter, and is what is reported when the argument
   * stays unbound. An argument no parameter takes stays unbound and the next position gets the next argument.
   */
  private bindPositional(st: BindState, args: Pending[]): { unbound: Pending[]; reported: PSRuntimeError | undefined } {
    let reported: PSRuntimeError | undefined;
    if (!args.length) return { unbound: args, reported };
    const table = this.positions(st);
    if (!table.length) return { unbound: args, reported };
    const rest: Pending[] = [];
    let next = 0;
    const dflt = this.c.defaultMask;
    for (const { params } of table) {
      if (params.size === 0) continue;
      let arg: Pending | undefined;
      while (next < args.length) {
        const a = args[next++];
        if (!a.named) {
          arg = a;
          break;
        }
        rest.push(a);
        if (next < args.length && !args[next].named) rest.push(args[next++]);
      }
      if (!arg) break;
      const valid = st.validSets;
      const tryIn = (sets: number, coerce: boolean): boolean => {
        reported = undefined;
        for (const [p, bits] of params) {
          if (st.bound.has(p.name)) continue;
          if (!bits.some((b) => Binder.matches(b, sets))) continue;
          if (!coerce && !hasParameterType(fullType(p), arg!.value)) continue;
          let value: unknown;
          try {
            value = this.convertTo(p, arg!.value, arg!.valueExtent);
          } catch (e) {
            if (coerce && this.cmd.isCmdlet && e instanceof PSRuntimeError && e.record.exception.typeName === 'ParameterBindingException') {
              reported = e;
              continue;
            }
            throw e;
          }
          this.markBound(st, p, value, arg!.valueExtent);
          return true;
        }
        return false;
      };
      const inDefault = dflt !== 0 && (valid & dflt) !== 0;
      const bound = (inDefault && tryIn(dflt, false)) || tryIn(valid, false) || (inDefault && tryIn(dflt, true)) || tryIn(valid, true);
      if (!bound) rest.push(arg);
      else if (st.validSets !== valid) {
        // The sets narrowed: the positions keep only the declarations still valid.
        for (const entry of table)
          for (const [p, bits] of entry.params) {
            const kept = bits.filter((b) => Binder.matches(b, st.validSets));
            if (kept.length) entry.params.set(p, kept);
            else entry.params.delete(p);
          }
      }
    }
    while (next < args.length) rest.push(args[next++]);
    return { unbound: rest, reported };
  }

  /**
   * Gives the arguments nothing took to the parameter that collects the remaining arguments in the valid sets
   * (PowerShell's HandleRemainingArguments): unknown names as their text, values as they are; one collection alone
   * is taken as it is. Returns what is still unbound.
   */
  private bindRemaining(st: BindState, args: Pending[]): Pending[] {
    if (!args.length) return args;
    let varargs: CompiledParameter | undefined;
    for (const p of this.c.remaining) {
      if (st.bound.has(p.name) || !p.setData.some((d) => Binder.matches(d.bit, st.validSets))) continue;
      if (varargs) throw this.ambiguousSet();
      varargs = p;
    }
    if (!varargs) return args;
    const values: unknown[] = [];
    for (const a of args) {
      if (a.named) values.push(a.colon ? `-${a.name}:` : a.arg.text ?? `-${a.name}`);
      if (a.hasValue && a.value !== undefined) values.push(a.value);
    }
    const value = values.length === 1 && Array.isArray(values[0]) ? values[0] : values;
    this.markBound(st, varargs, this.convertTo(varargs, value, args[0].valueExtent), args[0].valueExtent);
    return [];
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

  // ---- Parameter sets, as PowerShell's binder resolves them -------------------------------------------------------
  //
  // The valid sets are a mask that binding narrows: each bound parameter that names sets keeps only those (a
  // parameter in every set narrows nothing). ANY_SET, "no named set bound yet", counts as one valid set. After the
  // command line the binder checks the sets once (ValidateParameterSets in PowerShell's source): without pipeline
  // input it settles on one set now (the default set when it is valid, else the one set whose mandatory parameters
  // are all bound); with pipeline input it may keep several, drops those no unbound parameter can fill from the
  // pipeline, and plans from the unbound mandatory parameters which set the pipeline should fill (planPipeline).
  // Each pipeline object then starts from that state again (bindPipelineObject).

  /** The number of sets a valid-set mask stands for (ANY_SET is one). */
  private static count(mask: number): number {
    if (mask === ANY_SET) return 1;
    let n = 0;
    for (let m = mask >>> 0; m !== 0; m = (m & (m - 1)) >>> 0) n++;
    return n;
  }

  /** The name PowerShell reports for a valid-set mask: the set's, the default's for ANY_SET, '' for several. */
  private nameOf(mask: number): string {
    if (mask === ANY_SET || mask === 0) return this.cmd.defaultParameterSetName ?? ALL_SETS;
    const i = 31 - Math.clz32(mask);
    if ((mask & (mask - 1)) !== 0) return '';
    return this.c.setNames[i] ?? '';
  }

  private ambiguousSet(): PSRuntimeError {
    return this.error('AmbiguousParameterSet', 'Parameter set cannot be resolved using the specified named parameters.');
  }

  /** Whether a declaration of a parameter (set bit, 0 for all sets) applies to the valid sets. */
  private static matches(bit: number, valid: number): boolean {
    return bit === 0 || (bit & valid) !== 0;
  }

  /** Whether some unbound parameter takes pipeline input in the given sets. */
  private unboundTakesPipeline(st: BindState, valid: number): boolean {
    for (const p of this.c.params) {
      if (!p.pipeline || st.bound.has(p.name)) continue;
      for (const d of p.setData) if (Binder.matches(d.bit, valid) && (d.flags.byValue || d.flags.byName)) return true;
    }
    return false;
  }

  /**
   * Checks the valid sets (PowerShell's ValidateParameterSets): zero sets is AmbiguousParameterSet; several settle on
   * the default set when it is among them (only if `setDefault`), wait for pipeline input when some unbound parameter
   * can still take it (`prePipeline`), else on the one set whose mandatory parameters are all bound. Returns the
   * number of valid sets.
   */
  private validateSets(st: BindState, prePipeline: boolean, setDefault: boolean): number {
    const dflt = this.c.defaultMask;
    let count = Binder.count(st.validSets);
    if (count === 0) throw this.ambiguousSet();
    if (count > 1) {
      if ((!prePipeline && st.validSets === dflt) || (dflt !== 0 && (st.validSets & dflt) !== 0)) {
        st.setName = this.nameOf(dflt);
        if (setDefault) {
          st.validSets = dflt;
          count = 1;
        }
      } else if (prePipeline && this.unboundTakesPipeline(st, st.validSets)) {
        // Several sets stay valid: the pipeline input decides.
      } else {
        if (!this.resolveByMandatory(st)) throw this.ambiguousSet();
        count = 1;
      }
      return count;
    }
    if (st.validSets === ANY_SET) {
      count = this.c.setNames.length;
      if (prePipeline && this.unboundTakesPipeline(st, ANY_SET)) {
        // Not fixed on the default set yet: the pipeline input may bind a parameter of another set.
      } else if (dflt !== 0) {
        if (setDefault) {
          st.validSets = dflt;
          count = 1;
        }
      } else if (count > 1) {
        if (!this.resolveByMandatory(st)) throw this.ambiguousSet();
        count = 1;
      }
    }
    st.setName = this.nameOf(st.validSets);
    return count;
  }

  /** Keeps the one valid set none of whose mandatory parameters is unbound, if there is exactly one. */
  private resolveByMandatory(st: BindState): boolean {
    let rest = (st.validSets & this.c.namedMask) >>> 0;
    for (const p of this.c.params) {
      if (st.bound.has(p.name)) continue;
      for (const d of p.setData) if (d.flags.mandatory) rest = (rest & ~d.bit) >>> 0;
    }
    if (Binder.count(rest) !== 1) return false;
    st.validSets = rest;
    st.setName = this.nameOf(rest);
    return true;
  }

  /** Unbound parameters mandatory in the valid sets, in declaration order. */
  private missingMandatory(st: BindState): CompiledParameter[] {
    const out: CompiledParameter[] = [];
    for (const p of this.c.params) {
      if (!p.mandatoryAnywhere || st.bound.has(p.name)) continue;
      if (p.setData.some((d) => d.flags.mandatory && Binder.matches(d.bit, st.validSets))) out.push(p);
    }
    return out;
  }

  /** Drops from several valid sets those in which no unbound parameter takes pipeline input (unless none does). */
  private dropSetsWithoutPipelineInput(st: BindState): number {
    let taking = 0;
    for (const p of this.c.params) {
      if (!p.pipeline || st.bound.has(p.name)) continue;
      for (const d of p.setData) {
        if (!Binder.matches(d.bit, st.validSets) || !(d.flags.byValue || d.flags.byName)) continue;
        if (d.bit === 0) return st.validSets;
        taking |= d.bit;
      }
    }
    return taking === 0 ? st.validSets : (st.validSets & taking) >>> 0;
  }

  /** Steps 3-4 after the command line: the valid sets, the mandatory parameters, and the plan for pipeline input. */
  private resolveBeforePipeline(st: BindState, expectingInput: boolean): void {
    let count = this.validateSets(st, expectingInput, !expectingInput);
    if (count > 1 && expectingInput) {
      const kept = this.dropSetsWithoutPipelineInput(st);
      if (kept !== st.validSets) {
        st.validSets = kept;
        count = this.validateSets(st, true, false);
      }
    }
    const missing = expectingInput ? this.planPipeline(st, count) : this.missingMandatory(st);
    if (missing.length)
      throw this.error('MissingMandatoryParameter', `Cannot process command because of one or more missing mandatory parameters:${missing.map((p) => ' ' + p.name).join('')}.`);
    if (!expectingInput) this.verifySetSelected(st);
    this.publishSets(st);
  }

  /** With several sets declared and none chosen, the default set, or AmbiguousParameterSet. */
  private verifySetSelected(st: BindState): void {
    if (this.c.setNames.length > 1 && st.validSets === ANY_SET) {
      if (this.c.defaultMask === 0) throw this.ambiguousSet();
      st.validSets = this.c.defaultMask;
    }
    st.setName = this.nameOf(st.validSets);
  }

  /** The set name and candidate list the processors read. */
  private publishSets(st: BindState): void {
    st.setName = this.nameOf(st.validSets);
    st.candidateSets = this.c.namesOf(st.validSets === ANY_SET ? this.c.allMask : (st.validSets & this.c.allMask) >>> 0);
  }

  /**
   * Before the first pipeline object, with mandatory parameters unbound: which set the pipeline is to fill. Sorts
   * the unbound mandatory parameters per set (the all-sets declarations apart) into those the pipeline can fill (by
   * value, by property name) and those it cannot, then: keeps the default set's chance when no other set needs the
   * pipeline; latches onto the default set when it is the one the pipeline fills best; else onto the one set that
   * takes pipeline input by value or by property name (keeping the sets without mandatory parameters valid, that set
   * tried first), as a last resort onto the by-value one. Returns the parameters nothing will fill, which are an
   * error now (no prompt).
   */
  private planPipeline(st: BindState, count: number): CompiledParameter[] {
    interface SetNeeds {
      set: number;
      all: boolean;
      isDefault: boolean;
      pipe: number;
      byValue: number;
      byName: number;
      other: CompiledParameter[];
    }
    const dflt = this.c.defaultMask;
    const needs = new Map<number, SetNeeds>();
    let mandatorySets = 0;
    let missingAny = false;
    let missingInAll = false;
    for (const p of this.c.params) {
      if (!p.mandatoryAnywhere || st.bound.has(p.name)) continue;
      for (const d of p.setData) {
        if (!d.flags.mandatory || !Binder.matches(d.bit, st.validSets)) continue;
        missingAny = true;
        const key = d.bit === 0 ? ANY_SET : d.bit;
        if (d.bit !== 0) mandatorySets = (mandatorySets | (st.validSets & d.bit)) >>> 0;
        else missingInAll = true;
        let n = needs.get(key);
        if (!n) needs.set(key, (n = { set: key, all: key === ANY_SET, isDefault: dflt !== 0 && (dflt & key) !== 0, pipe: 0, byValue: 0, byName: 0, other: [] }));
        if (d.flags.byValue || d.flags.byName) {
          n.pipe++;
          if (d.flags.byValue) n.byValue++;
          if (d.flags.byName) n.byName++;
        } else n.other.push(p);
      }
    }
    if (!missingAny) return [];
    const result: CompiledParameter[] = [];
    const within = (n: SetNeeds, sets: number) => (n.set & sets) !== 0 || n.all;
    const ignore = (sets: number) => {
      if (sets === 0) return;
      st.validSets = st.validSets === ANY_SET ? (this.c.allMask & ~sets) >>> 0 : (st.validSets & ~sets) >>> 0;
    };
    const latch = (chosen: number) => {
      let others = 0;
      let chosenNeedsOther = false;
      for (const n of needs.values()) {
        if (within(n, chosen)) {
          if (!n.all) chosenNeedsOther = n.other.length > 0;
          result.push(...n.other);
        } else others = (others | n.set) >>> 0;
      }
      if (chosenNeedsOther) st.validSets = chosen;
      else {
        ignore(others);
        if (st.validSets !== chosen) st.prioritizedSet = chosen;
      }
    };
    if (mandatorySets === 0) mandatorySets = st.validSets;
    if (missingInAll) mandatorySets = (st.validSets & (this.c.allMask || ANY_SET)) >>> 0;
    // The default set needs nothing and no other set needs the pipeline: the sets that need nothing stay, the
    // default one tried first.
    if (count > 1 && dflt !== 0 && (dflt & mandatorySets) === 0 && (dflt & st.validSets) !== 0) {
      const otherNeedsPipeline = [...needs.values()].some((n) => (n.set & st.validSets) !== 0 && (n.set & dflt) === 0 && !n.all && n.pipe > 0);
      if (!otherNeedsPipeline) {
        mandatorySets = (st.validSets & ~mandatorySets) >>> 0;
        st.validSets = mandatorySets;
        if (st.validSets !== dflt) st.prioritizedSet = dflt;
      }
    }
    const sets = Binder.count(mandatorySets);
    if (sets === 0) throw this.ambiguousSet();
    if (sets === 1) {
      for (const n of needs.values()) if (within(n, mandatorySets)) result.push(...n.other);
      return result;
    }
    if (st.prioritizedSet !== 0) return result;
    if (dflt !== 0 && (mandatorySets & dflt) !== 0) {
      const rivals = [...needs.values()].filter((n) => !n.all && !n.isDefault);
      const rivalTakesPipeline = rivals.some((n) => n.pipe > 0 && n.other.length === 0);
      const rivalTakesByName = rivals.some((n) => n.byName > 0);
      const d = needs.get(dflt);
      let toDefault = !!d && ((d.byName > 0 && !rivalTakesByName) || (d.pipe > 0 && !rivalTakesPipeline));
      if (!toDefault && !rivalTakesPipeline) toDefault = true;
      if (!toDefault && (needs.get(ANY_SET)?.other.length ?? 0) > 0) toDefault = true;
      if (toDefault) {
        st.validSets = dflt;
        for (const n of needs.values()) if (within(n, dflt)) result.push(...n.other);
        return result;
      }
    }
    // The one set the pipeline fills by value, and the one it fills by property name (0 when several).
    const single = (key: 'byValue' | 'byName'): { set: number; several: boolean } => {
      let set = 0;
      for (const n of needs.values()) {
        if ((n.set & mandatorySets) === 0 || n.all || n[key] === 0) continue;
        if (set !== 0) return { set: 0, several: true };
        set = n.set;
      }
      return { set, several: false };
    };
    const byValue = single('byValue');
    const byName = single('byName');
    let unique = 0;
    if (byValue.set !== 0 && byName.set !== 0 && byValue.set === byName.set) unique = byValue.set;
    // Exactly one way found some set (several sets count as found): that way's set, if it was one.
    const foundByValue = byValue.set !== 0 || byValue.several;
    const foundByName = byName.set !== 0 || byName.several;
    if (foundByValue !== foundByName) unique = foundByValue ? byValue.set : byName.set;
    if (unique !== 0) {
      latch(unique);
      return result;
    }
    let needsOther = false;
    let setsNeedingOther = 0;
    for (const n of needs.values()) {
      if (!within(n, mandatorySets) || n.other.length === 0) continue;
      needsOther = true;
      if (!n.all) setsNeedingOther = (setsNeedingOther | n.set) >>> 0;
    }
    if (!needsOther) return result;
    if (byValue.set !== 0) {
      latch(byValue.set);
      return result;
    }
    if (!byValue.several && !byName.several) throw this.ambiguousSet();
    if (setsNeedingOther !== 0) {
      ignore(setsNeedingOther);
      if (st.validSets === 0) throw this.ambiguousSet();
    }
    return result;
  }

  /**
   * Step 5: binds one pipeline object; returns the state for this object, or an error record.
   *
   * Four binding states, one after the other: by value without type coercion, by property name without coercion,
   * by value with coercion, by property name with coercion. In each, while the default set is valid its parameters
   * (and those in every set) get the first chance; only when none binds do the other valid sets' parameters get
   * theirs. After a state that bound something the valid sets are checked again, which collapses several to the
   * default set: an object with ImagePath and Index piped to Get-WindowsImage binds ImagePath (by name, no coercion)
   * in the default set InputByFilePath and leaves Index alone. A set the pre-pipeline plan prioritized gets a round
   * of the four states alone first.
   */
  bindPipelineObject(base: BindState, input: unknown): BindState | ErrorRecord {
    const result = this.bindPipelineObjectState(base, input);
    this.boundBeforeError = undefined;
    if (result.error) {
      // What the object bound before its binding failed: PowerShell's $PSBoundParameters keeps those entries (it
      // restores the parameters' values, not the dictionary), so the next object's run still shows them.
      const partial: Record<string, unknown> = {};
      for (const k of result.state.bound) if (!base.commandLineBound.has(k) && k in result.state.params) partial[k] = result.state.params[k];
      this.boundBeforeError = partial;
      return result.error;
    }
    return result.state;
  }

  /** After bindPipelineObject returned an error: the parameters that object had bound from the pipeline first. */
  boundBeforeError: Record<string, unknown> | undefined;

  private bindPipelineObjectState(base: BindState, input: unknown): { state: BindState; error?: ErrorRecord } {
    const st: BindState = {
      params: {},
      bound: new Set(base.commandLineBound),
      commandLineBound: base.commandLineBound,
      setName: base.setName,
      candidateSets: base.candidateSets,
      validSets: base.validSets,
      prioritizedSet: 0,
    };
    for (const k of base.commandLineBound) if (k in base.params) st.params[k] = base.params[k];
    let any = false;
    try {
      const prioritized = base.prioritizedSet;
      let valid = prioritized !== 0 ? prioritized : st.validSets;
      for (let round = prioritized !== 0 ? 0 : 1; round < 2; round++) {
        for (let state = 0; state < 4; state++) {
          if (!this.bindInState(st, input, state, valid)) continue;
          any = true;
          // The prioritized set alone needs no check: binding in it narrowed the valid sets to it.
          if (round === 1) {
            this.validateSets(st, true, true);
            valid = st.validSets;
          }
        }
        if (round === 0) {
          if (st.validSets === prioritized) break;
          valid = (st.validSets & ~prioritized) >>> 0;
        }
      }
      this.validateSets(st, false, true);
      this.verifySetSelected(st);
    } catch (e) {
      if (e instanceof PSRuntimeError) return { state: st, error: e.record };
      throw e;
    }
    if (!any) {
      const rec = this.error(
        'InputObjectNotBound',
        'The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.',
      ).record;
      rec.targetObject = input;
      return { state: st, error: rec };
    }
    const missing = this.missingMandatory(st);
    if (missing.length) {
      const rec = this.error(
        'InputObjectMissingMandatory',
        `The input object cannot be bound because it did not contain the information required to bind all mandatory parameters: ${missing.map((p) => ' ' + p.name).join('')}`,
      ).record;
      rec.targetObject = input;
      return { state: st, error: rec };
    }
    this.publishSets(st);
    return { state: st };
  }

  /** One binding state: the default set's parameters first while it is valid, else those of the other valid sets. */
  private bindInState(st: BindState, input: unknown, state: number, valid: number): boolean {
    const dflt = this.c.defaultMask;
    let sets = valid;
    if (dflt !== 0 && (valid & dflt) !== 0) {
      if (this.bindInSets(st, input, state, dflt)) return true;
      sets = (sets & ~dflt) >>> 0;
    }
    return this.bindInSets(st, input, state, sets);
  }

  /**
   * Binds, in one state, every unbound pipeline parameter of the given sets that takes the input (last declared
   * first, as PowerShell walks its unbound list; all that bind stay bound, and parameters of two sets make the next
   * check fail). Returns whether anything was bound.
   */
  private bindInSets(st: BindState, input: unknown, state: number, sets: number): boolean {
    const byName = state === 1 || state === 3;
    const coerce = state >= 2;
    if (byName && !(input instanceof PSObject || input instanceof PSHashtable)) return false;
    let boundAny = false;
    const params = this.c.params;
    for (let i = params.length - 1; i >= 0; i--) {
      const p = params[i];
      if (!p.pipeline || st.bound.has(p.name)) continue;
      if ((sets & p.narrowMask) === 0 && !p.inAllSets) continue;
      for (const d of p.setData) {
        if (!Binder.matches(d.bit, sets) || !(byName ? d.flags.byName : d.flags.byValue)) continue;
        if (this.bindFromPipeline(st, p, input, byName, coerce)) {
          boundAny = true;
          break;
        }
      }
    }
    return boundAny;
  }

  /**
   * Binds one parameter from the input (or its property). Without coercion only a value of the parameter's type
   * binds. A failed conversion of the input itself just does not bind; one of a property, or a failed validation,
   * is the object's error.
   */
  private bindFromPipeline(st: BindState, p: CompiledParameter, input: unknown, byName: boolean, coerce: boolean): boolean {
    let value = input;
    if (byName) {
      const obj = input as PSObject | PSHashtable;
      const name = p.pipelineNames.find((n) => obj.has(n));
      if (name === undefined) return false;
      value = getProperty(input, name);
    }
    if (value === undefined) return false;
    if (!coerce && !hasParameterType(fullType(p), value)) return false;
    try {
      st.params[p.name] = this.convertTo(p, value);
    } catch (e) {
      if (!(e instanceof PSRuntimeError)) throw e;
      const id = e.record.fullyQualifiedErrorId;
      if (!byName && (id.startsWith('CannotConvertArgumentNoMessage,') || id.startsWith('CannotConvertArgument,') || id.startsWith('ParameterArgumentTransformationError,'))) return false;
      throw e;
    }
    st.bound.add(p.name);
    if (p.narrowMask !== 0) st.validSets = (st.validSets & p.narrowMask) >>> 0;
    return true;
  }

  /** Whether any parameter takes pipeline input. */
  takesPipelineInput(): boolean {
    return this.c.takesPipelineInput;
  }
}

const VALUE_TYPES = new Set([
  'System.String', 'System.Int16', 'System.UInt16', 'System.Int32', 'System.UInt32', 'System.Int64', 'System.UInt64', 'System.Byte', 'System.SByte',
  'System.Double', 'System.Single', 'System.Decimal', 'System.Boolean', 'System.Char', 'System.DateTime', 'System.TimeSpan', SWITCH,
]);

const NUMERIC_TYPES = new Set([
  'System.Int16', 'System.UInt16', 'System.Int32', 'System.UInt32', 'System.Int64', 'System.UInt64', 'System.Byte', 'System.SByte',
  'System.Double', 'System.Single', 'System.Decimal', 'System.Numerics.BigInteger',
]);

/** The types no collection converts to (see checkScriptArgument). */
const SCALAR_TYPES = new Set([...NUMERIC_TYPES, 'System.DateTime', 'System.Char', 'System.Version', 'System.TimeSpan', 'System.Guid']);

/** A Boolean (or switch) parameter of a script takes a Boolean, a switch or a number; null only as a switch. */
function checkBoolValue(value: unknown, full: string): void {
  const null_ = value === null || value === undefined;
  if (null_ ? full === SWITCH : value instanceof SwitchParameter || typeof value === 'boolean' || NUMERIC_TYPES.has(typeNameOf(value))) return;
  throw new ConversionError(
    `Cannot convert value "${null_ ? '' : typeNameOf(value)}" to type "${full}". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.`,
    '',
    full,
  );
}

/**
 * Whether a pipeline value already has a parameter's type, so that it binds in a state without coercion: the
 * value's own .NET type is the parameter's, or the parameter takes any object, or an array parameter gets a value
 * of its element type (or an array of such values). Null fits a reference type other than String.
 */
function hasParameterType(full: string, value: unknown): boolean {
  if (full === 'System.Object' || full === 'System.Management.Automation.PSObject') return true;
  if (value === null) return !(VALUE_TYPES.has(full) || enumTypes.has(full.toLowerCase()));
  if (full.endsWith('[]')) {
    if (typeNameOf(value) === full) return true;
    const element = full.slice(0, -2);
    return Array.isArray(value) ? value.every((v) => v !== null && hasParameterType(element, v)) : hasParameterType(element, value);
  }
  return typeNameOf(value) === full;
}
