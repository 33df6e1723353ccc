/*
 * The line editor driven key by key through a fake terminal (no pseudo-terminal needed): completion cycling, the
 * Ctrl+Space menu, Ctrl+R, continuation of unfinished input, Ctrl+C, typed-ahead lines, and what the screen gets.
 */
import type { HostTerminal } from '../../../src/platform/types';
import { LineEditor } from '../../../src/frontends/console/editor';
import { History } from '../../../src/frontends/console/history';
import { Screen, visibleLength } from '../../../src/frontends/console/screen';
import type { CompletionSources } from '../../../src/frontends/console/completion';

class FakeTerminal implements HostTerminal {
  columns = 80;
  rows = 24;
  out = '';
  raw = false;
  private handler?: (d: string) => void;
  private end?: () => void;
  write(t: string) {
    this.out += t;
  }
  setRawMode(r: boolean) {
    this.raw = r;
  }
  read(h: (d: string) => void, onEnd: () => void) {
    this.handler = h;
    this.end = onEnd;
    return () => {
      this.handler = undefined;
    };
  }
  onResize() {
    return () => undefined;
  }
  type(d: string) {
    this.handler?.(d);
  }
  close() {
    this.end?.();
  }
}

const SOURCES: CompletionSources = {
  commands: () => ['Get-WindowsImage', 'Get-WindowsImageContent', 'Get-WindowsEdition'],
  parameters: () => [{ name: 'CompressionType', aliases: [], isSwitch: false, values: ['none', 'fast', 'max'] }],
  variables: () => [],
  members: () => undefined,
  listDirectory: () => [],
};

function setup(history = new History()) {
  const term = new FakeTerminal();
  const editor = new LineEditor(term, { history, isIncomplete: (t) => (t.match(/{/g) ?? []).length > (t.match(/}/g) ?? []).length, sources: () => SOURCES });
  return { term, editor, history };
}

describe('line editor', () => {
  test('Tab cycles the candidates in place, Shift+Tab goes back; Enter returns the line', async () => {
    const { term, editor } = setup();
    const line = editor.readLine('PS> ');
    expect(term.raw).toBe(true);
    term.type('Get-Windows\t');
    term.type('\t');
    term.type('\t\t'); // wraps around to the first
    term.type('\x1b[Z'); // back to the last
    term.type('\r');
    await expect(line).resolves.toBe('Get-WindowsImageContent');
    expect(term.raw).toBe(false);
  });

  test('Shift+Tab first offers the last candidate', async () => {
    const { term, editor } = setup();
    const line = editor.readLine('PS> ');
    term.type('Get-W\x1b[Z\r');
    await expect(line).resolves.toBe('Get-WindowsImageContent');
  });

  test('Ctrl+Space lists every candidate below the line, arrows move the selection, Enter takes it', async () => {
    const { term, editor } = setup();
    const line = editor.readLine('PS> ');
    term.type('Export-WindowsImage -CompressionType ');
    term.out = '';
    term.type('\x00');
    // The three values on the row below the input, the first selected (reverse video).
    expect(term.out).toMatch(/\n\x1b\[7mnone *\x1b\[0m fast +max/);
    term.type('\x1b[B'); // DownArrow
    term.type('\r'); // takes "fast", closes the menu
    term.type(' -x\r');
    await expect(line).resolves.toBe('Export-WindowsImage -CompressionType fast -x');
  });

  test('Escape in the menu restores what was typed', async () => {
    const { term, editor } = setup();
    const line = editor.readLine('PS> ');
    term.type('Get-W\x00\x1b[B');
    term.type('\x1b');
    await new Promise((r) => setTimeout(r, 120)); // a lone ESC counts once no sequence follows
    term.type('\r');
    await expect(line).resolves.toBe('Get-W');
  });

  test('Enter on unfinished input continues it on a >> line', async () => {
    const { term, editor } = setup();
    const line = editor.readLine('PS> ');
    term.type('if ($x) {\r"in"\r}\r');
    await expect(line).resolves.toBe('if ($x) {\n"in"\n}');
    expect(term.out).toContain('\n>> "in"');
  });

  test('Ctrl+C abandons the input (an empty line); Ctrl+D on an empty line ends input', async () => {
    const { term, editor } = setup();
    let line = editor.readLine('PS> ');
    term.type('Get-Something\x03');
    await expect(line).resolves.toBe('');
    line = editor.readLine('PS> ');
    term.type('\x04');
    await expect(line).resolves.toBeNull();
  });

  test('lines typed ahead wait for the next readLine; history walks and Ctrl+R searches', async () => {
    const { term, editor, history } = setup();
    let line = editor.readLine('PS> ');
    term.type('first one\rsecond\r');
    await expect(line).resolves.toBe('first one');
    line = editor.readLine('PS> ');
    await expect(line).resolves.toBe('second');
    expect(history.entries).toEqual(['first one', 'second']);
    line = editor.readLine('PS> ');
    term.type('\x1b[A\x1b[A\r');
    await expect(line).resolves.toBe('first one');
    line = editor.readLine('PS> ');
    term.type('\x12sec');
    expect(term.out).toContain('bck-i-search: sec_');
    term.type('\r');
    await expect(line).resolves.toBe('second');
  });

  test('Ctrl+Left and Ctrl+Backspace edit by words', async () => {
    const { term, editor } = setup();
    const line = editor.readLine('PS> ');
    term.type('Get-Item C:\\x\x1b[1;5D\x1b[1;5D\x1b[1;5DZ\r');
    await expect(line).resolves.toBe('Get-Item ZC:\\x');
    const l2 = editor.readLine('PS> ');
    term.type('Get-Item abc\x08\r');
    await expect(l2).resolves.toBe('Get-Item ');
  });
});

describe('screen', () => {
  test('a redraw goes back to the first row, erases below and puts the cursor back', () => {
    let out = '';
    const s = new Screen((t) => (out += t), () => 20);
    s.draw({ prompt: 'PS> ', text: 'abc', cursor: 3 });
    expect(out).toBe('\r\x1b[JPS> abc');
    out = '';
    s.draw({ prompt: 'PS> ', text: 'abcd', cursor: 4 });
    expect(out).toBe('d'); // typing at the end writes just the character
    out = '';
    // 24 characters on a 20-column window: the input wraps; the cursor (after "PS> ab") is one row up from the end.
    s.draw({ prompt: 'PS> ', text: 'ab' + 'x'.repeat(18), cursor: 2 });
    expect(out).toBe('\r\x1b[JPS> ab' + 'x'.repeat(18) + '\x1b[1A\r\x1b[6C');
    out = '';
    // Exactly 20: the terminal's cursor waits at the margin, so a new line is begun to match the layout.
    s.draw({ prompt: 'PS> ', text: 'ab' + 'x'.repeat(14), cursor: 2 });
    expect(out).toBe('\r\x1b[JPS> ab' + 'x'.repeat(14) + '\r\n\x1b[1A\r\x1b[6C');
    out = '';
    s.draw({ prompt: 'PS> ', text: 'q', cursor: 1 });
    expect(out).toBe('\r\x1b[JPS> q');
  });

  test('wide characters take two cells: the cursor is put back by cells, and one that does not fit wraps whole', () => {
    expect(visibleLength('C:\\映像\\x')).toBe(9);
    expect(visibleLength('\x1b[7m中\x1b[0m')).toBe(2);
    let out = '';
    const s = new Screen((t) => (out += t), () => 10);
    // "PS> " + 3 wide characters = 10 cells: exactly the row, so a new line is begun; the cursor after the first.
    s.draw({ prompt: 'PS> ', text: '中文字', cursor: 1 });
    expect(out).toBe('\r\x1b[JPS> 中文字\r\n\x1b[1A\r\x1b[6C');
    out = '';
    // "PS> a" + 3 wide: the third does not fit in the last cell of the row and goes to the next one.
    s.draw({ prompt: 'PS> ', text: 'a中文字', cursor: 5 });
    expect(out).toBe('\r\x1b[JPS> a中文字');
  });
});
