/*
 * A full disk during an export: the error record is DISM's ("There is not enough space on the disk.", 0x80070070,
 * a COMException), a new destination leaves no file behind, and an existing destination that was being appended to
 * is left byte-identical. The disk is made full through the host module (the one door to files): every write under
 * one directory fails with ENOSPC once a byte budget is spent, as a real full file system does.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setHost, type Host, type HostStream } from '../../../src/platform/host';
import { createNodeHost } from '../../../src/platform/node/node-host';
import { createRunspace } from '../../../src/lang/runtime/runspace';
import { registry } from '../../../cmdlets/index';

let dir: string;
let full: string;
let source: string;
let source2: string;
let budget = Infinity;
let stderr = '';
let stdout = '';

function sink(write: (s: string) => void): HostStream {
  return { write, isTTY: false, columns: undefined };
}

function fullDiskHost(): Host {
  const base = createNodeHost();
  const fdPaths = new Map<number, string>();
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
  const under = (p: string | undefined) => !!p && path.resolve(p).startsWith(full + path.sep);
  return {
    ...base,
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    fs: {
      ...base.fs,
      openSync(p, flags, mode) {
        const fd = base.fs.openSync(p, flags, mode);
        fdPaths.set(fd, p);
        return fd;
      },
      closeSync(fd) {
        fdPaths.delete(fd);
        base.fs.closeSync(fd);
      },
      writeSync(fd, buf, off, len, pos) {
        if (under(fdPaths.get(fd))) {
          if (len > budget) throw enospc();
          budget -= len;
        }
        return base.fs.writeSync(fd, buf, off, len, pos);
      },
      writeFileSync(p, data) {
        if (under(p)) throw enospc();
        base.fs.writeFileSync(p, data);
      },
    },
  };
}

const sha256 = (p: string) => createHash('sha256').update(fs.readFileSync(p)).digest('hex');

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-diskfull-'));
  full = path.join(dir, 'full');
  fs.mkdirSync(full);
  const tree = path.join(dir, 'tree');
  fs.mkdirSync(tree);
  for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(tree, `r${i}.bin`), randomBytes(300_000));
  source = path.join(dir, 'src.wim');
  const r = spawnSync('wimlib-imagex', ['capture', tree, source, 'Source', '--compress=none'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  // A second edition with other contents, so that appending it has data to write (nothing deduplicates).
  for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(tree, `r${i}.bin`), randomBytes(300_000));
  source2 = path.join(dir, 'src2.wim');
  const r2 = spawnSync('wimlib-imagex', ['capture', tree, source2, 'Other', '--compress=none'], { encoding: 'utf8' });
  expect(r2.status).toBe(0);
  setHost(fullDiskHost());
});
afterAll(() => {
  setHost(createNodeHost());
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  stderr = '';
  stdout = '';
});

async function exportTo(dest: string, from = source) {
  const rs = createRunspace({ interactive: false, registry });
  return rs.runScript(`Export-WindowsImage -SourceImagePath '${from}' -SourceIndex 1 -DestinationImagePath '${dest}' -CompressionType none -LogPath '${path.join(dir, 'dism.log')}'`);
}

test('a new destination on a full disk: DISM\'s error, exit 1, no file left', async () => {
  budget = 500_000; // less than the 1.2 MB the export needs
  const r = await exportTo(path.join(full, 'new.wim'));
  expect(r.exitCode).toBe(1);
  expect(stderr).toContain('Export-WindowsImage : There is not enough space on the disk.');
  expect(stderr).toContain('+ CategoryInfo          : NotSpecified: (:) [Export-WindowsImage], COMException');
  expect(stderr).toContain('+ FullyQualifiedErrorId : Microsoft.Dism.Commands.ExportWindowsImageCommand');
  expect(stderr).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
  expect(fs.readdirSync(full)).toEqual([]);
  expect(fs.readFileSync(path.join(dir, 'dism.log'), 'utf8')).toMatch(/Error {17}DISM {3}.*\(hr:0x80070070\)/);
});

test('an append that runs out of space leaves the existing destination byte-identical', async () => {
  budget = Infinity;
  const dest = path.join(full, 'append.wim');
  expect((await exportTo(dest)).exitCode).toBe(0);
  const before = sha256(dest);
  budget = 400_000;
  stderr = '';
  const r = await exportTo(dest, source2);
  expect(r.exitCode).toBe(1);
  expect(stderr).toContain('Export-WindowsImage : There is not enough space on the disk.');
  expect(sha256(dest)).toBe(before);
  expect(fs.readdirSync(full)).toEqual(['append.wim']);
  const v = spawnSync('wimlib-imagex', ['verify', dest], { encoding: 'utf8' });
  expect(v.status).toBe(0);
});
