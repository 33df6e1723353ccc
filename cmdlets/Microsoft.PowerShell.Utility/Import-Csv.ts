/* Import-Csv (Microsoft.PowerShell.Utility): creates table-like custom objects from the items in a CSV file. */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { strings, expandPath, pathNotFound, displayFull, readText } from '../_shared/common';

/** Parses CSV text (quoted fields, doubled quotes, embedded newlines). */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
    i++;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
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
        let rows = parseCsv(readText(it.host), delim);
        if (rows.length && rows[0][0]?.startsWith('#TYPE')) rows = rows.slice(1);
        const header = ctx.params.Header !== undefined ? strings(ctx.params.Header) : rows.shift() ?? [];
        for (const r of rows) {
          const o = new PSObject();
          header.forEach((h, i) => o.set(h, r[i] ?? null));
          await ctx.writeObject(o);
        }
      }
    }
  },
});
