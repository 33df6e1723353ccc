/*
 * Several wimsh processes at once on one WIMSH_HOME and one C: drive, as parallel jobs or a CI matrix run them:
 * each exports to its own WIM, applies it, lists the mounted images, mounts and discards an image (the mount
 * registry under $WIMSH_HOME/mounts) and logs all of it to the one C:\Windows\Logs\DISM\dism.log. Every run must
 * succeed, every log line must be whole (no two lines interleaved), every session must be complete, and nothing
 * of the registry's lock or temporary files may be left.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, type Sandbox, expectValidWim, sandbox, wimlib } from './helpers';

jest.setTimeout(240000);

let sb: Sandbox;
let src: string;

beforeAll(() => {
  sb = sandbox('shared');
  const tree = path.join(sb.dir, 'tree');
  fs.mkdirSync(path.join(tree, 'sub'), { recursive: true });
  for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(tree, 'sub', `f${i}.txt`), `file ${i}\n`.repeat(200 + i));
  src = path.join(sb.dir, 'src.wim');
  wimlib('capture', tree, src, 'Tree');
  fs.mkdirSync(sb.cpath('out'));
});

afterAll(() => sb.cleanup());

function runAsync(script: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '-NoProfile', '-NonInteractive', '-Command', script], {
      cwd: sb.dir,
      env: { ...sb.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** One process's work: five Dism cmdlets, each its own DismApi session in the shared log. */
function work(k: string): string {
  return [
    `New-Item -ItemType Directory C:\\applied\\${k}, C:\\mnt\\${k} | Out-Null`,
    `Export-WindowsImage -SourceImagePath '${src}' -SourceIndex 1 -DestinationImagePath C:\\out\\${k}.wim -CompressionType fast | Out-Null`,
    `Expand-WindowsImage -ImagePath C:\\out\\${k}.wim -Index 1 -ApplyPath C:\\applied\\${k} | Out-Null`,
    `Get-WindowsImage -Mounted | Out-Null`,
    `Mount-WindowsImage -ImagePath C:\\out\\${k}.wim -Index 1 -Path C:\\mnt\\${k} | Out-Null`,
    `Dismount-WindowsImage -Path C:\\mnt\\${k} -Discard | Out-Null`,
    `'done ${k}'`,
  ].join('; ');
}

const LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, (Info|Warning|Error) {18,22}DISM {3}.*$/;

describe('processes sharing one WIMSH_HOME', () => {
  it('run at once: all succeed, the log has every session whole, the registry is left clean', async () => {
    const PROCS = Number(process.env.WIMSH_SHARED_PROCS ?? 5);
    const ROUNDS = Number(process.env.WIMSH_SHARED_ROUNDS ?? 2);
    for (let round = 0; round < ROUNDS; round++) {
      const runs = await Promise.all(Array.from({ length: PROCS }, (_, i) => runAsync(work(`r${round}p${i}`))));
      runs.forEach((r, i) => {
        expect({ i, stderr: r.stderr, code: r.code }).toEqual({ i, stderr: '', code: 0 });
        expect(r.stdout).toContain(`done r${round}p${i}`);
      });
    }
    for (let round = 0; round < ROUNDS; round++) for (let i = 0; i < PROCS; i++) expectValidWim(sb.cpath(`out/r${round}p${i}.wim`));

    const log = fs.readFileSync(sb.cpath('Windows/Logs/DISM/dism.log'), 'utf8');
    const lines = log.split('\r\n');
    expect(lines.pop()).toBe('');
    const bad = lines.filter((l) => !LINE.test(l));
    expect(bad).toEqual([]);
    // Five Dism cmdlets a process (New-Item opens no DismApi session).
    const sessions = PROCS * ROUNDS * 5;
    expect(lines.filter((l) => l.includes('<----- Starting DismApi.dll session ----->')).length).toBe(sessions);
    expect(lines.filter((l) => l.includes('<----- Ending DismApi.dll session ----->')).length).toBe(sessions);
    expect(lines.filter((l) => / Error /.test(l.slice(19, 30)))).toEqual([]);

    const mounts = path.join(sb.home, 'mounts');
    expect(fs.existsSync(mounts) ? fs.readdirSync(mounts) : []).toEqual([]);
    expect(fs.readdirSync(sb.cpath('out')).filter((f) => !f.endsWith('.wim'))).toEqual([]);
  });
});
