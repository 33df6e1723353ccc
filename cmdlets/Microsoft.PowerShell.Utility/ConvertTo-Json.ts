/*
 * ConvertTo-Json (Microsoft.PowerShell.Utility): converts an object to a JSON-formatted string.
 *
 * Windows PowerShell 5.1 does this in two stages, and so do we: the object is serialized compactly (the
 * JavaScriptSerializer's text: no whitespace, `'`, `<`, `>` and `&` escaped as \u0027..., dates as "\/Date(ms)\/"),
 * then, unless -Compress, that text is re-laid out by 5.1's pretty printer, whose layout rules are:
 *   - a nested object or array opens on its key's line and its members are indented four spaces past the column
 *     where the key began plus the key's own width (`"key":  `), so nested items line up under the value;
 *   - `"key":  value` with two spaces after the colon; array items one per line, four spaces in;
 *   - an empty array or object keeps its opening and closing lines with a blank line between them.
 * Objects nested deeper than -Depth (default 2) become their string form ("System.Collections.Hashtable",
 * "@{a=1}"); strings, numbers and booleans are written at any depth.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject, PSHashtable, PSEnumValue, SwitchParameter, ScriptBlock, PSDouble } from '../../src/lang/types/values';
import { toStr, formatNumber } from '../../src/lang/types/convert';
import { sw, held, holdInput } from '../_shared/common';

/** A JSON string literal as the JavaScriptSerializer escapes it (HTML-sensitive characters as \uXXXX). */
function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22: out += '\\"'; break;
      case 0x5c: out += '\\\\'; break;
      case 0x08: out += '\\b'; break;
      case 0x0c: out += '\\f'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x27: case 0x3c: case 0x3e: case 0x26:
        out += '\\u' + c.toString(16).padStart(4, '0');
        break;
      default:
        out += c < 0x20 ? '\\u' + c.toString(16).padStart(4, '0') : s[i];
    }
  }
  return out + '"';
}

/** The compact JSON of a value (what -Compress writes), objects below maxDepth cut to their string form. */
export function compactJson(v: unknown, maxDepth: number, depth = 0): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return quote(v);
  if (v instanceof PSDouble) return Number.isFinite(v.value) ? formatNumber(v.value) : quote(formatNumber(v.value));
  if (typeof v === 'number') return Number.isFinite(v) ? formatNumber(v) : quote(formatNumber(v));
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof SwitchParameter) return v.isPresent ? 'true' : 'false';
  if (v instanceof PSEnumValue) return String(v.value);
  if (v instanceof Date) return `"\\/Date(${v.getTime()})\\/"`;
  // Past -Depth an object is written as its string form (5.1's LanguagePrimitives conversion to string).
  if (depth > maxDepth) return quote(toStr(v));
  if (v instanceof ScriptBlock) return quote(v.text);
  if (Array.isArray(v)) return '[' + v.map((x) => compactJson(x, maxDepth, depth + 1)).join(',') + ']';
  let entries: Array<[string, unknown]>;
  if (v instanceof PSHashtable) entries = v.entries().map(([k, x]) => [toStr(k), x]);
  else if (v instanceof PSObject && v.props.size) entries = [...v.props.values()].map((p) => [p.name, p.value]);
  else return quote(toStr(v));
  return '{' + entries.map(([k, x]) => quote(k) + ':' + compactJson(x, maxDepth, depth + 1)).join(',') + '}';
}

/**
 * Lays compact JSON out as 5.1 shows it (see the header): a scanner over the text that tracks, for each open
 * object, the width of the current key (`"key":  `) so that a nested value's members line up under it.
 */
export function prettyJson(json: string): string {
  if (json[0] !== '{' && json[0] !== '[') return json;
  let out = '';
  let i = 0;
  // A string literal from json[i] (an opening quote) to its closing quote, copied as is; returns the index after it.
  const copyString = (): void => {
    const start = i++;
    while (i < json.length && json[i] !== '"') i += json[i] === '\\' ? 2 : 1;
    i++;
    out += json.slice(start, i);
  };
  // pad: the indentation of the enclosing members; extra: the key width the container is placed after.
  const container = (pad: string, extra: number): void => {
    const open = json[i++];
    const close = open === '{' ? '}' : ']';
    const inner = pad + ' '.repeat(extra) + '    ';
    out += open + '\r\n';
    let atLineStart = true;
    let keyWidth = 0;
    let beforeColon = open === '{';
    while (i < json.length && json[i] !== close) {
      const c = json[i];
      if (c === ',') {
        out += ',\r\n';
        i++;
        atLineStart = true;
        keyWidth = 0;
        beforeColon = open === '{';
        continue;
      }
      if (atLineStart) {
        out += inner;
        atLineStart = false;
      }
      if (c === '{' || c === '[') {
        // In an object the nested value sits after its key; in an array it starts at the item's indentation.
        container(inner, open === '{' ? keyWidth : 0);
      } else if (c === '"') {
        const from = out.length;
        copyString();
        if (beforeColon) keyWidth += out.length - from;
      } else if (c === ':' && open === '{' && beforeColon) {
        out += ':  ';
        keyWidth += 3;
        beforeColon = false;
        i++;
      } else {
        out += c;
        if (beforeColon) keyWidth++;
        i++;
      }
    }
    i++;
    out += '\r\n' + pad + ' '.repeat(extra) + close;
  };
  container('', 0);
  return out;
}

export const cmdlet = defineCmdlet({
  name: 'ConvertTo-Json',
  className: 'Microsoft.PowerShell.Commands.ConvertToJsonCommand',
  module: 'Microsoft.PowerShell.Utility',
  parameters: [
    { name: 'InputObject', allowNull: true, type: 'Object', mandatory: true, position: 0, valueFromPipeline: true, description: 'The objects to convert.' },
    { name: 'Depth', type: 'Int32', validateRange: [1, 2147483647], description: 'Levels of nesting (default 2).' },
    { name: 'Compress', type: 'SwitchParameter', description: 'No whitespace.' },
  ],
  help: { 'en-US': { synopsis: 'Converts an object to a JSON-formatted string.' } },
  process: holdInput(true),
  async end(ctx) {
    // 5.1 keeps only the non-null inputs; one input is written as itself, several as an array.
    const items = held(ctx).filter((x) => x !== null && x !== undefined);
    if (!items.length) return;
    const v = items.length === 1 ? items[0] : items;
    const json = compactJson(v, ctx.params.Depth ?? 2);
    // 5.1's text has CRLF line ends; wimsh's strings use LF like the rest of its output (Out-String adds CRLF).
    await ctx.writeObject(sw(ctx, 'Compress') ? json : prettyJson(json).replace(/\r\n/g, '\n'));
  },
});
