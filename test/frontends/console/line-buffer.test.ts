/* The edited line: PSReadLine's Windows-mode motions and deletions. */
import { LineBuffer } from '../../../src/frontends/console/line-buffer';

function buf(text: string, cursor = text.length): LineBuffer {
  const b = new LineBuffer();
  b.set(text, cursor);
  return b;
}

describe('line buffer', () => {
  test('insert, backspace and delete at the cursor', () => {
    const b = buf('Get-Item', 3);
    b.insert('X');
    expect([b.text, b.cursor]).toEqual(['GetX-Item', 4]);
    b.backspace();
    b.deleteChar();
    expect([b.text, b.cursor]).toEqual(['GetItem', 3]);
  });

  test('Ctrl+Left and Ctrl+Right stop at the start of words, delimiters being words of their own', () => {
    const b = buf('Export-WindowsImage -SourceIndex 6');
    b.wordLeft();
    expect(b.cursor).toBe(33); // 6
    b.wordLeft();
    expect(b.cursor).toBe(21); // SourceIndex
    b.wordLeft();
    expect(b.cursor).toBe(20); // -
    b.set(b.text, 0);
    b.wordRight();
    expect(b.cursor).toBe(6); // -WindowsImage
    b.wordRight();
    expect(b.cursor).toBe(7);
    b.wordRight();
    expect(b.cursor).toBe(20);
  });

  test('Ctrl+Backspace deletes back to the start of the word', () => {
    const b = buf('Get-WindowsImage -ImagePath C:\\out');
    b.killWordBack();
    expect(b.text).toBe('Get-WindowsImage -ImagePath C:\\');
    b.killWordBack();
    expect(b.text).toBe('Get-WindowsImage -ImagePath C'); // `:\` is one run of delimiters
    b.set('dir   ');
    b.killWordBack();
    expect(b.text).toBe('');
  });

  test('Home and End keep to the current line of a multi-line input; Up and Down move between its lines', () => {
    const b = buf('if ($x) {\n  "in"\n}', 13);
    b.home();
    expect(b.cursor).toBe(10);
    b.end();
    expect(b.cursor).toBe(16);
    expect(b.lineUp()).toBe(true);
    expect(b.cursor).toBe(6);
    expect(b.lineUp()).toBe(false);
    expect(b.lineDown()).toBe(true);
    expect(b.lineDown()).toBe(true);
    expect(b.cursor).toBe(18);
    expect(b.lineDown()).toBe(false);
  });

  test('Ctrl+Home and Ctrl+End delete to the start and the end of the line', () => {
    const b = buf('abc def', 3);
    b.killToEnd();
    expect(b.text).toBe('abc');
    b.set('abc def', 4);
    b.killToStart();
    expect([b.text, b.cursor]).toEqual(['def', 0]);
  });
});
