/*
 * WimError: the one error type the WIM core throws. Every failure on a WIM file (bad header, broken blob table,
 * corrupt chunk, wrong SHA-1, missing split part, unsafe name at extraction...) ends here with a code, the HRESULT
 * DISM reports for that kind of failure and DISM's (FormatMessage) text, so the cmdlet layer can build a
 * PowerShell error record without knowing the WIM format.
 */
import { host } from '../platform/host';

export enum WimErrorCode {
  /** The file does not start with "MSWIM\0\0\0". */
  NotAWim = 'NotAWim',
  /** wimlib's pipable WIM ("WLPWM\0\0\0"): a wimlib extension that DISM cannot read either. */
  PipableWim = 'PipableWim',
  InvalidHeader = 'InvalidHeader',
  UnknownVersion = 'UnknownVersion',
  InvalidPartNumber = 'InvalidPartNumber',
  InvalidImageCount = 'InvalidImageCount',
  InvalidCompressionType = 'InvalidCompressionType',
  InvalidChunkSize = 'InvalidChunkSize',
  /** A reshdr, chunk table or solid resource header that does not fit the file or contradicts itself. */
  InvalidResource = 'InvalidResource',
  InvalidBlobTable = 'InvalidBlobTable',
  InvalidXml = 'InvalidXml',
  InvalidMetadata = 'InvalidMetadata',
  InvalidSecurityData = 'InvalidSecurityData',
  InvalidIntegrityTable = 'InvalidIntegrityTable',
  InvalidReparseData = 'InvalidReparseData',
  /** A chunk that the decompressor rejects. */
  DecompressionFailed = 'DecompressionFailed',
  /** A blob whose bytes do not hash to the SHA-1 the blob table (or a dentry) names. */
  HashMismatch = 'HashMismatch',
  /** A dentry names a blob that no blob table lists. */
  BlobNotFound = 'BlobNotFound',
  /** The integrity table does not match the file. */
  IntegrityCheckFailed = 'IntegrityCheckFailed',
  /** The file ends before a structure it declares. */
  Truncated = 'Truncated',
  SplitPartMissing = 'SplitPartMissing',
  SplitPartMismatch = 'SplitPartMismatch',
  ImageNotFound = 'ImageNotFound',
  FileNotFound = 'FileNotFound',
  /** A directory on the way to the file does not exist (or is a file). */
  PathNotFound = 'PathNotFound',
  AccessDenied = 'AccessDenied',
  ReadFailed = 'ReadFailed',
  WriteFailed = 'WriteFailed',
  DiskFull = 'DiskFull',
  InvalidParameter = 'InvalidParameter',
  /** Another writer holds the destination (its lock file). */
  FileInUse = 'FileInUse',
  /** The user interrupted the operation (Ctrl+C). */
  Cancelled = 'Cancelled',
  /** Operation on a closed Wim. */
  Closed = 'Closed',
}

interface DismFacts {
  hresult: number;
  text: string;
}

const INVALID_DATA: DismFacts = { hresult: 0x8007000d, text: 'The data is invalid.' };
const BAD_FORMAT: DismFacts = { hresult: 0x8007000b, text: 'An attempt was made to load a program with an incorrect format.' };
const NOT_FOUND: DismFacts = { hresult: 0x80070002, text: 'The system cannot find the file specified.' };
const BAD_PARAM: DismFacts = { hresult: 0x80070057, text: 'The parameter is incorrect.' };

/** The HRESULT and message DISM/WIMGAPI report for each kind of failure. */
const DISM: Record<WimErrorCode, DismFacts> = {
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
  [WimErrorCode.InvalidReparseData]: { hresult: 0x80071126, text: 'The data present in the reparse point buffer is invalid.' },
  [WimErrorCode.DecompressionFailed]: INVALID_DATA,
  [WimErrorCode.HashMismatch]: INVALID_DATA,
  [WimErrorCode.BlobNotFound]: INVALID_DATA,
  [WimErrorCode.IntegrityCheckFailed]: INVALID_DATA,
  [WimErrorCode.Truncated]: { hresult: 0x80070026, text: 'Reached the end of the file.' },
  [WimErrorCode.SplitPartMissing]: NOT_FOUND,
  [WimErrorCode.SplitPartMismatch]: INVALID_DATA,
  [WimErrorCode.ImageNotFound]: BAD_PARAM,
  [WimErrorCode.FileNotFound]: NOT_FOUND,
  [WimErrorCode.PathNotFound]: { hresult: 0x80070003, text: 'The system cannot find the path specified.' },
  [WimErrorCode.AccessDenied]: { hresult: 0x80070005, text: 'Access is denied.' },
  [WimErrorCode.ReadFailed]: { hresult: 0x8007001e, text: 'The system cannot read from the specified device.' },
  [WimErrorCode.WriteFailed]: { hresult: 0x8007001d, text: 'The system cannot write to the specified device.' },
  [WimErrorCode.DiskFull]: { hresult: 0x80070070, text: 'There is not enough space on the disk.' },
  [WimErrorCode.InvalidParameter]: BAD_PARAM,
  [WimErrorCode.FileInUse]: { hresult: 0x80070020, text: 'The process cannot access the file because it is being used by another process.' },
  [WimErrorCode.Cancelled]: { hresult: 0x800704c7, text: 'The operation was canceled by the user.' },
  [WimErrorCode.Closed]: { hresult: 0x80070006, text: 'The handle is invalid.' },
};

export class WimError extends Error {
  readonly code: WimErrorCode;
  /** The HRESULT DISM reports (e.g. 0x8007000D), as an unsigned 32-bit number. */
  readonly hresult: number;
  /** DISM's message for the HRESULT, e.g. "The data is invalid." */
  readonly dismMessage: string;
  /** The file the error is about, when there is one. */
  readonly path?: string;

  constructor(code: WimErrorCode, detail: string, path?: string, options?: { cause?: unknown }) {
    super(path ? `${path}: ${detail}` : detail);
    this.name = 'WimError';
    this.code = code;
    this.hresult = DISM[code].hresult;
    this.dismMessage = DISM[code].text;
    this.path = path;
    if (options && options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }

  /** The HRESULT as DISM prints it: Win32-facility codes in decimal ("87"), others in hex ("0x8007000b" style). */
  get dismCode(): string {
    if ((this.hresult & 0xffff0000) >>> 0 === 0x80070000) return String(this.hresult & 0xffff);
    return '0x' + this.hresult.toString(16).padStart(8, '0');
  }
}

export function isWimError(e: unknown): e is WimError {
  return e instanceof WimError;
}

function parentIsDirectory(path: string): boolean {
  try {
    return host().fs.statSync(host().path.dirname(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Maps a host (node-style) file system error to a WimError, keeping the cause. */
export function fromHostError(e: unknown, path: string, writing = false): WimError {
  if (e instanceof WimError) return e;
  const code = (e as { code?: string } | undefined)?.code;
  const msg = (e as Error | undefined)?.message ?? String(e);
  switch (code) {
    case 'ENOTDIR':
      return new WimError(WimErrorCode.PathNotFound, 'The system cannot find the path specified.', path, { cause: e });
    case 'ENOENT':
      // Windows tells a missing file (2) from a missing directory on the way to it (3).
      if (!parentIsDirectory(path)) return new WimError(WimErrorCode.PathNotFound, 'The system cannot find the path specified.', path, { cause: e });
      return new WimError(WimErrorCode.FileNotFound, 'The system cannot find the file specified.', path, { cause: e });
    case 'EACCES':
    case 'EPERM':
      return new WimError(WimErrorCode.AccessDenied, 'Access is denied.', path, { cause: e });
    case 'ENOSPC':
      return new WimError(WimErrorCode.DiskFull, 'There is not enough space on the disk.', path, { cause: e });
    default:
      return new WimError(writing ? WimErrorCode.WriteFailed : WimErrorCode.ReadFailed, msg, path, { cause: e });
  }
}
