/*
 * A dentry of an image as the writer's inode (OutInode), all the image says of it kept: what export (a metadata
 * resource rebuilt from the kept dentries, ops/export.ts) and commit (the files a commit carries over unchanged,
 * ops/commit.ts) do alike.
 */
import { type Dentry, FILE_ATTRIBUTE_REPARSE_POINT, type OutInode, dentryTaggedItems } from '../dentry';
import { isZeroHash } from '../sha1';

/**
 * The inode of dentry `d` of the metadata resource `metadata`: its attributes, security id, times, reparse fields,
 * hard link group (none for a reparse point: its dentry holds the reparse tag where others hold the group id),
 * tagged items, and its streams with the sizes `sizeOf` gives their blobs (unnamed data, reparse, EFS, named).
 */
export function outInodeOf(d: Dentry, metadata: Uint8Array, sizeOf: (hash: Uint8Array) => number): OutInode {
  const inode: OutInode = {
    attributes: d.attributes,
    securityId: d.securityId,
    creationTime: d.creationTime,
    lastAccessTime: d.lastAccessTime,
    lastWriteTime: d.lastWriteTime,
    reparseTag: d.reparseTag,
    rpReserved: d.rpReserved,
    rpFlags: d.rpFlags,
    hardLinkGroupId: d.attributes & FILE_ATTRIBUTE_REPARSE_POINT ? 0n : d.hardLinkGroupId,
    dataHash: null,
    dataSize: 0,
    namedStreams: [],
    extra: dentryTaggedItems(metadata, d.offset),
  };
  for (const s of d.streams) {
    if (isZeroHash(s.hash) && s.name === '') continue;
    const size = sizeOf(s.hash);
    if (s.name !== '') inode.namedStreams.push({ name: s.name, hash: s.hash, size });
    else if (s.type === 'reparse') {
      inode.reparseHash = s.hash;
      inode.reparseSize = size;
    } else if (s.type === 'efs') {
      inode.efsHash = s.hash;
      inode.efsSize = size;
    } else if (s.type === 'data') {
      inode.dataHash = s.hash;
      inode.dataSize = size;
    }
  }
  return inode;
}
