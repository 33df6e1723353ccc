/*
 * The process exit code, as powershell.exe 5.1 sets it (CI and deployment runners read it):
 *   -File SCRIPT   0, unless `exit N` (N) or a terminating error that ends the script (1); a non-terminating error
 *                  written by the last statement does not change it.
 *   -Command TEXT  1 when the last pipeline failed ($? false) or a terminating error ended it, else 0; `exit N` gives N.
 * And `exit N` in a script called with `&` or `.` ends that script only: the caller goes on with $LASTEXITCODE = N.
 * Pinned by spawning the built command as a user runs it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN = path.join(__dirname, '../../../bin/wimsh.js');
let home: string;
let drive: string;

function wimsh(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '-NoProfile', '-NonInteractive', ...args], {
    encoding: 'utf8',
    cwd: home,
    env: { ...process.env, WIMSH_HOME: home, WIMSH_DRIVE_C: drive, NO_COLOR: '1' },
    timeout: 30000,
  });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

function script(name: string, text: string): string {
  fs.writeFileSync(path.join(drive, name), text);
  return `C:\\${name}`;
}

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-exit-'));
  drive = path.join(home, 'c');
  fs.mkdirSync(drive);
  script('inner.ps1', "'inner start'\nexit 5\n'inner never'\n");
  script('zero.ps1', "exit\n");
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('wimsh -File', () => {
  test('a script whose last statement wrote a non-terminating error exits 0', () => {
    const r = wimsh(['-File', script('lasterr.ps1', "'before'\nWrite-Error 'last one fails'\n")]);
    expect(r.stdout).toBe('before\n');
    expect(r.stderr).toContain('last one fails');
    expect(r.code).toBe(0);
  });

  test('a failed command as the last statement (statement-terminating) exits 0 too', () => {
    const r = wimsh(['-File', script('lastnope.ps1', "Get-Nope\n")]);
    expect(r.stderr).toContain("The term 'Get-Nope' is not recognized");
    expect(r.code).toBe(0);
  });

  test('a terminating error that ends the script exits 1', () => {
    const r = wimsh(['-File', script('throws.ps1', "'x'\nthrow 'boom'\n'y'\n")]);
    expect(r.stdout).toBe('x\n');
    expect(r.stderr).toContain('boom');
    expect(r.code).toBe(1);
    const stop = wimsh(['-File', script('stop.ps1', "Get-Item C:\\nothing-here -ErrorAction Stop\n'after'\n")]);
    expect(stop.stdout).toBe('');
    expect(stop.code).toBe(1);
  });

  test('a caught terminating error does not set the exit code', () => {
    const r = wimsh(['-File', script('caught.ps1', "try { throw 'x' } catch { 'caught' }\n")]);
    expect(r).toEqual({ code: 0, stdout: 'caught\n', stderr: '' });
  });

  test('exit N gives N, from the script itself or from a function it calls', () => {
    expect(wimsh(['-File', script('exit9.ps1', "Write-Error 'e'\nexit 9\n")]).code).toBe(9);
    const r = wimsh(['-File', script('fnexit.ps1', "function Stop-All { exit 4 }\nStop-All\n'never'\n")]);
    expect(r).toEqual({ code: 4, stdout: '', stderr: '' });
  });

  test('exit in a script the -File script calls returns to it', () => {
    const r = wimsh(['-File', script('calls.ps1', "& C:\\inner.ps1\n\"back $LASTEXITCODE\"\n")]);
    expect(r).toEqual({ code: 0, stdout: 'inner start\nback 5\n', stderr: '' });
  });
});

describe('wimsh -Command', () => {
  test('1 when the last pipeline wrote an error, 0 when it succeeded', () => {
    expect(wimsh(['-Command', "'a'; Write-Error 'x'"]).code).toBe(1);
    expect(wimsh(['-Command', "Write-Error 'x' 2>$null; 'a'"]).code).toBe(0);
  });

  test('exit N gives N, also after a failure', () => {
    expect(wimsh(['-Command', "Write-Error 'x'; exit 6"]).code).toBe(6);
    expect(wimsh(['-Command', 'exit 0']).code).toBe(0);
  });

  test('a script it calls that exits non-zero makes $? false: 1, as powershell.exe -Command "& script" gives', () => {
    const r = wimsh(['-Command', '& C:\\inner.ps1']);
    expect(r).toEqual({ code: 1, stdout: 'inner start\n', stderr: '' });
    expect(wimsh(['-Command', '& C:\\inner.ps1; exit $LASTEXITCODE']).code).toBe(5);
    expect(wimsh(['-Command', '& C:\\zero.ps1']).code).toBe(0);
  });
});

describe('exit inside a called script', () => {
  test('returns to the caller with $LASTEXITCODE and $? set, with & and with .', () => {
    const r = wimsh(['-Command', "& C:\\inner.ps1; \"back: $LASTEXITCODE $?\"; . C:\\inner.ps1; \"dot: $LASTEXITCODE\"; & C:\\zero.ps1; \"zero: $LASTEXITCODE $?\""]);
    expect(r).toEqual({ code: 0, stdout: 'inner start\nback: 5 False\ninner start\ndot: 5\nzero: 0 True\n', stderr: '' });
  });

  test('in a script block called with & it ends the whole script (only script files catch it)', () => {
    const r = wimsh(['-Command', "& { 'in block'; exit 3 }; 'never'"]);
    expect(r).toEqual({ code: 3, stdout: 'in block\n', stderr: '' });
  });
});
