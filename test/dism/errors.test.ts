/*
 * DISM's error catalogue (src/dism/errors.ts): the HRESULT and texts of every WIM core failure, which failures are
 * argument refusals, host errors that reach the DISM layer unwrapped, and dism.exe's printed code and exit code.
 * The en-US texts are what the CLI prints today (the cmdlet tests and the conformance cases see them too); this
 * file pins the whole table at once.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WimError, WimErrorCode } from '../../src/formats/errors';
import {
  DismError,
  DismMessages,
  Win32,
  coreHresult,
  exitCode,
  fromCoreError,
  hresultFromWin32,
  printedCode,
  systemMessage,
  win32Code,
} from '../../src/dism/errors';

const BAD_FORMAT = [0x8007000b, 'An attempt was made to load a program with an incorrect format.'] as const;
const INVALID_DATA = [0x8007000d, 'The data is invalid.'] as const;
const NOT_FOUND = [0x80070002, 'The system cannot find the file specified.'] as const;
const BAD_PARAM = [0x80070057, 'The parameter is incorrect.'] as const;

/** Every core code: its HRESULT and en-US text (the table WimError carried before issue 14, plus two codes). */
const EXPECTED: Record<WimErrorCode, readonly [number, string]> = {
  [WimErrorCode.NotAWim]: BAD_FORMAT,
  [WimErrorCode.PipableWim]: BAD_FORMAT,
  [WimErrorCode.InvalidHeader]: BAD_FORMAT,
  [WimErrorCode.UnknownVersion]: BAD_FORMAT,
  [WimErrorCode.InvalidPartNumber]: INVALID_DATA,
  [WimErrorCode.InvalidImageCount]: INVALID_DATA,
  [WimErrorCode.InvalidCompressionType]: INVALID_DATA,
  [WimErrorCode.InvalidChunkSize]: INVALID_DATA,
  [WimErrorCode.InvalidResource]: INVALID_DATA,
  [WimErrorCode.InvalidBlobTable]: INVALID_DATA,
  [WimErrorCode.InvalidXml]: INVALID_DATA,
  [WimErrorCode.InvalidMetadata]: INVALID_DATA,
  [WimErrorCode.InvalidSecurityData]: INVALID_DATA,
  [WimErrorCode.InvalidIntegrityTable]: INVALID_DATA,
  // ERROR_INVALID_REPARSE_DATA is 4392 (0x1128); the table before issue 14 said 0x80071126 (4390, ERROR_NOT_A_REPARSE_POINT).
  [WimErrorCode.InvalidReparseData]: [0x80071128, 'The data present in the reparse point buffer is invalid.'],
  [WimErrorCode.DecompressionFailed]: INVALID_DATA,
  [WimErrorCode.HashMismatch]: INVALID_DATA,
  [WimErrorCode.BlobNotFound]: INVALID_DATA,
  [WimErrorCode.IntegrityCheckFailed]: INVALID_DATA,
  [WimErrorCode.Truncated]: [0x80070026, 'Reached the end of the file.'],
  [WimErrorCode.SplitPartMissing]: NOT_FOUND,
  [WimErrorCode.SplitPartMismatch]: INVALID_DATA,
  [WimErrorCode.ImageNotFound]: BAD_PARAM,
  [WimErrorCode.FileNotFound]: NOT_FOUND,
  [WimErrorCode.PathNotFound]: [0x80070003, 'The system cannot find the path specified.'],
  // ERROR_FILENAME_EXCED_RANGE (206): what Windows reports for a path or name longer than it takes.
  [WimErrorCode.PathTooLong]: [0x800700ce, 'The filename or extension is too long.'],
  [WimErrorCode.AccessDenied]: [0x80070005, 'Access is denied.'],
  [WimErrorCode.ReadFailed]: [0x8007001e, 'The system cannot read from the specified device.'],
  [WimErrorCode.WriteFailed]: [0x8007001d, 'The system cannot write to the specified device.'],
  [WimErrorCode.DiskFull]: [0x80070070, 'There is not enough space on the disk.'],
  [WimErrorCode.WriteProtected]: [0x80070013, 'The media is write protected.'],
  [WimErrorCode.AlreadyExists]: [0x800700b7, 'Cannot create a file when that file already exists.'],
  [WimErrorCode.InvalidParameter]: BAD_PARAM,
  [WimErrorCode.FileInUse]: [0x80070020, 'The process cannot access the file because it is being used by another process.'],
  [WimErrorCode.Cancelled]: [0x800704c7, 'The operation was canceled by the user.'],
  [WimErrorCode.Closed]: [0x80070006, 'The handle is invalid.'],
};

describe('the core codes', () => {
  test.each(Object.values(WimErrorCode))('%s has its HRESULT and en-US text', (code) => {
    const [hr, text] = EXPECTED[code];
    expect(coreHresult(code)).toBe(hr);
    const f = fromCoreError(new WimError(code, 'what the core says', 'C:\\x.wim'));
    expect(f.hresult).toBe(hr);
    expect(f.message()).toBe(text);
    expect(f.message('en-US')).toBe(text);
    // Every code's text exists in zh-CN too (no fallback to en-US, no "Error 0x..." placeholder).
    expect(f.message('zh-CN')).not.toBe(text);
    expect(f.message('zh-CN')).not.toMatch(/^Error /);
    expect(f.detail).toBe('C:\\x.wim: what the core says');
  });

  test('only a missing image and a refused parameter are argument refusals', () => {
    const argument = Object.values(WimErrorCode).filter((c) => fromCoreError(new WimError(c, 'x')).kind === 'argument');
    expect(argument.sort()).toEqual([WimErrorCode.ImageNotFound, WimErrorCode.InvalidParameter].sort());
  });

  test('zh-CN texts of the commonest failures', () => {
    expect(systemMessage(coreHresult(WimErrorCode.ImageNotFound), 'zh-CN')).toBe('参数错误。');
    expect(systemMessage(coreHresult(WimErrorCode.FileNotFound), 'zh-CN')).toBe('系统找不到指定的文件。');
    expect(systemMessage(coreHresult(WimErrorCode.PathNotFound), 'zh-CN')).toBe('系统找不到指定的路径。');
    expect(systemMessage(coreHresult(WimErrorCode.AccessDenied), 'zh-CN')).toBe('拒绝访问。');
    expect(systemMessage(coreHresult(WimErrorCode.DiskFull), 'zh-CN')).toBe('磁盘空间不足。');
  });
});

describe('errors the DISM layer and the front ends raise', () => {
  test('a DismError takes its HRESULT\'s text unless it brings its own', () => {
    const e = new DismError(hresultFromWin32(Win32.FILE_EXISTS), 'argument');
    expect(e.message).toBe('The file exists.');
    const f = fromCoreError(e);
    expect(f).toMatchObject({ hresult: 0x80070050, kind: 'argument', detail: 'The file exists.' });
    expect(f.message('zh-CN')).toBe('文件存在。');
    expect(fromCoreError(new DismError(hresultFromWin32(Win32.PATH_NOT_FOUND))).kind).toBe('operation');
  });

  test('the cmdlets\' own refusals keep their texts (en-US in every culture: no zh-CN text exists for them)', () => {
    const r = fromCoreError(DismMessages.recoveryNotSupported('Export-WindowsImage'));
    expect(r).toMatchObject({ hresult: 0x80070057, kind: 'argument' });
    expect(r.message()).toBe('The Export-WindowsImage cmdlet does not support the "recovery" compression type. Use dism.exe instead.');
    expect(r.message('zh-CN')).toBe(r.message('en-US'));
    const n = fromCoreError(DismMessages.nameOrIndexRequired());
    expect(n).toMatchObject({ hresult: 0x80070057, kind: 'argument' });
    expect(n.message()).toBe('Either the Name or Index parameter is required');
  });

  test('anything else is an internal error, its own message kept for the log', () => {
    const f = fromCoreError(new TypeError('x is undefined'));
    expect(f).toMatchObject({ hresult: 0x8007054f, kind: 'operation', detail: 'x is undefined' });
    expect(f.message()).toBe('An internal error occurred.');
    expect(fromCoreError('a string').detail).toBe('a string');
  });

  test('an HRESULT outside the catalogue shows as its code', () => {
    expect(systemMessage(0xc1420117)).toBe('Error 0xc1420117');
  });
});

describe('host errors that reach the DISM layer unwrapped', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-dismerr-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const errno = (code: string, p?: string) => Object.assign(new Error(`${code}: something`), { code, path: p });

  test.each([
    ['EACCES', 0x80070005, 'Access is denied.'],
    ['EPERM', 0x80070005, 'Access is denied.'],
    ['EISDIR', 0x80070005, 'Access is denied.'],
    ['ENOSPC', 0x80070070, 'There is not enough space on the disk.'],
    ['EDQUOT', 0x80070070, 'There is not enough space on the disk.'],
    ['EROFS', 0x80070013, 'The media is write protected.'],
    ['EBUSY', 0x80070020, 'The process cannot access the file because it is being used by another process.'],
    ['ENAMETOOLONG', 0x800700ce, 'The filename or extension is too long.'],
    ['EEXIST', 0x800700b7, 'Cannot create a file when that file already exists.'],
    ['ENOTDIR', 0x80070003, 'The system cannot find the path specified.'],
    ['EIO', 0x8007054f, 'An internal error occurred.'],
  ])('%s is %s', (code, hr, text) => {
    const f = fromCoreError(errno(code, path.join(dir, 'x')));
    expect(f).toMatchObject({ hresult: hr, kind: 'operation' });
    expect(f.message()).toBe(text);
  });

  test('ENOENT tells a missing file (2) from a missing directory on the way (3), as the core does', () => {
    expect(fromCoreError(errno('ENOENT', path.join(dir, 'x.wim'))).hresult).toBe(0x80070002);
    expect(fromCoreError(errno('ENOENT', path.join(dir, 'nodir', 'x.wim'))).hresult).toBe(0x80070003);
    expect(fromCoreError(errno('ENOENT')).hresult).toBe(0x80070002);
  });
});

describe('codes as dism.exe prints them', () => {
  test('a Win32 error prints in decimal and exits with it; any other HRESULT prints in hex and exits signed', () => {
    expect(printedCode(0x80070057)).toBe('87');
    expect(exitCode(0x80070057)).toBe(87);
    expect(printedCode(0x80070070)).toBe('112');
    expect(printedCode(0xc1420117)).toBe('0xc1420117');
    expect(exitCode(0xc1420127)).toBe(-1052638937);
    expect(exitCode(0x800f081f)).toBe(-2146498529);
  });

  test('HRESULT_FROM_WIN32 and back', () => {
    expect(hresultFromWin32(Win32.BAD_FORMAT)).toBe(0x8007000b);
    expect(win32Code(0x8007000b)).toBe(11);
    expect(win32Code(0xc1420117)).toBeUndefined();
  });
});
