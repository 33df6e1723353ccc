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
 */
export class MemberTable<M, P> {
  readonly methods = new Map<string, MemberRow<M>>();
  readonly properties = new Map<string, MemberRow<P>>();

  constructor(
    readonly typeName: string,
    rows: ReadonlyArray<MemberRow<M> | MemberRow<P>>,
  ) {
    for (const r of rows) {
      const map = (r.kind === 'Method' ? this.methods : this.properties) as Map<string, MemberRow<unknown>>;
      const key = r.name.toLowerCase();
      if (map.has(key)) throw new Error(`${typeName}: ${r.kind.toLowerCase()} '${r.name}' is listed twice`);
      map.set(key, r);
    }
  }

  /** Every row, properties then methods (for Get-Member and the contract tests). */
  rows(): Array<MemberRow<M> | MemberRow<P>> {
    return [...this.properties.values(), ...this.methods.values()];
  }
}
