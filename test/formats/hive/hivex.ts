/*
 * Registry hives made at test time with hivex (Debian's python3-hivex, the oracle): an empty hive (base block, one
 * hbin, a root key with its security cell; hivex cannot create a hive from nothing) is written here, and hivex
 * itself adds the keys and values of a spec and commits, so every list, vk and big-data record is hivex's own.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REG = { SZ: 1, EXPAND_SZ: 2, BINARY: 3, DWORD: 4, DWORD_BIG_ENDIAN: 5, MULTI_SZ: 7, QWORD: 11 } as const;

/** A value as the spec gives it: the type and the data bytes. */
export interface SpecValue {
  name: string;
  type: number;
  data: Uint8Array;
}

/** Key path ('\'-separated, '' for the root) to its values; parents are created as needed. */
export type HiveSpec = Record<string, SpecValue[]>;

/** Debian installs the binding for the system Python; a pyenv python3 in PATH would not see it. */
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import hivex'], { stdio: 'ignore' }).status === 0);

export const sz = (name: string, s: string, type: number = REG.SZ): SpecValue => ({ name, type, data: Buffer.from(s + '\0', 'utf16le') });
export const dword = (name: string, n: number): SpecValue => {
  const d = Buffer.alloc(4);
  d.writeUInt32LE(n >>> 0);
  return { name, type: REG.DWORD, data: d };
};
export const qword = (name: string, n: bigint): SpecValue => {
  const d = Buffer.alloc(8);
  d.writeBigUInt64LE(n);
  return { name, type: REG.QWORD, data: d };
};
export const multiSz = (name: string, list: string[]): SpecValue => ({ name, type: REG.MULTI_SZ, data: Buffer.from(list.map((s) => s + '\0').join('') + '\0', 'utf16le') });
export const binary = (name: string, data: Uint8Array): SpecValue => ({ name, type: REG.BINARY, data });

/** An empty hive: base block, one 4 KiB hbin holding the root key "ROOT", its sk cell, and free space. */
export function emptyHive(minor = 5): Buffer {
  const b = Buffer.alloc(8192);
  b.write('regf', 0, 'latin1');
  b.writeUInt32LE(1, 4);
  b.writeUInt32LE(1, 8);
  b.writeUInt32LE(1, 20);
  b.writeUInt32LE(minor, 24);
  b.writeUInt32LE(0, 28); // primary file
  b.writeUInt32LE(1, 32); // direct memory load
  b.writeUInt32LE(0x20, 36); // root key cell
  b.writeUInt32LE(4096, 40); // hive bins data size
  b.writeUInt32LE(1, 44);
  let x = 0;
  for (let i = 0; i < 508; i += 4) x ^= b.readUInt32LE(i);
  b.writeUInt32LE(x >>> 0, 508);
  const bin = 4096;
  b.write('hbin', bin, 'latin1');
  b.writeUInt32LE(0, bin + 4);
  b.writeUInt32LE(4096, bin + 8);
  // Root nk at bin offset 0x20: 4 size + 76 header + "ROOT" = 84 -> 88.
  const nk = bin + 0x20;
  const skOff = 0x20 + 88;
  b.writeInt32LE(-88, nk);
  b.write('nk', nk + 4, 'latin1');
  b.writeUInt16LE(0x2c, nk + 6); // KEY_HIVE_ENTRY | KEY_NO_DELETE | KEY_COMP_NAME
  b.writeUInt32LE(0xffffffff, nk + 4 + 16); // parent
  b.writeUInt32LE(0xffffffff, nk + 4 + 28); // subkey list
  b.writeUInt32LE(0xffffffff, nk + 4 + 32); // volatile subkey list
  b.writeUInt32LE(0xffffffff, nk + 4 + 40); // value list
  b.writeUInt32LE(skOff, nk + 4 + 44);
  b.writeUInt32LE(0xffffffff, nk + 4 + 48); // class name
  b.writeUInt16LE(4, nk + 4 + 72);
  b.write('ROOT', nk + 4 + 76, 'latin1');
  // sk: 4 size + 20 header + a 20-byte self-relative security descriptor = 44 -> 48.
  const sk = bin + skOff;
  b.writeInt32LE(-48, sk);
  b.write('sk', sk + 4, 'latin1');
  b.writeUInt32LE(skOff, sk + 8); // flink: itself
  b.writeUInt32LE(skOff, sk + 12); // blink: itself
  b.writeUInt32LE(1, sk + 16); // reference count
  b.writeUInt32LE(20, sk + 20);
  b[sk + 24] = 1; // revision
  b.writeUInt16LE(0x8000, sk + 26); // SE_SELF_RELATIVE
  const free = skOff + 48;
  b.writeInt32LE(4096 - free, bin + free);
  return b;
}

const SCRIPT = `
import hivex, json, sys
spec = json.load(open(sys.argv[2]))
h = hivex.Hivex(sys.argv[1], write=True)
for path, values in spec:
    node = h.root()
    for part in [p for p in path.split('\\\\') if p]:
        c = h.node_get_child(node, part)
        node = c if c else h.node_add_child(node, part)
    if values:
        h.node_set_values(node, [{'key': v['name'], 't': v['type'], 'value': bytes.fromhex(v['hex'])} for v in values])
h.commit(None)
`;

/** Writes a hive with hivex into `file` (which is created) and returns its bytes. */
export function makeHive(file: string, spec: HiveSpec, minor = 5): Buffer {
  // hivex is a required oracle, like wimlib-imagex: without it the tests fail rather than skip.
  if (!PYTHON) throw new Error('python3-hivex is not installed (apt-get install libhivex-bin python3-hivex; .ci/run does)');
  fs.writeFileSync(file, emptyHive(minor));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-hivex-'));
  try {
    const specFile = path.join(tmp, 'spec.json');
    const scriptFile = path.join(tmp, 'make.py');
    fs.writeFileSync(scriptFile, SCRIPT);
    const entries = Object.entries(spec).map(([k, vs]) => [k, vs.map((v) => ({ name: v.name, type: v.type, hex: Buffer.from(v.data).toString('hex') }))]);
    fs.writeFileSync(specFile, JSON.stringify(entries));
    const r = spawnSync(PYTHON, [scriptFile, file, specFile], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`hivex failed: ${r.stderr || r.error}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return fs.readFileSync(file);
}
