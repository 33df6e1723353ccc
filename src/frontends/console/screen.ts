/*
 * Drawing the input on the terminal: the prompt, the input (its later lines behind the `>> ` continuation prompt, as
 * the console host shows unfinished input), and an optional block below it (the Ctrl+Space menu, the Ctrl+R search
 * line). The block is laid out at the window width, wrapping as the terminal wraps, so that the cursor can be put
 * back at its place and the next redraw can go back to the first row and erase everything (ESC[J) before drawing.
 * Pure apart from the write function it is given.
 */

export const CONTINUATION_PROMPT = '>> ';

export interface Frame {
  prompt: string;
  text: string;
  cursor: number;
  /** Lines drawn under the input (a menu, a search line); the cursor stays in the input. */
  below?: readonly string[];
}

/** Where a character offset of the drawn text lands, rows counted from the first row of the frame. */
interface Pos {
  row: number;
  col: number;
}

/** ANSI escape sequences take no room on the screen. */
const ESCAPE = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g;

/**
 * The cells a character takes in a terminal: 2 for East Asian wide and fullwidth characters (a Chinese path, an
 * image name), 0 for combining marks, else 1.
 */
export function charWidth(cp: number): number {
  if (cp < 0x300) return 1;
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

/** The cells a string takes on screen (escape sequences take none). */
export function visibleLength(s: string): number {
  let n = 0;
  for (const ch of s.replace(ESCAPE, '')) n += charWidth(ch.codePointAt(0) as number);
  return n;
}

/** Lays out `s` (newlines and wrapping at `columns`), starting at `start`: the position after it. */
function advance(s: string, columns: number, start: Pos): Pos {
  let { row, col } = start;
  for (const ch of s.replace(ESCAPE, '')) {
    if (ch === '\n') {
      row++;
      col = 0;
      continue;
    }
    const w = charWidth(ch.codePointAt(0) as number);
    // A wide character that does not fit at the end of a row goes whole to the next one.
    if (col + w > columns) {
      row++;
      col = 0;
    }
    col += w;
    if (col >= columns) {
      row++;
      col = 0;
    }
  }
  return { row, col };
}

export class Screen {
  /** The row of the cursor, counted from the first row of the frame on screen (0: nothing drawn above it). */
  private cursorRow = 0;
  private last: Frame | undefined;

  constructor(
    private readonly write: (s: string) => void,
    private readonly columns: () => number,
  ) {}

  /** The drawn text of a frame: the prompt, the input with continuation prompts, the block below. */
  private static body(f: Frame): { before: string; after: string } {
    const withPrompts = (t: string) => t.replace(/\n/g, '\n' + CONTINUATION_PROMPT);
    const before = f.prompt + withPrompts(f.text.slice(0, f.cursor));
    let after = withPrompts(f.text.slice(f.cursor));
    if (f.below && f.below.length) after += '\n' + f.below.join('\n');
    return { before, after };
  }

  /** Draws a frame over the previous one (or afresh after newFrame()). */
  draw(f: Frame): void {
    const columns = Math.max(10, this.columns());
    const prev = this.last;
    // Typing at the end of a one-row input: the characters are simply written (no flicker, little output).
    if (
      prev &&
      !prev.below?.length &&
      !f.below?.length &&
      prev.prompt === f.prompt &&
      prev.cursor === prev.text.length &&
      f.cursor === f.text.length &&
      f.text.startsWith(prev.text) &&
      !f.text.includes('\n')
    ) {
      const added = f.text.slice(prev.text.length);
      const start = advance(Screen.body(prev).before, columns, { row: 0, col: 0 });
      if (start.col + visibleLength(added) < columns) {
        this.write(added);
        this.last = { ...f };
        return;
      }
    }
    const { before, after } = Screen.body(f);
    let out = this.rewind() + '\x1b[J' + before + after;
    const cur = advance(before, columns, { row: 0, col: 0 });
    const end = advance(after, columns, cur);
    // Text that ends exactly at the right margin leaves the terminal's cursor there, not on the next row.
    if (end.col === 0 && end.row > 0 && !(before + after).endsWith('\n')) out += '\r\n';
    // The cursor goes back to its place (nothing to do when it is at the end, the usual case).
    if (end.row !== cur.row || end.col !== cur.col) {
      if (end.row > cur.row) out += `\x1b[${end.row - cur.row}A`;
      out += '\r';
      if (cur.col > 0) out += `\x1b[${cur.col}C`;
    }
    this.write(out);
    this.cursorRow = cur.row;
    this.last = { ...f, below: f.below ? [...f.below] : undefined };
  }

  /** The sequence that takes the cursor back to the first column of the frame's first row. */
  private rewind(): string {
    return (this.cursorRow > 0 ? `\x1b[${this.cursorRow}A` : '') + '\r';
  }

  /**
   * Ends the frame: redrawn without the block below, the cursor after the input, and a new line begun (the command's
   * output follows). The next draw starts a new frame.
   */
  finish(f: Frame): void {
    this.draw({ ...f, cursor: f.text.length, below: undefined });
    this.write('\r\n');
    this.newFrame();
  }

  /** Forgets the frame on screen: the next draw starts where the cursor is. */
  newFrame(): void {
    this.cursorRow = 0;
    this.last = undefined;
  }

  /** Erases the frame and forgets it (before a command prints, or Clear-Host). */
  erase(): void {
    if (!this.last) return;
    this.write(this.rewind() + '\x1b[J');
    this.newFrame();
  }
}
