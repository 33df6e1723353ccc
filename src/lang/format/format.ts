/*
 * Default output formatting, as the 5.1 console shows objects (Out-Default):
 *   - strings, numbers, booleans: one per line ($null prints nothing);
 *   - objects with up to 4 properties: a table (header, dashes as long as each header, numbers right-aligned),
 *     consecutive objects with the same properties share one table; 5 or more properties: a list (`Name : value`);
 *   - hashtables: the Name/Value table;
 *   - types with a registered view (registerView) use it: Dism objects register theirs.
 * Tables and lists are surrounded by a blank line, as in the console.
 * On a terminal a table is cut to the console's width (one column less, as 5.1 keeps the last one free): the column
 * that crosses the edge is narrowed and its cells end in `...`, the columns after it are left out.
 */
import { host } from '../../platform/host';
import { PSObject, PSHashtable, ScriptBlock, PSEnumValue, PSDouble } from '../types/values';
import { toStr, formatNumber, displayString } from '../types/convert';
import { longDate } from '../types/datetime';
import { ErrorRecord, formatErrorRecord } from '../runtime/errors';

export interface ViewDefinition {
  kind: 'table' | 'list';
  /** Types sharing a shape key share one table (FileInfo and DirectoryInfo). */
  shape?: string;
  /** Starts a new group (with its header) when this key changes (Get-ChildItem's "Directory: C:\x"). */
  groupBy?: (o: PSObject) => string;
  groupHeader?: (key: string) => string;
  /** Fixed column widths (a view's declared widths); unset columns fit their data. */
  widths?: number[];
  /** Property names (or [label, getter]) in display order. */
  columns: Array<string | { label: string; value: (o: PSObject) => unknown; align?: 'left' | 'right' }>;
}

const views = new Map<string, ViewDefinition>();

/** Registers the default view of a type (by its first type name). */
export function registerView(typeName: string, view: ViewDefinition): void {
  views.set(typeName.toLowerCase(), view);
}

function viewOf(o: PSObject): ViewDefinition | undefined {
  for (const t of o.typeNames) {
    const v = views.get(t.toLowerCase());
    if (v) return v;
  }
  return undefined;
}

/** A cell's text: arrays as {a, b}, nested objects by their string form. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) {
    const items = v.slice(0, 4).map((x) => cellText(x));
    return '{' + items.join(', ') + (v.length > 4 ? '...' : '') + '}';
  }
  if (v instanceof PSHashtable) return '{' + v.keys().map((k) => toStr(k)).join(', ') + '}';
  return displayString(v).replace(/\r?\n/g, ' ');
}

function isNumber(v: unknown): boolean {
  return typeof v === 'number' || v instanceof PSDouble;
}

interface Column {
  label: string;
  get: (o: unknown) => unknown;
  align?: 'left' | 'right';
}

/** The width tables are cut to on the console (stdout a terminal), else undefined (no cut). */
export function consoleTableWidth(): number | undefined {
  const o = host().stdout;
  return o.isTTY && o.columns ? o.columns - 1 : undefined;
}

/** The narrowest a cut column gets (one character and `...`); a narrower remainder drops the column. */
const MIN_CUT_WIDTH = 4;

function cut(text: string, width: number): string {
  return text.length <= width ? text : width <= 3 ? text.slice(0, width) : text.slice(0, width - 3) + '...';
}

/** Renders a table; widths fit the longest cell; maxWidth (a console's) cuts it as 5.1 does. */
export function renderTable(rows: unknown[], columns: Column[], fixedWidths?: number[], maxWidth?: number): string {
  const cells = rows.map((r) => columns.map((c) => c.get(r)));
  const right = columns.map((c, i) => c.align === 'right' || (c.align === undefined && cells.length > 0 && cells.every((row) => row[i] === null || row[i] === undefined || isNumber(row[i])) && cells.some((row) => isNumber(row[i]))));
  let texts = cells.map((row) => row.map((v) => cellText(v)));
  let labels = columns.map((c) => c.label);
  let widths = columns.map((c, i) => fixedWidths?.[i] ?? Math.max(c.label.length, ...texts.map((row) => row[i].length)));
  // The last column's cells are not padded, so fixed widths there do not count.
  const used = (ws: number[]) => ws.reduce((a, b) => a + b, 0) + ws.length - 1;
  if (maxWidth !== undefined && used(widths) > maxWidth) {
    let x = 0;
    let keep = widths.length;
    for (let i = 0; i < widths.length; i++) {
      if (x + widths[i] <= maxWidth) {
        x += widths[i] + 1;
        continue;
      }
      const avail = maxWidth - x;
      if (avail >= MIN_CUT_WIDTH || i === 0) {
        widths[i] = Math.max(1, avail);
        keep = i + 1;
      } else keep = i;
      break;
    }
    keep = Math.max(1, keep);
    widths = widths.slice(0, keep);
    labels = labels.slice(0, keep).map((l, i) => cut(l, widths[i]));
    texts = texts.map((row) => row.slice(0, keep).map((t, i) => cut(t, widths[i])));
  }
  const line = (vals: string[]) =>
    vals
      .map((v, i) => (right[i] ? v.padStart(widths[i]) : i === vals.length - 1 ? v : v.padEnd(widths[i])))
      .join(' ')
      .replace(/\s+$/, '');
  const out = [line(labels), line(labels.map((l) => '-'.repeat(l.length)))];
  for (const row of texts) out.push(line(row));
  return '\n' + out.join('\n') + '\n\n';
}

/** Renders objects as lists. */
export function renderList(rows: unknown[], columns: Column[]): string {
  const width = Math.max(...columns.map((c) => c.label.length));
  const blocks = rows.map((r) =>
    columns
      .map((c) => {
        const v = c.get(r);
        const text = Array.isArray(v) ? cellText(v) : displayString(v);
        return `${c.label.padEnd(width)} : ${text}`.replace(/\s+$/, '');
      })
      .join('\n'),
  );
  return '\n' + blocks.join('\n\n') + '\n\n';
}

function propColumns(o: PSObject): Column[] {
  return o.names().map((n) => ({ label: n, get: (x: unknown) => (x instanceof PSObject ? x.get(n)?.value : undefined) }));
}

function viewColumns(v: ViewDefinition): Column[] {
  return v.columns.map((c) =>
    typeof c === 'string'
      ? { label: c, get: (x: unknown) => (x instanceof PSObject ? x.get(c)?.value : undefined) }
      : { label: c.label, get: (x: unknown) => c.value(x as PSObject), align: c.align },
  );
}

/** Shape key: objects with the same key share a table. */
function shapeOf(v: unknown): string | undefined {
  if (v instanceof PSObject) {
    const view = viewOf(v);
    if (view) return 'view:' + (view.shape ?? v.typeNames[0]) + (view.groupBy ? '\u0000' + view.groupBy(v) : '');
    if (v.props.size === 0) return undefined;
    return (v.props.size <= 4 ? 'table:' : 'list:') + v.names().join('\u0000');
  }
  if (v instanceof PSHashtable) return 'hashtable';
  if (v instanceof Date) return 'datetime';
  return undefined;
}

/** Formats objects to text as the console would show them. */
export function formatObjects(values: unknown[], maxWidth?: number): string {
  let out = '';
  let group: unknown[] = [];
  let shape: string | undefined;
  const flush = () => {
    if (group.length) out += renderGroup(group, maxWidth);
    group = [];
    shape = undefined;
  };
  for (const v of values) {
    const s = shapeOf(v);
    if (s === undefined) {
      flush();
      out += formatScalar(v);
      continue;
    }
    if (s !== shape) flush();
    shape = s;
    group.push(v);
  }
  flush();
  return out;
}

function renderGroup(group: unknown[], maxWidth?: number): string {
  const first = group[0];
  if (first instanceof PSHashtable) {
    // The Hashtable view: Name in a 30-character column, then Value.
    const lines = ['Name'.padEnd(30) + ' Value', '----'.padEnd(30) + ' -----'];
    for (const h of group as PSHashtable[])
      for (const [k, v] of h.entries()) lines.push((cellText(k).padEnd(30) + ' ' + cellText(v)).replace(/\s+$/, ''));
    return '\n' + lines.join('\n') + '\n\n';
  }
  // 5.1's DateTime view: the long date and time of each, as one block.
  if (first instanceof Date) return '\n' + (group as Date[]).map(longDate).join('\n') + '\n\n';
  const o = first as PSObject;
  const view = viewOf(o);
  if (view) {
    const header = view.groupBy && view.groupHeader ? view.groupHeader(view.groupBy(o)) : '';
    return header + (view.kind === 'table' ? renderTable(group, viewColumns(view), view.widths, maxWidth) : renderList(group, viewColumns(view)));
  }
  const cols = propColumns(o);
  return cols.length <= 4 ? renderTable(group, cols, undefined, maxWidth) : renderList(group, cols);
}

function formatScalar(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof ErrorRecord) return formatErrorRecord(v);
  if (typeof v === 'number') return formatNumber(v) + '\n';
  if (v instanceof PSDouble) return formatNumber(v.value) + '\n';
  if (v instanceof ScriptBlock) return v.text + '\n';
  if (v instanceof PSEnumValue) return v.name + '\n';
  if (v instanceof PSObject && v.props.size === 0) {
    const ts = (v as unknown as { toStringValue?: string }).toStringValue;
    return ts !== undefined ? ts + '\n' : '\n';
  }
  return toStr(v) + '\n';
}

/** The Out-Default sink: buffers one group of same-shaped objects so a table's widths fit all its rows. */
export class OutDefault {
  private group: unknown[] = [];
  private shape: string | undefined;
  /** width: the console's table width at the time of writing (consoleTableWidth), undefined for no cut. */
  constructor(
    private readonly write: (text: string) => void,
    private readonly width: () => number | undefined = () => undefined,
  ) {}

  push(v: unknown): void {
    if (Array.isArray(v)) {
      for (const x of v) this.push(x);
      return;
    }
    const s = shapeOf(v);
    if (s === undefined) {
      this.flush();
      const t = formatScalar(v);
      if (t) this.write(t);
      return;
    }
    if (s !== this.shape) this.flush();
    this.shape = s;
    this.group.push(v);
  }

  flush(): void {
    if (this.group.length) {
      const g = this.group;
      this.group = [];
      this.shape = undefined;
      this.write(renderGroup(g, this.width()));
    }
  }
}
