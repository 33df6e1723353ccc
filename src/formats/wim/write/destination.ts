/*
 * The destination side of a write: what an existing WIM holds that an append must keep (header, raw blob table,
 * XML data, the end of all the data its header references) and the checks made before any byte is written
 * (image name clash, split or unreadable destination). Also the compression names and default chunk sizes.
 */
import { CompressionFormat } from '../../codecs/codec';
import { WimError, WimErrorCode } from '../../errors';
import { HeaderFlag, type WimHeader, WIM_HEADER_SIZE, isValidChunkSize, parseHeader } from '../header';
import { type IntegrityTable, checkIntegrity, integrityEnd, readIntegrityTable } from '../integrity';
import { BLOB_ENTRY_SIZE } from '../blob-table';
import { type Reshdr, ReshdrFlag, SOLID_RESOURCE_MAGIC, ZERO_RESHDR, isZeroReshdr, readReshdrInto } from '../reshdr';
import { WimFile } from '../wimfile';
import { openFile } from '../../../vfs/mounts';
import { type XmlElement, childElements, parseWimXml, textOf, child } from '../xml';


export type CompressionName = 'none' | 'xpress' | 'lzx' | 'lzms' | 'fast' | 'max' | 'maximum' | 'recovery';

export function parseCompression(name: string): CompressionFormat {
  switch (name.toLowerCase()) {
    case 'none':
      return CompressionFormat.None;
    case 'xpress':
    case 'fast':
      return CompressionFormat.Xpress;
    case 'lzx':
    case 'max':
    case 'maximum':
      return CompressionFormat.Lzx;
    case 'lzms':
    case 'recovery':
      return CompressionFormat.Lzms;
    default:
      throw new WimError(WimErrorCode.InvalidParameter, `Unknown compression type "${name}".`);
  }
}

export function defaultChunkSize(format: CompressionFormat): number {
  if (format === CompressionFormat.None) return 0;
  return format === CompressionFormat.Lzms ? 131072 : 32768;
}

export function checkChunkSize(format: CompressionFormat, chunkSize: number): void {
  if (format !== CompressionFormat.None && !isValidChunkSize(format, chunkSize)) {
    throw new WimError(WimErrorCode.InvalidChunkSize, `Invalid chunk size (${chunkSize} bytes) for this compression type.`);
  }
}

export interface DestinationInfo {
  path: string;
  header: WimHeader;
  blobTableBytes: Uint8Array;
  /** End of everything the header references: new data goes after it. */
  dataEnd: number;
  /**
   * The file's size when read: more than dataEnd when a killed append left its unreferenced data behind (the
   * transaction cuts that tail off before appending).
   */
  fileSize: number;
  /** Uncompressed sizes of the blobs it holds (capture hashes files of these sizes before writing); made when asked. */
  readonly blobSizes: Set<number>;
  xmlRoot: XmlElement;
  imageElements: XmlElement[];
  imageNames: string[];
  hasIntegrity: boolean;
  /** The old integrity table and the end of what it covers: chunks wholly below that end are reused. */
  oldIntegrity?: { table: IntegrityTable; coveredEnd: number };
}

/**
 * Reads what an append needs from an existing WIM; refuses split parts, read-only WIMs and (with checkIntegrity)
 * a WIM whose contents no longer match its integrity table.
 */
export function openDestination(path: string, opts: { checkIntegrity?: boolean } = {}): DestinationInfo {
  const file = new WimFile(path);
  try {
    const header = parseHeader(file.read(0, WIM_HEADER_SIZE), file.size, path);
    if (header.totalParts !== 1) {
      throw new WimError(WimErrorCode.InvalidParameter, 'Cannot add an image to a split WIM part.', path);
    }
    if (header.flags & HeaderFlag.ReadOnly) {
      throw new WimError(WimErrorCode.AccessDenied, 'The WIM file is marked read-only; images cannot be added to it.', path);
    }
    if (opts.checkIntegrity && checkIntegrity(file, header) === 'mismatch') {
      throw new WimError(WimErrorCode.IntegrityCheckFailed, 'The destination WIM file is corrupt: its contents do not match its integrity table.', path);
    }
    const bt = header.blobTable;
    if (bt.flags & ReshdrFlag.Compressed) throw new WimError(WimErrorCode.InvalidBlobTable, 'The blob table is compressed.', path);
    const blobTableBytes = isZeroReshdr(bt) ? new Uint8Array(0) : file.read(bt.offsetInWim, bt.sizeInWim);
    const xr = header.xmlData;
    const xml = parseWimXml(isZeroReshdr(xr) ? new Uint8Array(0) : file.read(xr.offsetInWim, xr.sizeInWim), path);
    let dataEnd = WIM_HEADER_SIZE;
    for (const r of [header.blobTable, header.xmlData, header.integrityTable, header.bootMetadata]) {
      if (!isZeroReshdr(r)) dataEnd = Math.max(dataEnd, r.offsetInWim + r.sizeInWim);
    }
    const n = Math.floor(blobTableBytes.length / BLOB_ENTRY_SIZE);
    const r: Reshdr = { ...ZERO_RESHDR };
    for (let i = 0; i < n; i++) {
      const o = i * BLOB_ENTRY_SIZE;
      readReshdrInto(blobTableBytes, o, r);
      const solid = (r.flags & ReshdrFlag.Solid) !== 0 && header.version === 0xe00;
      if (!solid || r.uncompressedSize === SOLID_RESOURCE_MAGIC) dataEnd = Math.max(dataEnd, r.offsetInWim + r.sizeInWim);
    }
    if (dataEnd > file.size) throw new WimError(WimErrorCode.Truncated, 'The WIM file is shorter than the data its header references.', path);
    const imageElements = childElements(xml.root, 'IMAGE');
    if (imageElements.length !== header.imageCount) {
      throw new WimError(WimErrorCode.InvalidXml, `The XML data describes ${imageElements.length} images but the header says ${header.imageCount}.`, path);
    }
    let blobSizes: Set<number> | undefined;
    let oldIntegrity: DestinationInfo['oldIntegrity'];
    if (!isZeroReshdr(header.integrityTable)) {
      try {
        const table = readIntegrityTable(file, header);
        if (table) oldIntegrity = { table, coveredEnd: integrityEnd(header) };
      } catch {
        // An unreadable old table is rebuilt from the file instead of reused.
      }
    }
    return {
      path,
      header,
      oldIntegrity,
      blobTableBytes,
      dataEnd,
      fileSize: file.size,
      // Only a capture asks (an export dedups by hash): a set of 100k+ sizes is not made for nothing.
      get blobSizes() {
        return (blobSizes ??= blobSizesOf(blobTableBytes, header));
      },
      xmlRoot: xml.root,
      imageElements,
      imageNames: imageElements.map((e) => textOf(child(e, 'NAME')) ?? ''),
      hasIntegrity: !isZeroReshdr(header.integrityTable),
    };
  } finally {
    file.close();
  }
}

/**
 * Cuts off what lies past `dataEnd` in an existing WIM: the data a killed append wrote but never referenced (its
 * header was not rewritten). Nothing the header references is touched. Returns the number of bytes removed.
 */
export function cutOrphanTail(dest: DestinationInfo): number {
  if (dest.fileSize <= dest.dataEnd) return 0;
  const file = openFile(dest.path, 'r+');
  try {
    file.truncate(dest.dataEnd);
  } finally {
    file.close();
  }
  const cut = dest.fileSize - dest.dataEnd;
  dest.fileSize = dest.dataEnd;
  return cut;
}

/** The uncompressed sizes of the blobs a blob table lists (solid resources themselves excepted). */
function blobSizesOf(blobTableBytes: Uint8Array, header: WimHeader): Set<number> {
  const sizes = new Set<number>();
  const n = Math.floor(blobTableBytes.length / BLOB_ENTRY_SIZE);
  const r: Reshdr = { ...ZERO_RESHDR };
  for (let i = 0; i < n; i++) {
    readReshdrInto(blobTableBytes, i * BLOB_ENTRY_SIZE, r);
    const solid = (r.flags & ReshdrFlag.Solid) !== 0 && header.version === 0xe00;
    if (solid && r.uncompressedSize !== SOLID_RESOURCE_MAGIC) sizes.add(r.sizeInWim);
    else if (!solid) sizes.add(r.uncompressedSize);
  }
  return sizes;
}

/** Refuses a name that an image of the destination already has (names compare case-insensitively, as on Windows). */
export function checkNewImageName(dest: DestinationInfo, name: string, path: string): void {
  if (name === '') return;
  const lower = name.toLowerCase();
  if (dest.imageNames.some((n) => n.toLowerCase() === lower)) {
    throw new WimError(WimErrorCode.InvalidParameter, `There is already an image named "${name}" in the destination WIM.`, path);
  }
}
