// host-tree.ts: the pieces capture and commit share to read a host directory (inodes, symlinks as reparse points,
// the WIM being written left out, files read and hashed), each pinned on its own.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  FILE_ATTRIBUTE_DIRECTORY,
  FILE_ATTRIBUTE_NORMAL,
  FILE_ATTRIBUTE_REPARSE_POINT,
  IO_REPARSE_TAG_SYMLINK,
  RP_FLAG_NOT_FIXED,
} from '../../../../src/formats/wim/dentry';
import { hashHex, sha1 } from '../../../../src/formats/wim/sha1';
import {
  HostFileReader,
  bytesSource,
  hashFile,
  hostInode,
  imageBeingWritten,
  msToFiletime,
  symlinkReparseData,
  symlinkReparsePoint,
} from '../../../../src/formats/wim/ops/host-tree';
import { tmpDir } from '../write/helpers';

function utf16(buf: Uint8Array, off: number, bytes: number): string {
  return Buffer.from(buf.subarray(off, off + bytes)).toString('utf16le');
}

describe('host-tree', () => {
  let dir: string;
  beforeAll(() => {
    dir = tmpDir('hosttree');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('msToFiletime: the Unix epoch is 1601 + 11644473600 s; fractions of a millisecond kept', () => {
    expect(msToFiletime(0)).toBe(116444736000000000n);
    expect(msToFiletime(1.5)).toBe(116444736000015000n);
  });

  test('hostInode: times from the stat, no security descriptor, no data', () => {
    const inode = hostInode({ mtimeMs: 2000, atimeMs: 3000 }, FILE_ATTRIBUTE_NORMAL);
    expect(inode).toEqual({
      attributes: FILE_ATTRIBUTE_NORMAL,
      securityId: -1,
      creationTime: msToFiletime(2000),
      lastAccessTime: msToFiletime(3000),
      lastWriteTime: msToFiletime(2000),
      hardLinkGroupId: 0n,
      dataHash: null,
      dataSize: 0,
      namedStreams: [],
    });
  });

  test('symlinkReparseData: a relative target flagged relative, an absolute one as \\??\\C:', () => {
    const rel = symlinkReparseData('../a/b');
    const dv = new DataView(rel.buffer);
    expect(dv.getUint32(8, true)).toBe(1);
    expect(utf16(rel, 12 + dv.getUint16(0, true), dv.getUint16(2, true))).toBe('..\\a\\b');
    expect(utf16(rel, 12 + dv.getUint16(4, true), dv.getUint16(6, true))).toBe('..\\a\\b');
    const abs = symlinkReparseData('/etc/x');
    const dva = new DataView(abs.buffer);
    expect(dva.getUint32(8, true)).toBe(0);
    expect(utf16(abs, 12 + dva.getUint16(0, true), dva.getUint16(2, true))).toBe('\\??\\C:\\etc\\x');
    expect(utf16(abs, 12 + dva.getUint16(4, true), dva.getUint16(6, true))).toBe('C:\\etc\\x');
  });

  test('symlinkReparsePoint: a directory link is a directory reparse point, a dangling one a file link', () => {
    fs.mkdirSync(path.join(dir, 'target'));
    fs.symlinkSync('target', path.join(dir, 'dirlink'));
    fs.symlinkSync('nowhere', path.join(dir, 'dangling'));
    const st = fs.lstatSync(path.join(dir, 'dirlink'));
    const d = symlinkReparsePoint(path.join(dir, 'dirlink'), st, hostInode);
    expect(d.inode.attributes).toBe(FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DIRECTORY);
    expect(d.inode.reparseTag).toBe(IO_REPARSE_TAG_SYMLINK);
    expect(d.inode.rpFlags).toBe(RP_FLAG_NOT_FIXED);
    expect(d.inode.reparseSize).toBe(d.data.length);
    expect(Buffer.from(d.data).equals(Buffer.from(symlinkReparseData('target')))).toBe(true);
    const f = symlinkReparsePoint(path.join(dir, 'dangling'), fs.lstatSync(path.join(dir, 'dangling')), hostInode);
    expect(f.inode.attributes).toBe(FILE_ATTRIBUTE_REPARSE_POINT);
  });

  test('imageBeingWritten: the WIM, its lock and its temporary files, each with a warning; nothing else', () => {
    const warnings: string[] = [];
    const wim = path.join(dir, 'out.wim');
    const skip = imageBeingWritten(wim, (level, m) => warnings.push(`${level}: ${m}`));
    expect(skip(dir, 'out.wim', wim)).toBe(true);
    expect(skip(dir, 'out.wim.lock', wim + '.lock')).toBe(true);
    expect(skip(dir, '.out.wim.123.abc.wimsh-tmp', path.join(dir, '.out.wim.123.abc.wimsh-tmp'))).toBe(true);
    expect(skip(path.join(dir, 'sub'), '.out.wim.123.abc.wimsh-tmp', path.join(dir, 'sub', '.out.wim.123.abc.wimsh-tmp'))).toBe(false);
    expect(skip(dir, 'other.wim', path.join(dir, 'other.wim'))).toBe(false);
    expect(warnings).toEqual([
      `warning: Skipping "${wim}": it is the image being written.`,
      `warning: Skipping "${wim}.lock": it is the image being written.`,
      `warning: Skipping "${path.join(dir, '.out.wim.123.abc.wimsh-tmp')}": it is the image being written.`,
    ]);
  });

  test('HostFileReader and hashFile: positional reads across a small buffer; a short file names the operation', () => {
    const data = new Uint8Array(10_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
    const p = path.join(dir, 'data.bin');
    fs.writeFileSync(p, data);
    const reader = new HostFileReader('committed');
    try {
      expect(hashHex(hashFile(reader, p, data.length, new Uint8Array(4096)))).toBe(hashHex(sha1(data)));
      const dst = new Uint8Array(8);
      reader.read(p, 5000, 4, dst, 2);
      expect([...dst]).toEqual([0, 0, ...data.subarray(5000, 5004), 0, 0]);
      expect(() => reader.read(p, 9998, 4, dst, 0)).toThrow('The file became shorter while it was being committed.');
    } finally {
      reader.close();
    }
  });

  test('bytesSource: the bytes as a blob source with their hash', () => {
    const data = new Uint8Array([1, 2, 3, 4, 5]);
    const hash = sha1(data);
    const src = bytesSource(data, hash);
    expect(src.size).toBe(5);
    expect(src.hash).toBe(hash);
    const dst = new Uint8Array(4);
    src.read(1, 3, dst, 1);
    expect([...dst]).toEqual([0, 2, 3, 4]);
  });
});
