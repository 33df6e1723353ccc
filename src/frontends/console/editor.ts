/*
 * The line editor: PSReadLine's Windows-mode key bindings over a LineBuffer, drawn by a Screen, fed by a KeyDecoder.
 * readLine(prompt) resolves with the accepted input (null at end of input). Enter on unfinished input (an open brace,
 * quote or here-string, as the parser judges it) continues it on a `>> ` line instead of accepting it. Tab and
 * Shift+Tab cycle the completions in place (TabCompleteNext/Previous); Ctrl+Space shows them all as a menu
 * (MenuComplete); UpArrow/DownArrow walk the history, Ctrl+R searches it (ReverseSearchHistory). Keys that arrive
 * after an accepted line wait for the next readLine (typed ahead). Terminal-free: the host's terminal door is given.
 */
import type { HostTerminal } from '../../platform/types';
import { KeyDecoder, type KeyEvent } from './keys';
import { LineBuffer } from './line-buffer';
import { Screen, visibleLength } from './screen';
import type { History } from './history';
import { complete, type Completion, type CompletionSources } from './completion';

export interface EditorOptions {
  history: History;
  /** Whether the input is unfinished (Enter continues it on a `>> ` line). */
  isIncomplete(text: string): boolean;
  /** The completion sources, asked on the first Tab of a line. */
  sources(): CompletionSources;
}

/** Tab cycling: the candidates of the last completion and which one is on the line. */
interface Cycle {
  comp: Completion;
  index: number;
  /** The text the completion replaced, restored by Escape in the menu. */
  original: string;
  /** The span the current candidate occupies. */
  start: number;
  end: number;
}

interface Search {
  query: string;
  /** The history index of the match shown (-1: none). */
  match: number;
  failing: boolean;
  original: string;
}

/** Idle time after a lone ESC before it counts as the Escape key (not the start of a sequence). */
const ESC_WAIT_MS = 50;

export class LineEditor {
  private readonly decoder = new KeyDecoder();
  private readonly screen: Screen;
  private readonly buf = new LineBuffer();
  private readonly queue: KeyEvent[] = [];
  private prompt = '';
  private resolve: ((line: string | null) => void) | undefined;
  private cycle: Cycle | undefined;
  private menu: Cycle | undefined;
  private search: Search | undefined;
  private ended = false;
  private escTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly term: HostTerminal,
    private readonly opts: EditorOptions,
  ) {
    this.screen = new Screen((s) => term.write(s), () => term.columns);
  }

  /** Reads one input (raw mode on while it does); null when input ended. */
  readLine(prompt: string): Promise<string | null> {
    this.prompt = prompt;
    this.buf.set('');
    this.cycle = this.menu = this.search = undefined;
    this.opts.history.resetWalk();
    // Raw mode before the prompt is drawn: a key typed once the prompt shows must not be echoed by the terminal too.
    this.term.setRawMode(true);
    this.screen.newFrame();
    this.redraw();
    return new Promise((resolve) => {
      this.resolve = resolve;
      const stop = this.term.read(
        (data) => this.onData(data),
        () => {
          this.ended = true;
          this.pump();
        },
      );
      const offResize = this.term.onResize(() => this.redraw());
      const done = this.resolve;
      this.resolve = (line) => {
        stop();
        offResize();
        this.term.setRawMode(false);
        this.resolve = undefined;
        done(line);
      };
      this.pump();
    });
  }

  /** Input bytes: decoded, queued, and handled while a line is being read. */
  onData(data: string): void {
    if (this.escTimer) clearTimeout(this.escTimer);
    this.escTimer = undefined;
    this.queue.push(...this.decoder.feed(data));
    if (this.decoder.waiting) {
      this.escTimer = setTimeout(() => {
        this.escTimer = undefined;
        this.queue.push(...this.decoder.flush());
        this.pump();
      }, ESC_WAIT_MS);
    }
    this.pump();
  }

  private pump(): void {
    while (this.resolve && this.queue.length) this.handle(this.queue.shift() as KeyEvent);
    if (this.resolve && this.ended && !this.queue.length) {
      this.screen.finish(this.frame());
      this.resolve(null);
    }
  }

  private frame() {
    let below: string[] | undefined;
    if (this.menu) below = this.menuLines(this.menu);
    else if (this.search) below = [`${this.search.failing ? 'failing ' : ''}bck-i-search: ${this.search.query}_`];
    return { prompt: this.prompt, text: this.buf.text, cursor: this.buf.cursor, below };
  }

  private redraw(): void {
    this.screen.draw(this.frame());
  }

  private accept(): void {
    const text = this.buf.text;
    this.cycle = this.menu = this.search = undefined;
    this.screen.finish(this.frame());
    this.opts.history.add(text);
    this.resolve?.(text);
  }

  private handle(k: KeyEvent): void {
    if (this.search) return this.handleSearch(k);
    if (this.menu) return this.handleMenu(k);
    const chord = k.kind === 'key' ? k : undefined;
    const isTab = chord?.name === 'Tab';
    if (!isTab) this.cycle = undefined;
    if (k.kind === 'text') {
      this.buf.insert(k.text);
      return this.redraw();
    }
    const { name, ctrl, alt, shift } = k;
    switch (name) {
      case 'Enter':
        if (shift || alt) this.buf.insert('\n');
        else if (this.opts.isIncomplete(this.buf.text)) {
          // Unfinished input goes on on a new `>>` line.
          this.buf.set(this.buf.text + '\n');
        } else return this.accept();
        break;
      case 'Tab':
        this.tab(shift);
        break;
      case 'Backspace':
        if (ctrl || alt) this.buf.killWordBack();
        else this.buf.backspace();
        break;
      case 'Delete':
        if (ctrl) this.buf.killWordForward();
        else this.buf.deleteChar();
        break;
      case 'LeftArrow':
        if (ctrl || alt) this.buf.wordLeft();
        else this.buf.left();
        break;
      case 'RightArrow':
        if (ctrl || alt) this.buf.wordRight();
        else this.buf.right();
        break;
      case 'Home':
        if (ctrl) this.buf.killToStart();
        else this.buf.home();
        break;
      case 'End':
        if (ctrl) this.buf.killToEnd();
        else this.buf.end();
        break;
      case 'UpArrow':
        if (!this.buf.lineUp()) {
          const prev = this.opts.history.previous(this.buf.text);
          if (prev !== undefined) this.buf.set(prev);
        }
        break;
      case 'DownArrow':
        if (!this.buf.lineDown()) {
          const next = this.opts.history.next();
          if (next !== undefined) this.buf.set(next);
        }
        break;
      case 'Escape':
        // RevertLine: the whole input goes.
        this.buf.set('');
        break;
      case 'Spacebar':
        if (ctrl) this.openMenu();
        else this.buf.insert(' ');
        break;
      case 'Letter':
        return this.letter(k.letter as string, ctrl, alt);
      default:
        break;
    }
    this.redraw();
  }

  private letter(letter: string, ctrl: boolean, alt: boolean): void {
    if (alt && !ctrl) {
      // Alt+B / Alt+F: what macOS terminals send for Option+Left/Right.
      if (letter === 'b') this.buf.wordLeft();
      else if (letter === 'f') this.buf.wordRight();
      return this.redraw();
    }
    switch (letter) {
      case 'c':
        // Ctrl+C at the prompt abandons the input: it stays on screen, a new prompt follows.
        this.cycle = this.menu = this.search = undefined;
        this.screen.finish(this.frame());
        this.resolve?.('');
        return;
      case 'd':
        if (this.buf.text === '') {
          this.ended = true;
          return this.pump();
        }
        this.buf.deleteChar();
        break;
      case 'r':
        this.search = { query: '', match: -1, failing: false, original: this.buf.text };
        break;
      case 'l':
        // Ctrl+L: clear the screen, the input drawn again at the top.
        this.term.write('\x1b[2J\x1b[3J\x1b[H');
        this.screen.newFrame();
        break;
      default:
        break;
    }
    this.redraw();
  }

  // ------------------------------------------------------------------------------------------ completion

  private completeHere(): Completion | undefined {
    try {
      return complete(this.buf.text, this.buf.cursor, this.opts.sources());
    } catch {
      return undefined; // a completion that fails offers nothing; the line is untouched
    }
  }

  /** Tab / Shift+Tab: the next (previous) candidate in place of the word. */
  private tab(back: boolean): void {
    let c = this.cycle;
    if (!c) {
      const comp = this.completeHere();
      if (!comp) return;
      c = { comp, index: back ? comp.candidates.length : -1, original: this.buf.text.slice(comp.start, comp.end), start: comp.start, end: comp.end };
    }
    const n = c.comp.candidates.length;
    c.index = (c.index + (back ? -1 : 1) + n) % n;
    const text = c.comp.candidates[c.index];
    this.buf.replace(c.start, c.end, text);
    c.end = c.start + text.length;
    // One candidate: the next Tab completes afresh (into the directory just completed).
    this.cycle = n > 1 ? c : undefined;
  }

  private openMenu(): void {
    const comp = this.completeHere();
    if (!comp) return;
    const c: Cycle = { comp, index: 0, original: this.buf.text.slice(comp.start, comp.end), start: comp.start, end: comp.end };
    this.buf.replace(c.start, c.end, comp.candidates[0]);
    c.end = c.start + comp.candidates[0].length;
    if (comp.candidates.length > 1) this.menu = c;
  }

  private menuSelect(c: Cycle, index: number): void {
    const n = c.comp.candidates.length;
    c.index = ((index % n) + n) % n;
    const text = c.comp.candidates[c.index];
    this.buf.replace(c.start, c.end, text);
    c.end = c.start + text.length;
  }

  /** The menu's grid: column-major, each item padded to the widest, the selection in reverse video. */
  private menuLayout(c: Cycle): { rows: number; cols: number; width: number; items: string[] } {
    const items = c.comp.candidates.map((t) => menuItem(t, c.comp.kind));
    const width = Math.max(...items.map((s) => visibleLength(s))) + 2;
    const cols = Math.max(1, Math.floor(this.term.columns / width));
    const rows = Math.ceil(items.length / cols);
    return { rows, cols, width, items };
  }

  private menuLines(c: Cycle): string[] {
    const { rows, cols, width, items } = this.menuLayout(c);
    // At most the rows the window has beneath the input; the window scrolls to keep the selection in view.
    const room = Math.max(1, Math.min(rows, this.term.rows - 3));
    const selRow = c.index % rows;
    const top = Math.min(Math.max(0, selRow - room + 1), rows - room);
    const lines: string[] = [];
    for (let r = top; r < top + room; r++) {
      let line = '';
      for (let col = 0; col < cols; col++) {
        const i = col * rows + r;
        if (i >= items.length) break;
        const cell = items[i] + ' '.repeat(Math.max(0, width - 1 - visibleLength(items[i])));
        line += (i === c.index ? `\x1b[7m${cell}\x1b[0m` : cell) + ' ';
      }
      lines.push(line.replace(/ +$/, ''));
    }
    return lines;
  }

  private handleMenu(k: KeyEvent): void {
    const c = this.menu as Cycle;
    const { rows } = this.menuLayout(c);
    if (k.kind === 'key') {
      switch (k.name) {
        case 'Tab':
          this.menuSelect(c, c.index + (k.shift ? -1 : 1));
          return this.redraw();
        case 'DownArrow':
          this.menuSelect(c, c.index + 1);
          return this.redraw();
        case 'UpArrow':
          this.menuSelect(c, c.index - 1);
          return this.redraw();
        case 'RightArrow':
          this.menuSelect(c, Math.min(c.index + rows, c.comp.candidates.length - 1));
          return this.redraw();
        case 'LeftArrow':
          this.menuSelect(c, Math.max(c.index - rows, 0));
          return this.redraw();
        case 'Spacebar':
          if (k.ctrl) {
            this.menuSelect(c, c.index + 1);
            return this.redraw();
          }
          break;
        case 'Enter':
          // Enter takes the selection and closes the menu; the line is not run yet.
          this.menu = undefined;
          return this.redraw();
        case 'Escape':
          this.buf.replace(c.start, c.end, c.original);
          this.menu = undefined;
          return this.redraw();
        default:
          break;
      }
    }
    // Any other key takes the selection and does what it does.
    this.menu = undefined;
    this.handle(k);
  }

  // ------------------------------------------------------------------------------------------ Ctrl+R

  private handleSearch(k: KeyEvent): void {
    const s = this.search as Search;
    const h = this.opts.history;
    const find = (before: number) => {
      const i = s.query ? h.search(s.query, before) : -1;
      s.failing = s.query !== '' && i < 0;
      if (i >= 0) {
        s.match = i;
        this.buf.set(h.entries[i]);
      }
    };
    if (k.kind === 'text') {
      s.query += k.text;
      find(s.match >= 0 && h.entries[s.match].toLowerCase().includes(s.query.toLowerCase()) ? s.match + 1 : h.entries.length);
      return this.redraw();
    }
    if (k.name === 'Letter' && k.ctrl && k.letter === 'r') {
      find(s.match >= 0 ? s.match : h.entries.length);
      return this.redraw();
    }
    if (k.name === 'Backspace') {
      s.query = s.query.slice(0, -1);
      s.match = -1;
      find(h.entries.length);
      if (!s.query) this.buf.set(s.original);
      return this.redraw();
    }
    if (k.name === 'Escape' || (k.name === 'Letter' && k.ctrl && k.letter === 'g')) {
      this.buf.set(s.original);
      this.search = undefined;
      return this.redraw();
    }
    // Any other key (Enter included) takes the match and does what it does.
    this.search = undefined;
    this.handle(k);
  }
}

/** What the menu shows for a candidate: a path's last component (a directory with its separator), else the text. */
function menuItem(candidate: string, kind: Completion['kind']): string {
  if (kind !== 'path' && !(kind === 'command' && /[\\/]/.test(candidate))) return candidate;
  const bare = candidate.replace(/^'(.*)'$/, '$1');
  const m = /([^\\/]+[\\/]?)$/.exec(bare);
  return m ? m[1] : bare;
}
