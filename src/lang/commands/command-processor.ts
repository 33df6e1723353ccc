/*
 * What every command processor shares (PowerShell's CommandProcessorBase): the common parameters a cmdlet or an
 * advanced function gets on top of its own, the preference variables they stand in for ($ErrorActionPreference
 * and -ErrorAction...), the routing of a non-terminating error by its error action, and the command node of a
 * command that no source text names.
 *
 * The processors themselves: cmdlet-processor.ts (cmdlets and native front ends), function-processor.ts (functions,
 * script blocks, scripts), native-command.ts (programs); invocation.ts picks one for a command of a pipeline.
 */
import type { CommandAst } from '../syntax/ast';
import { ErrorRecord, PSRuntimeError } from '../runtime/errors';
import { PSEnumValue, enumerate } from '../types/values';
import { convertTo } from '../types/convert';
import { newList } from '../types/members';
import type { ParameterDefinition } from './cmdlet';
import { COMMON_PARAMETERS, SHOULD_PROCESS_PARAMETERS } from '../binding/binder';
import type { ExecutionContext } from '../runtime/context';
import { reportError, collectError, getVariable, setVariable } from '../runtime/evaluator';
import { toStr } from '../types/convert';

// ------------------------------------------------------------------------------------------------ preferences

/** A preference variable ($ErrorActionPreference...) as an ActionPreference name; Continue when unset or not one. */
export function preferenceOf(ec: ExecutionContext, varName: string): string {
  const v = getVariable(ec, varName, null);
  if (v instanceof PSEnumValue) return v.name;
  if (v === null || v === undefined) return 'Continue';
  try {
    return (convertTo(v, 'System.Management.Automation.ActionPreference') as PSEnumValue).name;
  } catch {
    return 'Continue';
  }
}

/** The action a common parameter (-ErrorAction...) asks for, else its preference variable's. */
export function actionPref(bound: Record<string, unknown>, ec: ExecutionContext, param: string, variable: string): string {
  const v = bound[param];
  if (v instanceof PSEnumValue) return v.name;
  return preferenceOf(ec, variable);
}

/**
 * Routes a non-terminating error according to the error action; `errorVariable` is the writing command's own
 * -ErrorVariable list (setupStreamVariable), which collects it whatever the action (Ignore too, as in PowerShell).
 */
export async function writeErrorWithAction(ec: ExecutionContext, rec: ErrorRecord, action: string, errorVariable?: unknown[]): Promise<void> {
  if (ec.pipelineFailed) ec.pipelineFailed.value = true;
  collectError(ec, rec, errorVariable);
  switch (action) {
    case 'Stop':
      throw new PSRuntimeError(rec, true);
    case 'SilentlyContinue':
      ec.session.recordError(rec);
      return;
    case 'Ignore':
      return;
    default:
      await reportError(ec, rec);
  }
}

// ------------------------------------------------------------------------------------------------ common parameters

/**
 * -ErrorVariable, -WarningVariable, -OutVariable, -InformationVariable: when the command starts, the named variable
 * (in the caller's scope) gets a fresh list that the command's writes to that stream are added to, so that it holds
 * all of them (none: an empty list). `+name` appends: the list keeps what the variable held (an array's items, or the
 * one value). Returns the list, or undefined when the parameter was not given.
 */
export function setupStreamVariable(ec: ExecutionContext, spec: unknown): unknown[] | undefined {
  if (spec === undefined || spec === null) return undefined;
  const text = toStr(spec);
  if (text === '' || text === '+') return undefined;
  const append = text.startsWith('+');
  const name = append ? text.slice(1) : text;
  // An ArrayList, as PowerShell's: `$ev.GetType()` says so and `$ev.Add(...)` works.
  const list = newList('System.Collections.ArrayList');
  if (append) {
    const old = ec.scope.lookup(name)?.value;
    if (old !== null && old !== undefined) list.push(...enumerate(old));
  }
  setVariable(ec, name, null, list);
  return list;
}

/** A command's own parameters, then the common ones (and -WhatIf/-Confirm when it supports ShouldProcess). */
export function withCommon(def: { parameters: readonly ParameterDefinition[]; supportsShouldProcess?: boolean }): ParameterDefinition[] {
  return [...def.parameters, ...COMMON_PARAMETERS, ...(def.supportsShouldProcess ? SHOULD_PROCESS_PARAMETERS : [])];
}

/** The command node of a command that no source text names (a script run by -File, a front end by Start-Process). */
export const NO_COMMAND: CommandAst = { type: 'Command', start: 0, end: 0, invocation: null, name: { type: 'String', value: '', start: 0, end: 0 }, elements: [] };
