// commitImage: a directory an image was applied into, captured back into that image (or appended), checked with
// wimlib-imagex as the oracle: verify, apply of the committed index equals the edited tree, other images unchanged.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openWim } from '../../../../src/formats/wim/wim';
import { applyImage } from '../../../../src/formats/wim/ops/apply';
import { captureImage } from '../../../../src/formats/wim/ops/capture';
import { commitImage, snapshotTree } from '../../../../src/formats/wim/ops/commit';
import { readWindowsInfo } from '../../../../src/formats/wim/windows-info';
import { makeWindowsTree } from '../../hive/windows-tree';
import { expectValidWim, makeTree, run, tmpDir, wimInfo } from '../write/helpers';

// readWindowsInfo, wrapped to count the commits that read the Windows facts.
jest.mock('../../../../src/formats/wim/windows-info', () => {
  const actual = jest.requireActual('../../../../src/formats/wim/windows-info');
  return { ...actual, readWindowsInfo: jest.fn(actual.readWindowsInfo) };
});
const read = readWindowsInfo as jest.MockedFunction<typeof readWindowsInfo>;

function apply(wim: string, index: number, dir: string): void {
  const w = openWim(wim);
  try {
    applyImage(w, index, dir);
  } finally {
    w.close();
  }
}

/** The edits the issue lists: add, change, delete, rename, hard link, symlink, empty dir. */
function edit(dir: string): void {
  fs.writeFileSync(path.join(dir, 'added.txt'), 'a new file\n');
  fs.writeFileSync(path.join(dir, 'text/big.txt'), Buffer.alloc(90_000, 'changed '));
  fs.rmSync(path.join(dir, 'random/noise-dup.bin'));
  fs.renameSync(path.join(dir, 'Case/a.txt'), path.join(dir, 'Case/renamed.txt'));
  fs.linkSync(path.join(dir, 'added.txt'), path.join(dir, 'sub/added-link.txt'));
  fs.symlinkSync('../added.txt', path.join(dir, 'sub/new-symlink'));
  fs.mkdirSync(path.join(dir, 'new-empty-dir'));
}

describe('commitImage', () => {
  let dir: string;
  let wim: string;
  beforeEach(async () => {
    dir = tmpDir('commit');
    makeTree(path.join(dir, 'tree1'), 0);
    makeTree(path.join(dir, 'tree2'), 2);
    wim = path.join(dir, 'x.wim');
    await captureImage({ sourceDir: path.join(dir, 'tree1'), imagePath: wim, name: 'One', description: 'First', compression: 'xpress' });
    await captureImage({ sourceDir: path.join(dir, 'tree2'), imagePath: wim, name: 'Two', append: true });
    // An element the commit must keep as it is (as a Windows image's WINDOWS element).
    run('wimlib-imagex', ['info', wim, '1', '--image-property', 'WINDOWS/EDITIONID=Professional']);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces the image with the edited tree, reading only what changed; other images and the XML element kept', async () => {
    const mnt = path.join(dir, 'mnt');
    apply(wim, 1, mnt);
    const known = snapshotTree(mnt);
    edit(mnt);
    const sizeBefore = fs.statSync(wim).size;
    const r = await commitImage({ imagePath: wim, index: 1, sourceDir: mnt, known });
    expect(r.imageIndex).toBe(1);
    expect(r.imageCount).toBe(2);
    // added.txt (one inode, two links), the changed big.txt and the renamed file (a new path: hashed, found in
    // the WIM, not written): the rest is taken from the image unread.
    expect(r.filesHashed).toBe(3);
    // The new data only: added.txt (11 bytes), big.txt (90,000) and the new symlink's reparse data (64).
    expect(r.bytesWritten).toBe(11 + 90_000 + 64);
    expectValidWim(wim, { tree: mnt, index: 1 });
    expectValidWim(wim, { tree: path.join(dir, 'tree2'), index: 2, skip7z: true });
    const info = wimInfo(wim);
    expect(info).toMatch(/Name:\s+One/);
    expect(info).toMatch(/Description:\s+First/);
    // wimlib prints the XML data as it is stored: UTF-16LE.
    const xml = run('wimlib-imagex', ['info', wim, '--xml']).out.replace(/\0/g, '');
    expect(xml).toContain('<EDITIONID>Professional</EDITIONID>');
    // An append in place: the old data stays, the new goes after it.
    expect(fs.statSync(wim).size).toBeGreaterThan(sizeBefore);

    // A second commit from the identities the first returned: nothing changed, nothing read.
    const again = await commitImage({ imagePath: wim, index: 1, sourceDir: mnt, known: r.identities });
    expect(again.filesHashed).toBe(0);
    expect(again.bytesWritten).toBe(0);
    expectValidWim(wim, { tree: mnt, index: 1, skip7z: true });
  });

  it('drops blobs only the old tree named from the blob table', async () => {
    const mnt = path.join(dir, 'mnt');
    apply(wim, 1, mnt);
    const known = snapshotTree(mnt);
    const blobSizes = (): string[] => (run('wimlib-imagex', ['info', wim, '--blobs']).out.match(/^Uncompressed size\s*=\s*\d+/gm) ?? []).map((l) => l.replace(/\D+/, ''));
    expect(blobSizes()).toContain('80000');
    // big.txt and its hard link are image 1's only references to the 80,000-byte blob.
    fs.writeFileSync(path.join(mnt, 'text/big.txt'), 'short now');
    await commitImage({ imagePath: wim, index: 1, sourceDir: mnt, known });
    expect(blobSizes()).not.toContain('80000');
    expect(blobSizes()).toContain('70000');
    expectValidWim(wim, { tree: mnt, index: 1, skip7z: true });
    expectValidWim(wim, { tree: path.join(dir, 'tree2'), index: 2, skip7z: true });
  });

  it('appends the tree as a new image with the source image\'s XML element', async () => {
    const mnt = path.join(dir, 'mnt');
    apply(wim, 2, mnt);
    const known = snapshotTree(mnt);
    edit(mnt);
    const r = await commitImage({ imagePath: wim, index: 2, sourceDir: mnt, known, append: true });
    expect(r.imageIndex).toBe(3);
    expectValidWim(wim, { tree: mnt, index: 3 });
    expectValidWim(wim, { tree: path.join(dir, 'tree1'), index: 1, skip7z: true });
    expectValidWim(wim, { tree: path.join(dir, 'tree2'), index: 2, skip7z: true });
    expect(wimInfo(wim)).toMatch(/Image Count:\s+3/);
  });

  it('carries over what the apply did not make, and drops what was deleted', async () => {
    const mnt = path.join(dir, 'mnt');
    apply(wim, 1, mnt);
    const known = snapshotTree(mnt);
    // Stand-in for a dentry the apply skipped (an unsafe name, an encrypted file): not on disk, not in the snapshot.
    fs.rmSync(path.join(mnt, 'unicode'), { recursive: true });
    known.delete('unicode');
    known.delete('unicode/größe-日本.txt');
    // A real deletion: in the snapshot, gone from disk.
    fs.rmSync(path.join(mnt, 'hello.txt'));
    await commitImage({ imagePath: wim, index: 1, sourceDir: mnt, known });
    const out = path.join(dir, 'out');
    run('wimlib-imagex', ['apply', wim, '1', out]);
    expect(fs.readFileSync(path.join(out, 'unicode/größe-日本.txt'), 'utf8')).toBe('unicode name\n');
    expect(fs.existsSync(path.join(out, 'hello.txt'))).toBe(false);
    run('wimlib-imagex', ['verify', wim]);
  });

  it('without a snapshot hashes every file and still stores nothing twice', async () => {
    const mnt = path.join(dir, 'mnt');
    apply(wim, 1, mnt);
    const r = await commitImage({ imagePath: wim, index: 1, sourceDir: mnt });
    expect(r.filesHashed).toBeGreaterThan(5);
    expect(r.bytesWritten).toBe(0);
    expectValidWim(wim, { tree: mnt, index: 1, skip7z: true });
  });

  it('a failure before the header leaves the WIM byte-identical', async () => {
    const mnt = path.join(dir, 'mnt');
    apply(wim, 1, mnt);
    const known = snapshotTree(mnt);
    edit(mnt);
    const before = fs.readFileSync(wim);
    const ac = new AbortController();
    const p = commitImage({ imagePath: wim, index: 1, sourceDir: mnt, known, signal: ac.signal, onProgress: () => ac.abort() });
    await expect(p).rejects.toBeTruthy();
    expect(Buffer.compare(fs.readFileSync(wim), before)).toBe(0);
    await expect(commitImage({ imagePath: wim, index: 5, sourceDir: mnt, known })).rejects.toMatchObject({ message: expect.stringContaining('index 5') });
    expect(Buffer.compare(fs.readFileSync(wim), before)).toBe(0);
  });
});

// The WINDOWS element's facts come from the hives and kernel32.dll: a commit reads them again only when they (or
// the directories they are found through) changed since the snapshot, or when the image has no element yet.
describe('commitImage and the Windows facts', () => {
  let dir: string;
  let wim: string;
  let root: string;
  beforeEach(async () => {
    dir = tmpDir('commit-win');
    root = path.join(dir, 'tree');
    makeWindowsTree(root);
    fs.mkdirSync(path.join(root, 'data'));
    fs.writeFileSync(path.join(root, 'data', 'other.txt'), 'other\n');
    wim = path.join(dir, 'w.wim');
    await captureImage({ sourceDir: root, imagePath: wim, name: 'Windows', compression: 'xpress' });
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const edition = (): string | undefined => /^Edition ID:\s+(\S+)/m.exec(run('wimlib-imagex', ['info', wim, '1']).out)?.[1];

  it('another file changed: the hives are not read again and the element is kept', async () => {
    const known = snapshotTree(root);
    read.mockClear();
    fs.writeFileSync(path.join(root, 'data', 'other.txt'), 'changed\n');
    await commitImage({ imagePath: wim, index: 1, sourceDir: root, known });
    expect(read).not.toHaveBeenCalled();
    expectValidWim(wim);
    expect(edition()).toBe('Professional');
  });

  it('the SOFTWARE hive changed: read again, and the element says the new edition', async () => {
    const known = snapshotTree(root);
    read.mockClear();
    fs.rmSync(path.join(root, 'Windows'), { recursive: true });
    makeWindowsTree(root, { editionId: 'Enterprise' });
    await commitImage({ imagePath: wim, index: 1, sourceDir: root, known });
    expect(read).toHaveBeenCalledTimes(1);
    expectValidWim(wim);
    expect(edition()).toBe('Enterprise');
  });

  it('an image without the element gets it, even when nothing Windows keeps changed', async () => {
    run('wimlib-imagex', ['info', wim, '1', '--image-property', 'WINDOWS=']);
    expect(edition()).toBeUndefined();
    const known = snapshotTree(root);
    fs.writeFileSync(path.join(root, 'data', 'other.txt'), 'changed\n');
    await commitImage({ imagePath: wim, index: 1, sourceDir: root, known });
    expect(edition()).toBe('Professional');
  });
});
