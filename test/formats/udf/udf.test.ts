/*
 * The UDF reader against the reference: images genisoimage builds (a UDF 1.02 bridge, as Windows media has) list as
 * 7-Zip lists them, every file reads back byte for byte in place, and mkudffs' UDF 2.50 (metadata partition) opens.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HostFile } from '../../../src/vfs/file';
import { ImageVolume } from '../../../src/vfs/image-volume';
import { hasUdf, readUdf } from '../../../src/formats/udf/udf';
import { buildIsoFixtures, flatten, listWith7z, readInPlace, removeFixtures, type IsoFixtures, DEEP, UNICODE } from '../iso9660/iso-fixtures';

let fx: IsoFixtures;
beforeAll(() => {
  fx = buildIsoFixtures();
});
afterAll(() => removeFixtures(fx));


test('a genisoimage -udf image lists exactly as 7zz l lists it', () => {
  const file = new HostFile(fx.udf);
  try {
    expect(hasUdf(file)).toBe(true);
    const udf = readUdf(file, fx.udf);
    expect(udf.fileSystem).toBe('UDF');
    expect(udf.label).toBe('CCCOMA_X64FRE_EN-US_DV9');
    const listed = flatten(udf.root);
    expect(listed).toEqual(listWith7z(fx.udf));
    expect(listed.map((e) => e.path)).toEqual(expect.arrayContaining([`${DEEP}/deep.txt`, `sources/${UNICODE}`, 'empty.txt']));
  } finally {
    file.close();
  }
});

test('every file of the UDF image reads back byte for byte, in place, at any offset', () => {
  const file = new HostFile(fx.udf);
  try {
    const vol = new ImageVolume(file, readUdf(file, fx.udf));
    for (const e of flatten(vol.fs.root).filter((x) => !x.dir)) {
      const want = fs.readFileSync(path.join(fx.tree, e.path));
      expect(readInPlace(vol, e.path, want.length).equals(want)).toBe(true);
    }
  } finally {
    file.close();
  }
});

test('names match case-insensitively, as on Windows, and the volume refuses writes', () => {
  const file = new HostFile(fx.udf);
  try {
    const vol = new ImageVolume(file, readUdf(file, fx.udf));
    expect(vol.lookup('SOURCES/Install.WIM')?.size).toBe(fs.statSync(path.join(fx.tree, 'sources/install.wim')).size);
    expect(() => vol.open('readme.txt', 'r+', 'readme.txt')).toThrow(expect.objectContaining({ code: 'EROFS' }));
    expect(() => vol.open('new.txt', 'wx', 'new.txt')).toThrow(expect.objectContaining({ code: 'EROFS' }));
    const f = vol.open('readme.txt', 'r', 'readme.txt');
    expect(() => f.write(new Uint8Array(1), 0, 1, 0)).toThrow(expect.objectContaining({ code: 'EROFS' }));
    expect(() => vol.open('missing.txt', 'r', 'missing.txt')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  } finally {
    file.close();
  }
});

test.each(['inicb', 'short', 'long'])('a UDF 2.01 volume from mkudffs (extended file entries, %s allocation) opens and lists as 7-Zip lists it', (ad) => {
  const image = fx.udf201[ad];
  const file = new HostFile(image);
  try {
    const udf = readUdf(file, image);
    expect(udf.label).toBe('EMPTY201');
    expect(flatten(udf.root)).toEqual(listWith7z(image));
  } finally {
    file.close();
  }
});

test('a UDF 2.50 volume with a virtual allocation table (write-once media) is refused with an error naming the image', () => {
  const file = new HostFile(fx.udf250);
  try {
    expect(() => readUdf(file, fx.udf250)).toThrow(`${fx.udf250}: the partition map '*UDF Virtual Partition' is not supported`);
  } finally {
    file.close();
  }
});
