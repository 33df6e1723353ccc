/*
 * The completion engine: what Tab offers at the cursor, as PowerShell's TabExpansion2 decides it for the console.
 * The line is cut into tokens (words, quoted strings, variables, the operators that begin a new command), the command
 * being typed and the parameter an argument belongs to are found, and the candidates come from a CompletionSources
 * object (session-sources.ts reads them from a live session; tests give tables). Kinds, in PowerShell's order of
 * precedence: variables and members after `$`, parameter names after `-`, argument values (a command's own
 * completer, then ValidateSet, then enum values), command names in command position, and file system paths
 * otherwise. Pure: it reads nothing but its sources.
 */

export interface ParameterInfo {
  name: string;
  aliases: readonly string[];
  isSwitch: boolean;
  /** ValidateSet values, or the names of an enum type's members. */
  values?: readonly string[];
}

export interface PathEntry {
  name: string;
  isDirectory: boolean;
}

export interface CompletionSources {
  /** Every command name: cmdlets, functions, aliases, native front ends such as dism.exe. */
  commands(): readonly string[];
  /** Scripts (*.ps1) in the current location, offered in command position as `.\name.ps1`. */
  scripts?(): readonly string[];
  /** The parameters of a command (its own, then the common ones); undefined for an unknown command. */
  parameters(command: string): readonly ParameterInfo[] | undefined;
  /**
   * A command's own argument completer (PowerShell's ArgumentCompleter): the values for `parameter`, given the word
   * typed and the other parameters already on the line (name -> value as typed, unquoted); undefined when it has none.
   */
  argumentValues?(command: string, parameter: string, word: string, bound: Readonly<Record<string, string>>): readonly string[] | undefined;
  /**
   * The options of a native front end (dism.exe's `/Export-Image`, then that verb's `/SourceImageFile:` ...), given
   * the words already typed after the program; undefined for any other command.
   */
  nativeOptions?(command: string, before: readonly string[]): readonly string[] | undefined;
  /** Variable names without `$` (env:NAME for environment variables). */
  variables(): readonly string[];
  /** Member names (methods marked with a trailing '(') of `$name.a.b`'s value; undefined when unknown. */
  members(variable: string, path: readonly string[]): readonly string[] | undefined;
  /** The entries of a directory as the user typed it ('' for the current location); undefined when it is none. */
  listDirectory(dir: string): readonly PathEntry[] | undefined;
}

export type CompletionKind = 'command' | 'parameter' | 'value' | 'variable' | 'member' | 'path';

export interface Completion {
  /** The span of the line the candidates replace. */
  start: number;
  end: number;
  kind: CompletionKind;
  /** Replacement texts, in the order Tab cycles them. */
  candidates: string[];
}

type TokenKind = 'word' | 'string' | 'variable' | 'separator';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** The text as typed. */
  text: string;
  /** Words and strings: the value with quotes removed; variables: the name with its member path. */
  value: string;
  /** A string whose closing quote is not typed yet. */
  open?: boolean;
  quote?: string;
}

/** Characters that end a word and begin a new command (or element): pipes, statement ends, groups. */
const SEPARATOR = new Set(['|', ';', '{', '}', '(', ')', '\n', ',', '=']);

/** Cuts a line into tokens (enough of PowerShell's tokenizer for completion, not a parser). */
export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const ch = line[i];
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '#') {
      // A comment runs to the end of the line.
      while (i < n && line[i] !== '\n') i++;
      continue;
    }
    if (SEPARATOR.has(ch) || (ch === '&' && line[i + 1] === '&')) {
      const len = ch === '&' ? 2 : 1;
      out.push({ kind: 'separator', start: i, end: i + len, text: line.slice(i, i + len), value: line.slice(i, i + len) });
      i += len;
      continue;
    }
    if (ch === '$' && line[i + 1] === '(') {
      out.push({ kind: 'separator', start: i, end: i + 2, text: '$(', value: '(' });
      i += 2;
      continue;
    }
    if (ch === '@' && (line[i + 1] === '(' || line[i + 1] === '{')) {
      out.push({ kind: 'separator', start: i, end: i + 2, text: line.slice(i, i + 2), value: line[i + 1] });
      i += 2;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const start = i;
      let value = '';
      i++;
      let closed = false;
      while (i < n) {
        const c = line[i];
        if (ch === '"' && c === '`' && i + 1 < n) {
          value += line[i + 1];
          i += 2;
          continue;
        }
        if (c === ch) {
          if (line[i + 1] === ch) {
            value += ch;
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        value += c;
        i++;
      }
      out.push({ kind: 'string', start, end: i, text: line.slice(start, i), value, open: !closed, quote: ch });
      continue;
    }
    if (ch === '$' && line[i + 1] === '{') {
      const close = line.indexOf('}', i);
      const end = close < 0 ? n : close + 1;
      out.push({ kind: 'variable', start: i, end, text: line.slice(i, end), value: line.slice(i + 2, close < 0 ? n : close) });
      i = end;
      continue;
    }
    if (ch === '$') {
      // $name, $scope:name, $_, $?, with a member path: $x.Name.Fo
      let j = i + 1;
      while (j < n && /[\w:.?^$]/.test(line[j])) j++;
      out.push({ kind: 'variable', start: i, end: j, text: line.slice(i, j), value: line.slice(i + 1, j) });
      i = j;
      continue;
    }
    // A bare word: runs to white space or a separator; quotes inside (C:\'Program Files') join it.
    const start = i;
    let value = '';
    while (i < n) {
      const c = line[i];
      if (c === ' ' || c === '\t' || c === '\r' || SEPARATOR.has(c) || (c === '&' && line[i + 1] === '&')) break;
      if (c === "'" || c === '"') {
        const close = line.indexOf(c, i + 1);
        if (close < 0) {
          value += line.slice(i + 1);
          i = n;
          break;
        }
        value += line.slice(i + 1, close);
        i = close + 1;
        continue;
      }
      if (c === '`' && i + 1 < n) {
        value += line[i + 1];
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    out.push({ kind: 'word', start, end: i, text: line.slice(start, i), value });
  }
  return out;
}

/** Prefix match, case-insensitive; `*` and `?` in the typed word are wildcards, as in PowerShell's completion. */
function matcher(word: string): (s: string) => boolean {
  if (/[*?]/.test(word)) {
    const re = new RegExp('^' + word.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '.*$', 'i');
    return (s) => re.test(s);
  }
  const lower = word.toLowerCase();
  return (s) => s.toLowerCase().startsWith(lower);
}

function byName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Characters that make a path or value need quotes on the command line. */
const NEEDS_QUOTES = /[\s$'"`(){};,&|@#<>]/;

/** A value as it is typed on the command line: in single quotes when it must be (`'` doubled), else as it is. */
export function quoteArgument(value: string, quote?: string): string {
  if (quote === '"') return '"' + value.replace(/(["`$])/g, '`$1') + '"';
  if (quote === "'" || NEEDS_QUOTES.test(value)) return "'" + value.replace(/'/g, "''") + "'";
  return value;
}

/** The parameter `-name` abbreviates (name, alias, or a unique prefix of either). */
export function findParameter(params: readonly ParameterInfo[], typed: string): ParameterInfo | undefined {
  const t = typed.toLowerCase();
  const exact = params.find((p) => p.name.toLowerCase() === t || p.aliases.some((a) => a.toLowerCase() === t));
  if (exact) return exact;
  const hits = params.filter((p) => p.name.toLowerCase().startsWith(t) || p.aliases.some((a) => a.toLowerCase().startsWith(t)));
  return hits.length === 1 ? hits[0] : undefined;
}

/** What Tab completes at `cursor`; undefined when there is nothing to offer. */
export function complete(line: string, cursor: number, src: CompletionSources): Completion | undefined {
  const tokens = tokenize(line.slice(0, cursor));
  let cur = tokens[tokens.length - 1];
  // The cursor after white space (or a separator) starts a new, empty word.
  if (!cur || cur.end < cursor || cur.kind === 'separator') {
    cur = { kind: 'word', start: cursor, end: cursor, text: '', value: '' };
    tokens.push(cur);
  }
  // The word goes on past the cursor (completing inside a word replaces all of it).
  let end = cursor;
  while (end < line.length && !/[\s|;(){},]/.test(line[end])) end++;
  if (cur.kind === 'string' && !cur.open) end = cur.end;

  const index = tokens.length - 1;
  // The command this word belongs to: the first token after the last separator.
  let first = index;
  while (first > 0 && tokens[first - 1].kind !== 'separator') first--;
  // `& cmd` and `. cmd`: the call operator is not the command.
  if (first < index && tokens[first].kind === 'word' && (tokens[first].text === '&' || tokens[first].text === '.')) first++;

  if (cur.kind === 'variable') return completeVariable(cur, end, src);
  if (first === index) {
    // A path, or nothing typed yet (PowerShell then offers the current directory's entries, not every command).
    if (cur.kind === 'word' && (/[\\/]/.test(cur.value) || cur.value === '')) return completePath(cur, end, src, 'command');
    if (cur.kind === 'string') return completePath(cur, end, src, 'command');
    return completeCommand(cur, end, src);
  }
  const command = tokens[first].kind === 'word' || tokens[first].kind === 'string' ? tokens[first].value : '';
  const params = command ? src.parameters(command) : undefined;
  if (!params && command && cur.kind === 'word' && cur.value.startsWith('/')) {
    const colon = cur.value.indexOf(':');
    // `/Option:value`: the value is a path (dism.exe's files and directories), the option kept in front of it.
    if (colon >= 0) return completePath(cur, end, src, 'path', cur.value.slice(0, colon + 1));
    const options = src.nativeOptions?.(command, tokens.slice(first + 1, index).map((t) => t.value));
    if (options) {
      const m = matcher(cur.value.slice(1));
      const hits = options.filter((o) => m(o.slice(1)));
      return hits.length ? { start: cur.start, end, kind: 'parameter', candidates: hits } : undefined;
    }
  }
  if (cur.kind === 'word' && cur.text.startsWith('-') && !/^-\d/.test(cur.text) && params) {
    const typed = cur.text.slice(1).replace(/:.*$/, '');
    const m = matcher(typed);
    const names: string[] = [];
    for (const p of params) if (m(p.name)) names.push('-' + p.name);
    // An alias typed whole or in part stands for its parameter (-DIP -> -DestinationImagePath).
    for (const p of params) if (p.aliases.some((a) => m(a)) && !names.includes('-' + p.name)) names.push('-' + p.name);
    return names.length ? { start: cur.start, end, kind: 'parameter', candidates: names } : undefined;
  }
  // An argument: the value of the parameter named just before it, if that takes a value.
  const prev = tokens[index - 1];
  if (params && prev && index - 1 > first && prev.kind === 'word' && prev.text.startsWith('-') && !prev.text.includes(':')) {
    const p = findParameter(params, prev.text.slice(1));
    if (p && !p.isSwitch) {
      const bound = boundParameters(tokens.slice(first + 1, index - 1), params);
      const word = cur.kind === 'word' || cur.kind === 'string' ? cur.value : '';
      const own = src.argumentValues?.(command, p.name, word, bound);
      const values = own ?? p.values;
      if (values) {
        const m = matcher(word);
        const quote = cur.kind === 'string' ? cur.quote : undefined;
        const hits = values.filter((v) => m(v)).map((v) => quoteArgument(v, quote));
        return hits.length ? { start: cur.start, end, kind: 'value', candidates: hits } : undefined;
      }
    }
  }
  return completePath(cur, end, src, 'path');
}

/** The `-Name value` pairs of a command's tokens so far, by parameter name (what an argument completer sees). */
function boundParameters(tokens: readonly Token[], params: readonly ParameterInfo[]): Record<string, string> {
  const bound: Record<string, string> = {};
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'word' || !t.text.startsWith('-')) continue;
    const colon = t.text.indexOf(':');
    const p = findParameter(params, t.text.slice(1, colon < 0 ? undefined : colon));
    if (!p) continue;
    if (colon >= 0) bound[p.name] = t.value.slice(colon + 1);
    else if (p.isSwitch) bound[p.name] = 'True';
    else if (i + 1 < tokens.length && (tokens[i + 1].kind === 'word' || tokens[i + 1].kind === 'string')) bound[p.name] = tokens[++i].value;
  }
  return bound;
}

function completeCommand(cur: Token, end: number, src: CompletionSources): Completion | undefined {
  const m = matcher(cur.value);
  const seen = new Set<string>();
  const names: string[] = [];
  for (const c of [...src.commands()].sort(byName)) {
    if (!m(c) || seen.has(c.toLowerCase())) continue;
    seen.add(c.toLowerCase());
    names.push(c);
  }
  for (const s of src.scripts?.() ?? []) if (m(s)) names.push(quoteArgument('.\\' + s));
  if (!names.length) return undefined;
  return { start: cur.start, end, kind: 'command', candidates: names };
}

function completeVariable(cur: Token, end: number, src: CompletionSources): Completion | undefined {
  const dot = cur.value.indexOf('.');
  if (dot >= 0) {
    // $x.Member.Pa -> the members of $x.Member starting with Pa.
    const parts = cur.value.split('.');
    const leaf = parts.pop() as string;
    const [variable, ...path] = parts;
    const members = src.members(variable, path);
    if (!members) return undefined;
    const m = matcher(leaf);
    const base = '$' + parts.join('.') + '.';
    const hits = [...new Set(members.filter((x) => m(x.replace(/\($/, ''))))].map((x) => base + x);
    return hits.length ? { start: cur.start, end, kind: 'member', candidates: hits } : undefined;
  }
  const m = matcher(cur.value);
  const hits = [...new Set(src.variables().filter((v) => m(v)))].sort(byName).map((v) => (/^[\w:?^$]+$/.test(v) ? '$' + v : '${' + v + '}'));
  return hits.length ? { start: cur.start, end, kind: 'variable', candidates: hits } : undefined;
}

/** Paths for the word at the cursor; `lead` is a part of the word before the path (`/ImageFile:`), kept as it is. */
function completePath(cur: Token, end: number, src: CompletionSources, kind: 'path' | 'command', lead = ''): Completion | undefined {
  const typed = (cur.kind === 'word' || cur.kind === 'string' ? cur.value : '').slice(lead.length);
  const sep = Math.max(typed.lastIndexOf('\\'), typed.lastIndexOf('/'));
  const dir = sep >= 0 ? typed.slice(0, sep + 1) : '';
  const leaf = typed.slice(sep + 1);
  const entries = src.listDirectory(dir);
  if (!entries) return undefined;
  const m = matcher(leaf);
  // The separator the user writes: `/` when their path has only those, else Windows' `\`.
  const slash = dir.includes('/') && !dir.includes('\\') ? '/' : '\\';
  const hits = entries.filter((e) => m(e.name));
  hits.sort((a, b) => (a.isDirectory === b.isDirectory ? byName(a.name, b.name) : a.isDirectory ? -1 : 1));
  const prefix = dir || '.\\';
  const quote = cur.kind === 'string' ? cur.quote : undefined;
  const candidates = hits.map((e) => quoteArgument(lead + prefix + e.name + (e.isDirectory ? slash : ''), quote));
  return candidates.length ? { start: cur.start, end, kind: kind === 'command' ? 'command' : 'path', candidates } : undefined;
}
