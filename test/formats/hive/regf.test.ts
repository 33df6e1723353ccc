/*
 * The registry hive reader against hives hivex writes at test time (the oracle for lf/lh lists, vk records, value
 * types, big values in one cell), hand-built hives for what hivex never writes (ri and li lists, db big data,
 * resident data), and broken ones that must end in a HiveError: truncated, wrong signatures, offsets outside the
 * bins, lists that loop back to an ancestor.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Hive, HiveError, REG_BINARY, REG_DWORD_BIG_ENDIAN, REG_EXPAND_SZ, REG_MULTI_SZ, REG_SZ } from '../../../src/formats/hive/regf';
import { REG, binary, dword, emptyHive, makeHive, multiSz, qword, sz } from './hivex';

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-regf-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Cells appended to an empty hive grown to one 64 KiB bin, for structures hivex never writes. */
class HiveBuilder {
  b: Buffer;
  private next: number;
  constructor(minor = 5) {
    this.b = Buffer.alloc(4096 + 65536);
    emptyHive(minor).copy(this.b);
    this.b.writeUInt32LE(65536, 4096 + 8);
    this.b.writeUInt32LE(65536, 40);
    this.next = 0x20 + 88 + 48;
  }
  /** Appends an allocated cell holding `data`; returns its offset. */
  cell(data: Buffer): number {
    const size = (4 + data.length + 7) & ~7;
    const off = this.next;
    this.b.writeInt32LE(-size, 4096 + off);
    data.copy(this.b, 4096 + off + 4);
    this.next += size;
    return off;
  }
  nk(name: string, subkeyCount = 0, subkeyList = 0xffffffff, valueCount = 0, valueList = 0xffffffff): number {
    const d = Buffer.alloc(76 + name.length);
    d.write('nk', 0, 'latin1');
    d.writeUInt16LE(0x20, 2);
    d.writeUInt32LE(subkeyCount, 20);
    d.writeUInt32LE(subkeyList, 28);
    d.writeUInt32LE(0xffffffff, 32);
    d.writeUInt32LE(valueCount, 36);
    d.writeUInt32LE(valueList, 40);
    d.writeUInt32LE(0xffffffff, 48);
    d.writeUInt16LE(name.length, 72);
    d.write(name, 76, 'latin1');
    return this.cell(d);
  }
  list(sig: 'li' | 'ri' | 'lf', offsets: number[]): number {
    const wide = sig === 'lf';
    const d = Buffer.alloc(4 + offsets.length * (wide ? 8 : 4));
    d.write(sig, 0, 'latin1');
    d.writeUInt16LE(offsets.length, 2);
    offsets.forEach((o, i) => d.writeUInt32LE(o, 4 + i * (wide ? 8 : 4)));
    return this.cell(d);
  }
  vk(name: string, type: number, size: number, dataOffset: number): number {
    const d = Buffer.alloc(20 + name.length);
    d.write('vk', 0, 'latin1');
    d.writeUInt16LE(name.length, 2);
    d.writeUInt32LE(size >>> 0, 4);
    d.writeUInt32LE(dataOffset >>> 0, 8);
    d.writeUInt32LE(type, 12);
    d.writeUInt16LE(1, 16);
    d.write(name, 20, 'latin1');
    return this.cell(d);
  }
  offsets(list: number[]): number {
    const d = Buffer.alloc(list.length * 4);
    list.forEach((o, i) => d.writeUInt32LE(o, i * 4));
    return this.cell(d);
  }
  /** Points the root key at these subkeys and values. */
  root(subkeyCount: number, subkeyList: number, valueCount = 0, valueList = 0xffffffff): Buffer {
    const nk = 4096 + 0x20 + 4;
    this.b.writeUInt32LE(subkeyCount, nk + 20);
    this.b.writeUInt32LE(subkeyList, nk + 28);
    this.b.writeUInt32LE(valueCount, nk + 36);
    this.b.writeUInt32LE(valueList, nk + 40);
    // The rest of the bin is one free cell.
    this.b.writeInt32LE(65536 - this.next, 4096 + this.next);
    return this.b;
  }
}

describe('hives written by hivex', () => {
  it('reads every value type, case-insensitively, with the default value', () => {
    const big = Buffer.alloc(40000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
    const file = path.join(work, 'types');
    const h = Hive.open(
      makeHive(file, {
        'Microsoft\\Windows NT\\CurrentVersion': [
          sz('ProductName', 'Windows 10 Pro'),
          sz('', 'the default'),
          sz('PathName', '%SystemRoot%', REG.EXPAND_SZ),
          dword('CurrentMajorVersionNumber', 10),
          { name: 'BigEndian', type: REG.DWORD_BIG_ENDIAN, data: Buffer.from([0x12, 0x34, 0x56, 0x78]) },
          qword('InstallTime', 133_000_000_000_000_000n),
          qword('Small', 2n ** 40n + 5n),
          multiSz('Langs', ['en-US', 'zh-CN']),
          binary('DigitalProductId', big),
          sz('Ünïcödé 名前', 'värde 值'),
        ],
        'ControlSet001\\Control\\MUI\\UILanguages\\en-US': [dword('Type', 0x92)],
        'ControlSet001\\Control\\MUI\\UILanguages\\zh-CN': [],
      }),
    );
    expect(h.root().name).toBe('ROOT');
    const k = h.key('microsoft\\WINDOWS NT\\currentversion')!;
    expect(k.name).toBe('CurrentVersion');
    expect(h.getString('Microsoft\\Windows NT\\CurrentVersion', 'productname')).toBe('Windows 10 Pro');
    expect(h.string(h.value(k, '')!)).toBe('the default');
    const p = h.value(k, 'PathName')!;
    expect(p.type).toBe(REG_EXPAND_SZ);
    expect(h.string(p)).toBe('%SystemRoot%');
    expect(h.getNumber('Microsoft\\Windows NT\\CurrentVersion', 'CurrentMajorVersionNumber')).toBe(10);
    expect(h.number(h.value(k, 'BigEndian')!)).toBe(0x12345678);
    expect(h.bigint(h.value(k, 'InstallTime')!)).toBe(133_000_000_000_000_000n);
    expect(() => h.number(h.value(k, 'InstallTime')!)).toThrow(/too large/);
    expect(h.number(h.value(k, 'Small')!)).toBe(2 ** 40 + 5);
    const m = h.value(k, 'Langs')!;
    expect(m.type).toBe(REG_MULTI_SZ);
    expect(h.multiString(m)).toEqual(['en-US', 'zh-CN']);
    const d = h.value(k, 'DigitalProductId')!;
    expect(d.type).toBe(REG_BINARY);
    expect(Buffer.from(h.data(d)).equals(big)).toBe(true);
    expect(h.string(h.value(k, 'ünÏCÖDÉ 名前')!)).toBe('värde 值');
    expect(h.listSubkeys('ControlSet001\\Control\\MUI\\UILanguages')).toEqual(['en-US', 'zh-CN']);
    expect(h.key('Microsoft\\Nope')).toBeUndefined();
    expect(h.getString('Microsoft\\Windows NT\\CurrentVersion', 'Missing')).toBeUndefined();
    // A type asked for that the value is not: an error, not a wrong answer.
    expect(() => h.string(h.value(k, 'CurrentMajorVersionNumber')!)).toThrow(HiveError);
    expect(() => h.number(h.value(k, 'ProductName')!)).toThrow(HiveError);
  });

  it('lists hundreds of subkeys and walks the whole tree, in a 1.3 hive too', () => {
    const spec: Record<string, []> = {};
    for (let i = 0; i < 700; i++) spec[`Many\\Key${String(i).padStart(4, '0')}`] = [];
    spec['Deep\\a\\b\\c\\d\\e\\f'] = [];
    for (const minor of [3, 5]) {
      const h = Hive.open(makeHive(path.join(work, `many${minor}`), spec, minor));
      const names = h.listSubkeys('Many')!;
      expect(names).toHaveLength(700);
      expect(new Set(names).size).toBe(700);
      expect(h.key('many\\KEY0699')?.name).toBe('Key0699');
      const paths: string[] = [];
      h.walk((_k, p) => paths.push(p));
      expect(paths).toHaveLength(1 + 1 + 700 + 7);
      expect(paths).toContain('Deep\\a\\b\\c\\d\\e\\f');
    }
  });
});

describe('structures hivex does not write', () => {
  it('reads ri indexes of li lists, db big data and resident values', () => {
    const hb = new HiveBuilder(5);
    const a = hb.nk('Alpha');
    const b = hb.nk('Beta');
    const c = hb.nk('Gamma');
    const ri = hb.list('ri', [hb.list('li', [a, b]), hb.list('li', [c])]);
    // A 40000-byte value in three db segments of 16344 bytes at most.
    const big = Buffer.alloc(40000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 13) & 0xff;
    const segs = [0, 16344, 32688].map((s) => hb.cell(big.subarray(s, Math.min(s + 16344, big.length))));
    const db = Buffer.alloc(8);
    db.write('db', 0, 'latin1');
    db.writeUInt16LE(3, 2);
    db.writeUInt32LE(hb.offsets(segs), 4);
    const vBig = hb.vk('Big', REG_BINARY, 40000, hb.cell(db));
    const vRes = hb.vk('Res', 4, 0x80000004, 0x11223344);
    const vStr = hb.vk('Two', REG_SZ, 0x80000004, 0x00320031);
    const bytes = hb.root(3, ri, 3, hb.offsets([vBig, vRes, vStr]));
    const h = Hive.open(bytes);
    expect(h.listSubkeys('')).toEqual(['Alpha', 'Beta', 'Gamma']);
    const root = h.root();
    expect(Buffer.from(h.data(h.value(root, 'big')!)).equals(big)).toBe(true);
    expect(h.number(h.value(root, 'Res')!)).toBe(0x11223344);
    expect(h.string(h.value(root, 'Two')!)).toBe('12');
  });

  it('refuses a key list that loops back to its ancestor, a nested ri, and a count its lists do not hold', () => {
    const loop = new HiveBuilder();
    // Child's subkey list names the root key itself.
    const child = loop.nk('Child', 1, loop.list('lf', [0x20]));
    const loopHive = Hive.open(loop.root(1, loop.list('lf', [child])));
    expect(() => loopHive.walk(() => undefined)).toThrow(/loop/);

    const nested = new HiveBuilder();
    const k = nested.nk('K');
    const inner = nested.list('ri', [nested.list('li', [k])]);
    const nestedHive = Hive.open(nested.root(1, nested.list('ri', [inner])));
    expect(() => nestedHive.listSubkeys('')).toThrow(/nested/);

    const self = new HiveBuilder();
    const selfRi = self.list('ri', [0]);
    // An ri listing itself.
    self.b.writeUInt32LE(selfRi, 4096 + selfRi + 4 + 4);
    const selfHive = Hive.open(self.root(1, selfRi));
    expect(() => selfHive.listSubkeys('')).toThrow(HiveError);

    const miscount = new HiveBuilder();
    const m = miscount.nk('M');
    const miscountHive = Hive.open(miscount.root(5, miscount.list('li', [m])));
    expect(() => miscountHive.listSubkeys('')).toThrow(/declares 5 subkeys/);
  });

  it('refuses values whose data lies outside the hive or is larger than it', () => {
    const hb = new HiveBuilder();
    const far = hb.vk('Far', REG_SZ, 8, 0x7ffffff8);
    const huge = hb.vk('Huge', REG_BINARY, 0x7fffffff, 0x20);
    const res = hb.vk('Res', REG_BINARY, 0x80000010, 0);
    const h = Hive.open(hb.root(0, 0xffffffff, 3, hb.offsets([far, huge, res])));
    const root = h.root();
    expect(() => h.data(h.value(root, 'Far')!)).toThrow(/outside/);
    expect(() => h.data(h.value(root, 'Huge')!)).toThrow(/larger than the hive/);
    expect(() => h.data(h.value(root, 'Res')!)).toThrow(/resident/);
  });
});

describe('broken base blocks', () => {
  it('refuses short files, wrong signatures, other versions and a root that is not a key', () => {
    const good = emptyHive();
    expect(Hive.open(good).root().name).toBe('ROOT');
    expect(() => Hive.open(good.subarray(0, 4000))).toThrow(/too short/);
    const notRegf = Buffer.from(good);
    notRegf.write('regx', 0, 'latin1');
    expect(() => Hive.open(notRegf)).toThrow(/signature/);
    const v2 = Buffer.from(good);
    v2.writeUInt32LE(2, 20);
    expect(() => Hive.open(v2)).toThrow(/version 2/);
    const noBin = Buffer.from(good);
    noBin.write('xbin', 4096, 'latin1');
    expect(() => Hive.open(noBin)).toThrow(/hive bin/);
    const rootOut = Buffer.from(good);
    rootOut.writeUInt32LE(0x100000, 36);
    expect(() => Hive.open(rootOut)).toThrow(/outside/);
    const rootSk = Buffer.from(good);
    rootSk.writeUInt32LE(0x20 + 88, 36);
    expect(() => Hive.open(rootSk)).toThrow(/not a key node/);
    // A base block that claims more bins than the file holds: read as far as the file goes.
    const long = Buffer.from(good);
    long.writeUInt32LE(1 << 30, 40);
    expect(Hive.open(long).listSubkeys('')).toEqual([]);
  });
});
