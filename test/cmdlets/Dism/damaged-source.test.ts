/*
 * A damaged source through the command line, as a user meets it: Export-WindowsImage (and dism.exe /Export-Image)
 * from a WIM whose blob no longer decompresses or no longer matches its SHA-1 ends in DISM's error record
 * ("The data is invalid.", 0x8007000D, COMException) and exit 1, the log names the damaged blob and its file, and
 * no destination is written (an existing one is left byte-identical, with nothing beside it).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openWim } from '../../../src/formats/wim/wim';
import { type Sandbox, errorShape, logLines, sandbox, sha256, wimlib } from './helpers';

const DISM_BIN = path.join(__dirname, '../../../bin/wimsh-dism.js');

let sb: Sandbox;
/** Noise and text interleaved: a blob of several LZX chunks that each store ~17 KB. */
function mixed(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 99;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = (i >> 14) & 1 ? x >>> 24 : 97 + ((x >>> 24) % 6);
  }
  return b;
}
const big = mixed(150_000);
const bigHash = createHash('sha1').update(big).digest();

beforeAll(() => {
  sb = sandbox('damaged');
  const tree = path.join(sb.dir, 'tree');
  fs.mkdirSync(path.join(tree, 'Windows', 'System32'), { recursive: true });
  fs.writeFileSync(path.join(tree, 'Windows', 'System32', 'ntoskrnl.exe'), big);
  fs.writeFileSync(path.join(tree, 'readme.txt'), 'hello\r\n'.repeat(100));
  fs.mkdirSync(sb.cpath('src'), { recursive: true });
  fs.mkdirSync(sb.cpath('out'), { recursive: true });
  const good = sb.cpath('src/good.wim');
  wimlib('capture', tree, good, 'Windows', '--compress=lzx');
  // Damage four bytes in the middle of the blob's chunks.
  const w = openWim(good);
  const res = w.lookupBlob(bigHash)!.res;
  w.close();
  const b = fs.readFileSync(good);
  for (let i = 0; i < 4; i++) b[res.offsetInWim + Math.floor(res.sizeInWim / 2) + i] ^= 0x5a;
  fs.writeFileSync(sb.cpath('src/bad.wim'), b);
});
afterAll(() => sb.cleanup());

test('Export-WindowsImage fails with DISM\'s record and exit 1; the log names the blob and file; no destination', () => {
  const r = sb.run('Export-WindowsImage -SourceImagePath C:\\src\\bad.wim -SourceIndex 1 -DestinationImagePath C:\\out\\new.wim -LogPath C:\\out\\export.log');
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  const e = errorShape(r.stderr);
  expect(e.message).toBe('Export-WindowsImage : The data is invalid.');
  expect(e.category).toBe('NotSpecified: (:) [Export-WindowsImage], COMException');
  expect(e.fqid).toBe('Microsoft.Dism.Commands.ExportWindowsImageCommand');
  expect(r.stderr).not.toMatch(/at .*\.js:\d+|TypeError|RangeError/);
  const errLine = logLines(sb.cpath('out/export.log')).find((l) => / Error /.test(l) && /hr:0x8007000d/.test(l));
  expect(errLine).toBeDefined();
  expect(errLine).toContain(bigHash.toString('hex'));
  expect(errLine).toContain('\\Windows\\System32\\ntoskrnl.exe');
  expect(fs.readdirSync(sb.cpath('out')).sort()).toEqual(['export.log']);
});

test('the caught error carries the HRESULT 0x8007000D', () => {
  const r = sb.run(
    "try { Export-WindowsImage -SourceImagePath C:\\src\\bad.wim -SourceIndex 1 -DestinationImagePath C:\\out\\new2.wim -ErrorAction Stop } catch { '{0:X8}' -f $_.Exception.HResult }",
  );
  expect(r.stdout.trim()).toBe('8007000D');
  expect(fs.existsSync(sb.cpath('out/new2.wim'))).toBe(false);
});

test('an existing destination is left byte-identical, with no temp file or lock beside it', () => {
  fs.mkdirSync(sb.cpath('keep'), { recursive: true });
  const dest = sb.cpath('keep/install.wim');
  const other = path.join(sb.dir, 'other');
  fs.mkdirSync(other, { recursive: true });
  fs.writeFileSync(path.join(other, 'a.txt'), 'a\r\n');
  wimlib('capture', other, dest, 'Other', '--compress=lzx');
  const before = sha256(dest);
  const r = sb.run('Export-WindowsImage -SourceImagePath C:\\src\\bad.wim -SourceIndex 1 -DestinationImagePath C:\\keep\\install.wim');
  expect(r.code).toBe(1);
  expect(errorShape(r.stderr).message).toBe('Export-WindowsImage : The data is invalid.');
  expect(sha256(dest)).toBe(before);
  expect(fs.readdirSync(sb.cpath('keep'))).toEqual(['install.wim']);
});

test('dism.exe /Export-Image exits with 13 and DISM\'s text', () => {
  const r = spawnSync(process.execPath, [DISM_BIN, '/Export-Image', '/SourceImageFile:C:\\src\\bad.wim', '/SourceIndex:1', '/DestinationImageFile:C:\\out\\dism.wim'], {
    cwd: sb.dir,
    env: sb.env,
    encoding: 'utf8',
    timeout: 60000,
  });
  expect(r.status).toBe(13);
  expect(r.stdout).toContain('Error: 13');
  expect(r.stdout).toContain('The data is invalid.');
  expect(fs.existsSync(sb.cpath('out/dism.wim'))).toBe(false);
});

test('the sound source still exports, and wimlib and 7-Zip accept the result', () => {
  const r = sb.run('Export-WindowsImage -SourceImagePath C:\\src\\good.wim -SourceIndex 1 -DestinationImagePath C:\\out\\good.wim | Out-Null');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(wimlib('verify', sb.cpath('out/good.wim'))).toMatch(/successfully verified/);
  const t = spawnSync('7zz', ['t', sb.cpath('out/good.wim')], { encoding: 'utf8' });
  expect(t.stdout).toMatch(/Everything is Ok/);
});

test('Expand-WindowsImage stops at the damaged file: DISM\'s record, the log names the file and what was applied', () => {
  fs.mkdirSync(sb.cpath('applied'), { recursive: true });
  const r = sb.run('Expand-WindowsImage -ImagePath C:\\src\\bad.wim -Index 1 -ApplyPath C:\\applied -LogPath C:\\out\\expand.log');
  expect(r.code).toBe(1);
  expect(errorShape(r.stderr).message).toBe('Expand-WindowsImage : The data is invalid.');
  const errLine = logLines(sb.cpath('out/expand.log')).find((l) => /DISM WIM Provider/.test(l) && /hr:0x8007000d/.test(l));
  expect(errLine).toContain('\\Windows\\System32\\ntoskrnl.exe');
  expect(errLine).toMatch(/applied in part: \d+ directories and \d+ files were written before it/);
  expect(fs.existsSync(sb.cpath('applied/Windows/System32/ntoskrnl.exe'))).toBe(false);
});
