/*
 * The interactive REPL on a real terminal: `script` (util-linux) gives wimsh a pseudo-terminal, so stdin is a TTY
 * and wimsh starts its REPL (prompt, continuation lines, state between lines, `exit N`). `script` is in Debian's
 * essential bsdutils package, so every machine has it. Lines typed ahead are echoed by the terminal when typed,
 * so a result may follow its prompt on the same line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN = path.join(__dirname, '../../bin/wimsh.js');


function repl(input: string) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-repl-'));
  try {
    const cmd = `${process.execPath} ${BIN}`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
      input,
      encoding: 'utf8',
      cwd: home,
      env: { ...process.env, WIMSH_HOME: home, TERM: 'dumb', NO_COLOR: '1' },
      timeout: 30000,
    });
    return { code: r.status, out: String(r.stdout).replace(/\r/g, '') };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

describe('REPL on a terminal', () => {
  test('prompts, keeps state, continues unfinished input and ends with exit N', () => {
    const r = repl('$x = 2\n$x * 21\nif ($x) {\n"inside"\n}\nexit 5\n');
    expect(r.out).toContain('PS ');
    expect(r.out).toMatch(/(^|> )42$/m);
    expect(r.out).toContain('>> ');
    expect(r.out).toMatch(/(^|> )inside$/m);
    expect(r.code).toBe(5);
  });

  test('an error in one line does not end the session', () => {
    const r = repl('Get-Nope\n"still here"\nexit\n');
    expect(r.out).toContain("The term 'Get-Nope' is not recognized");
    expect(r.out).toMatch(/(^|> )still here$/m);
    expect(r.code).toBe(0);
  });
});
