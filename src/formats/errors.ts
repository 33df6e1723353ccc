/*
 * WimError: the one error type the WIM core throws. Every failure on a WIM file (bad header, broken blob table,
 * corrupt chunk, wrong SHA-1, missing split part, unsafe name at extraction...) ends here with a code that says what
 * kind of failure it was, the file it is about, and a sentence for the log. What a front end shows for a code (DISM's
 * HRESULT and message text, PowerShell's error record) is src/dism's and cmdlets/Dism's business, not the core's.
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
  /** The path, or one of its names, is longer than the host's file system allows (ENAMETOOLONG). */
  PathTooLong = 'PathTooLong',
  AccessDenied = 'AccessDenied',
  ReadFailed = 'ReadFailed',
  WriteFailed = 'WriteFailed',
  DiskFull = 'DiskFull',
  /** The file system is mounted read-only. */
  WriteProtected = 'WriteProtected',
  /** Something already exists where a new file or directory was to be created. */
  AlreadyExists = 'AlreadyExists',
  InvalidParameter = 'InvalidParameter',
  /** Another writer holds the destination (its lock file). */
  FileInUse = 'FileInUse',
  /** The user interrupted the operation (Ctrl+C). */
  Cancelled = 'Cancelled',
  /** Operation on a closed Wim. */
  Closed = 'Closed',
}

export class WimError extends Error {
  readonly code: WimErrorCode;
  /** The file the error is about, when there is one. */
  readonly path?: string;

  constructor(code: WimErrorCode, detail: string, path?: string, options?: { cause?: unknown }) {
    super(path ? `${path}: ${detail}` : detail);
    this.name = 'WimError';
    this.code = code;
    this.path = path;
    if (options && options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
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

/**
 * The code of a host (node-style) file system error, from its errno name; undefined for an errno with no code of its
 * own. `path` is the file it was about (ENOENT needs it: Windows tells a missing file from a missing directory on the
 * way to it). This is the one errno table: fromHostError uses it for what the core wraps, src/dism for a host error
 * that reaches it unwrapped.
 */
export function hostErrorCode(errno: string | undefined, path: string | undefined): WimErrorCode | undefined {
  switch (errno) {
    case 'ENOTDIR':
      return WimErrorCode.PathNotFound;
    case 'ENAMETOOLONG':
      return WimErrorCode.PathTooLong;
    case 'ENOENT':
      return path !== undefined && !parentIsDirectory(path) ? WimErrorCode.PathNotFound : WimErrorCode.FileNotFound;
    case 'EACCES':
    case 'EPERM':
    case 'EISDIR':
      return WimErrorCode.AccessDenied;
    case 'ENOSPC':
    case 'EDQUOT':
      return WimErrorCode.DiskFull;
    case 'EROFS':
      return WimErrorCode.WriteProtected;
    case 'EBUSY':
      return WimErrorCode.FileInUse;
    case 'EEXIST':
      return WimErrorCode.AlreadyExists;
    default:
      return undefined;
  }
}

/** The log's sentence for the commonest host errors; the others keep the host's message (it names the errno). */
const HOST_SENTENCE: Partial<Record<WimErrorCode, string>> = {
  [WimErrorCode.PathNotFound]: 'The system cannot find the path specified.',
  [WimErrorCode.FileNotFound]: 'The system cannot find the file specified.',
  [WimErrorCode.AccessDenied]: 'Access is denied.',
  [WimErrorCode.DiskFull]: 'There is not enough space on the disk.',
  [WimErrorCode.PathTooLong]: 'The filename or extension is too long.',
};
const SENTENCE_ERRNOS = new Set(['ENOTDIR', 'ENOENT', 'EACCES', 'EPERM', 'ENOSPC', 'ENAMETOOLONG']);

/** Maps a host (node-style) file system error to a WimError, keeping the cause. */
export function fromHostError(e: unknown, path: string, writing = false): WimError {
  if (e instanceof WimError) return e;
  const errno = (e as { code?: string } | undefined)?.code;
  const code = hostErrorCode(errno, path);
  const msg = (e as Error | undefined)?.message ?? String(e);
  if (code === undefined) return new WimError(writing ? WimErrorCode.WriteFailed : WimErrorCode.ReadFailed, msg, path, { cause: e });
  const detail = SENTENCE_ERRNOS.has(errno!) ? HOST_SENTENCE[code]! : msg;
  return new WimError(code, detail, path, { cause: e });
}
