/*
 * Default output formatting, as the 5.1 console shows objects (Out-Default):
 *   - strings, numbers, booleans: one per line ($null prints nothing);
 *   - objects with up to 4 properties: a table (header, dashes as long as each header, numbers right-aligned),
 *     consecutive objects with the same properties share one table; 5 or more properties: a list (`Name : value`);
 *   - hashtables: the Name/Value table;
 *   - types with a registered view (registerView) use it: Dism objects register theirs.
 * Blank lines are 5.1's (BaseOutputtingCommand in the 5.1 sources; 7.x removed some): a format's start writes one
 * and its end one; a table group's end one more (so a table has one blank line before and two after); a list group's
 * start one and each list entry one after it (two before a list, one between entries, three after). A group of
 * Get-ChildItem's "Directory:" view starts with a blank line and the header with two blank lines after it.
 * Which objects share a format follows 5.1's Out-Default: the first object picks the view; objects of the same type
 * continue it (PSCustomObjects with other properties too, in the first one's columns); strings and numbers that
 * arrive while a format is open are written in place ("out of band") without ending it; an object that does not fit
 * the open view (another type's view) is written out of band as a list.
 * On a terminal a table is cut to the console's width (one column less, as 5.1 keeps the last one free): the column
 * that crosses the edge is narrowed and its cells end in `...`, the columns after it are left out.
 */
import { host } from '../../platform/host';
import { PSObject, PSHashtable, ScriptBlock, PSEnumValue, PSDouble } from '../types/values';
import { toStr, formatNumber, displayString } from '../types/convert';
import { longDate } from '../types/datetime';
import { ErrorRecord, formatErrorRecord } from '../runtime/errors';

export interface ViewDefinition {
  /** custom: each object is written as the lines `text` gives (5.1's custom control views, MatchInfo's). */
  kind: 'table' | 'list' | 'custom';
  text?: (o: PSObject) => string;
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
  return '\n' + tableLines(rows, columns, fixedWidths, maxWidth) + '\n\n';
}

/** Text written in place in an open format (5.1's out-of-band entries): a string, a number, a mismatched object. */
export class OutOfBand {
  constructor(readonly text: string) {}
}

/**
 * A table's columns as laid out once: widths (fitted to the rows seen, or declared), how many columns the console's
 * width leaves, each header's alignment. Rows that arrive later are written with the same layout.
 */
interface TableLayout {
  columns: Column[];
  widths: number[];
  labels: string[];
  right: boolean[];
  /** Cells are cut to their widths (the console's width forced a cut). */
  cutCells: boolean;
}

function layoutTable(rows: unknown[], columns: Column[], fixedWidths?: number[], maxWidth?: number): TableLayout {
  const cells = rows.map((r) => columns.map((c) => c.get(r)));
  // 5.1 aligns each cell by its own value where the view says nothing (numbers right, the rest left), and the
  // header as the column's first value.
  const right = columns.map((c, i) => {
    if (c.align !== undefined) return c.align === 'right';
    const first = cells.find((row) => row[i] !== null && row[i] !== undefined);
    return first !== undefined && isNumber(first[i]);
  });
  const texts = cells.map((row) => row.map((v) => cellText(v)));
  let labels = columns.map((c) => c.label);
  let widths = columns.map((c, i) => fixedWidths?.[i] ?? Math.max(c.label.length, ...texts.map((row) => row[i].length)));
  const used = (ws: number[]) => ws.reduce((a, b) => a + b, 0) + ws.length - 1;
  let cutCells = false;
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
    cutCells = true;
  }
  return { columns, widths, labels, right, cutCells };
}

function tableLine(l: TableLayout, vals: string[], align: boolean[]): string {
  return vals
    .map((v, i) => (align[i] ? v.padStart(l.widths[i]) : i === vals.length - 1 ? v : v.padEnd(l.widths[i])))
    .join(' ')
    .replace(/\s+$/, '');
}

/** The header and separator lines. */
function tableHeader(l: TableLayout): string {
  return tableLine(l, l.labels, l.right) + '\n' + tableLine(l, l.labels.map((x) => '-'.repeat(x.length)), l.right) + '\n';
}

/** One row (or an out-of-band entry in its place). */
function tableRow(l: TableLayout, e: unknown): string {
  if (e instanceof OutOfBand) return e.text;
  const n = l.widths.length;
  const vals = l.columns.slice(0, n).map((c) => c.get(e));
  const texts = vals.map((v, i) => (l.cutCells ? cut(cellText(v), l.widths[i]) : cellText(v)));
  const align = vals.map((v, i) => l.columns[i].align === 'right' || (l.columns[i].align === undefined && isNumber(v)));
  return tableLine(l, texts, align) + '\n';
}

/** A table's header, separator and rows, each line ending in a newline; OutOfBand entries keep their place. */
function tableLines(entries: unknown[], columns: Column[], fixedWidths?: number[], maxWidth?: number): string {
  const l = layoutTable(
    entries.filter((r) => !(r instanceof OutOfBand)),
    columns,
    fixedWidths,
    maxWidth,
  );
  let out = tableHeader(l);
  for (const e of entries) out += tableRow(l, e);
  return out;
}

/** Renders objects as lists: 5.1's format and group starts (two blank lines), entries, group and format ends. */
export function renderList(rows: unknown[], columns: Column[]): string {
  return '\n' + listLines(rows, columns) + '\n\n';
}

/** One list entry's lines (`Name : value`, names padded to the longest), each ending in a newline. */
function listEntry(o: unknown, columns: Column[]): string {
  const width = Math.max(0, ...columns.map((c) => c.label.length));
  let out = '';
  for (const c of columns) {
    const v = c.get(o);
    const text = Array.isArray(v) ? cellText(v) : displayString(v);
    out += `${c.label.padEnd(width)} : ${text}`.replace(/\s+$/, '') + '\n';
  }
  return out;
}

/** A list group: its start's blank line, then each entry followed by a blank line; OutOfBand entries in place. */
function listLines(entries: unknown[], columns: Column[] | ((o: unknown) => Column[])): string {
  let out = '\n';
  for (const e of entries) out += e instanceof OutOfBand ? e.text : listEntry(e, typeof columns === 'function' ? columns(e) : columns) + '\n';
  return out;
}

/** An object written out of band as a list (5.1: a blank line, its properties, a blank line). */
function outOfBandList(o: PSObject): OutOfBand {
  return new OutOfBand('\n' + listEntry(o, propColumns(o)) + '\n');
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

/**
 * The format an object opens: objects with the same key continue it. A registered view is keyed by the view (Get-
 * ChildItem's groups are sub-groups inside one format); objects without one share a generated view per type.
 * undefined: a scalar, written as text.
 */
function shapeOf(v: unknown): string | undefined {
  if (v instanceof PSObject) {
    const view = viewOf(v);
    if (view) return 'view:' + (view.shape ?? v.typeNames[0]);
    if (v.props.size === 0) return undefined;
    return 'generated:' + v.typeNames[0];
  }
  if (v instanceof PSHashtable) return 'hashtable';
  if (v instanceof Date) return 'datetime';
  return undefined;
}

/** True for the formats of PSObjects (a registered or a generated view), which take out-of-band entries. */
function objectFormat(shape: string): boolean {
  return shape.startsWith('view:') || shape.startsWith('generated:') || shape === 'hashtable';
}

/**
 * Where an object goes in an open format with key `open`: a row of it, in place (out of band), or a new format. A
 * scalar after a format of other values (not objects) ends that format first.
 */
function placeIn(open: string | undefined, v: unknown): 'scalar' | 'closeThenScalar' | 'row' | 'outOfBand' | 'new' {
  const s = shapeOf(v);
  if (s === undefined) return open === undefined || objectFormat(open) ? 'scalar' : 'closeThenScalar';
  if (open === undefined) return 'new';
  // Same type (every PSCustomObject, whatever its properties): a row with the first object's columns.
  if (s === open) return 'row';
  if (open === 'hashtable' || s === 'hashtable' || !(v instanceof PSObject) || !objectFormat(open)) return 'new';
  return 'outOfBand';
}

/** Formats objects to text as the console would show them. */
export function formatObjects(values: unknown[], maxWidth?: number): string {
  let out = '';
  const sink = new OutDefault((t) => (out += t), () => maxWidth);
  for (const v of values) sink.push(v);
  sink.flush();
  return out;
}

/**
 * Format-Table without -Property: every object as a table row. A type whose view is a table keeps it (with its
 * declared widths unless autoSize); a list view's properties, or the first object's own, become the columns (5.1
 * builds a table from the type's display properties when its default view is a list).
 */
export function formatAsTable(values: unknown[], maxWidth?: number, autoSize = false): string {
  let out = '';
  let run: unknown[] = [];
  let key: string | undefined;
  const end = () => {
    if (!run.length) return;
    const first = run.find((x) => !(x instanceof OutOfBand));
    const view = first instanceof PSObject ? viewOf(first) : undefined;
    // Values that are not objects (a hashtable, a date) and grouped views keep their own layout.
    if (!(first instanceof PSObject) || (view?.kind === 'table' && view.groupBy && !autoSize)) out += renderGroup(run, maxWidth);
    else {
      const cols = view && view.kind !== 'custom' ? viewColumns(view) : propColumns(first as PSObject);
      out += '\n' + tableLines(run, cols, view?.kind === 'table' && !autoSize ? view.widths : undefined, maxWidth) + '\n\n';
    }
    run = [];
  };
  for (const v of values) {
    const s = shapeOf(v);
    if (s === undefined) {
      const t = formatScalar(v);
      if (key === undefined) out += t;
      else if (t) run.push(new OutOfBand(t));
      continue;
    }
    if (key !== undefined && s !== key) end();
    key = s;
    run.push(v);
  }
  end();
  return out;
}

/** A whole format: its start's blank line, its groups, its end's blank line. */
function renderGroup(group: unknown[], maxWidth?: number): string {
  const first = group.find((x) => !(x instanceof OutOfBand));
  if (first instanceof PSHashtable) {
    // The Hashtable view: Name in a 30-character column, then Value.
    let lines = 'Name'.padEnd(30) + ' Value\n' + '----'.padEnd(30) + ' -----\n';
    for (const h of group) {
      if (h instanceof OutOfBand) lines += h.text;
      else for (const [k, v] of (h as PSHashtable).entries()) lines += (cellText(k).padEnd(30) + ' ' + cellText(v)).replace(/\s+$/, '') + '\n';
    }
    return '\n' + lines + '\n\n';
  }
  // 5.1's DateTime view: the long date and time of each, as one block.
  if (first instanceof Date) return '\n' + (group as Date[]).map(longDate).join('\n') + '\n\n';
  const o = first as PSObject;
  const view = viewOf(o);
  if (view?.kind === 'custom') {
    let text = '';
    for (const e of group) text += e instanceof OutOfBand ? e.text : (view.text?.(e as PSObject) ?? '') + '\n';
    return '\n' + text + '\n\n';
  }
  if (view?.kind === 'table' && view.groupBy) {
    // Sub-groups by key (a directory each), each with its header; the widths are each group's.
    let text = '\n';
    let run: unknown[] = [];
    let key: string | undefined;
    const end = () => {
      if (run.length) text += (view.groupHeader?.(key ?? '') ?? '') + '\n' + tableLines(run, viewColumns(view), view.widths, maxWidth) + '\n';
      run = [];
    };
    for (const e of group) {
      if (!(e instanceof OutOfBand)) {
        const k = view.groupBy(e as PSObject);
        if (k !== key && run.length) end();
        key = k;
      }
      run.push(e);
    }
    end();
    return text + '\n';
  }
  if (view) {
    const cols = viewColumns(view);
    return view.kind === 'table' ? '\n' + tableLines(group, cols, view.widths, maxWidth) + '\n\n' : '\n' + listLines(group, cols) + '\n\n';
  }
  // The generated view: the first object's properties; up to 4 make a table, more a list.
  const cols = propColumns(o);
  return cols.length <= 4 ? '\n' + tableLines(group, cols, undefined, maxWidth) + '\n\n' : '\n' + listLines(group, cols) + '\n\n';
}

function formatScalar(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof ErrorRecord) return formatErrorRecord(v);
  if (typeof v === 'number') return formatNumber(v) + '\n';
  if (v instanceof PSDouble) return toStr(v) + '\n';
  if (v instanceof ScriptBlock) return v.text + '\n';
  if (v instanceof PSEnumValue) return v.name + '\n';
  if (v instanceof PSObject && v.props.size === 0) {
    const ts = (v as unknown as { toStringValue?: string }).toStringValue;
    return ts !== undefined ? ts + '\n' : '\n';
  }
  return toStr(v) + '\n';
}

/**
 * How long a table gathers its rows before it is written (so that its column widths fit them) and later rows stream
 * with the same widths: 5.1's Out-Default groups objects for a short interval the same way, so that a long script's
 * output appears as it comes rather than at the end.
 */
const TABLE_GATHER_MS = 300;

/** How a format is written: lists and custom views entry by entry at once; tables after gathering; others whole. */
type FormatMode = 'stream' | 'table' | 'grouped' | 'whole';

function modeOf(v: unknown): FormatMode {
  if (v instanceof PSHashtable) return 'stream';
  if (!(v instanceof PSObject)) return 'whole';
  const view = viewOf(v);
  if (view) return view.kind !== 'table' ? 'stream' : view.groupBy ? 'grouped' : 'table';
  return v.props.size <= 4 ? 'table' : 'stream';
}

/** The table columns (and declared widths) of a format's first object. */
function tableColumnsOf(o: PSObject): { cols: Column[]; widths?: number[] } {
  const view = viewOf(o);
  return view ? { cols: viewColumns(view), widths: view.widths } : { cols: propColumns(o) };
}

/**
 * The Out-Default sink: one open format at a time. Lists and custom views are written entry by entry; a table
 * gathers its rows for TABLE_GATHER_MS (or to the end) so that its widths fit them, then streams; scalars and objects
 * that do not fit the open view are written in place (out of band); flush ends the format.
 */
export class OutDefault {
  private group: unknown[] = [];
  private shape: string | undefined;
  private mode: FormatMode = 'whole';
  private openedAt = 0;
  /** The format's start (and a table's header) has been written: entries are written as they come. */
  private streaming = false;
  private layout: TableLayout | undefined;
  private first: PSObject | undefined;
  /** A grouped view's current group key (Get-ChildItem's directory). */
  private groupKey: string | undefined;
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
    const place = placeIn(this.shape, v);
    if (place === 'closeThenScalar' || place === 'new') this.flush();
    let entry: unknown;
    switch (place) {
      case 'closeThenScalar':
      case 'scalar': {
        const t = formatScalar(v);
        if (!t) return;
        if (this.shape === undefined) {
          this.write(t);
          return;
        }
        entry = new OutOfBand(t);
        break;
      }
      case 'outOfBand':
        entry = outOfBandList(v as PSObject);
        break;
      case 'new':
        this.shape = shapeOf(v);
        this.mode = modeOf(v);
        this.openedAt = Date.now();
        this.first = v instanceof PSObject ? v : undefined;
        this.groupKey = undefined;
        entry = v;
        break;
      default:
        entry = v;
    }
    if (this.streaming) {
      this.write(this.entryText(entry));
      return;
    }
    this.group.push(entry);
    if (this.mode === 'stream' || ((this.mode === 'table' || this.mode === 'grouped') && Date.now() - this.openedAt >= TABLE_GATHER_MS)) this.startStreaming();
  }

  /** Writes what was gathered, without the format's end, and switches to writing entries as they come. */
  private startStreaming(): void {
    const g = this.group;
    this.group = [];
    this.streaming = true;
    const first = g.find((x) => !(x instanceof OutOfBand));
    if (this.mode === 'table' && this.first) {
      const { cols, widths } = tableColumnsOf(this.first);
      this.layout = layoutTable(g.filter((x) => !(x instanceof OutOfBand)), cols, widths, this.width());
      this.write('\n' + tableHeader(this.layout) + g.map((e) => tableRow(this.layout!, e)).join(''));
      return;
    }
    if (this.mode === 'grouped' && this.first) {
      // The gathered groups as a whole format, less its last group's end and the format's end (two newlines).
      const view = viewOf(this.first)!;
      const text = renderGroup(g, this.width());
      this.write(text.slice(0, -2));
      const lastKey = view.groupBy!(([...g].reverse().find((x) => !(x instanceof OutOfBand)) ?? this.first) as PSObject);
      const run = g.filter((x) => !(x instanceof OutOfBand) && view.groupBy!(x as PSObject) === lastKey);
      this.groupKey = lastKey;
      this.layout = layoutTable(run, viewColumns(view), view.widths, this.width());
      return;
    }
    // Lists, custom views, hashtables: the format's start, then each entry.
    const text = renderGroup(g.length ? g : [first], this.width());
    this.write(text.slice(0, -2));
  }

  /** One entry of a format already being written. */
  private entryText(e: unknown): string {
    if (e instanceof OutOfBand) return e.text;
    const view = this.first ? viewOf(this.first) : undefined;
    if (this.mode === 'table' && this.layout) return tableRow(this.layout, e);
    if (this.mode === 'grouped' && view?.groupBy) {
      const key = view.groupBy(e as PSObject);
      if (key !== this.groupKey) {
        // A new group: the last one's end, this one's header, a header fitted to its first row.
        this.groupKey = key;
        this.layout = layoutTable([e], viewColumns(view), view.widths, this.width());
        return '\n' + (view.groupHeader?.(key) ?? '') + '\n' + tableHeader(this.layout) + tableRow(this.layout, e);
      }
      return tableRow(this.layout!, e);
    }
    if (e instanceof PSHashtable) {
      let lines = '';
      for (const [k, v] of e.entries()) lines += (cellText(k).padEnd(30) + ' ' + cellText(v)).replace(/\s+$/, '') + '\n';
      return lines;
    }
    if (view?.kind === 'custom') return (view.text?.(e as PSObject) ?? '') + '\n';
    const cols = view ? viewColumns(view) : propColumns(this.first as PSObject);
    return listEntry(e, cols) + '\n';
  }

  flush(): void {
    if (this.streaming) this.write('\n\n');
    else if (this.group.length) this.write(renderGroup(this.group, this.width()));
    this.group = [];
    this.shape = undefined;
    this.streaming = false;
    this.layout = undefined;
    this.first = undefined;
    this.groupKey = undefined;
  }
}
