// commitImage's compression policy: a commit whose new data and metadata come under LITTLE_WORK_BYTES compresses in
// this thread (no worker to start), a bigger one gets the default threads, one that changes nothing keeps the
// image's metadata resource and compresses nothing; the WIM verifies each time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createChunkCompressor } from '../../../../src/formats/codecs/chunk-compressor-parallel';
import { openWim } from '../../../../src/formats/wim/wim';
import { applyImage } from '../../../../src/formats/wim/ops/apply';
import { captureImage } from '../../../../src/formats/wim/ops/capture';
import { LITTLE_WORK_BYTES, commitImage, snapshotTree } from '../../../../src/formats/wim/ops/commit';
import { bytes, expectValidWim, makeTree, tmpDir, wimInfo } from '../write/helpers';

// The factory, wrapped to record the options each job's compressor is made with.
jest.mock('../../../../src/formats/codecs/chunk-compressor-parallel', () => {
  const actual = jest.requireActual('../../../../src/formats/codecs/chunk-compressor-parallel');
  return { ...actual, createChunkCompressor: jest.fn(actual.createChunkCompressor) };
});
const factory = createChunkCompressor as jest.MockedFunction<typeof createChunkCompressor>;

let dir: string;
let wim: string;
let mnt: string;
beforeEach(async () => {
  dir = tmpDir('commit-work');
  makeTree(path.join(dir, 'tree'), 0);
  wim = path.join(dir, 'x.wim');
  await captureImage({ sourceDir: path.join(dir, 'tree'), imagePath: wim, name: 'One', compression: 'xpress' });
  mnt = path.join(dir, 'mnt');
  const w = openWim(wim);
  try {
    applyImage(w, 1, mnt);
  } finally {
    w.close();
  }
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('one changed file: compressed in this thread (small), the image as edited', async () => {
  const known = snapshotTree(mnt);
  fs.writeFileSync(path.join(mnt, 'hello.txt'), 'changed\n');
  factory.mockClear();
  const r = await commitImage({ imagePath: wim, index: 1, sourceDir: mnt, known });
  expect(r.filesHashed).toBe(1);
  expect(factory).toHaveBeenCalledTimes(1);
  expect(factory.mock.calls[0][2]).toMatchObject({ small: true });
  expectValidWim(wim, { tree: mnt, index: 1, skip7z: true });
});

test(`new data over LITTLE_WORK_BYTES (${LITTLE_WORK_BYTES >> 20} MiB): the default threads`, async () => {
  const known = snapshotTree(mnt);
  fs.writeFileSync(path.join(mnt, 'big.bin'), bytes(LITTLE_WORK_BYTES + 1, 5, true));
  factory.mockClear();
  const r = await commitImage({ imagePath: wim, index: 1, sourceDir: mnt, known });
  expect(r.bytesWritten).toBe(LITTLE_WORK_BYTES + 1);
  expect(factory).toHaveBeenCalledTimes(1);
  expect(factory.mock.calls[0][2]).toMatchObject({ small: false });
  expectValidWim(wim, { tree: mnt, index: 1, skip7z: true });
});

test('no change: the image keeps its metadata resource (nothing compressed, no compressor made), the XML time moves', async () => {
  // The first save after the apply: hard-linked files keep the group ids the image gave them (the directory's inode
  // numbers differ from the captured tree's), so the resource the image holds is made byte for byte.
  const known = snapshotTree(mnt);
  const metaOf = (): { hash: string; at: number; modified: string } => {
    const w = openWim(wim);
    try {
      const e = w.metadataEntry(1);
      return { hash: Buffer.from(e.hash).toString('hex'), at: e.res.offsetInWim, modified: wimInfo(wim).match(/Last Modification Time:\s+(.*)/)?.[1] ?? '' };
    } finally {
      w.close();
    }
  };
  const before = metaOf();
  await new Promise((r) => setTimeout(r, 1100));
  factory.mockClear();
  const r = await commitImage({ imagePath: wim, index: 1, sourceDir: mnt, known });
  expect(r.filesHashed).toBe(0);
  expect(r.bytesWritten).toBe(0);
  expect(factory).not.toHaveBeenCalled();
  const after = metaOf();
  expect(after.hash).toBe(before.hash);
  expect(after.at).toBe(before.at);
  expect(after.modified).not.toBe(before.modified);
  expectValidWim(wim, { tree: mnt, index: 1, skip7z: true });
});
