/* The console host's pieces that need no terminal: colour sequences, painting, the line output leaves, the title. */
import { lineAfter, paint, sgr, titleSequence } from '../../../src/frontends/console/host-ui';
import { PSEnumValue } from '../../../src/lang/types/values';

describe('console host', () => {
  test('ConsoleColor names (strings or enum values, any case) give SGR foreground and background codes', () => {
    expect(sgr('Red', 'Black')).toBe('\x1b[91;40m');
    expect(sgr('yellow', 'DarkCyan')).toBe('\x1b[93;46m');
    expect(sgr(new PSEnumValue('System.ConsoleColor', 'DarkGray', 8), undefined)).toBe('\x1b[90m');
    expect(sgr('NotAColor', null)).toBe('');
  });

  test('painting colours each line and leaves the newlines (and an empty sequence) alone', () => {
    expect(paint('a\nb\n', '\x1b[91;40m')).toBe('\x1b[91;40ma\x1b[0m\n\x1b[91;40mb\x1b[0m\n');
    expect(paint('a\n', '')).toBe('a\n');
  });

  test('the line output leaves: after its last newline, colours kept, other control sequences dropped', () => {
    expect(lineAfter('one\ntwo', '')).toBe('two');
    expect(lineAfter('more', 'two')).toBe('twomore');
    expect(lineAfter('done\n', 'x')).toBe('');
    expect(lineAfter('\r\x1b[J', 'x')).toBe('');
    expect(lineAfter('\x1b[92mgreen\x1b[0m\x1b[2K', '')).toBe('\x1b[92mgreen\x1b[0m');
    expect(lineAfter('y'.repeat(10000), '').length).toBe(4096);
  });

  test('the window title goes out as OSC 0 without control characters', () => {
    expect(titleSequence('Imaging\x07 room')).toBe('\x1b]0;Imaging room\x07');
  });
});
