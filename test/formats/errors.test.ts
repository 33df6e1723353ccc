/*
 * The WIM core's errors (src/formats/errors.ts): a code, the file, and a sentence for the log; nothing of DISM. The
 * host's errno goes through one table (hostErrorCode) whether the core wraps the error (fromHostError) or not.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WimError, WimErrorCode, fromHostError, hostErrorCode, isWimError } from '../../src/formats/errors';

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-coreerr-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const errno = (code: string) => Object.assign(new Error(`${code}: host words`), { code });

test('a WimError carries its code, its file and the sentence, and nothing else of its own', () => {
  const cause = new Error('inner');
  const e = new WimError(WimErrorCode.HashMismatch, 'The blob does not match its SHA-1.', '/w/x.wim', { cause });
  expect(e).toBeInstanceOf(Error);
  expect(isWimError(e)).toBe(true);
  expect(e.name).toBe('WimError');
  expect(e.message).toBe('/w/x.wim: The blob does not match its SHA-1.');
  expect(e.code).toBe(WimErrorCode.HashMismatch);
  expect(e.path).toBe('/w/x.wim');
  expect((e as { cause?: unknown }).cause).toBe(cause);
  expect(Object.keys(e).sort()).toEqual(['cause', 'code', 'name', 'path']);
  expect(new WimError(WimErrorCode.Closed, 'closed').message).toBe('closed');
});

test.each([
  ['ENOTDIR', WimErrorCode.PathNotFound, 'The system cannot find the path specified.'],
  ['EACCES', WimErrorCode.AccessDenied, 'Access is denied.'],
  ['EPERM', WimErrorCode.AccessDenied, 'Access is denied.'],
  ['ENOSPC', WimErrorCode.DiskFull, 'There is not enough space on the disk.'],
  // The errnos without a sentence of ours keep the host's words (they name the errno).
  ['EISDIR', WimErrorCode.AccessDenied, 'EISDIR: host words'],
  ['EDQUOT', WimErrorCode.DiskFull, 'EDQUOT: host words'],
  ['EROFS', WimErrorCode.WriteProtected, 'EROFS: host words'],
  ['EBUSY', WimErrorCode.FileInUse, 'EBUSY: host words'],
  ['EEXIST', WimErrorCode.AlreadyExists, 'EEXIST: host words'],
])('fromHostError: %s is %s', (code, wimCode, sentence) => {
  const p = path.join(dir, 'x.wim');
  const e = fromHostError(errno(code), p, true);
  expect(e.code).toBe(wimCode);
  expect(e.code).toBe(hostErrorCode(code, p));
  expect(e.message).toBe(`${p}: ${sentence}`);
});

test('ENOENT: a missing file (FileNotFound) or a missing directory on the way (PathNotFound)', () => {
  expect(fromHostError(errno('ENOENT'), path.join(dir, 'x.wim')).code).toBe(WimErrorCode.FileNotFound);
  expect(fromHostError(errno('ENOENT'), path.join(dir, 'nodir', 'x.wim')).code).toBe(WimErrorCode.PathNotFound);
  expect(fromHostError(errno('ENOENT'), path.join(dir, 'nodir', 'x.wim')).message).toMatch(/: The system cannot find the path specified\.$/);
});

test('an errno of no code of its own is a read or write failure, by direction', () => {
  expect(hostErrorCode('EIO', '/x')).toBeUndefined();
  expect(fromHostError(errno('EIO'), '/x').code).toBe(WimErrorCode.ReadFailed);
  expect(fromHostError(errno('EIO'), '/x', true).code).toBe(WimErrorCode.WriteFailed);
  expect(fromHostError(errno('EIO'), '/x', true).message).toBe('/x: EIO: host words');
});

test('a WimError passes through unchanged', () => {
  const e = new WimError(WimErrorCode.Truncated, 't', '/x');
  expect(fromHostError(e, '/y')).toBe(e);
});
