/*
 * Select-String (Microsoft.PowerShell.Utility): finds text in strings and files. Each matching line is a MatchInfo
 * object (Line, LineNumber, Matches, Path, Filename, Pattern, IgnoreCase, Context) whose display, as in 5.1's
 * MatchInfo view, is `path:line number:line` with the path relative to the current location (only the line for
 * strings from the pipeline), and with -Context the lines around it prefixed `  ` and the match `> `.
 * Files come from -Path (wildcards, through the drive map), -LiteralPath, or FileInfo objects from the pipeline.
 */
import { defineCmdlet, type CmdletContext } from '../../src/lang/commands/cmdlet';
import { PSObject } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { psRegex, wildcardToRegExp } from '../../src/lang/runtime/operators';
import { registerView } from '../../src/lang/format/format';
import { statPath } from '../../src/vfs/vfs-fs';
import { sw, strings, expandPath, displayFull, pathNotFound, readText } from '../_shared/common';

const MATCH_INFO = 'Microsoft.PowerShell.Commands.MatchInfo';

/** The display of one MatchInfo relative to `directory` (5.1's MatchInfo.ToString(directory)). */
export function matchInfoText(o: PSObject, directory: string | null): string {
  const path = toStr(o.get('Path')?.value);
  const fromFile = (o as unknown as { fromFile?: boolean }).fromFile === true;
  let shown = path;
  if (fromFile && directory && path.toLowerCase().startsWith(directory.toLowerCase()) && path.length > directory.length) {
    if (/[\\/]$/.test(directory)) shown = path.slice(directory.length);
    else if (/[\\/]/.test(path[directory.length])) shown = path.slice(directory.length + 1);
  }
  const line = (text: string, n: number, prefix: string) => (fromFile ? `${prefix}${shown}:${n}:${text}` : prefix + text);
  const lineNumber = Number(o.get('LineNumber')?.value);
  const ctx = o.get('Context')?.value;
  if (!(ctx instanceof PSObject)) return line(toStr(o.get('Line')?.value), lineNumber, '');
  const pre = (ctx.get('DisplayPreContext')?.value as string[]) ?? [];
  const post = (ctx.get('DisplayPostContext')?.value as string[]) ?? [];
  const out: string[] = [];
  let n = lineNumber - pre.length;
  for (const l of pre) out.push(line(l, n++, '  '));
  out.push(line(toStr(o.get('Line')?.value), n++, '> '));
  for (const l of post) out.push(line(l, n++, '  '));
  return out.join('\n');
}

let currentDirectory: () => string | null = () => null;
registerView(MATCH_INFO, { kind: 'custom', columns: [], text: (o) => matchInfoText(o, currentDirectory()) });

/** A System.Text.RegularExpressions.Match as scripts read it: Value, Index, Length, Success, Groups. */
function matchObject(m: RegExpExecArray): PSObject {
  const groups: PSObject[] = [];
  for (let i = 0; i < m.length; i++) {
    const g = new PSObject({ Success: m[i] !== undefined, Name: String(i), Captures: [], Index: i === 0 ? m.index : m[i] === undefined ? 0 : m.input.indexOf(m[i], m.index), Length: (m[i] ?? '').length, Value: m[i] ?? '' }, ['System.Text.RegularExpressions.Group', 'System.Object']);
    (g as unknown as { toStringValue: string }).toStringValue = m[i] ?? '';
    groups.push(g);
  }
  for (const [name, value] of Object.entries(m.groups ?? {})) {
    const g = new PSObject({ Success: value !== undefined, Name: name, Captures: [], Index: 0, Length: (value ?? '').length, Value: value ?? '' }, ['System.Text.RegularExpressions.Group', 'System.Object']);
    (g as unknown as { toStringValue: string }).toStringValue = value ?? '';
    groups.push(g);
  }
  const o = new PSObject({ Groups: groups, Success: true, Name: '0', Captures: [groups[0]], Index: m.index, Length: m[0].length, Value: m[0] }, ['System.Text.RegularExpressions.Match', 'System.Text.RegularExpressions.Group', 'System.Object']);
  (o as unknown as { toStringValue: string }).toStringValue = m[0];
  return o;
}

interface Searcher {
  test(line: string): { matched: boolean; matches: PSObject[]; pattern: string };
}

function searcher(ctx: CmdletContext): Searcher {
  const patterns = strings(ctx.params.Pattern);
  const cs = sw(ctx, 'CaseSensitive');
  const all = sw(ctx, 'AllMatches');
  const notMatch = sw(ctx, 'NotMatch');
  const res = sw(ctx, 'SimpleMatch') ? [] : patterns.map((p) => psRegex(p, cs, true));
  return {
    test(line) {
      for (let i = 0; i < patterns.length; i++) {
        const matches: PSObject[] = [];
        if (sw(ctx, 'SimpleMatch')) {
          const at = cs ? line.indexOf(patterns[i]) : line.toLowerCase().indexOf(patterns[i].toLowerCase());
          if (at < 0) continue;
          const m = Object.assign([line.substr(at, patterns[i].length)], { index: at, input: line }) as unknown as RegExpExecArray;
          matches.push(matchObject(m));
        } else {
          const re = res[i];
          re.lastIndex = 0;
          let m: RegExpExecArray | null;
          while ((m = re.exec(line))) {
            matches.push(matchObject(m));
            if (!all) break;
            if (m[0] === '') re.lastIndex++;
          }
          if (!matches.length) continue;
        }
        if (notMatch) return { matched: false, matches: [], pattern: patterns[i] };
        return { matched: true, matches, pattern: patterns[i] };
      }
      return notMatch ? { matched: true, matches: [], pattern: patterns[0] ?? '' } : { matched: false, matches: [], pattern: '' };
    },
  };
}

function matchInfo(ctx: CmdletContext, line: string, lineNumber: number, path: string | null, pattern: string, matches: PSObject[]): PSObject {
  const o = new PSObject(
    {
      IgnoreCase: !sw(ctx, 'CaseSensitive'),
      LineNumber: lineNumber,
      Line: line,
      Filename: path === null ? 'InputStream' : path.replace(/^.*[\\/]/, ''),
      Path: path ?? 'InputStream',
      Pattern: pattern,
      Context: null,
      Matches: matches,
    },
    [MATCH_INFO, 'System.Object'],
  );
  (o as unknown as { fromFile: boolean }).fromFile = path !== null;
  return o;
}

/** -Context N or N,M: lines before and after. */
function contextSize(ctx: CmdletContext): [number, number] {
  const c = (ctx.params.Context as number[] | undefined) ?? [];
  return c.length === 0 ? [0, 0] : c.length === 1 ? [c[0], c[0]] : [c[0], c[1]];
}

/** Searches the lines of one source; returns the MatchInfo objects (with context when asked). */
function searchLines(ctx: CmdletContext, lines: string[], firstNumber: number, path: string | null, s: Searcher, list: boolean): PSObject[] {
  const [before, after] = contextSize(ctx);
  const found: PSObject[] = [];
  for (let i = 0; i < lines.length; i++) {
    const r = s.test(lines[i]);
    if (!r.matched) continue;
    const o = matchInfo(ctx, lines[i], firstNumber + i, path, r.pattern, r.matches);
    if (before || after) {
      const pre = lines.slice(Math.max(0, i - before), i);
      const post = lines.slice(i + 1, i + 1 + after);
      o.set('Context', new PSObject({ PreContext: pre, PostContext: post, DisplayPreContext: pre, DisplayPostContext: post }, ['Microsoft.PowerShell.Commands.MatchInfoContext', 'System.Object']));
    }
    // "$match" is MatchInfo.ToString(): the full path, not the display's relative one.
    (o as unknown as { toStringValue: string }).toStringValue = matchInfoText(o, null);
    found.push(o);
    if (list) break;
  }
  return found;
}

export const cmdlet = defineCmdlet({
  name: 'Select-String',
  className: 'Microsoft.PowerShell.Commands.SelectStringCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'File',
  outputType: ['Microsoft.PowerShell.Commands.MatchInfo', 'System.Boolean'],
  parameters: [
    { name: 'InputObject', type: 'PSObject', allowNull: true, allowEmptyString: true, sets: { Object: { mandatory: true, valueFromPipeline: true } }, description: 'Text (or FileInfo objects) to search.' },
    { name: 'Pattern', type: 'String[]', mandatory: true, position: 0, description: 'The text to find: regular expressions unless -SimpleMatch.' },
    { name: 'Path', type: 'String[]', sets: { File: { mandatory: true, position: 1, valueFromPipelineByPropertyName: true } }, description: 'Files to search; wildcards allowed.' },
    { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath'], sets: { LiteralFile: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Files to search, taken as typed (no wildcards).' },
    { name: 'SimpleMatch', type: 'SwitchParameter', description: 'Takes the patterns as plain text, not regular expressions.' },
    { name: 'CaseSensitive', type: 'SwitchParameter', description: 'Matches case exactly.' },
    { name: 'Quiet', type: 'SwitchParameter', description: 'Answers True when something matched instead of writing the matches.' },
    { name: 'List', type: 'SwitchParameter', description: 'Only the first match in each file.' },
    { name: 'Include', type: 'String[]', description: 'Searches only files whose names match these wildcards.' },
    { name: 'Exclude', type: 'String[]', description: 'Skips files whose names match these wildcards.' },
    { name: 'NotMatch', type: 'SwitchParameter', description: 'Finds the lines that do not match.' },
    { name: 'AllMatches', type: 'SwitchParameter', description: 'Finds every match in a line, not only the first.' },
    { name: 'Encoding', type: 'String', description: "The files' text encoding (detected from a byte order mark, else UTF-8)." },
    { name: 'Context', type: 'Int32[]', validateRange: [0, 2147483647], description: 'Lines to show before and after each match (one number: both).' },
  ],
  help: {
    'en-US': {
      synopsis: 'Finds text in strings and files.',
      description: [
        'Select-String searches each line of its input for the patterns and writes a MatchInfo object for each line that matches: the line, its number, the file, and the matches themselves.',
        'With -Quiet it answers True or False instead; with -List it stops at the first match in each file.',
      ],
      examples: [{ title: 'Find the errors in a DISM log', code: "Select-String -Path C:\\Windows\\Logs\\DISM\\dism.log -Pattern 'Error' -SimpleMatch" }],
    },
  },
  async begin(ctx) {
    const loc = ctx.currentLocation();
    currentDirectory = () => loc;
  },
  async process(ctx) {
    const state = ctx.state(newState);
    if (state.done) return;
    const s = (state.s ??= searcher(ctx));
    const quiet = sw(ctx, 'Quiet');
    const list = sw(ctx, 'List');
    let files: Array<{ host: string; display: string }> | undefined;
    const input = ctx.params.InputObject;
    if (ctx.params.Path !== undefined || ctx.params.LiteralPath !== undefined) {
      files = [];
      const literal = ctx.params.LiteralPath !== undefined;
      for (const p of strings(ctx.params.Path ?? ctx.params.LiteralPath)) {
        const items = expandPath(ctx, p, literal);
        if (!items.length) {
          ctx.writeError(pathNotFound(ctx, displayFull(ctx, p)));
          continue;
        }
        files.push(...items);
      }
    } else if (input instanceof PSObject && (input as unknown as { hostPath?: string }).hostPath && input.typeNames[0] === 'System.IO.FileInfo') {
      files = [{ host: (input as unknown as { hostPath: string }).hostPath, display: toStr(input.get('FullName')?.value) }];
    }
    if (files) {
      const include = strings(ctx.params.Include).map((w) => wildcardToRegExp(w));
      const exclude = strings(ctx.params.Exclude).map((w) => wildcardToRegExp(w));
      for (const f of files) {
        const name = f.display.replace(/^.*[\\/]/, '');
        if (include.length && !include.some((re) => re.test(name))) continue;
        if (exclude.some((re) => re.test(name))) continue;
        if (statPath(f.host).isDirectory()) continue;
        const lines = readText(f.host).split(/\r?\n/);
        if (lines.length && lines[lines.length - 1] === '') lines.pop();
        const found = searchLines(ctx, lines, 1, f.display, s, list || quiet);
        if (!found.length) continue;
        if (quiet) {
          await ctx.writeObject(true);
          return;
        }
        for (const o of found) await ctx.writeObject(o);
      }
      if (quiet) await ctx.writeObject(list ? null : false);
      return;
    }
    // Text from the pipeline: each object is one "line", numbered by its place in the input. With -Context the lines
    // before a match are the previous inputs, and a match waits for the inputs after it (or the end).
    state.record++;
    const line = input instanceof PSObject && input.typeNames[0] === MATCH_INFO ? toStr(input.get('Line')?.value) : toStr(input);
    const [before, after] = contextSize(ctx);
    const found = searchLines(ctx, [line], state.record, null, s, false);
    const t = state;
    for (const p of t.pending) {
      if (p.post.length < after) p.post.push(line);
    }
    if (found.length && !quiet && (before || after)) {
      const pre = t.previous.slice(Math.max(0, t.previous.length - before));
      t.pending.push({ o: found[0], pre, post: [] });
      found.length = 0;
    }
    t.previous.push(line);
    if (t.previous.length > before) t.previous.shift();
    await flushTracked(ctx, t, after, false);
    if (!found.length) return;
    if (quiet) {
      state.done = true;
      await ctx.writeObject(true);
      return;
    }
    await ctx.writeObject(found[0]);
  },
  async end(ctx) {
    await flushTracked(ctx, ctx.state(newState), contextSize(ctx)[1], true);
  },
});

/** Pipeline text under -Context: the last inputs (pre-context) and the matches still collecting post-context. */
interface Tracker {
  previous: string[];
  pending: Array<{ o: PSObject; pre: string[]; post: string[] }>;
}

/** The invocation's state: the input count, -Quiet's early stop, the compiled patterns, the context tracker. */
const newState = (): Tracker & { record: number; done: boolean; s: Searcher | undefined } => ({ record: 0, done: false, s: undefined, previous: [], pending: [] });

/** Writes the tracked matches whose post-context is complete (all of them at the end). */
async function flushTracked(ctx: CmdletContext, t: Tracker, after: number, atEnd: boolean): Promise<void> {
  while (t.pending.length && (atEnd || t.pending[0].post.length >= after)) {
    const p = t.pending.shift()!;
    p.o.set('Context', new PSObject({ PreContext: p.pre, PostContext: p.post, DisplayPreContext: p.pre, DisplayPostContext: p.post }, ['Microsoft.PowerShell.Commands.MatchInfoContext', 'System.Object']));
    (p.o as unknown as { toStringValue: string }).toStringValue = matchInfoText(p.o, null);
    await ctx.writeObject(p.o);
  }
}
