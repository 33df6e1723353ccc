/*
 * Link reparse data to POSIX targets (symlinks relative and absolute, junctions, NT device prefixes, rpfix), and
 * the names extraction refuses.
 */
import { unsafeNameReason, filetimeToUnixSeconds } from '../../../src/formats/wim/ops/apply';
import { IO_REPARSE_TAG_MOUNT_POINT, IO_REPARSE_TAG_SYMLINK } from '../../../src/formats/wim/dentry';
import { WimError, WimErrorCode } from '../../../src/formats/errors';
import { parseLinkReparseData, posixLinkTarget } from '../../../src/formats/wim/reparse';

/** Reparse data (without the 8-byte header) as Windows writes it: substitute name, then print name. */
function linkData(tag: number, sub: string, print: string, flags = 0): Uint8Array {
  const s = Buffer.from(sub, 'utf16le');
  const p = Buffer.from(print, 'utf16le');
  const head = tag === IO_REPARSE_TAG_SYMLINK ? 12 : 8;
  const b = Buffer.alloc(head + s.length + 2 + p.length + 2);
  b.writeUInt16LE(0, 0);
  b.writeUInt16LE(s.length, 2);
  b.writeUInt16LE(s.length + 2, 4);
  b.writeUInt16LE(p.length, 6);
  if (tag === IO_REPARSE_TAG_SYMLINK) b.writeUInt32LE(flags, 8);
  s.copy(b, head);
  p.copy(b, head + s.length + 2);
  return new Uint8Array(b);
}

test('a relative symlink keeps its path with separators turned around', () => {
  const l = parseLinkReparseData(IO_REPARSE_TAG_SYMLINK, linkData(IO_REPARSE_TAG_SYMLINK, '..\\dir\\a/b.txt', '..\\dir\\a/b.txt', 1));
  expect(l.relative).toBe(true);
  expect(posixLinkTarget(l, true, '/target')).toBe('../dir/a\\b.txt');
});

test('an absolute symlink loses its \\??\\C: prefix and is re-rooted when fixed', () => {
  const l = parseLinkReparseData(IO_REPARSE_TAG_SYMLINK, linkData(IO_REPARSE_TAG_SYMLINK, '\\??\\C:\\Users\\Public', 'C:\\Users\\Public'));
  expect(posixLinkTarget(l, true, '/mnt/target')).toBe('/mnt/target/Users/Public');
  expect(posixLinkTarget(l, false, '/mnt/target')).toBe('/Users/Public');
  expect(posixLinkTarget(l, true, undefined)).toBe('/Users/Public');
});

test('a junction is absolute; \\DosDevices\\ and \\Device\\ prefixes are stripped too', () => {
  const j = parseLinkReparseData(IO_REPARSE_TAG_MOUNT_POINT, linkData(IO_REPARSE_TAG_MOUNT_POINT, '\\??\\C:\\Windows\\System32', 'C:\\Windows\\System32'));
  expect(j.relative).toBe(false);
  expect(posixLinkTarget(j, true, '/t/')).toBe('/t/Windows/System32');
  const d = parseLinkReparseData(IO_REPARSE_TAG_SYMLINK, linkData(IO_REPARSE_TAG_SYMLINK, '\\Device\\HarddiskVolume2\\x', ''));
  expect(posixLinkTarget(d, false)).toBe('/x');
  const root = parseLinkReparseData(IO_REPARSE_TAG_SYMLINK, linkData(IO_REPARSE_TAG_SYMLINK, '\\DosDevices\\C:', ''));
  expect(posixLinkTarget(root, false)).toBe('/');
});

test.each([
  ['too short', IO_REPARSE_TAG_SYMLINK, new Uint8Array(6)],
  ['names past the end', IO_REPARSE_TAG_SYMLINK, (() => { const b = linkData(IO_REPARSE_TAG_SYMLINK, 'abc', 'abc'); b[2] = 200; return b; })()],
  ['odd name length', IO_REPARSE_TAG_MOUNT_POINT, (() => { const b = linkData(IO_REPARSE_TAG_MOUNT_POINT, 'abc', 'abc'); b[2] = 5; return b; })()],
  ['not a link tag', 0x80000017, linkData(IO_REPARSE_TAG_SYMLINK, 'a', 'a')],
] as [string, number, Uint8Array][])('reparse data that is %s is InvalidReparseData', (_w, tag, data) => {
  let err: unknown;
  try {
    parseLinkReparseData(tag, data);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(WimError);
  expect((err as WimError).code).toBe(WimErrorCode.InvalidReparseData);
});

test.each([
  ['', 'empty name'],
  ['.', 'dot name'],
  ['..', 'dot name'],
  ['a/b', 'path separator in name'],
  ['a\\b', 'path separator in name'],
  ['a\0b', 'NUL in name'],
  ['C:x', 'drive-qualified name'],
  ['x:', 'drive-qualified name'],
  ['CON', 'DOS device name'],
  ['nul.txt', 'DOS device name'],
  ['COM1', 'DOS device name'],
  ['lpt9.', 'DOS device name'],
])('the name %j is refused (%s)', (name, why) => {
  expect(unsafeNameReason(name)).toBe(why);
});

test.each(['a', 'console', 'COM10', '...', '.hidden', 'naïve 日本語', 'ab:c'])('the name %j is accepted', (name) => {
  expect(unsafeNameReason(name)).toBeUndefined();
});

test('FILETIME to Unix seconds keeps sub-microsecond digits', () => {
  // 2020-09-13T12:26:40.1234567Z
  const ft = 116444736000000000n + 1600000000n * 10000000n + 1234567n;
  expect(filetimeToUnixSeconds(ft)).toBeCloseTo(1600000000.1234567, 6);
});
