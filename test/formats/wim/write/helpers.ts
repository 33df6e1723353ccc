/*
 * Test helpers for the writer: small trees made at test time, wimlib-imagex / 7zz as oracles, and a tree
 * comparison (types, contents, symlink targets, hard link groups, mtimes) for "apply gives back the source".
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function tmpDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `wimsh-w-${tag}-`));
}

export function run(cmd: string, args: string[], opts: { allowFail?: boolean } = {}): { status: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = (r.stdout ?? '') + (r.stderr ?? '');
  if (!opts.allowFail && r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${out}`);
  return { status: r.status ?? -1, out };
}

/** A deterministic pseudo-random buffer (compressible when `text`). */
export function bytes(n: number, seed: number, text = false): Buffer {
  const b = Buffer.alloc(n);
  let x = seed * 2654435761 + 1;
  const words = ['alpha ', 'beta ', 'gamma ', 'delta ', 'wim ', 'chunk ', 'blob ', '\n'];
  if (text) {
    let p = 0;
    while (p < n) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const w = words[(x >>> 16) % words.length];
      p += b.write(w.slice(0, n - p), p, 'latin1');
    }
    return b;
  }
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** A small tree with the features capture must keep. */
export function makeTree(root: string, variant = 0): void {
  fs.mkdirSync(root, { recursive: true });
  const w = (p: string, data: Buffer | string): void => {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), data);
  };
  w('hello.txt', 'hello\n');
  w('sub/hello-copy.txt', 'hello\n');
  w('sub/deeper/empty.bin', '');
  w('text/big.txt', bytes(80_000 + variant * 1000, 1 + variant, true));
  w('random/noise.bin', bytes(70_000, 7));
  w('random/noise-dup.bin', bytes(70_000, 7));
  w('Case/a.txt', 'A');
  w('Case/B.txt', 'B');
  w('unicode/größe-日本.txt', 'unicode name\n');
  fs.mkdirSync(path.join(root, 'emptydir'), { recursive: true });
  fs.linkSync(path.join(root, 'text/big.txt'), path.join(root, 'text/big-hardlink.txt'));
  fs.symlinkSync('../hello.txt', path.join(root, 'sub/rel-link'));
  fs.symlinkSync('deeper', path.join(root, 'sub/dir-link'));
  fs.symlinkSync('/etc/hostname-not-there', path.join(root, 'abs-link'));
  if (variant) w(`variant-${variant}.txt`, `variant ${variant}\n`);
  const t = new Date('2021-03-04T05:06:07.000Z');
  fs.utimesSync(path.join(root, 'hello.txt'), t, t);
  fs.utimesSync(path.join(root, 'sub'), t, t);
}

interface Entry {
  type: 'file' | 'dir' | 'link';
  data?: string;
  target?: string;
  mtimeS?: number;
  ino?: number;
}

function snapshot(root: string): Map<string, Entry> {
  const m = new Map<string, Entry>();
  const walk = (dir: string, rel: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) m.set(r, { type: 'link', target: fs.readlinkSync(p) });
      else if (st.isDirectory()) {
        m.set(r, { type: 'dir' });
        walk(p, r);
      } else m.set(r, { type: 'file', data: fs.readFileSync(p).toString('base64'), mtimeS: Math.floor(st.mtimeMs / 1000), ino: st.nlink > 1 ? st.ino : undefined });
    }
  };
  walk(root, '');
  return m;
}

/** Throws with the first difference between two trees (hard links compared as groups). */
export function expectSameTree(a: string, b: string): void {
  const sa = snapshot(a);
  const sb = snapshot(b);
  const diffs: string[] = [];
  for (const [k, v] of sa) {
    const w = sb.get(k);
    if (!w) diffs.push(`missing ${k}`);
    else if (v.type !== w.type) diffs.push(`${k}: ${v.type} vs ${w.type}`);
    else if (v.data !== w.data) diffs.push(`${k}: contents differ`);
    else if (v.target !== w.target) diffs.push(`${k}: link ${v.target} vs ${w.target}`);
    else if (v.type === 'file' && v.mtimeS !== w.mtimeS) diffs.push(`${k}: mtime ${v.mtimeS} vs ${w.mtimeS}`);
  }
  for (const k of sb.keys()) if (!sa.has(k)) diffs.push(`extra ${k}`);
  // Hard link groups: same partition of paths.
  const groups = (s: Map<string, Entry>): string[] => {
    const g = new Map<number, string[]>();
    for (const [k, v] of s) if (v.ino !== undefined) g.set(v.ino, [...(g.get(v.ino) ?? []), k]);
    return [...g.values()].map((x) => x.sort().join('|')).sort();
  };
  if (groups(sa).join(';') !== groups(sb).join(';')) diffs.push(`hard links: ${groups(sa).join(';')} vs ${groups(sb).join(';')}`);
  if (diffs.length) throw new Error(`trees differ:\n${diffs.slice(0, 20).join('\n')}`);
}

/** wimlib verify + 7zz t + apply of image `index` compared with `tree`. */
export function expectValidWim(wim: string, checks: { tree?: string; index?: number; skip7z?: boolean } = {}): void {
  run('wimlib-imagex', ['verify', wim]);
  if (!checks.skip7z) run('7zz', ['t', wim]);
  if (checks.tree) {
    const out = tmpDir('apply');
    try {
      run('wimlib-imagex', ['apply', wim, String(checks.index ?? 1), path.join(out, 'x')]);
      expectSameTree(checks.tree, path.join(out, 'x'));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }
}

export function wimInfo(wim: string): string {
  return run('wimlib-imagex', ['info', wim]).out;
}
