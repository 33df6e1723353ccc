/*
 * Write-Progress: on a terminal (`script` gives wimsh a pseudo-terminal) the progress block is drawn on stderr in
 * 5.1's layout and erased before other output and when the script ends; $ProgressPreference SilentlyContinue hides
 * it; with stderr not a terminal nothing is written at all, so scripts and logs stay clean.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { renderRecord, timeSpanText } from '../../../src/lang/format/progress';

const BIN = path.join(__dirname, '../../../bin/wimsh.js');

function onTerminal(script: string, env: Record<string, string> = {}): string {
  const quoted = script.replace(/'/g, `'\\''`);
  const cmd = `${process.execPath} ${BIN} -NoProfile -NonInteractive -Command '${quoted}'`;
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, TERM: 'xterm', ...env },
    timeout: 30000,
  });
  return String(r.stdout);
}

describe('Write-Progress', () => {
  it('draws the activity, status and bar on a terminal, then erases it', () => {
    const t = onTerminal("Write-Progress -Activity 'Copying files' -Status 'Half way' -PercentComplete 50; 'done'");
    expect(t).toContain('Copying files');
    expect(t).toContain('    Half way');
    expect(t).toMatch(/ {4}\[o+ +\]/);
    // Erased (ESC[J) before the output that follows.
    const erase = t.lastIndexOf('\x1b[J');
    expect(erase).toBeGreaterThan(t.indexOf('Copying files'));
    expect(t.indexOf('done')).toBeGreaterThan(erase);
  });

  it('draws nothing with $ProgressPreference = SilentlyContinue', () => {
    const t = onTerminal("$ProgressPreference = 'SilentlyContinue'; Write-Progress -Activity 'Hidden activity' -Status S -PercentComplete 50; 'done'");
    expect(t).not.toContain('Hidden activity');
    expect(t).toContain('done');
  });

  it('writes nothing when stderr is not a terminal', () => {
    const r = spawnSync(process.execPath, [BIN, '-NoProfile', '-NonInteractive', '-Command', 'Write-Progress -Activity A -Status S -PercentComplete 50; Write-Progress -Activity A -Completed; "x"'], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('x\n');
    expect(r.status).toBe(0);
  });

  it('lays a record out as 5.1 does: activity, then status, bar and operation indented by four', () => {
    expect(renderRecord({ activity: 'A', status: 'S', percentComplete: 50, currentOperation: 'op' }, 30)).toEqual([
      'A',
      '    S',
      `    [${'o'.repeat(12)}${' '.repeat(12)}]`,
      '    op',
    ]);
    expect(renderRecord({ activity: 'x'.repeat(40) }, 20)).toEqual(['x'.repeat(17) + '...', '    Processing']);
  });

  it('shows the time left under the bar as a TimeSpan, as 5.1 does (Write-Progress -SecondsRemaining)', () => {
    expect(renderRecord({ activity: 'A', status: 'S', percentComplete: 50, secondsRemaining: 83 }, 30)).toEqual([
      'A',
      '    S',
      `    [${'o'.repeat(12)}${' '.repeat(12)}]`,
      '    00:01:23 remaining.',
    ]);
    expect(renderRecord({ activity: 'A', secondsRemaining: -1 }, 30)).toEqual(['A', '    Processing']);
    expect(timeSpanText(0)).toBe('00:00:00');
    expect(timeSpanText(90061)).toBe('1.01:01:01');
  });
});
