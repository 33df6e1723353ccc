/*
 * The shared conformance cases (Windows PowerShell 5.1's exact output) through the built CLI, as
 * ../shared/conformance/run-cases.mjs runs them: stdout compared line by line, stderr substrings, exit code.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lines } from './helpers';
import { loadCases } from './conformance-cases';

const cases = loadCases();
const CLI = path.join(__dirname, '../../bin/wimsh.js');

describe('shared conformance cases', () => {
  it('finds the case file', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-case-'));
    try {
      const r = spawnSync(process.execPath, [CLI, '-NoProfile', '-NonInteractive', '-Command', c.script], {
        encoding: 'utf8',
        cwd: home,
        env: { ...process.env, WIMSH_HOME: home, WIMSH_DRIVE_C: '', NO_COLOR: '1', TERM: 'dumb' },
        timeout: 30000,
      });
      if (c.stdout !== undefined) expect(lines(r.stdout)).toBe(lines(c.stdout));
      for (const s of c.stderr_contains ?? []) expect(r.stderr).toContain(s);
      if (c.exit !== undefined) expect(r.status).toBe(c.exit);
      expect(r.stderr).not.toMatch(/\n\s+at .+\.js:\d+/);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
