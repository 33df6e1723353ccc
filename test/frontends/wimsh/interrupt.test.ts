/*
 * Ctrl+C (SIGINT) while a script runs: the pipeline stops at once, finally blocks run, nothing JavaScript-like is
 * printed, and the shell exits with 130 (powershell.exe's -1073741510 on Windows).
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const BIN = path.join(__dirname, '../../../bin/wimsh.js');

interface Interrupted {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from SIGINT to exit. */
  took: number;
}

/** Runs a -Command script, sends SIGINT once `ready` shows on stdout, and collects what follows. */
function interrupt(script: string, ready = 'ready', sig: NodeJS.Signals = 'SIGINT'): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '-NoProfile', '-NonInteractive', '-Command', script], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    let sentAt = 0;
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit after SIGINT; stdout=${stdout} stderr=${stderr}`));
    }, 15000);
    child.stdout.on('data', (d) => {
      stdout += d;
      if (!sentAt && stdout.includes(ready)) {
        // Let the script reach its wait.
        setTimeout(() => {
          sentAt = Date.now();
          child.kill(sig);
        }, 200);
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, took: Date.now() - sentAt });
    });
  });
}

describe('Ctrl+C', () => {
  it('ends Start-Sleep 10 within a second, exit code 130, no stack trace, no further statements', async () => {
    const r = await interrupt("'ready'; Start-Sleep 10; 'after'");
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130);
    expect(r.took).toBeLessThan(1000);
    expect(r.stdout).toBe('ready\n');
    expect(r.stderr).toBe('');
  });

  it('runs finally blocks, and try/catch does not catch the stop', async () => {
    const r = await interrupt("try { 'ready'; Start-Sleep -Seconds 10 } catch { 'caught' } finally { 'cleanup' }; 'after'");
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('ready\ncleanup\n');
    expect(r.stderr).toBe('');
  });

  it('stops a script busy in a loop and a pipeline in a function', async () => {
    const busy = await interrupt("'ready'; $i = 0; while ($true) { $i++ }");
    expect(busy.code).toBe(130);
    expect(busy.took).toBeLessThan(1000);
    const pipe = await interrupt("function Slow { process { Start-Sleep -Milliseconds 50; $_ } }; 'ready'; 1..1000 | Slow | ForEach-Object { $_ * 2 } | Out-Null; 'after'");
    expect(pipe.code).toBe(130);
    expect(pipe.stdout).toBe('ready\n');
    expect(pipe.stderr).toBe('');
  });

  it('ends on SIGTERM the same way, with exit code 143 (128 + SIGTERM)', async () => {
    const r = await interrupt("'ready'; Start-Sleep 10; 'not reached'", 'ready', 'SIGTERM');
    expect(r.code).toBe(143);
    expect(r.stdout).not.toContain('not reached');
    expect(r.stderr).toBe('');
    expect(r.took).toBeLessThan(2000);
  });
});
