/*
 * The metadata resource of an image (a blob flagged METADATA in the blob table, never solid): the security data
 * (security.ts), then the root dentry at the 8-byte aligned end of the security data, then the children lists of
 * every directory (dentry.ts), each ended by an 8-byte zero terminator.
 */
import { Dentry, readDentryTree, walkDentries, isDirectory, unnamedDataHash, isReparsePoint, namedStreams } from './dentry';
import { WimError, WimErrorCode } from '../errors';
import { SecurityData, parseSecurityData } from './security';

export interface ImageMetadata {
  security: SecurityData;
  root: Dentry;
}

/** Metadata resources larger than this are refused (a full Windows install image has well under 200 MiB). */
export const MAX_METADATA_SIZE = 1 << 30;

export function parseMetadata(buf: Uint8Array, opts: { path?: string; onWarning?: (m: string) => void } = {}): ImageMetadata {
  const security = parseSecurityData(buf, opts.path);
  if (security.totalLength >= buf.length) {
    throw new WimError(WimErrorCode.InvalidMetadata, 'The metadata resource ends before its root dentry.', opts.path);
  }
  const root = readDentryTree(buf, security.totalLength, opts);
  return { security, root };
}

export interface TreeStats {
  /** Directories, the root included (as wimlib counts them). */
  dirCount: number;
  /** Non-directories, each hard link counted. */
  fileCount: number;
  /** Sum of unnamed data stream sizes, each link counted. */
  totalBytes: number;
  /** Bytes of links beyond the first of each hard link group. */
  hardLinkBytes: number;
  namedStreamCount: number;
}

/** Counts of the image tree; `sizeOf` gives a blob's size by hash (0 when unknown). */
export function treeStats(root: Dentry, sizeOf: (hash: Uint8Array) => number): TreeStats {
  const s: TreeStats = { dirCount: 0, fileCount: 0, totalBytes: 0, hardLinkBytes: 0, namedStreamCount: 0 };
  const groups = new Set<bigint>();
  walkDentries(root, (d) => {
    s.namedStreamCount += namedStreams(d).length;
    if (isDirectory(d)) {
      s.dirCount++;
      return;
    }
    s.fileCount++;
    const h = isReparsePoint(d) ? undefined : unnamedDataHash(d);
    const size = h ? sizeOf(h) : 0;
    s.totalBytes += size;
    if (d.hardLinkGroupId !== 0n) {
      if (groups.has(d.hardLinkGroupId)) s.hardLinkBytes += size;
      else groups.add(d.hardLinkGroupId);
    }
  });
  return s;
}
