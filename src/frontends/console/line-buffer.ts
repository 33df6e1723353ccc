/*
 * The line being edited and the cursor in it, with PSReadLine's Windows-mode motions: characters, words (Ctrl+Left
 * and Ctrl+Right stop at the start of words; Ctrl+Backspace deletes back to one), lines of a multi-line input
 * (Home/End stay on the current line). Pure: no terminal here; screen.ts draws it.
 */

/** PSReadLine's default word delimiters, besides white space. */
const DELIMITERS = new Set(';:,.[]{}()/\\|^&*-=+\'"\u2013\u2014\u2015'.split(''));

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n';
}

/** The kind of character a word motion sees: 0 space, 1 delimiter, 2 word character. */
function classOf(ch: string): number {
  return isSpace(ch) ? 0 : DELIMITERS.has(ch) ? 1 : 2;
}

export class LineBuffer {
  text = '';
  cursor = 0;

  set(text: string, cursor = text.length): void {
    this.text = text;
    this.cursor = Math.max(0, Math.min(cursor, text.length));
  }

  insert(s: string): void {
    this.text = this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor);
    this.cursor += s.length;
  }

  /** Replaces text[start, end) with `s`, the cursor after it. */
  replace(start: number, end: number, s: string): void {
    this.text = this.text.slice(0, start) + s + this.text.slice(end);
    this.cursor = start + s.length;
  }

  backspace(): void {
    if (this.cursor === 0) return;
    this.replace(this.cursor - 1, this.cursor, '');
  }

  deleteChar(): void {
    if (this.cursor >= this.text.length) return;
    this.text = this.text.slice(0, this.cursor) + this.text.slice(this.cursor + 1);
  }

  left(): void {
    if (this.cursor > 0) this.cursor--;
  }

  right(): void {
    if (this.cursor < this.text.length) this.cursor++;
  }

  /** Home: the start of the current line of a multi-line input. */
  home(): void {
    this.cursor = this.text.lastIndexOf('\n', this.cursor - 1) + 1;
  }

  end(): void {
    const nl = this.text.indexOf('\n', this.cursor);
    this.cursor = nl < 0 ? this.text.length : nl;
  }

  /** Where Ctrl+Left goes: back over spaces, then to the start of the word (or delimiter run) before. */
  wordStartBefore(pos = this.cursor): number {
    let i = pos;
    while (i > 0 && classOf(this.text[i - 1]) === 0) i--;
    if (i === 0) return 0;
    const cls = classOf(this.text[i - 1]);
    while (i > 0 && classOf(this.text[i - 1]) === cls) i--;
    return i;
  }

  /** Where Ctrl+Right goes (NextWord): past the current word, then past spaces, to the start of the next word. */
  nextWordStart(pos = this.cursor): number {
    const n = this.text.length;
    let i = pos;
    if (i < n) {
      const cls = classOf(this.text[i]);
      if (cls !== 0) while (i < n && classOf(this.text[i]) === cls) i++;
    }
    while (i < n && classOf(this.text[i]) === 0) i++;
    return i;
  }

  wordLeft(): void {
    this.cursor = this.wordStartBefore();
  }

  wordRight(): void {
    this.cursor = this.nextWordStart();
  }

  /** Ctrl+Backspace (BackwardKillWord). */
  killWordBack(): void {
    this.replace(this.wordStartBefore(), this.cursor, '');
  }

  /** Ctrl+Delete (KillWord): to the start of the next word. */
  killWordForward(): void {
    const end = this.nextWordStart();
    this.text = this.text.slice(0, this.cursor) + this.text.slice(end);
  }

  /** Ctrl+End (ForwardDeleteLine) and Ctrl+Home (BackwardDeleteLine). */
  killToEnd(): void {
    const nl = this.text.indexOf('\n', this.cursor);
    const end = nl < 0 ? this.text.length : nl;
    this.text = this.text.slice(0, this.cursor) + this.text.slice(end);
  }

  killToStart(): void {
    const start = this.text.lastIndexOf('\n', this.cursor - 1) + 1;
    this.replace(start, this.cursor, '');
  }

  /** The line index of the cursor in a multi-line input, and the column in it. */
  private lineAndColumn(pos = this.cursor): { line: number; col: number } {
    const before = this.text.slice(0, pos);
    const line = before.split('\n').length - 1;
    return { line, col: pos - (before.lastIndexOf('\n') + 1) };
  }

  /** Up a line within a multi-line input; false on the first line (then the arrow walks history). */
  lineUp(): boolean {
    const { line, col } = this.lineAndColumn();
    if (line === 0) return false;
    const lines = this.text.split('\n');
    let start = 0;
    for (let i = 0; i < line - 1; i++) start += lines[i].length + 1;
    this.cursor = start + Math.min(col, lines[line - 1].length);
    return true;
  }

  lineDown(): boolean {
    const { line, col } = this.lineAndColumn();
    const lines = this.text.split('\n');
    if (line >= lines.length - 1) return false;
    let start = 0;
    for (let i = 0; i <= line; i++) start += lines[i].length + 1;
    this.cursor = start + Math.min(col, lines[line + 1].length);
    return true;
  }
}
