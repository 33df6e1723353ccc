/*
 * The shape of wimsh's .NET surface: one table per .NET type, mapping a member name (case-insensitively, as
 * PowerShell binds members) to its implementation and to what Get-Member shows (member type and definition).
 * Method dispatch, property reads and Get-Member all read the same rows, so adding a member is adding a row.
 * The rows themselves live in members.ts (instance members) and static-members.ts (`[type]::Member`).
 */
import type { ScriptBlock } from './values';

/** Host services members need (file tests go through the drive map). */
export interface MemberHost {
  resolvePath(p: string): string;
  /** [Console]::Write/WriteLine: text to the console (after pending formatted output). */
  write?(text: string): void;
  invokeScriptBlock?(sb: ScriptBlock, args: unknown[]): Promise<unknown>;
}

/**
 * Returned by an implementation that declines a call (`@(1).Where('x')` is not the Where method but method
 * enumeration): dispatch goes on as if the row were absent.
 */
export const NOT_HANDLED: unique symbol = Symbol('NOT_HANDLED');

/**
 * A case-insensitive name lookup that stays as fast as the switch statements it replaced. Member names come from
 * the script text, the same string object on every pass through a loop, so a spelling seen once is remembered:
 * the next lookup is one Map hit on a string whose hash V8 has cached, with no toLowerCase() copy. Only spellings
 * of names that exist are remembered, so the map stays as small as the scripts' vocabulary.
 */
export class NameMap<V> {
  private readonly map = new Map<string, V>();

  /** Adds (or replaces) `name`; returns whether it was already there. */
  set(name: string, value: V): boolean {
    const key = name.toLowerCase();
    const had = this.map.has(key);
    this.map.set(key, value);
    return had;
  }

  get(name: string): V | undefined {
    let v = this.map.get(name);
    if (v === undefined) {
      v = this.map.get(name.toLowerCase());
      if (v !== undefined) this.map.set(name, v);
    }
    return v;
  }
}

export type MemberKind = 'Method' | 'Property';

export interface MemberRow<F> {
  /** The name as .NET spells it (what Get-Member prints). */
  readonly name: string;
  readonly kind: MemberKind;
  readonly impl: F;
  /** Get-Member's Definition column; a row without one is callable but not listed. */
  readonly definition?: string;
}

/** A method row: `impl` gets the arguments already evaluated. */
export function method<F>(name: string, impl: F, definition?: string): MemberRow<F> {
  return { name, kind: 'Method', impl, definition };
}

/** A property row: `impl` is the getter. */
export function property<F>(name: string, impl: F, definition?: string): MemberRow<F> {
  return { name, kind: 'Property', impl, definition };
}

/**
 * The members of one .NET type. M is the method implementation's signature, P the getter's. Names are unique
 * case-insensitively within methods and within properties (DateTime has both a Now property and, as wimsh has
 * always accepted, a Now() method); a duplicate is a programming error and fails at load.
 *
 * `base` is the type the members are inherited from (System.Object for most): method() and property() find the
 * type's own row first, then the base's, so a row here overrides (String's Equals) or adds to the base.
 */
export class MemberTable<M, P> {
  /** The type's own rows by lower-case name. */
  readonly methods = new Map<string, MemberRow<M>>();
  readonly properties = new Map<string, MemberRow<P>>();
  private readonly methodLookup = new NameMap<MemberRow<M>>();
  private readonly propertyLookup = new NameMap<MemberRow<P>>();

  constructor(
    readonly typeName: string,
    rows: ReadonlyArray<MemberRow<M> | MemberRow<P>>,
    readonly base?: MemberTable<M, P>,
  ) {
    for (let t: MemberTable<M, P> | undefined = base; t; t = t.base) {
      for (const r of t.methods.values()) if (!this.methodLookup.get(r.name)) this.methodLookup.set(r.name, r);
      for (const r of t.properties.values()) if (!this.propertyLookup.get(r.name)) this.propertyLookup.set(r.name, r);
    }
    for (const r of rows) {
      const own = (r.kind === 'Method' ? this.methods : this.properties) as Map<string, MemberRow<unknown>>;
      const key = r.name.toLowerCase();
      if (own.has(key)) throw new Error(`${typeName}: ${r.kind.toLowerCase()} '${r.name}' is listed twice`);
      own.set(key, r);
      ((r.kind === 'Method' ? this.methodLookup : this.propertyLookup) as NameMap<MemberRow<unknown>>).set(r.name, r);
    }
  }

  /** The method `name` (any case) of this type or its bases. */
  method(name: string): MemberRow<M> | undefined {
    return this.methodLookup.get(name);
  }

  /** The property `name` (any case) of this type or its bases. */
  property(name: string): MemberRow<P> | undefined {
    return this.propertyLookup.get(name);
  }

  /** The type's own rows, properties then methods (for Get-Member and the contract tests). */
  rows(): Array<MemberRow<M> | MemberRow<P>> {
    return [...this.properties.values(), ...this.methods.values()];
  }
}
