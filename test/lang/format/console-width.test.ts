/*
 * Tables on a terminal are cut to the console's width as 5.1 cuts them: the column crossing the edge narrowed with
 * `...`, the columns after it left out; redirected output keeps whole lines.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { formatObjects } from '../../../src/lang/format/format';
import { PSObject } from '../../../src/lang/types/values';

const BIN = path.join(__dirname, '../../../bin/wimsh.js');

describe('tables and the console width', () => {
  it('cuts the column that crosses the edge and drops the ones after it', () => {
    const rows = [new PSObject({ Name: 'a'.repeat(10), Description: 'b'.repeat(50) })];
    expect(formatObjects(rows, 39)).toBe(`\nName       Description\n----       -----------\n${'a'.repeat(10)} ${'b'.repeat(25)}...\n\n\n`);
    const three = [new PSObject({ A: 'x'.repeat(30), B: 'y'.repeat(5), C: 'z'.repeat(20) })];
    // C would have 3 columns left: too narrow, so it goes; B fits.
    expect(formatObjects(three, 39)).toBe(`\n${'A'.padEnd(30)} B\n${'-'.padEnd(30)} -\n${'x'.repeat(30)} yyyyy\n\n\n`);
    // Without a width nothing is cut.
    expect(formatObjects(rows)).toContain('b'.repeat(50));
  });

  it('on a 40-column terminal the line ends in ... ; redirected, it is whole', () => {
    const script = '[pscustomobject]@{Name = "n"; Description = "d" * 80}';
    const cmd = `stty cols 40; ${process.execPath} ${BIN} -NoProfile -NonInteractive -Command '${script}'`;
    const t = String(spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm' }, timeout: 30000 }).stdout);
    const line = t.split(/\r?\n/).find((l) => l.startsWith('n '))!;
    expect(line).toBe(`n    ${'d'.repeat(31)}...`);
    expect(line.length).toBe(39);
    const piped = spawnSync(process.execPath, [BIN, '-NoProfile', '-NonInteractive', '-Command', script], { encoding: 'utf8' });
    expect(piped.stdout).toContain('d'.repeat(80));
  });
});
