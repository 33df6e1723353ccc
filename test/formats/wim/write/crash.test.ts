/*
 * Crash safety: an export killed with SIGKILL at a random moment leaves either no destination or one that
 * verifies (new file: temporary name + rename), and an appended WIM whose old image still verifies (append:
 * header rewritten last). 20 trials by default (half new, half append); WIMSH_CRASH_TRIALS=n runs n.
 * The child process runs the TypeScript sources through @swc/core, as jest does.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bytes, run, tmpDir } from './helpers';

const TRIALS = Number(process.env.WIMSH_CRASH_TRIALS ?? 20);
const REPO = path.resolve(__dirname, '../../../..');

const CHILD = `
const fs = require('fs');
const swc = require(${JSON.stringify(require.resolve('@swc/core'))});
require.extensions['.ts'] = function (m, filename) {
  const out = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' },
  });
  m._compile(out.code, filename);
};
const { exportImage } = require(${JSON.stringify(path.join(REPO, 'src/formats/wim/ops/export.ts'))});
const [src, dest, name] = process.argv.slice(1);
process.stdout.write('ready\\n');
exportImage({ source: src, sourceIndex: 1, destination: dest, destinationName: name, compression: 'fast', threads: 1 })
  .then(() => process.stdout.write('done\\n'), (e) => { process.stderr.write(String(e.message)); process.exit(3); });
`;

function runChild(script: string, args: string[], killAfterMs: number, allowFail = false): Promise<{ finished: boolean; ms: number; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let t0 = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!t0 && out.includes('ready')) {
        t0 = Date.now();
        if (killAfterMs >= 0) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL' && !allowFail) reject(new Error(`child failed (${code}): ${err}`));
      else resolve({ finished: out.includes('done'), ms: Date.now() - t0, err });
    });
  });
}

describe('crash safety', () => {
  let dir: string;
  let src: string;
  let base: string;
  let fullMs = 0;
  beforeAll(async () => {
    dir = tmpDir('crash');
    const tree = path.join(dir, 'tree');
    fs.mkdirSync(tree);
    for (let i = 0; i < 12; i++) fs.writeFileSync(path.join(tree, `f${i}.txt`), bytes(150_000, 10 + i, true));
    src = path.join(dir, 'src.wim');
    run('wimlib-imagex', ['capture', tree, src, 'Src', '--compress=lzx']);
    base = path.join(dir, 'base.wim');
    run('wimlib-imagex', ['capture', tree, base, 'Base', '--compress=xpress']);
    // One full run measures how long an export takes, so that kills land all through it.
    const r = await runChild(CHILD, [src, path.join(dir, 'full.wim'), 'Full'], -1);
    expect(r.finished).toBe(true);
    fullMs = r.ms;
    run('wimlib-imagex', ['verify', path.join(dir, 'full.wim')]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`a killed export leaves no destination or a valid one, and an appended WIM valid (${TRIALS} trials)`, async () => {
    const outcomes = { absent: 0, complete: 0, oldKept: 0, appended: 0 };
    for (let i = 0; i < TRIALS; i++) {
      const delay = Math.floor(Math.random() * fullMs * 1.2);
      if (i % 2 === 0) {
        const dest = path.join(dir, `new-${i}.wim`);
        await runChild(CHILD, [src, dest, 'New'], delay);
        if (fs.existsSync(dest)) {
          run('wimlib-imagex', ['verify', dest]);
          outcomes.complete++;
        } else outcomes.absent++;
      } else {
        const dest = path.join(dir, `app-${i}.wim`);
        fs.copyFileSync(base, dest);
        await runChild(CHILD, [src, dest, 'Appended'], delay);
        run('wimlib-imagex', ['verify', dest]);
        const info = run('wimlib-imagex', ['info', dest]).out;
        if (/Image Count:\s+2/.test(info)) outcomes.appended++;
        else {
          expect(info).toMatch(/Image Count:\s+1/);
          outcomes.oldKept++;
        }
      }
    }
    expect(outcomes.absent + outcomes.complete + outcomes.oldKept + outcomes.appended).toBe(TRIALS);
  });

  it('two processes exporting to one destination: one waits its turn or fails cleanly, the file verifies', async () => {
    const dest = path.join(dir, 'contended.wim');
    const [a, b] = await Promise.all([runChild(CHILD, [src, dest, 'A'], -1, true), runChild(CHILD, [src, dest, 'B'], -1, true)]);
    const done = [a, b].filter((r) => r.finished);
    expect(done.length).toBeGreaterThanOrEqual(1);
    for (const r of [a, b]) if (!r.finished) expect(r.err).toMatch(/being used by another process/);
    run('wimlib-imagex', ['verify', dest]);
    expect(run('wimlib-imagex', ['info', dest]).out).toMatch(new RegExp(`Image Count:\\s+${done.length}`));
  });
});
