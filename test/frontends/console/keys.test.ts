/* The key decoder: terminal byte sequences -> the key events PSReadLine's Windows mode binds. */
import { KeyDecoder, keyChord } from '../../../src/frontends/console/keys';

const chords = (data: string) => new KeyDecoder().feed(data).map(keyChord);

describe('key decoder', () => {
  test('arrows, Home/End and Delete in their xterm, SS3 and rxvt spellings', () => {
    expect(chords('\x1b[A\x1b[B\x1b[C\x1b[D')).toEqual(['UpArrow', 'DownArrow', 'RightArrow', 'LeftArrow']);
    expect(chords('\x1bOH\x1bOF\x1b[H\x1b[F\x1b[1~\x1b[4~\x1b[7~\x1b[8~')).toEqual(['Home', 'End', 'Home', 'End', 'Home', 'End', 'Home', 'End']);
    expect(chords('\x1b[3~\x1b[3;5~')).toEqual(['Delete', 'Ctrl+Delete']);
  });

  test('modifiers: Ctrl+Left/Right, Shift+Tab, Ctrl+Space, Alt+letters', () => {
    expect(chords('\x1b[1;5D\x1b[1;5C\x1b[1;3C\x1b[1;2A')).toEqual(['Ctrl+LeftArrow', 'Ctrl+RightArrow', 'Alt+RightArrow', 'Shift+UpArrow']);
    expect(chords('\x1b[Z')).toEqual(['Shift+Tab']);
    expect(chords('\x00')).toEqual(['Ctrl+Spacebar']);
    expect(chords('\x1bb\x1bf')).toEqual(['Alt+b', 'Alt+f']);
  });

  test('Ctrl+Backspace in its ^H and ^W variants; plain Backspace is DEL', () => {
    expect(chords('\x08\x17\x7f\x1b\x7f')).toEqual(['Ctrl+Backspace', 'Ctrl+Backspace', 'Backspace', 'Alt+Backspace']);
  });

  test('control letters: Ctrl+C, Ctrl+R, Ctrl+D; Enter as CR, LF or CR LF', () => {
    expect(chords('\x03\x12\x04')).toEqual(['Ctrl+c', 'Ctrl+r', 'Ctrl+d']);
    expect(chords('a\rb\nc\r\nd')).toEqual(['a', 'Enter', 'b', 'Enter', 'c', 'Enter', 'd']);
    expect(chords('\t')).toEqual(['Tab']);
  });

  test('printable runs stay one text event (a paste is not redrawn per character)', () => {
    expect(new KeyDecoder().feed('Get-WindowsImage -ImagePath C:\\x')).toEqual([{ kind: 'text', text: 'Get-WindowsImage -ImagePath C:\\x' }]);
  });

  test('a sequence split across chunks is decoded when its end arrives; a lone ESC becomes Escape on flush', () => {
    const d = new KeyDecoder();
    expect(d.feed('x\x1b[1;')).toEqual([{ kind: 'text', text: 'x' }]);
    expect(d.waiting).toBe(true);
    expect(d.feed('5C').map(keyChord)).toEqual(['Ctrl+RightArrow']);
    expect(d.feed('\x1b')).toEqual([]);
    expect(d.flush().map(keyChord)).toEqual(['Escape']);
    expect(d.waiting).toBe(false);
  });

  test('sequences that are not keys (focus, bracketed-paste markers) are dropped', () => {
    expect(chords('\x1b[I\x1b[200~ab\x1b[201~')).toEqual(['ab']);
  });
});
