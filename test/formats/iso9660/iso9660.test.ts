/*
 * The ISO 9660 + Joliet reader against the reference: xorriso's image and the ISO 9660 side of genisoimage's bridge
 * image list as 7-Zip lists them (Joliet names: unicode, long, case kept), files read back byte for byte, and the
 * opener picks UDF over ISO 9660 when an image has both, as Windows does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HostFile } from '../../../src/vfs/file';
import { hasIso9660, readIso9660 } from '../../../src/formats/iso9660/iso9660';
import { openDiscVolume, readDiscImage } from '../../../src/formats/iso9660/open';
import { buildIsoFixtures, flatten, listWith7z, removeFixtures, type IsoFixtures, DEEP, UNICODE } from './iso-fixtures';

let fx: IsoFixtures;
beforeAll(() => {
  fx = buildIsoFixtures();
});
afterAll(() => removeFixtures(fx));


test('an xorriso image (ISO 9660 + Joliet) lists exactly as 7zz l lists it', () => {
  const file = new HostFile(fx.joliet);
  try {
    expect(hasIso9660(file)).toBe(true);
    const iso = readDiscImage(file, fx.joliet);
    expect(iso.fileSystem).toBe('CDFS');
    expect(iso.label).toBe('XOR_LABEL');
    const listed = flatten(iso.root);
    expect(listed).toEqual(listWith7z(fx.joliet));
    expect(listed.map((e) => e.path)).toEqual(expect.arrayContaining([`${DEEP}/deep.txt`, `sources/${UNICODE}`, 'empty.txt']));
  } finally {
    file.close();
  }
});

test('the ISO 9660 side of a UDF bridge image holds the same tree (Joliet names)', () => {
  const file = new HostFile(fx.udf);
  try {
    const iso = readIso9660(file, fx.udf);
    expect(flatten(iso.root)).toEqual(flatten(readDiscImage(file, fx.udf).root));
    expect(readDiscImage(file, fx.udf).fileSystem).toBe('UDF');
  } finally {
    file.close();
  }
});

test('every file of the Joliet image reads back byte for byte, in place', () => {
  const vol = openDiscVolume(fx.joliet);
  try {
    for (const e of flatten(vol.fs.root).filter((x) => !x.dir)) {
      const want = fs.readFileSync(path.join(fx.tree, e.path));
      const f = vol.open(e.path, 'r', e.path);
      const got = new Uint8Array(want.length);
      for (let pos = 0; pos < want.length; ) pos += f.read(got, pos, Math.min(100_003, want.length - pos), pos);
      expect(Buffer.from(got).equals(want)).toBe(true);
      f.close();
    }
  } finally {
    vol.image.close();
  }
});

test('a file that is no disc image is an error naming it', () => {
  const other = path.join(fx.dir, 'tree', 'readme.txt');
  expect(() => openDiscVolume(other)).toThrow(`${other}: the file holds neither a UDF nor an ISO 9660 file system`);
});

test('ImageVolume serves stat and readdir as the host would', () => {
  const vol = openDiscVolume(fx.joliet);
  try {
    expect(vol.readdir('').sort()).toEqual(['empty.txt', 'mnt', 'readme.txt', 'sources']);
    expect(vol.readdir('mnt')).toEqual([]);
    expect(vol.stat('sources').isDirectory()).toBe(true);
    expect(vol.stat('readme.txt').size).toBe(21);
    expect(() => vol.readdir('readme.txt')).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  } finally {
    vol.image.close();
  }
});
