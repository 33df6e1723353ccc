/*
 * DISM's error catalogue, the one place that knows it: which HRESULT DISM reports for each kind of failure of the
 * WIM core (WimErrorCode), the message text of each HRESULT in en-US and zh-CN, which failures are refusals of an
 * argument rather than failures of the work, and how dism.exe prints a code. Both front ends read it: the Dism
 * cmdlets build their COMException / PSArgumentException records from it (cmdlets/Dism/_dism.ts), a dism.exe front
 * end prints "Error: 87" and the text, and exits with the code.
 *
 * The en-US texts are Windows' system messages (FormatMessage) as DISM shows them; the tests and the conformance
 * cases pin them byte for byte. The zh-CN texts are the same messages of a zh-CN Windows; /work/shared/research has
 * no captured sample of these ones (only of 0xc1420117 and the log-file line), so they are unconfirmed there.
 */
import { WimError, WimErrorCode, hostErrorCode } from '../formats/errors';

export type DismCulture = 'en-US' | 'zh-CN';

/** A message in each culture; a culture without its own text shows the en-US one. */
export interface DismText {
  'en-US': string;
  'zh-CN'?: string;
}

/** The Win32 errors DISM reports, as the numbers dism.exe prints ("Error: 87"). */
export const Win32 = {
  FILE_NOT_FOUND: 2,
  PATH_NOT_FOUND: 3,
  ACCESS_DENIED: 5,
  INVALID_HANDLE: 6,
  BAD_FORMAT: 11,
  INVALID_DATA: 13,
  WRITE_PROTECT: 19,
  WRITE_FAULT: 29,
  READ_FAULT: 30,
  SHARING_VIOLATION: 32,
  HANDLE_EOF: 38,
  NOT_SUPPORTED: 50,
  FILE_EXISTS: 80,
  INVALID_PARAMETER: 87,
  DISK_FULL: 112,
  ALREADY_EXISTS: 183,
  FILENAME_EXCED_RANGE: 206,
  CANCELLED: 1223,
  INTERNAL_ERROR: 1359,
  INVALID_REPARSE_DATA: 4392,
} as const;

/** HRESULT_FROM_WIN32: 0x8007xxxx, as an unsigned 32-bit number. */
export function hresultFromWin32(code: number): number {
  return (0x80070000 | (code & 0xffff)) >>> 0;
}

/** The Win32 error inside a FACILITY_WIN32 HRESULT, or undefined for any other HRESULT. */
export function win32Code(hresult: number): number | undefined {
  return (hresult & 0xffff0000) >>> 0 === 0x80070000 ? hresult & 0xffff : undefined;
}

const SYSTEM_MESSAGES: Record<number, DismText> = {
  [Win32.FILE_NOT_FOUND]: { 'en-US': 'The system cannot find the file specified.', 'zh-CN': '系统找不到指定的文件。' },
  [Win32.PATH_NOT_FOUND]: { 'en-US': 'The system cannot find the path specified.', 'zh-CN': '系统找不到指定的路径。' },
  [Win32.ACCESS_DENIED]: { 'en-US': 'Access is denied.', 'zh-CN': '拒绝访问。' },
  [Win32.INVALID_HANDLE]: { 'en-US': 'The handle is invalid.', 'zh-CN': '句柄无效。' },
  [Win32.BAD_FORMAT]: { 'en-US': 'An attempt was made to load a program with an incorrect format.', 'zh-CN': '试图加载格式不正确的程序。' },
  [Win32.INVALID_DATA]: { 'en-US': 'The data is invalid.', 'zh-CN': '数据无效。' },
  [Win32.WRITE_PROTECT]: { 'en-US': 'The media is write protected.', 'zh-CN': '介质受写入保护。' },
  [Win32.WRITE_FAULT]: { 'en-US': 'The system cannot write to the specified device.', 'zh-CN': '系统无法写入指定的设备。' },
  [Win32.READ_FAULT]: { 'en-US': 'The system cannot read from the specified device.', 'zh-CN': '系统无法从指定的设备上读取。' },
  [Win32.SHARING_VIOLATION]: {
    'en-US': 'The process cannot access the file because it is being used by another process.',
    'zh-CN': '另一个程序正在使用此文件，进程无法访问。',
  },
  [Win32.HANDLE_EOF]: { 'en-US': 'Reached the end of the file.', 'zh-CN': '已到文件结尾。' },
  [Win32.NOT_SUPPORTED]: { 'en-US': 'The request is not supported.', 'zh-CN': '不支持该请求。' },
  [Win32.FILE_EXISTS]: { 'en-US': 'The file exists.', 'zh-CN': '文件存在。' },
  [Win32.INVALID_PARAMETER]: { 'en-US': 'The parameter is incorrect.', 'zh-CN': '参数错误。' },
  [Win32.DISK_FULL]: { 'en-US': 'There is not enough space on the disk.', 'zh-CN': '磁盘空间不足。' },
  [Win32.ALREADY_EXISTS]: { 'en-US': 'Cannot create a file when that file already exists.', 'zh-CN': '当文件已存在时，无法创建该文件。' },
  [Win32.FILENAME_EXCED_RANGE]: { 'en-US': 'The filename or extension is too long.', 'zh-CN': '文件名或扩展名太长。' },
  [Win32.CANCELLED]: { 'en-US': 'The operation was canceled by the user.', 'zh-CN': '操作已被用户取消。' },
  [Win32.INTERNAL_ERROR]: { 'en-US': 'An internal error occurred.', 'zh-CN': '发生内部错误。' },
  [Win32.INVALID_REPARSE_DATA]: { 'en-US': 'The data present in the reparse point buffer is invalid.', 'zh-CN': '重分析点缓冲区中的数据无效。' },
};

/** The text DISM shows for an HRESULT; an HRESULT the catalogue lacks shows as its code. */
export function systemMessage(hresult: number, culture: DismCulture = 'en-US'): string {
  const w = win32Code(hresult);
  const t = w !== undefined ? SYSTEM_MESSAGES[w] : undefined;
  if (!t) return `Error ${printedCode(hresult)}`;
  return t[culture] ?? t['en-US'];
}

/** The Win32 error DISM/WIMGAPI report for each kind of failure of the WIM core. */
const CORE_WIN32: Record<WimErrorCode, number> = {
  [WimErrorCode.NotAWim]: Win32.BAD_FORMAT,
  // wimlib's pipable WIM is a wimlib extension: DISM cannot read it either.
  [WimErrorCode.PipableWim]: Win32.BAD_FORMAT,
  [WimErrorCode.InvalidHeader]: Win32.BAD_FORMAT,
  [WimErrorCode.UnknownVersion]: Win32.BAD_FORMAT,
  [WimErrorCode.InvalidPartNumber]: Win32.INVALID_DATA,
  [WimErrorCode.InvalidImageCount]: Win32.INVALID_DATA,
  [WimErrorCode.InvalidCompressionType]: Win32.INVALID_DATA,
  [WimErrorCode.InvalidChunkSize]: Win32.INVALID_DATA,
  [WimErrorCode.InvalidResource]: Win32.INVALID_DATA,
  [WimErrorCode.InvalidBlobTable]: Win32.INVALID_DATA,
  [WimErrorCode.InvalidXml]: Win32.INVALID_DATA,
  [WimErrorCode.InvalidMetadata]: Win32.INVALID_DATA,
  [WimErrorCode.InvalidSecurityData]: Win32.INVALID_DATA,
  [WimErrorCode.InvalidIntegrityTable]: Win32.INVALID_DATA,
  [WimErrorCode.InvalidReparseData]: Win32.INVALID_REPARSE_DATA,
  [WimErrorCode.DecompressionFailed]: Win32.INVALID_DATA,
  [WimErrorCode.HashMismatch]: Win32.INVALID_DATA,
  [WimErrorCode.BlobNotFound]: Win32.INVALID_DATA,
  [WimErrorCode.IntegrityCheckFailed]: Win32.INVALID_DATA,
  [WimErrorCode.Truncated]: Win32.HANDLE_EOF,
  [WimErrorCode.SplitPartMissing]: Win32.FILE_NOT_FOUND,
  [WimErrorCode.SplitPartMismatch]: Win32.INVALID_DATA,
  [WimErrorCode.ImageNotFound]: Win32.INVALID_PARAMETER,
  [WimErrorCode.FileNotFound]: Win32.FILE_NOT_FOUND,
  [WimErrorCode.PathNotFound]: Win32.PATH_NOT_FOUND,
  [WimErrorCode.PathTooLong]: Win32.FILENAME_EXCED_RANGE,
  [WimErrorCode.AccessDenied]: Win32.ACCESS_DENIED,
  [WimErrorCode.ReadFailed]: Win32.READ_FAULT,
  [WimErrorCode.WriteFailed]: Win32.WRITE_FAULT,
  [WimErrorCode.DiskFull]: Win32.DISK_FULL,
  [WimErrorCode.WriteProtected]: Win32.WRITE_PROTECT,
  [WimErrorCode.AlreadyExists]: Win32.ALREADY_EXISTS,
  [WimErrorCode.InvalidParameter]: Win32.INVALID_PARAMETER,
  [WimErrorCode.FileInUse]: Win32.SHARING_VIOLATION,
  [WimErrorCode.Cancelled]: Win32.CANCELLED,
  [WimErrorCode.Closed]: Win32.INVALID_HANDLE,
};

/** The HRESULT DISM reports for a WIM core failure. */
export function coreHresult(code: WimErrorCode): number {
  return hresultFromWin32(CORE_WIN32[code]);
}

/**
 * `argument`: the command refused what it was given before doing any work (no such image, a name clash, a value it
 * does not take); the cmdlets raise these as PSArgumentException. `operation`: the work failed (a corrupt file,
 * access denied, a full disk); the cmdlets raise a COMException.
 */
export type DismErrorKind = 'argument' | 'operation';

const ARGUMENT_CODES: ReadonlySet<WimErrorCode> = new Set([WimErrorCode.ImageNotFound, WimErrorCode.InvalidParameter]);

/**
 * An error the DISM layer or a front end raises itself (a missing scratch directory, a refused parameter value).
 * Its text is the system message of its HRESULT unless it brings its own.
 */
export class DismError extends Error {
  constructor(
    readonly hresult: number,
    readonly kind: DismErrorKind = 'operation',
    readonly text?: DismText,
  ) {
    super(text ? text['en-US'] : systemMessage(hresult, 'en-US'));
    this.name = 'DismError';
  }
}

/** The messages a front end raises with a text of its own (the system message of 87 would say less). */
export const DismMessages = {
  /** Export-WindowsImage given neither -SourceIndex nor a non-empty -SourceName. */
  nameOrIndexRequired: (): DismError =>
    new DismError(hresultFromWin32(Win32.INVALID_PARAMETER), 'argument', { 'en-US': 'Either the Name or Index parameter is required' }),
  /** -CompressionType recovery given to a cmdlet: the reference page's rule (dism.exe takes it, the cmdlets do not). */
  recoveryNotSupported: (cmdletName: string): DismError =>
    new DismError(hresultFromWin32(Win32.INVALID_PARAMETER), 'argument', {
      'en-US': `The ${cmdletName} cmdlet does not support the "recovery" compression type. Use dism.exe instead.`,
    }),
  /**
   * A servicing operation (drivers, packages, features, capabilities, provisioned apps, editions...): it runs inside
   * the Windows servicing stack, which this host does not have. ERROR_NOT_SUPPORTED, as dism.exe reports a request
   * its providers cannot serve ("Error: 50"); the text names the command and says why, then gives the system message.
   */
  servicingStackRequired: (commandName: string): DismError =>
    new DismError(hresultFromWin32(Win32.NOT_SUPPORTED), 'operation', {
      'en-US': `${commandName} needs the Windows servicing stack, which is only available on Windows; wimsh cannot perform this operation. The request is not supported.`,
      'zh-CN': `${commandName} 需要 Windows 服务堆栈，该堆栈仅在 Windows 上可用；wimsh 无法执行此操作。不支持该请求。`,
    }),
};

/** What a front end needs to report any failure the way DISM does. */
export interface DismErrorFacts {
  /** Unsigned 32-bit. */
  readonly hresult: number;
  readonly kind: DismErrorKind;
  /** DISM's text for the failure in a culture (the console's message). */
  message(culture?: DismCulture): string;
  /** The engine's own sentence (with the file it is about), for the log. */
  readonly detail: string;
}

function facts(hresult: number, kind: DismErrorKind, detail: string, text?: DismText): DismErrorFacts {
  return {
    hresult,
    kind,
    detail,
    message: (culture: DismCulture = 'en-US') => (text ? (text[culture] ?? text['en-US']) : systemMessage(hresult, culture)),
  };
}

/**
 * DISM's report of any failure: a WimError of the core, a DismError, a host error that reached us unwrapped (its
 * errno through the core's one errno table), or anything else as an internal error.
 */
export function fromCoreError(e: unknown): DismErrorFacts {
  const detail = e instanceof Error ? e.message : String(e);
  if (e instanceof DismError) return facts(e.hresult >>> 0, e.kind, detail, e.text);
  if (e instanceof WimError) return facts(coreHresult(e.code), ARGUMENT_CODES.has(e.code) ? 'argument' : 'operation', detail);
  const host = e as { code?: unknown; path?: unknown } | undefined;
  const code = typeof host?.code === 'string' ? hostErrorCode(host.code, typeof host.path === 'string' ? host.path : undefined) : undefined;
  if (code !== undefined) return facts(coreHresult(code), 'operation', detail);
  return facts(hresultFromWin32(Win32.INTERNAL_ERROR), 'operation', detail);
}

/** The code as dism.exe prints it after "Error: ": a Win32 error in decimal ("87"), any other HRESULT in hex ("0xc1420117"). */
export function printedCode(hresult: number): string {
  const w = win32Code(hresult);
  return w !== undefined ? String(w) : '0x' + (hresult >>> 0).toString(16);
}

/** dism.exe's exit code: the Win32 error, or the whole HRESULT as a signed 32-bit number (0xc1420127 -> -1052638937). */
export function exitCode(hresult: number): number {
  const w = win32Code(hresult);
  return w !== undefined ? w : hresult | 0;
}

/**
 * The mount life cycle's failures (WIMGAPI's 0xc142xxxx codes). Only the texts of 0xc1420114 and 0xc1420127 are
 * DISM's own as transcripts show them (research/DISM-EXE.md §4); the others are plain sentences for codes whose
 * meaning is known but whose English text no sample shows.
 */
export const MountMessages = {
  /** Mount-WindowsImage into a directory that holds anything. */
  directoryNotEmpty: (): DismError =>
    new DismError(0xc1420114, 'operation', { 'en-US': 'The user attempted to mount to a directory that is not empty. This is not supported.' }),
  /** Mount-WindowsImage into a directory that does not exist. */
  directoryMissing: (): DismError => new DismError(0xc1420115, 'operation', { 'en-US': 'The specified mount directory does not exist.' }),
  /** A second mount into a directory the registry has a mount for. */
  directoryHoldsMount: (): DismError => new DismError(0xc1420113, 'operation', { 'en-US': 'The specified directory already contains a mounted image.' }),
  /** A read-write mount of an image mounted read-write already. */
  alreadyMountedReadWrite: (): DismError =>
    new DismError(0xc1420127, 'operation', { 'en-US': 'The specified image in the specified wim is already mounted for read and write access.' }),
  /** A path that no mount record names (Dismount, Save, Remount, Repair). */
  notMounted: (): DismError => new DismError(0xc142011c, 'operation', { 'en-US': 'The specified directory is not a valid mount directory.' }),
  /** -Save or Save-WindowsImage of a read-only mount. */
  readOnlyCommit: (): DismError =>
    new DismError(0xc142010c, 'operation', { 'en-US': 'The image was mounted read-only; its changes cannot be saved. Use -Discard to unmount it.' }),
  /** A save of a mount that is not OK (its directory or image file gone, or the image file changed). */
  cannotCommit: (reason: string): DismError =>
    new DismError(0xc142011d, 'operation', { 'en-US': `The mounted image cannot be saved: ${reason}. Run Mount-WindowsImage -Remount or Clear-WindowsCorruptMountPoint.` }),
  /** -Remount of a mount that cannot be brought back. */
  cannotRemount: (reason: string): DismError =>
    new DismError(0xc1420111, 'operation', { 'en-US': `The mounted image cannot be remounted: ${reason}. Run Clear-WindowsCorruptMountPoint.` }),
  /** A split part or an LZMS (ESD) file given to Mount-WindowsImage. */
  splitNotMountable: (): DismError => new DismError(0xc1420130, 'operation', { 'en-US': 'A split WIM file cannot be mounted.' }),
  compressionNotMountable: (): DismError =>
    new DismError(0xc142013c, 'operation', { 'en-US': 'The compression type of this image file does not support mounting. Export the image to a WIM file first.' }),
};

/** A request only the Windows servicing stack (CBS, online Windows) can answer. */
export function needsServicingStack(commandName: string, what: string): DismError {
  return new DismError(hresultFromWin32(50), 'operation', {
    'en-US': `${commandName}: ${what} needs the Windows servicing stack, which wimsh does not have. Run this command on Windows.`,
  });
}
