/*
 * Import-Csv (Microsoft.PowerShell.Utility): creates table-like custom objects from the items in a CSV file.
 * The record splitting is csv-parse's (its sync API: no Node streams, so the engine also runs in a browser); what
 * Windows PowerShell 5.1 adds on top is here: a leading `#...` line (the `#TYPE` line Export-Csv writes) is not
 * data, blanks before a field are ignored, blank lines are skipped, trailing empty header names are dropped,
 * other empty ones become H1, H2... with a warning, a repeated name ends the command, a short record fills the
 * missing fields with $null.
 */
import { parse } from 'csv-parse/sync';
import { defineCmdlet, type CmdletContext } from '../../src/lang/commands/cmdlet';
import { PSObject } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { strings, expandPath, pathNotFound, displayFull, readText } from '../_shared/common';

/** 5.1's prefix for an empty header name (H1, H2...). */
const UNSPECIFIED_NAME = 'H';
const UNSPECIFIED_WARNING =
  'One or more headers were not specified. Default names starting with "H" have been used in place of any missing headers.';

/** The running commands that have shown the H-name warning (5.1 shows it once per command, not per file). */
const warned = new WeakSet<CmdletContext>();

/** True for a record that is one empty field: a blank line, which 5.1 skips. */
function isBlank(r: string[]): boolean {
  return r.length === 1 && r[0] === '';
}

/**
 * Splits CSV text into records: quoted fields may hold the delimiter, doubled quotes and line breaks; a stray quote
 * inside an unquoted field is kept as text; blank lines are dropped. An unclosed quote runs to the end of the text,
 * as 5.1 reads it (csv-parse rejects it, so the text is parsed again with the quote closed at the end).
 */
export function parseCsv(text: string, delimiter: string): string[][] {
  const options = { delimiter, relax_quotes: true, relax_column_count: true, ltrim: true, bom: true };
  let rows: string[][];
  try {
    rows = parse(text, options) as string[][];
  } catch (e) {
    if ((e as { code?: string }).code !== 'CSV_QUOTE_NOT_CLOSED') throw e;
    rows = parse(text + '"', options) as string[][];
  }
  return rows.filter((r) => !isBlank(r));
}

/**
 * Cuts a leading `#` line off the text, as 5.1 does before reading the header: it is the `#TYPE <name>` line
 * Export-Csv writes, or a comment. Returns the rest and the type name (undefined when none is given).
 */
export function splitTypeLine(text: string): { body: string; typeName?: string } {
  const t = text.replace(/^\ufeff/, '');
  if (!t.startsWith('#')) return { body: t };
  const m = /\r\n|\r|\n/.exec(t);
  const line = m ? t.slice(0, m.index) : t;
  const body = m ? t.slice(m.index + m[0].length) : '';
  const typeName = /^#type/i.test(line) ? line.slice(5).trim() || undefined : undefined;
  return { body, typeName };
}

/**
 * The property names for the header fields, as 5.1 names them: trailing empty names are dropped (a trailing
 * delimiter), other empty names become H1, H2...; a name repeated (case-insensitively) is a terminating error.
 * `unspecified` is set when an H name was made.
 */
function propertyNames(ctx: CmdletContext, header: string[], delimiter: string): { names: (string | undefined)[]; unspecified: boolean } {
  const h = [...header];
  while (h.length > 1 && h[h.length - 1] === '') h.pop();
  const seen = new Set<string>();
  for (const n of h) {
    if (n === '') continue;
    if (seen.has(n.toLowerCase())) {
      const rec = ctx.error(
        `The member "${n}" is already present.`,
        'System.Management.Automation.ExtendedTypeSystemException',
        'NotSpecified',
        'ExtendedTypeSystemException',
      );
      rec.exception.fullName = 'System.Management.Automation.ExtendedTypeSystemException';
      rec.exception.baseTypes = ['System.Management.Automation.RuntimeException', 'System.Exception'];
      ctx.throwTerminating(rec);
    }
    seen.add(n.toLowerCase());
  }
  let next = 1;
  // 5.1 leaves an empty name out when the delimiter is the quote character itself; else it makes an H name.
  const names = h.map((n) => (n !== '' ? n : delimiter === '"' ? undefined : UNSPECIFIED_NAME + next++));
  return { names, unspecified: next > 1 };
}

/**
 * The objects of a CSV text as Import-Csv and ConvertFrom-Csv make them: the #TYPE line cut, the header from the
 * first record unless `header` names the columns, one object per further record (missing fields $null).
 */
export function csvObjects(ctx: CmdletContext, text: string, delim: string, header: unknown): PSObject[] {
  const { body } = splitTypeLine(text);
  const rows = parseCsv(body, delim);
  const head = header !== undefined && header !== null ? strings(header) : rows.shift() ?? [];
  const { names, unspecified } = propertyNames(ctx, head, delim);
  const out: PSObject[] = [];
  for (const r of rows) {
    if (unspecified && !warned.has(ctx)) {
      ctx.writeWarning(UNSPECIFIED_WARNING);
      warned.add(ctx);
    }
    const o = new PSObject();
    names.forEach((n, i) => {
      if (n !== undefined) o.set(n, r[i] ?? null);
    });
    out.push(o);
  }
  return out;
}

export const cmdlet = defineCmdlet({
  name: 'Import-Csv',
  className: 'Microsoft.PowerShell.Commands.ImportCsvCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'Delimiter',
  parameters: [
    { name: 'Path', type: 'String[]', position: 0, valueFromPipeline: true, description: 'The CSV files.' },
    { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath', 'LP'], description: 'Files without wildcards.' },
    { name: 'Delimiter', type: 'Char', position: 1, sets: { Delimiter: {} }, description: 'The field separator (default ,).' },
    { name: 'UseCulture', type: 'SwitchParameter', sets: { UseCulture: { mandatory: true } }, description: "The culture's list separator." },
    { name: 'Header', type: 'String[]', description: 'Column names for a file without a header row.' },
    { name: 'Encoding', type: 'String', description: 'The encoding.' },
  ],
  help: { 'en-US': { synopsis: 'Creates table-like custom objects from the items in a CSV file.' } },
  async process(ctx) {
    const delim = ctx.params.Delimiter === undefined ? ',' : toStr(ctx.params.Delimiter);
    for (const p of strings(ctx.params.Path ?? ctx.params.LiteralPath)) {
      const items = expandPath(ctx, p, ctx.params.LiteralPath !== undefined);
      if (!items.length) {
        ctx.writeError(pathNotFound(ctx, displayFull(ctx, p)));
        continue;
      }
      for (const it of items) {
        // The #TYPE name is read off but not applied: 5.1 makes the objects' type names `CSV:<name>`, and this
        // engine still takes typeNames[0] as the base type (ToString, GetType), so they stay PSCustomObjects.
        for (const o of csvObjects(ctx, readText(it.host), delim, ctx.params.Header)) await ctx.writeObject(o);
      }
    }
  },
});
