/*
 * The interactive REPL on a real terminal: `script` (util-linux) gives wimsh a pseudo-terminal, so stdin is a TTY
 * and wimsh starts its REPL (prompt, continuation lines, state between lines, `exit N`). `script` is in Debian's
 * essential bsdutils package, so every machine has it. Lines typed ahead are echoed by the terminal when typed,
 * so a result may follow its prompt on the same line. `script -c` runs its command through `$SHELL -c`; the command
 * `exec`s node, or a shell that stays as its parent (dash, CI's /bin/sh) takes Ctrl+C's SIGINT, dies, and ends the test
 * with 130.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN = path.join(__dirname, '../../../bin/wimsh.js');


function repl(input: string) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-repl-'));
  try {
    // `exec`: script runs the command through $SHELL -c; a shell left waiting (dash) would take the terminal's SIGINT.
    const cmd = `exec ${process.execPath} ${BIN}`;
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

describe('Ctrl+C in the REPL', () => {
  test('stops the running command and returns to the prompt', async () => {
    const { spawn } = await import('node:child_process');
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-repl-int-'));
    const child = spawn('script', ['-qec', `exec ${process.execPath} ${BIN} -NoLogo`, '/dev/null'], {
      cwd: home,
      env: { ...process.env, WIMSH_HOME: home, TERM: 'dumb', NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    const waitFor = async (re: RegExp, ms = 10000) => {
      const t0 = Date.now();
      while (!re.test(out.replace(/\r/g, ''))) {
        if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${re}; output:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await waitFor(/PS .*> $/);
      const started = Date.now();
      child.stdin.write('Start-Sleep 30; "not reached"\n');
      await new Promise((r) => setTimeout(r, 700));
      child.stdin.write('\x03');
      child.stdin.write('"after " + (1+1)\n');
      await waitFor(/after 2/);
      expect(Date.now() - started).toBeLessThan(20000);
      child.stdin.write('exit 3\n');
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      expect(out.replace(/\r/g, '')).not.toMatch(/(^|> )not reached$/m); // echoed as typed, never printed as output
      expect(code).toBe(3);
    } finally {
      child.kill();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
