/*
 * The key decoder: the bytes a terminal sends (as text) turned into key events the line editor binds, as
 * PSReadLine's Windows mode names them (Ctrl+LeftArrow, Shift+Tab, Ctrl+Spacebar...). Terminals spell the same key
 * several ways (xterm's CSI and SS3 forms, rxvt's ~ forms, Alt as an ESC prefix, Ctrl+Backspace as ^H or ^W), so one
 * table folds them. Input arrives in chunks that may split an escape sequence: the unfinished tail is kept for the
 * next feed, and a lone ESC becomes the Escape key only when flush() says no more bytes followed it.
 */

export type KeyName =
  | 'Enter'
  | 'Backspace'
  | 'Delete'
  | 'Insert'
  | 'Tab'
  | 'Escape'
  | 'LeftArrow'
  | 'RightArrow'
  | 'UpArrow'
  | 'DownArrow'
  | 'Home'
  | 'End'
  | 'PageUp'
  | 'PageDown'
  | 'Spacebar'
  | 'F1'
  /** A control letter (Ctrl+C is { name: 'C', ctrl: true }) or an Alt+letter. */
  | 'Letter';

export type KeyEvent =
  /** Printable text (one key, or a run of them pasted or typed ahead). */
  | { kind: 'text'; text: string }
  | { kind: 'key'; name: KeyName; ctrl: boolean; shift: boolean; alt: boolean; letter?: string };

function key(name: KeyName, mods: { ctrl?: boolean; shift?: boolean; alt?: boolean } = {}, letter?: string): KeyEvent {
  const k: KeyEvent = { kind: 'key', name, ctrl: !!mods.ctrl, shift: !!mods.shift, alt: !!mods.alt };
  if (letter !== undefined) k.letter = letter;
  return k;
}

/** PSReadLine's spelling of a key event ('Ctrl+LeftArrow', 'Shift+Tab', 'Ctrl+r'), for bindings and tests. */
export function keyChord(k: KeyEvent): string {
  if (k.kind === 'text') return k.text;
  const parts: string[] = [];
  if (k.ctrl) parts.push('Ctrl');
  if (k.alt) parts.push('Alt');
  if (k.shift) parts.push('Shift');
  parts.push(k.name === 'Letter' ? (k.letter as string) : k.name);
  return parts.join('+');
}

/** The final byte of a CSI or SS3 sequence -> the key (xterm: ESC [ A, ESC O A; with modifiers ESC [ 1 ; 5 A). */
const FINAL: Record<string, KeyName> = { A: 'UpArrow', B: 'DownArrow', C: 'RightArrow', D: 'LeftArrow', H: 'Home', F: 'End', P: 'F1' };
/** The number of a `ESC [ n ~` sequence -> the key (VT220 and rxvt numbering). */
const TILDE: Record<number, KeyName> = { 1: 'Home', 2: 'Insert', 3: 'Delete', 4: 'End', 5: 'PageUp', 6: 'PageDown', 7: 'Home', 8: 'End', 11: 'F1' };

/** xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4). */
function mods(param: number | undefined): { ctrl: boolean; shift: boolean; alt: boolean } {
  const m = (param ?? 1) - 1;
  return { shift: (m & 1) !== 0, alt: (m & 2) !== 0, ctrl: (m & 4) !== 0 };
}

export class KeyDecoder {
  private pending = '';

  /** Decodes a chunk; an escape sequence cut at the end of it waits for the next chunk (or flush). */
  feed(data: string): KeyEvent[] {
    const s = this.pending + data;
    this.pending = '';
    const out: KeyEvent[] = [];
    let i = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x1b) {
        const n = this.escape(s, i, out);
        if (n < 0) {
          this.pending = s.slice(i);
          break;
        }
        i = n;
        continue;
      }
      if (c >= 0x20 && c !== 0x7f) {
        let j = i + 1;
        while (j < s.length) {
          const d = s.charCodeAt(j);
          if (d < 0x20 || d === 0x7f) break;
          j++;
        }
        out.push({ kind: 'text', text: s.slice(i, j) });
        i = j;
        continue;
      }
      i++;
      switch (c) {
        case 0x0d:
          // A pasted CR LF is one Enter.
          if (s.charCodeAt(i) === 0x0a) i++;
          out.push(key('Enter'));
          break;
        case 0x0a:
          out.push(key('Enter'));
          break;
        case 0x09:
          out.push(key('Tab'));
          break;
        case 0x7f:
          out.push(key('Backspace'));
          break;
        case 0x08: // ^H: what most terminals send for Ctrl+Backspace
        case 0x17: // ^W: the same in terminals that send ^H for plain Backspace
          out.push(key('Backspace', { ctrl: true }));
          break;
        case 0x00:
          out.push(key('Spacebar', { ctrl: true }));
          break;
        default:
          // Ctrl+A .. Ctrl+Z and the rest of C0: Ctrl+ the letter PSReadLine names (lower case, as in 'Ctrl+r').
          if (c >= 0x01 && c <= 0x1a) out.push(key('Letter', { ctrl: true }, String.fromCharCode(c + 0x60)));
          break;
      }
    }
    return out;
  }

  /** True when an unfinished sequence waits (the caller then flushes after a short pause). */
  get waiting(): boolean {
    return this.pending.length > 0;
  }

  /** No more bytes came: a lone ESC is the Escape key; any other cut sequence is dropped. */
  flush(): KeyEvent[] {
    const p = this.pending;
    this.pending = '';
    return p === '\x1b' ? [key('Escape')] : [];
  }

  /** Decodes the escape sequence at s[i]; returns the index after it, or -1 when it is cut off at the end. */
  private escape(s: string, i: number, out: KeyEvent[]): number {
    if (i + 1 >= s.length) return -1;
    const next = s[i + 1];
    if (next === '[' || next === 'O') {
      // CSI: ESC [ params intermediates final; SS3: ESC O final.
      let j = i + 2;
      while (j < s.length && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x3f) j++;
      if (j >= s.length) return -1;
      const final = s[j];
      const params = s.slice(i + 2, j).split(';').map((p) => (p === '' ? undefined : Number(p)));
      if (next === 'O') {
        const name = FINAL[final];
        if (name) out.push(key(name));
        return j + 1;
      }
      if (final === '~') {
        const name = TILDE[params[0] ?? 0];
        if (name) out.push(key(name, mods(params[1])));
      } else if (final === 'Z') out.push(key('Tab', { shift: true }));
      else if (FINAL[final]) out.push(key(FINAL[final], mods(params[1])));
      // Anything else (focus reports, bracketed paste markers, mouse) is not a key.
      return j + 1;
    }
    if (next === '\x1b') {
      out.push(key('Escape'));
      return i + 1;
    }
    const c = s.charCodeAt(i + 1);
    if (c === 0x7f || c === 0x08) {
      out.push(key('Backspace', { alt: true }));
      return i + 2;
    }
    if (c === 0x0d) {
      out.push(key('Enter', { alt: true }));
      return i + 2;
    }
    // Alt+letter as ESC letter (macOS terminals send Alt+b / Alt+f for Option+arrows).
    if (c >= 0x20 && c < 0x7f) {
      out.push(key('Letter', { alt: true }, s[i + 1]));
      return i + 2;
    }
    out.push(key('Escape'));
    return i + 1;
  }
}
