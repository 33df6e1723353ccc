/*
 * Native commands (src/lang/commands/native-command.ts): how arguments reach a program (arrays joined by commas,
 * -Name:value whole, quoted words as one argument), pipeline input on its stdin, stdout lines as output, stderr to
 * the console, and the exit code in $LASTEXITCODE and $?.
 */
import { runTest } from './helpers';

describe('native commands', () => {
  it('passes arguments as PowerShell does to a program', async () => {
    const r = await runTest(`& sh -c 'for a in "$@"; do echo "[$a]"; done' x a,b -N:v -Flag 'two words' 42`);
    expect(r).toEqual({ out: '[a,b]\n[-N:v]\n[-Flag]\n[two words]\n[42]', err: '', exitCode: 0 });
  });

  it('feeds pipeline input to stdin, one line per object, and emits stdout lines as objects', async () => {
    const r = await runTest(`$lines = 'x','y' | sh -c 'cat; echo z'; $lines.Count; $lines[2]`);
    expect(r.out).toBe('3\nz');
  });

  it('sets $LASTEXITCODE and $? from the exit code, and writes stderr to the console', async () => {
    const r = await runTest(`sh -c 'echo oops >&2; exit 3'; $ok = $?; $LASTEXITCODE; $ok; sh -c 'exit 0'; $ok = $?; $LASTEXITCODE; $ok`);
    expect(r.out).toBe('3\nFalse\n0\nTrue');
    expect(r.err).toBe('oops\n');
  });

  it('makes each stderr line an error record when stream 2 is redirected', async () => {
    const r = await runTest(`$e = sh -c 'echo one >&2; echo two >&2' 2>&1; $e.Count; $e[1].FullyQualifiedErrorId; "$($e[0])"`);
    expect(r).toEqual({ out: '2\nNativeCommandError\none', err: '', exitCode: 0 });
  });
});
