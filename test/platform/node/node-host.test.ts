/*
 * The Node.js adapter's parts of the host interface that replaced direct Node use above the platform: SHA-1,
 * worker threads, text encodings, where our compiled modules are, and the processes of this machine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { createNodeHost } from '../../../src/platform/node/node-host';
import { workerScriptPath } from '../../../src/formats/codecs/chunk-compressor-parallel';

const root = path.join(__dirname, '../../..');
const h = createNodeHost();

describe('SHA-1', () => {
  test('known vectors, whole and in pieces', () => {
    const abc = new TextEncoder().encode('abc');
    const d = h.createSha1();
    d.update(abc, 0, 3);
    expect(Buffer.from(d.digest()).toString('hex')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    const e = h.createSha1();
    e.update(new Uint8Array(0), 0, 0);
    expect(Buffer.from(e.digest()).toString('hex')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    const data = new Uint8Array(100000).map((_, i) => (i * 31) & 255);
    const p = h.createSha1();
    p.update(data, 0, 7);
    p.update(data, 7, 60000);
    p.update(data, 60007, data.length - 60007);
    expect(Buffer.from(p.digest())).toEqual(createHash('sha1').update(data).digest());
  });

  test('digest() is a plain Uint8Array of its own; digest(out, off) writes into out', () => {
    const a = h.createSha1();
    a.update(new Uint8Array([1, 2, 3]), 0, 3);
    const r = a.digest();
    expect(r.constructor).toBe(Uint8Array);
    expect(r.byteOffset).toBe(0);
    expect(r.buffer.byteLength).toBe(20);
    const out = new Uint8Array(45);
    const b = h.createSha1();
    b.update(new Uint8Array([1, 2, 3]), 0, 3);
    expect(b.digest(out, 25)).toBe(out);
    expect(out.subarray(25)).toEqual(r);
    expect(out.subarray(0, 25).every((x) => x === 0)).toBe(true);
  });
});

describe('modulePath', () => {
  test('running from the TypeScript sources: the source tree, or with `compiled` the build in dist/', () => {
    expect(h.modulePath!('src/lang/syntax/parser.generated.js')).toBe(path.join(root, 'src/lang/syntax/parser.generated.js'));
    expect(fs.existsSync(h.modulePath!('src/lang/syntax/parser.generated.js')!)).toBe(true);
    expect(h.modulePath!('src/x.js', true)).toBe(path.join(root, 'dist/src/x.js'));
  });

  test('the compression worker script is found in the build (the parallel compressor starts it)', () => {
    const script = workerScriptPath();
    expect(script).toBe(path.join(root, 'dist/src/formats/codecs/chunk-compressor-worker.js'));
    expect(fs.existsSync(path.join(root, 'src/formats/codecs/chunk-compressor-worker.ts'))).toBe(true);
  });
});

describe('workers', () => {
  test('a worker gets messages with transferred buffers, answers, reports errors and exits', async () => {
    const workers = h.workers()!;
    expect(workers.parentPort()).toBeUndefined(); // the jest thread is nobody's worker
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'wimsh-worker-'));
    const script = path.join(dir, 'echo.js');
    fs.writeFileSync(
      script,
      `const { parentPort } = require('node:worker_threads');
       parentPort.on('message', (m) => {
         if (m.fail) throw new Error('asked to fail');
         const a = new Uint8Array(m.buf); a[0] += 1;
         parentPort.postMessage({ n: m.n * 2, buf: m.buf }, [m.buf]);
       });`,
    );
    try {
      const w = workers.start(script);
      const errors: Error[] = [];
      const exited = new Promise<number>((resolve) => w.onExit(resolve));
      w.onError((e) => errors.push(e));
      const reply = new Promise<{ n: number; buf: ArrayBuffer }>((resolve) => w.onMessage((m) => resolve(m as { n: number; buf: ArrayBuffer })));
      const buf = new Uint8Array([41, 0, 0]).buffer;
      w.postMessage({ n: 21, buf }, [buf]);
      expect(buf.byteLength).toBe(0); // transferred, not copied
      const r = await reply;
      expect(r.n).toBe(42);
      expect(new Uint8Array(r.buf)).toEqual(new Uint8Array([42, 0, 0]));
      w.postMessage({ fail: true });
      expect(await exited).toBe(1);
      expect(errors.map((e) => e.message)).toEqual(['asked to fail']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('text', () => {
  const t = h.text;
  test('UTF-8 keeps a BOM, replaces malformed bytes; utf8Length counts without encoding', () => {
    expect(t.utf8Decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xff, 0x42]))).toBe('\ufeffA\ufffdB');
    expect(Array.from(t.utf8Encode('é€'))).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac]);
    expect(t.utf8Length('é€😀')).toBe(9);
  });
  test('UTF-16: LE ignores a last odd byte, BE of an odd length is a RangeError', () => {
    expect(Array.from(t.utf16leEncode('A€'))).toEqual([0x41, 0, 0xac, 0x20]);
    expect(t.utf16leDecode(new Uint8Array([0x41, 0, 0x42]))).toBe('A');
    expect(t.utf16beDecode(new Uint8Array([0, 0x41, 0x20, 0xac]))).toBe('A€');
    // (Node's own RangeError, not the one of jest's sandbox: compare by name.)
    expect(() => t.utf16beDecode(new Uint8Array([0, 0x41, 0]))).toThrow(expect.objectContaining({ name: 'RangeError' }));
  });
  test('latin1 and base64', () => {
    expect(Array.from(t.latin1Encode('Aé€'))).toEqual([0x41, 0xe9, 0xac]);
    expect(t.base64Encode(new Uint8Array([1, 2, 3, 4]))).toBe('AQIDBA==');
    // The space skipped, -_ read as +/, nothing after '='; the last 4 bits of a 2-character group are dropped.
    expect(Array.from(t.base64Decode('AQ ID-_=junk'))).toEqual([1, 2, 3, 0xfb]);
  });
});

describe('nextTurn', () => {
  test('calls back on a later macrotask: not at once, after the pending microtasks, in the order asked', async () => {
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      h.nextTurn(() => seen.push('turn 1'));
      h.nextTurn(() => {
        seen.push('turn 2');
        resolve();
      });
    });
    void Promise.resolve().then(() => seen.push('microtask'));
    seen.push('sync');
    await done;
    expect(seen).toEqual(['sync', 'microtask', 'turn 1', 'turn 2']);
  });
});

describe('processes (what a lock asks of its owner)', () => {
  test('this process runs, with a start token that stays the same; another live process has another', async () => {
    const a = h.processStatus(process.pid);
    expect(a).toEqual({ running: true, started: expect.stringMatching(/.+/) });
    expect(h.processStatus(process.pid)).toEqual(a);
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      const b = h.processStatus(child.pid as number);
      expect(b).toEqual({ running: true, started: expect.stringMatching(/.+/) });
      expect(b).not.toEqual(a);
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((r) => child.once('exit', r));
    expect(h.processStatus(child.pid as number)).toEqual({ running: false });
  });

  test('the ps(1) way (macOS): the same answers, a start in one text whatever the TZ', () => {
    const { fromPs } = require('../../../src/platform/node/node-process') as typeof import('../../../src/platform/node/node-process');
    const a = fromPs(process.pid);
    expect(a).toEqual({ running: true, started: expect.stringMatching(/^[A-Z][a-z]{2} [A-Z][a-z]{2} +\d+ \d\d:\d\d:\d\d \d{4}$/) });
    const saved = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      expect(fromPs(process.pid)).toEqual(a);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    const dead = Number(require('node:child_process').spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    expect(fromPs(dead)).toEqual({ running: false });
  });

  test('a process group number is never a running owner; the host has a name', () => {
    expect(h.processStatus(0)).toEqual({ running: false });
    expect(h.processStatus(-1)).toEqual({ running: false });
    expect(h.hostName()).toBe(require('node:os').hostname());
  });
});
