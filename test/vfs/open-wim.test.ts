/*
 * The WIM core reads through the vfs: a WIM opened from a random-access file that is not a host file (an
 * in-memory one) gives the same images, listings and blob data as the same WIM opened by path; a split set inside
 * a mounted in-memory volume is found and read by path, its parts listed and opened through the volume.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getFixtures } from '../formats/wim/fixtures/make-fixtures';
import { openWim, listImages, listImageContent, verifyWim, checkIntegrity, WimError, WimErrorCode } from '../../src/formats/wim/index';
import { MemoryFile } from '../../src/vfs/file';
import { WimFile } from '../../src/formats/wim/wimfile';
import { MemoryVolume, mountVolume, unmountVolume } from '../../src/vfs/mounts';

const fx = getFixtures();

function describeWim(source: Parameters<typeof openWim>[0], opts: Parameters<typeof openWim>[1] = {}) {
  const wim = openWim(source, opts);
  try {
    const images = listImages(wim).map(({ ImagePath: _omit, ...rest }) => rest);
    const content = images.map((i) => listImageContent(wim, i.ImageIndex));
    verifyWim(wim); // every blob read and its SHA-1 checked, and the integrity table when there is one
    return { path: wim.path, images, content, integrity: checkIntegrity(wim) };
  } finally {
    wim.close();
  }
}

describe.each(['multi-xpress.wim', 'multi-solid.esd', 'check.wim', 'lzx.wim'])('%s from an in-memory file', (name) => {
  test('reads as it does from the host file', () => {
    const onDisk = path.join(fx.dir, name);
    const mem = new MemoryFile(`mem:/${name}`, new Uint8Array(fs.readFileSync(onDisk)));
    const fromMemory = describeWim(mem);
    const fromHost = describeWim(onDisk);
    expect(fromMemory.path).toBe(`mem:/${name}`);
    expect(fromMemory.images.length).toBeGreaterThan(0);
    expect(fromMemory.content[0].length).toBeGreaterThan(5);
    expect(fromMemory.images).toEqual(fromHost.images);
    expect(fromMemory.content).toEqual(fromHost.content);
    expect(fromMemory.integrity).toBe(fromHost.integrity);
    expect(() => mem.size()).toThrow(/closed/); // the Wim closed the file it was given
  });
});

test('a cut in-memory WIM fails as a WimError naming the file; reads past its end are Truncated', () => {
  const bytes = new Uint8Array(fs.readFileSync(path.join(fx.dir, 'multi-xpress.wim')));
  let err: unknown;
  try {
    openWim(new MemoryFile('mem:/cut.wim', bytes.subarray(0, bytes.length - 5000))).close();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(WimError);
  expect((err as WimError).code).toBe(WimErrorCode.InvalidHeader); // the header sees the file is shorter than it says
  expect((err as WimError).path).toBe('mem:/cut.wim');
  const file = new WimFile(new MemoryFile('mem:/short', bytes.subarray(0, 100)));
  expect(file.size).toBe(100);
  expect(Array.from(file.read(98, 2))).toEqual(Array.from(bytes.subarray(98, 100)));
  expect(() => file.read(98, 3)).toThrow(expect.objectContaining({ code: WimErrorCode.Truncated, path: 'mem:/short' }));
  file.close();
  expect(file.closed).toBe(true);
  expect(() => file.readInto(new Uint8Array(1), 0, 1, 0)).toThrow(expect.objectContaining({ code: WimErrorCode.Closed }));
});

test('a split set inside a mounted in-memory volume is opened by path, parts found through the volume', () => {
  const form = fx.forms.find((f) => f.file === 'split.swm')!;
  const parts = fs.readdirSync(fx.dir).filter((n) => /^split.*\.swm$/.test(n));
  expect(parts.length).toBeGreaterThan(1);
  const volume = new MemoryVolume();
  for (const n of parts) volume.addFile(`sources/${n}`, new Uint8Array(fs.readFileSync(path.join(fx.dir, n))));
  const at = `/wimsh-no-such-dir-${process.pid}/iso`;
  mountVolume(at, volume);
  try {
    const inVolume = describeWim(`${at}/sources/split.swm`);
    const onDisk = describeWim(path.join(fx.dir, 'split.swm'), { splitPattern: form.splitPattern });
    expect(inVolume.images.length).toBe(2);
    expect(inVolume.images).toEqual(onDisk.images);
    expect(inVolume.content).toEqual(onDisk.content);
  } finally {
    expect(unmountVolume(at)).toBe(true);
  }
  // Unmounted, the path is a host path again, and there is nothing there.
  expect(() => openWim(`${at}/sources/split.swm`)).toThrow(WimError);
});
