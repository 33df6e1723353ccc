/*
 * Command history as PSReadLine keeps it: every accepted line, oldest first, saved as it is accepted to a text file
 * (here $WIMSH_HOME/history.txt) so that the next session starts with it. A multi-line entry is saved with a
 * backtick ending each of its lines but the last, as PSReadLine's ConsoleHost_history.txt does. UpArrow/DownArrow walk
 * it; Ctrl+R searches it backwards for a substring (case-insensitive).
 */
import { host } from '../../platform/host';

export const MAX_HISTORY = 4096;

/** The file's text -> entries. */
export function parseHistory(text: string): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.endsWith('`')) {
      cur.push(line.slice(0, -1));
      continue;
    }
    cur.push(line);
    const entry = cur.join('\n');
    cur = [];
    if (entry.trim()) out.push(entry);
  }
  return out;
}

/** One entry as a line (or lines) of the file, with its newline. */
export function formatHistoryEntry(entry: string): string {
  return entry.split('\n').join('`\n') + '\n';
}

export class History {
  readonly entries: string[] = [];
  /** Position while walking with the arrows: entries.length is "the line being typed". */
  private pos = 0;
  /** The line being typed when the walk began, restored at its end. */
  private draft = '';

  constructor(private readonly file?: string) {
    if (file) {
      try {
        this.entries.push(...parseHistory(host().fs.readTextFileSync(file)).slice(-MAX_HISTORY));
      } catch {
        /* no history yet */
      }
    }
    this.pos = this.entries.length;
  }

  /** An accepted line: remembered (not twice in a row, not blank) and appended to the file. */
  add(line: string): void {
    this.pos = this.entries.length;
    if (!line.trim() || this.entries[this.entries.length - 1] === line) {
      this.resetWalk();
      return;
    }
    this.entries.push(line);
    if (this.entries.length > MAX_HISTORY) this.entries.splice(0, this.entries.length - MAX_HISTORY);
    this.resetWalk();
    if (!this.file) return;
    try {
      const fs = host().fs;
      fs.mkdirSync(host().path.dirname(this.file), { recursive: true });
      fs.appendFileSync(this.file, formatHistoryEntry(line));
    } catch {
      /* a read-only home loses the history, never the session */
    }
  }

  resetWalk(): void {
    this.pos = this.entries.length;
    this.draft = '';
  }

  /** UpArrow: the entry before, or undefined at the oldest. */
  previous(current: string): string | undefined {
    if (this.pos === this.entries.length) this.draft = current;
    if (this.pos === 0) return undefined;
    return this.entries[--this.pos];
  }

  /** DownArrow: the entry after, then the line that was being typed. */
  next(): string | undefined {
    if (this.pos >= this.entries.length) return undefined;
    this.pos++;
    return this.pos === this.entries.length ? this.draft : this.entries[this.pos];
  }

  /** The newest entry before index `before` that contains `query` (any case); -1 when none. */
  search(query: string, before: number): number {
    const q = query.toLowerCase();
    for (let i = Math.min(before, this.entries.length) - 1; i >= 0; i--) if (this.entries[i].toLowerCase().includes(q)) return i;
    return -1;
  }
}
