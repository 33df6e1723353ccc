/*
 * The CLI contract of DEVELOPERS.md, pinned by spawning the built command as a user runs it.
 */
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN = path.join(__dirname, '../../../bin/wimsh.js');
let home: string;

function wimsh(args: string[], opts: SpawnSyncOptions = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: home,
    env: { ...process.env, WIMSH_HOME: home, NO_COLOR: '1' },
    timeout: 30000,
    ...opts,
  });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-cli-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('wimsh -Command', () => {
  test('prints what Write-Output writes, exit 0', () => {
    const r = wimsh(['-c', "Write-Output 'hi'"]);
    expect(r.stdout).toBe('hi\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  test('-Command joins the remaining arguments with spaces', () => {
    const r = wimsh(['-NoProfile', '-NonInteractive', '-NoLogo', '-Command', 'Write-Output', "'a b'"]);
    expect(r.stdout).toBe('a b\n');
    expect(r.code).toBe(0);
  });

  test('switch names are case-insensitive and may be abbreviated', () => {
    expect(wimsh(['-noni', '-nop', '-com', '1+1']).stdout).toBe('2\n');
    expect(wimsh(['-COMMAND', '2+2']).stdout).toBe('4\n');
  });

  test('exit N gives N', () => {
    expect(wimsh(['-c', 'exit 7']).code).toBe(7);
    expect(wimsh(['-c', 'exit 0']).code).toBe(0);
  });

  test('-Command - reads the script from stdin', () => {
    const r = wimsh(['-Command', '-'], { input: 'Write-Output (1+2)\n' });
    expect(r.stdout).toBe('3\n');
    expect(r.code).toBe(0);
  });

  test('stdin that is not a terminal is read as a script when no command is given', () => {
    const r = wimsh([], { input: "Write-Output 'from stdin'\n" });
    expect(r.stdout).toBe('from stdin\n');
  });

  test('an unknown command is PowerShell 5.1 CommandNotFoundException on stderr, exit 1', () => {
    const r = wimsh(['-c', 'Get-Nope']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      "Get-Nope : The term 'Get-Nope' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.",
    );
    expect(r.stderr).toContain('+ CategoryInfo          : ObjectNotFound: (Get-Nope:String) [], CommandNotFoundException');
    expect(r.stderr).toContain('+ FullyQualifiedErrorId : CommandNotFoundException');
    expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // never a JavaScript stack trace
  });

  test('a script that ends on a terminating error exits 1', () => {
    const r = wimsh(['-c', "throw 'stop here'"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stop here');
  });

  test('a failure before the last statement does not set the exit code when the last one succeeds', () => {
    const r = wimsh(['-c', "Get-Nope; Write-Output 'after'"]);
    expect(r.stdout).toBe('after\n');
    expect(r.code).toBe(0);
  });
});

describe('wimsh -File and wimsh SCRIPT', () => {
  let script: string;
  beforeAll(() => {
    script = path.join(home, 'args.ps1');
    fs.writeFileSync(script, "Write-Output $args.Count\nforeach ($a in $args) { Write-Output \"[$a]\" }\nexit 3\n");
  });

  test('-File runs the script with $args', () => {
    const r = wimsh(['-File', script, 'one', 'two words']);
    expect(r.stdout).toBe('2\n[one]\n[two words]\n');
    expect(r.code).toBe(3);
  });

  test('a bare script path runs it the same way', () => {
    const r = wimsh([script, 'x']);
    expect(r.stdout).toBe('1\n[x]\n');
    expect(r.code).toBe(3);
  });

  test('a script path through the drive map', () => {
    fs.mkdirSync(path.join(home, 'drives', 'c', 'Scripts'), { recursive: true });
    fs.writeFileSync(path.join(home, 'drives', 'c', 'Scripts', 'hello.ps1'), "'hello from C:'\n");
    const r = wimsh(['-File', 'C:\\scripts\\HELLO.ps1']);
    expect(r.stdout).toBe('hello from C:\n');
    expect(r.code).toBe(0);
  });

  test('a missing script file is an error, exit 1', () => {
    const r = wimsh(['-File', 'nope.ps1']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('nope.ps1');
  });
});

describe('the REPL', () => {
  test('runs lines from a non-terminal stdin and keeps state between them', () => {
    const r = wimsh(['-NoLogo'], { input: '$x = 20\n$x + 1\n' });
    expect(r.stdout).toBe('21\n');
    expect(r.code).toBe(0);
  });
});
