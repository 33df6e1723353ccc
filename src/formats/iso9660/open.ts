/*
 * Opening a disc image: UDF when it has a UDF anchor (Windows media carry UDF beside ISO 9660, and the UDF side is
 * the one with files over 4 GiB and full names), else ISO 9660 with Joliet. The result is a read-only vfs volume
 * whose files read the image in place.
 */
import { openFile } from '../../vfs/mounts';
import { ImageVolume, type ImageFileSystem } from '../../vfs/image-volume';
import type { RandomAccessFile } from '../../vfs/file';
import { readUdf, hasUdf } from '../udf/udf';
import { DiscImageError } from './disc';
import { hasIso9660, readIso9660 } from './iso9660';

/** Reads the file system of an open image; `name` is the image as errors name it. */
export function readDiscImage(file: RandomAccessFile, name: string): ImageFileSystem {
  if (hasUdf(file)) return readUdf(file, name);
  if (hasIso9660(file)) return readIso9660(file, name);
  throw new DiscImageError(name, 'the file holds neither a UDF nor an ISO 9660 file system');
}

/** The volume of an image file already open (it owns `file` from then on; closing the volume closes it). */
export function discVolumeOf(file: RandomAccessFile, name: string): ImageVolume {
  try {
    return new ImageVolume(file, readDiscImage(file, name));
  } catch (e) {
    file.close();
    throw e;
  }
}

/** Opens the image at `path` (a host path, or a file inside a mounted volume) as a volume; closing is the caller's. */
export function openDiscVolume(path: string, name: string = path): ImageVolume {
  const file = openFile(path, 'r');
  try {
    return new ImageVolume(file, readDiscImage(file, name));
  } catch (e) {
    file.close();
    throw e;
  }
}
