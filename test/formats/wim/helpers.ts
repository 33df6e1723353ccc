/* Shared helpers of the WIM tests: which decompressors exist yet. */
import { CompressionFormat } from '../../../src/formats/codecs/codec';
import { createDecompressor } from '../../../src/formats/codecs/decompressors';
import type { WimForm } from './fixtures/make-fixtures';

const FORMAT: Record<string, CompressionFormat> = {
  xpress: CompressionFormat.Xpress,
  lzx: CompressionFormat.Lzx,
  lzms: CompressionFormat.Lzms,
};

export function hasDecoder(name: string): boolean {
  if (name === 'none') return true;
  try {
    createDecompressor(FORMAT[name], 32768);
    return true;
  } catch {
    return false;
  }
}

export function canRead(form: WimForm): boolean {
  return form.needs.every(hasDecoder);
}

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TreeEntry {
  type: 'file' | 'dir' | 'symlink';
  sha1?: string;
  size?: number;
  target?: string;
  mtimeNs: bigint;
  /** Sorted paths sharing this entry's inode (files with more than one link). */
  links?: string[];
}

/** A directory tree as comparable data; `root` inside symlink targets becomes "<ROOT>". */
export function snapshotTree(root: string): Record<string, TreeEntry> {
  const out: Record<string, TreeEntry> = {};
  const inodes = new Map<bigint, string[]>();
  const walk = (dir: string, rel: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = fs.lstatSync(p, { bigint: true });
      if (st.isSymbolicLink()) {
        out[r] = { type: 'symlink', target: fs.readlinkSync(p).split(root).join('<ROOT>'), mtimeNs: st.mtimeNs };
      } else if (st.isDirectory()) {
        out[r] = { type: 'dir', mtimeNs: st.mtimeNs };
        walk(p, r);
      } else {
        const data = fs.readFileSync(p);
        out[r] = { type: 'file', size: data.length, sha1: createHash('sha1').update(data).digest('hex'), mtimeNs: st.mtimeNs };
        if (st.nlink > 1n) inodes.set(st.ino, [...(inodes.get(st.ino) ?? []), r]);
      }
    }
  };
  walk(root, '');
  for (const group of inodes.values()) for (const r of group) out[r].links = [...group].sort();
  return out;
}

/** Asserts two snapshots are equal, mtimes within `toleranceNs`. */
export function expectSameTree(actual: Record<string, TreeEntry>, expected: Record<string, TreeEntry>, toleranceNs = 1000n): void {
  const strip = (t: Record<string, TreeEntry>): Record<string, Omit<TreeEntry, 'mtimeNs'>> =>
    Object.fromEntries(Object.entries(t).map(([k, { mtimeNs: _m, ...rest }]) => [k, rest]));
  expect(strip(actual)).toEqual(strip(expected));
  for (const k of Object.keys(expected)) {
    const d = actual[k].mtimeNs - expected[k].mtimeNs;
    if (d > toleranceNs || d < -toleranceNs) {
      throw new Error(`mtime of ${k} differs by ${d} ns (${actual[k].mtimeNs} vs ${expected[k].mtimeNs})`);
    }
  }
}
