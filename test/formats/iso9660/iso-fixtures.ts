/*
 * Test-only disc images, built at test time by the reference tools: a tree with deep paths, unicode names, an empty
 * file and directory, a sparse file and a captured WIM (wimlib-imagex), made into an ISO by genisoimage -udf (a UDF
 * 1.02 bridge beside ISO 9660 + Joliet, as oscdimg -u2 makes Windows media), by xorriso (ISO 9660 + Joliet, no UDF)
 * and empty UDF 2.01 and 2.50 volumes by mkudffs (which cannot add files without mounting; UDF 2.50/2.60 with files
 * come from test/formats/udf/udf250-builder.ts). Also the listing
 * `7zz l -slt` gives, to compare against.
 */
import type { ImageNode, ImageVolume } from '../../../src/vfs/image-volume';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface IsoFixtures {
  dir: string;
  tree: string;
  /** genisoimage -udf -J: UDF 1.02 bridge. */
  udf: string;
  /** xorriso -as mkisofs -J: ISO 9660 + Joliet. */
  joliet: string;
  /** mkudffs --udfrev=2.50 --media-type=bdr: an empty UDF 2.50 volume with a virtual allocation table. */
  udf250: string;
  /** mkudffs --udfrev=2.01 --ad=inicb|short|long: empty UDF 2.01 volumes. */
  udf201: Record<string, string>;
  wimName: string;
}

export const DEEP = 'sources/deep/a/b/c/d/e/f/g/h/i/j';
export const UNICODE = 'ünïcødé 名前 Ω.txt';

function run(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
}

/** Builds the tree and the images in a fresh temporary directory. */
export function buildIsoFixtures(): IsoFixtures {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-iso-'));
  const tree = path.join(dir, 'tree');
  fs.mkdirSync(path.join(tree, DEEP), { recursive: true });
  fs.writeFileSync(path.join(tree, 'readme.txt'), 'hello from the disc\r\n');
  fs.writeFileSync(path.join(tree, 'empty.txt'), '');
  // An empty directory: a mount directory on the disc, which DISM must refuse as write protected.
  fs.mkdirSync(path.join(tree, 'mnt'));
  fs.writeFileSync(path.join(tree, DEEP, 'deep.txt'), 'deep');
  fs.writeFileSync(path.join(tree, 'sources', UNICODE), 'unicode');
  // A sparse file: 24 MiB of which only two runs hold data.
  const sparse = path.join(tree, 'sources', 'sparse.bin');
  const fd = fs.openSync(sparse, 'w');
  fs.writeSync(fd, Buffer.from('start'), 0, 5, 0);
  fs.writeSync(fd, Buffer.from('end'), 0, 3, (24 << 20) - 3);
  fs.closeSync(fd);
  // Data that does not repeat, so that an off-by-a-block read shows.
  const noise = Buffer.alloc(300_000);
  let x = 12345;
  for (let i = 0; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  fs.writeFileSync(path.join(tree, 'sources', 'noise.bin'), noise);
  // A WIM to service from the disc: two images of a small tree.
  const wimSrc = path.join(dir, 'wimsrc');
  fs.mkdirSync(path.join(wimSrc, 'Windows', 'System32'), { recursive: true });
  fs.writeFileSync(path.join(wimSrc, 'Windows', 'System32', 'kernel.txt'), 'kernel '.repeat(1000));
  fs.writeFileSync(path.join(wimSrc, 'Windows', 'win.ini'), '[fonts]\r\n');
  const wim = path.join(tree, 'sources', 'install.wim');
  run('wimlib-imagex', ['capture', wimSrc, wim, 'Windows 10 Pro', '--compress=lzx']);
  run('wimlib-imagex', ['append', wimSrc, wim, 'Windows 10 Home']);

  const udf = path.join(dir, 'udf.iso');
  run('genisoimage', ['-quiet', '-udf', '-J', '-joliet-long', '-D', '-iso-level', '3', '-V', 'CCCOMA_X64FRE_EN-US_DV9', '-o', udf, tree]);
  const joliet = path.join(dir, 'joliet.iso');
  run('xorriso', ['-as', 'mkisofs', '-quiet', '-J', '-joliet-long', '-D', '-iso-level', '3', '-V', 'XOR_LABEL', '-o', joliet, tree]);
  const udf250 = path.join(dir, 'udf250.img');
  // mkudffs (udftools 2.3) makes 2.50 only for BD-R, with a virtual allocation table (write-once media).
  // It sizes an existing file's volume to the file (with --new-file it writes only what it uses, 7-Zip then refuses).
  fs.writeFileSync(udf250, '');
  fs.truncateSync(udf250, 8 << 20);
  run('mkudffs', ['--media-type=bdr', '--udfrev=2.50', '--label=EMPTY250', udf250]);
  // UDF 2.01 (extended file entries) with each kind of allocation descriptor: embedded, short_ad, long_ad.
  const udf201: Record<string, string> = {};
  for (const ad of ['inicb', 'short', 'long']) {
    udf201[ad] = path.join(dir, `udf201-${ad}.img`);
    fs.writeFileSync(udf201[ad], '');
    fs.truncateSync(udf201[ad], 4 << 20);
    run('mkudffs', ['--media-type=hd', '--blocksize=2048', '--udfrev=2.01', `--ad=${ad}`, '--label=EMPTY201', udf201[ad]]);
  }
  return { dir, tree, udf, joliet, udf250, udf201, wimName: 'sources/install.wim' };
}

export interface ListedEntry {
  path: string;
  dir: boolean;
  size: number;
}

/** `7zz l -slt IMAGE`: paths ('/'-separated), directory flag and size of every entry, sorted by path. */
export function listWith7z(image: string): ListedEntry[] {
  const out = run('7zz', ['l', '-slt', '-sccUTF-8', image]);
  const body = out.slice(out.indexOf('----------'));
  const entries: ListedEntry[] = [];
  for (const block of body.split(/\n\n+/)) {
    const get = (k: string) => new RegExp(`^${k} = (.*)$`, 'm').exec(block)?.[1];
    const p = get('Path');
    if (p === undefined) continue;
    const isDir = get('Folder') === '+' || /D/.test(get('Attributes') ?? '');
    entries.push({ path: p.replace(/\\/g, '/'), dir: isDir, size: isDir ? 0 : Number(get('Size') ?? 0) });
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function removeFixtures(f: IsoFixtures | undefined): void {
  if (f) fs.rmSync(f.dir, { recursive: true, force: true });
}

/**
 * A file of an image volume read in place with odd-sized reads (77,777 bytes, so that reads cross extent and block
 * boundaries), after checking that its size is `size`.
 */
export function readInPlace(vol: ImageVolume, rel: string, size: number): Buffer {
  const f = vol.open(rel, 'r', rel);
  try {
    expect(f.size()).toBe(size);
    const got = new Uint8Array(size);
    for (let pos = 0; pos < size; ) pos += f.read(got, pos, Math.min(77_777, size - pos), pos);
    return Buffer.from(got);
  } finally {
    f.close();
  }
}

/** An image's tree as a sorted list of paths, directories and sizes: the form listWith7z gives 7-Zip's listing in. */
export function flatten(root: ImageNode): { path: string; dir: boolean; size: number }[] {
  const out: { path: string; dir: boolean; size: number }[] = [];
  const walk = (n: ImageNode, p: string) => {
    for (const c of n.children) {
      const q = p ? `${p}/${c.name}` : c.name;
      out.push({ path: q, dir: c.dir, size: c.dir ? 0 : c.size });
      if (c.dir) walk(c, q);
    }
  };
  walk(root, '');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
