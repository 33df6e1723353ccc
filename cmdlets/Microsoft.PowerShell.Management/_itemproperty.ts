/*
 * What Get-ItemProperty and Set-ItemProperty share on the file system: the items a -Path/-LiteralPath names, the
 * provider's note properties (PSPath, PSParentPath, PSChildName, PSDrive, PSProvider) and the provider's error for a
 * property the item does not have.
 */
import type { CmdletContext } from '../../src/lang/commands/cmdlet';
import type { ErrorRecord } from '../../src/lang/runtime/errors';
import { PSObject } from '../../src/lang/types/values';
import { strings, expandPath, pathNotFound, displayFull, type ResolvedItem } from '../_shared/common';

/** The items the command's -Path or -LiteralPath name; a path naming nothing writes the path-not-found error. */
export function namedItems(ctx: CmdletContext): ResolvedItem[] {
  const literal = ctx.params.LiteralPath !== undefined;
  const out: ResolvedItem[] = [];
  for (const p of strings(ctx.params.Path ?? ctx.params.LiteralPath)) {
    const items = expandPath(ctx, p, literal);
    if (!items.length) {
      if (literal || !/[*?[]/.test(p)) ctx.writeError(pathNotFound(ctx, displayFull(ctx, p)));
      continue;
    }
    out.push(...items);
  }
  return out;
}

/** Adds the FileSystem provider's PS* note properties of an item, as Get-ItemProperty -Name returns them. */
export function addProviderProperties(o: PSObject, item: PSObject): void {
  const full = String(item.get('FullName')?.value ?? '');
  o.set('PSPath', item.get('PSPath')?.value);
  o.set('PSParentPath', item.get('PSParentPath')?.value);
  o.set('PSChildName', item.get('PSChildName')?.value);
  o.set('PSDrive', /^[A-Za-z]:/.test(full) ? full[0].toUpperCase() : '');
  o.set('PSProvider', 'Microsoft.PowerShell.Core\\FileSystem');
}

/**
 * The FileSystem provider's error for a property an item does not have: `The property X does not exist or was not
 * found.`, an IOException in category ReadError (errorId GetValueError for Get-ItemProperty, SetPropertyError for
 * Set-ItemProperty, where X is the note property as .NET prints it: `System.Int32 Name=1`).
 */
export function noSuchProperty(ctx: CmdletContext, shown: string, errorId: 'GetValueError' | 'SetPropertyError', target: string): ErrorRecord {
  const rec = ctx.error(`The property ${shown} does not exist or was not found.`, errorId, 'ReadError', 'IOException', target);
  rec.exception.fullName = 'System.IO.IOException';
  return rec;
}
