/* History: the file format PSReadLine uses (a backtick ends each line of a multi-line entry), walking and search. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { History, formatHistoryEntry, parseHistory } from '../../../src/frontends/console/history';

describe('history', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-hist-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('multi-line entries round-trip through the file', () => {
    const entries = ['Get-Date', 'if ($x) {\n  "in"\n}', 'exit'];
    const text = entries.map(formatHistoryEntry).join('');
    expect(text).toBe('Get-Date\nif ($x) {`\n  "in"`\n}\nexit\n');
    expect(parseHistory(text)).toEqual(entries);
  });

  test('accepted lines are saved at once and read by the next session (blank and repeated lines are not)', () => {
    const file = path.join(dir, 'sub', 'history.txt');
    const h = new History(file);
    h.add('Get-WindowsImage -ImagePath C:\\x.wim');
    h.add('Get-WindowsImage -ImagePath C:\\x.wim');
    h.add('   ');
    h.add('$a = 1');
    const next = new History(file);
    expect(next.entries).toEqual(['Get-WindowsImage -ImagePath C:\\x.wim', '$a = 1']);
  });

  test('Up walks back, Down walks forward to the line that was being typed', () => {
    const h = new History();
    h.add('one');
    h.add('two');
    expect(h.previous('draft')).toBe('two');
    expect(h.previous('two')).toBe('one');
    expect(h.previous('one')).toBeUndefined();
    expect(h.next()).toBe('two');
    expect(h.next()).toBe('draft');
    expect(h.next()).toBeUndefined();
  });

  test('search finds the newest entry containing the text, any case, before a position', () => {
    const h = new History();
    ['Export-WindowsImage a', 'Get-Date', 'export-windowsimage b'].forEach((l) => h.add(l));
    expect(h.search('EXPORT', 3)).toBe(2);
    expect(h.search('EXPORT', 2)).toBe(0);
    expect(h.search('EXPORT', 0)).toBe(-1);
  });
});
