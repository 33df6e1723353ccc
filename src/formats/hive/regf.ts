/*
 * A reader of Windows registry hive files (the "regf" format of Windows\System32\config\SOFTWARE, SYSTEM...),
 * read from bytes already in memory:
 *
 *   base block (4096 bytes): "regf", sequence numbers, version 1.x, the root key's cell offset, the size of the
 *     hive bins data; then the hive bins ("hbin", 4096-byte multiples), holding cells.
 *   cell: a signed 32-bit size (negative = allocated) and its data; cell offsets count from the first hbin (file
 *     offset 4096), and 0xFFFFFFFF means "none".
 *   nk (key node): flags, counts and cell offsets of its subkey list and value list, its name (Latin-1 when
 *     KEY_COMP_NAME, else UTF-16LE).
 *   subkey lists: lf and lh (offset + hash per entry), li (offsets), ri (an index of lf/lh/li lists).
 *   value list: a bare cell of 32-bit vk offsets. vk (value): name, type, data size and data offset; data of 4
 *     bytes or less sits in the offset field itself (size's top bit set); above 16344 bytes in a 1.4+ hive, the data
 *     cell is a db record (big data) listing the segments.
 *
 * The bytes come from the image being captured, so they are hostile until proven otherwise: every offset is checked
 * against the bins, every count against its cell, a value's size against the hive's (so a small file cannot make
 * a large allocation), subkey lists nest one ri level only, and a tree walk keeps the keys it has seen (a list that
 * points back at an ancestor is a cycle). A broken structure is a HiveError, never another exception or a hang.
 */

export class HiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HiveError';
  }
}

export const REG_NONE = 0;
export const REG_SZ = 1;
export const REG_EXPAND_SZ = 2;
export const REG_BINARY = 3;
export const REG_DWORD = 4;
export const REG_DWORD_BIG_ENDIAN = 5;
export const REG_LINK = 6;
export const REG_MULTI_SZ = 7;
export const REG_QWORD = 11;

const BASE_BLOCK_SIZE = 4096;
const NONE = 0xffffffff;
/** nk's name is one byte per character (Latin-1). */
const KEY_COMP_NAME = 0x0020;
/** vk's name is one byte per character. */
const VALUE_COMP_NAME = 0x0001;
/** The most a data cell holds in a big-data (db) value; larger values are split into segments of this size. */
const BIG_DATA_SEGMENT = 16344;
/** The registry's own limit on key depth: a deeper walk is a corrupt (or looping) hive. */
const MAX_DEPTH = 512;

/** A key node: where its nk cell is and its name. */
export interface RegKey {
  readonly offset: number;
  readonly name: string;
}

/** A value of a key: its name ('' for the key's default value), type, data size and where the vk cell is. */
export interface RegValue {
  readonly offset: number;
  readonly name: string;
  readonly type: number;
  readonly size: number;
}

function rd16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}

function rd32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

const utf16 = new TextDecoder('utf-16le', { fatal: false });

function latin1(b: Uint8Array, o: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[o + i]);
  return s;
}

/** Case-insensitive, as the registry compares key and value names. */
function sameName(a: string, b: string): boolean {
  return a.length === b.length && (a === b || a.toUpperCase() === b.toUpperCase());
}

export class Hive {
  /** File offset of the first hbin; cell offsets count from here. */
  private readonly binsStart = BASE_BLOCK_SIZE;
  /** File offset where the bins end (the declared size, or the file's end when shorter). */
  private readonly binsEnd: number;
  readonly majorVersion: number;
  readonly minorVersion: number;
  private readonly rootOffset: number;

  private constructor(private readonly b: Uint8Array) {
    if (b.length < BASE_BLOCK_SIZE + 32) throw new HiveError('The file is too short to be a registry hive.');
    if (b[0] !== 0x72 || b[1] !== 0x65 || b[2] !== 0x67 || b[3] !== 0x66) throw new HiveError('The file is not a registry hive (no "regf" signature).');
    this.majorVersion = rd32(b, 20);
    this.minorVersion = rd32(b, 24);
    if (this.majorVersion !== 1) throw new HiveError(`Unsupported registry hive version ${this.majorVersion}.${this.minorVersion}.`);
    if (b[BASE_BLOCK_SIZE] !== 0x68 || b[BASE_BLOCK_SIZE + 1] !== 0x62 || b[BASE_BLOCK_SIZE + 2] !== 0x69 || b[BASE_BLOCK_SIZE + 3] !== 0x6e) {
      throw new HiveError('The registry hive has no hive bin after its base block.');
    }
    const declared = rd32(b, 40);
    // A hive whose base block claims more bins than the file holds (a truncated copy) is read as far as it goes.
    this.binsEnd = BASE_BLOCK_SIZE + Math.min(declared === 0 ? b.length : declared, b.length - BASE_BLOCK_SIZE);
    this.rootOffset = rd32(b, 36);
    const root = this.cell(this.rootOffset);
    if (!this.isSig(root.start, 0x6e, 0x6b)) throw new HiveError('The root key of the registry hive is not a key node.');
  }

  /** Opens a hive held in memory; throws HiveError when the base block or the root key is broken. */
  static open(bytes: Uint8Array): Hive {
    return new Hive(bytes);
  }

  private isSig(at: number, c0: number, c1: number): boolean {
    return this.b[at] === c0 && this.b[at + 1] === c1;
  }

  /** The data of the cell at `offset` as file offsets [start, end), checked against the bins. */
  private cell(offset: number): { start: number; end: number } {
    if (offset === NONE || offset % 8 !== 0) throw new HiveError(`Bad cell offset 0x${offset.toString(16)} in the registry hive.`);
    const at = this.binsStart + offset;
    if (at < this.binsStart + 32 || at + 4 > this.binsEnd) throw new HiveError(`Cell offset 0x${offset.toString(16)} is outside the registry hive.`);
    const raw = rd32(this.b, at) | 0;
    // Allocated cells have a negative size; a positive one is free space, read as well since hives in the wild
    // (and writers that do not mark cells) have them, and its bytes are checked like any other.
    const size = raw < 0 ? -raw : raw;
    if (size < 8 || at + size > this.binsEnd) throw new HiveError(`Cell at 0x${offset.toString(16)} has a bad size in the registry hive.`);
    return { start: at + 4, end: at + size };
  }

  /** The nk cell at `offset`, checked; returns its start. */
  private nk(offset: number): { start: number; end: number } {
    const c = this.cell(offset);
    if (c.end - c.start < 76 || !this.isSig(c.start, 0x6e, 0x6b)) throw new HiveError(`Cell 0x${offset.toString(16)} is not a key node.`);
    return c;
  }

  private keyAt(offset: number): RegKey {
    const c = this.nk(offset);
    const b = this.b;
    const flags = rd16(b, c.start + 2);
    const len = rd16(b, c.start + 72);
    if (c.start + 76 + len > c.end) throw new HiveError(`The name of key 0x${offset.toString(16)} runs past its cell.`);
    const name = flags & KEY_COMP_NAME ? latin1(b, c.start + 76, len) : utf16.decode(b.subarray(c.start + 76, c.start + 76 + (len & ~1)));
    return { offset, name };
  }

  root(): RegKey {
    return this.keyAt(this.rootOffset);
  }

  /** The subkeys of `key`, in the order its lists hold them. */
  subkeys(key: RegKey): RegKey[] {
    const c = this.nk(key.offset);
    const count = rd32(this.b, c.start + 20);
    const list = rd32(this.b, c.start + 28);
    if (count === 0 || list === NONE) return [];
    const offsets: number[] = [];
    this.collectSubkeyList(list, offsets, 0);
    if (offsets.length !== count) throw new HiveError(`Key "${key.name}" declares ${count} subkeys and its lists hold ${offsets.length}.`);
    return offsets.map((o) => this.keyAt(o));
  }

  private collectSubkeyList(offset: number, out: number[], depth: number): void {
    const c = this.cell(offset);
    const b = this.b;
    if (c.end - c.start < 4) throw new HiveError('A subkey list is too short.');
    const n = rd16(b, c.start + 2);
    const s0 = b[c.start];
    const s1 = b[c.start + 1];
    if (s0 === 0x6c && (s1 === 0x66 || s1 === 0x68)) {
      // lf / lh: offset and a hash of the name per entry.
      if (c.start + 4 + n * 8 > c.end) throw new HiveError('A subkey list runs past its cell.');
      for (let i = 0; i < n; i++) out.push(rd32(b, c.start + 4 + i * 8));
    } else if (s0 === 0x6c && s1 === 0x69) {
      if (c.start + 4 + n * 4 > c.end) throw new HiveError('A subkey list runs past its cell.');
      for (let i = 0; i < n; i++) out.push(rd32(b, c.start + 4 + i * 4));
    } else if (s0 === 0x72 && s1 === 0x69) {
      // ri: an index of lists; Windows never nests them, so a nested ri is refused (and with it any loop of lists).
      if (depth > 0) throw new HiveError('A subkey index (ri) is nested in another.');
      if (c.start + 4 + n * 4 > c.end) throw new HiveError('A subkey index runs past its cell.');
      for (let i = 0; i < n; i++) this.collectSubkeyList(rd32(b, c.start + 4 + i * 4), out, depth + 1);
    } else {
      throw new HiveError('A subkey list has an unknown signature.');
    }
    if (out.length > (this.binsEnd - this.binsStart) / 8) throw new HiveError('The subkey lists name more keys than the hive can hold.');
  }

  /** The subkey of `key` called `name` (case-insensitive), or undefined. */
  subkey(key: RegKey, name: string): RegKey | undefined {
    for (const k of this.subkeys(key)) if (sameName(k.name, name)) return k;
    return undefined;
  }

  /** The key at a '\'-separated path under the root ('' is the root), or undefined when a part is missing. */
  key(path: string): RegKey | undefined {
    let k: RegKey | undefined = this.root();
    for (const part of path.split('\\')) {
      if (part === '') continue;
      k = this.subkey(k, part);
      if (!k) return undefined;
    }
    return k;
  }

  values(key: RegKey): RegValue[] {
    const c = this.nk(key.offset);
    const b = this.b;
    const count = rd32(b, c.start + 36);
    const list = rd32(b, c.start + 40);
    if (count === 0 || list === NONE) return [];
    const lc = this.cell(list);
    if (lc.start + count * 4 > lc.end) throw new HiveError(`The value list of key "${key.name}" runs past its cell.`);
    const out: RegValue[] = [];
    for (let i = 0; i < count; i++) out.push(this.valueAt(rd32(b, lc.start + i * 4)));
    return out;
  }

  private valueAt(offset: number): RegValue {
    const c = this.cell(offset);
    const b = this.b;
    if (c.end - c.start < 20 || !this.isSig(c.start, 0x76, 0x6b)) throw new HiveError(`Cell 0x${offset.toString(16)} is not a value.`);
    const len = rd16(b, c.start + 2);
    const flags = rd16(b, c.start + 16);
    if (c.start + 20 + len > c.end) throw new HiveError(`The name of value 0x${offset.toString(16)} runs past its cell.`);
    const name = flags & VALUE_COMP_NAME ? latin1(b, c.start + 20, len) : utf16.decode(b.subarray(c.start + 20, c.start + 20 + (len & ~1)));
    const rawSize = rd32(b, c.start + 4);
    const size = rawSize >= 0x80000000 ? rawSize - 0x80000000 : rawSize;
    return { offset, name, type: rd32(b, c.start + 12), size };
  }

  /** The value of `key` called `name` ('' for the default value), case-insensitive, or undefined. */
  value(key: RegKey, name: string): RegValue | undefined {
    for (const v of this.values(key)) if (sameName(v.name, name)) return v;
    return undefined;
  }

  /** A value's data bytes (a copy only for big data; otherwise a view into the hive). */
  data(v: RegValue): Uint8Array {
    const b = this.b;
    const c = this.cell(v.offset);
    const rawSize = rd32(b, c.start + 4);
    const dataOffset = rd32(b, c.start + 8);
    if (rawSize >= 0x80000000) {
      // Resident: up to 4 bytes in the data-offset field itself.
      const n = rawSize - 0x80000000;
      if (n > 4) throw new HiveError(`Value "${v.name}" claims ${n} resident bytes.`);
      return b.subarray(c.start + 8, c.start + 8 + n);
    }
    const size = rawSize;
    if (size === 0) return new Uint8Array(0);
    if (size > this.binsEnd - this.binsStart) throw new HiveError(`Value "${v.name}" is larger than the hive.`);
    const dc = this.cell(dataOffset);
    if (size > BIG_DATA_SEGMENT && this.minorVersion >= 4 && dc.end - dc.start >= 8 && this.isSig(dc.start, 0x64, 0x62)) {
      const segments = rd16(b, dc.start + 2);
      const listCell = this.cell(rd32(b, dc.start + 4));
      if (listCell.start + segments * 4 > listCell.end) throw new HiveError(`The segment list of value "${v.name}" runs past its cell.`);
      const out = new Uint8Array(size);
      let done = 0;
      for (let i = 0; i < segments && done < size; i++) {
        const seg = this.cell(rd32(b, listCell.start + i * 4));
        const n = Math.min(size - done, BIG_DATA_SEGMENT, seg.end - seg.start);
        out.set(b.subarray(seg.start, seg.start + n), done);
        done += n;
      }
      if (done < size) throw new HiveError(`The segments of value "${v.name}" hold less than its size.`);
      return out;
    }
    if (dc.start + size > dc.end) throw new HiveError(`The data of value "${v.name}" runs past its cell.`);
    return b.subarray(dc.start, dc.start + size);
  }

  /** A REG_SZ / REG_EXPAND_SZ / REG_LINK value as text, up to its first NUL. */
  string(v: RegValue): string {
    if (v.type !== REG_SZ && v.type !== REG_EXPAND_SZ && v.type !== REG_LINK) throw new HiveError(`Value "${v.name}" is not a string (type ${v.type}).`);
    return decodeRegString(this.data(v));
  }

  /** A REG_MULTI_SZ value's strings (up to the empty one that ends the list). */
  multiString(v: RegValue): string[] {
    if (v.type !== REG_MULTI_SZ) throw new HiveError(`Value "${v.name}" is not a multi-string (type ${v.type}).`);
    const text = utf16.decode(this.data(v).subarray(0, v.size & ~1));
    const out: string[] = [];
    for (const s of text.split('\0')) {
      if (s === '') break;
      out.push(s);
    }
    return out;
  }

  /** A REG_DWORD, REG_DWORD_BIG_ENDIAN or REG_QWORD value (a QWORD beyond 2^53 is refused). */
  number(v: RegValue): number {
    const d = this.data(v);
    if ((v.type === REG_DWORD || v.type === REG_DWORD_BIG_ENDIAN) && d.length >= 4) {
      return v.type === REG_DWORD ? rd32(d, 0) : ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0;
    }
    if (v.type === REG_QWORD && d.length >= 8) {
      const hi = rd32(d, 4);
      if (hi >= 0x200000) throw new HiveError(`Value "${v.name}" is too large a number.`);
      return hi * 0x100000000 + rd32(d, 0);
    }
    throw new HiveError(`Value "${v.name}" is not a number (type ${v.type}, ${d.length} bytes).`);
  }

  /** A REG_QWORD (or DWORD) value whole, as a bigint: FILETIMEs such as InstallTime pass 2^53. */
  bigint(v: RegValue): bigint {
    const d = this.data(v);
    if (v.type === REG_QWORD && d.length >= 8) return BigInt(rd32(d, 0)) | (BigInt(rd32(d, 4)) << 32n);
    return BigInt(this.number(v));
  }

  /** The string at key path / value name, or undefined when the key or value is missing. */
  getString(path: string, name: string): string | undefined {
    const k = this.key(path);
    const v = k && this.value(k, name);
    return v ? this.string(v) : undefined;
  }

  /** The number at key path / value name, or undefined when the key or value is missing. */
  getNumber(path: string, name: string): number | undefined {
    const k = this.key(path);
    const v = k && this.value(k, name);
    return v ? this.number(v) : undefined;
  }

  /** The names of the subkeys at a path, or undefined when the key is missing. */
  listSubkeys(path: string): string[] | undefined {
    const k = this.key(path);
    return k ? this.subkeys(k).map((s) => s.name) : undefined;
  }

  /**
   * Visits every key depth first (the root at depth 0) with its path. A key reached twice (a list pointing back at
   * an ancestor or sharing a key) or a path deeper than the registry allows is a HiveError.
   */
  walk(visit: (key: RegKey, path: string, depth: number) => void): void {
    const seen = new Set<number>();
    const stack: { key: RegKey; path: string; depth: number }[] = [{ key: this.root(), path: '', depth: 0 }];
    while (stack.length) {
      const { key, path, depth } = stack.pop()!;
      if (seen.has(key.offset)) throw new HiveError(`Key "${path}" is reached twice: the hive's key lists loop.`);
      seen.add(key.offset);
      if (depth > MAX_DEPTH) throw new HiveError('The registry hive nests keys deeper than the registry allows.');
      visit(key, path, depth);
      const subs = this.subkeys(key);
      for (let i = subs.length - 1; i >= 0; i--) {
        stack.push({ key: subs[i], path: path === '' ? subs[i].name : `${path}\\${subs[i].name}`, depth: depth + 1 });
      }
    }
  }
}

/** UTF-16LE registry string data up to its first NUL (an odd last byte is dropped). */
export function decodeRegString(d: Uint8Array): string {
  let end = d.length & ~1;
  for (let i = 0; i + 1 < end; i += 2) {
    if (d[i] === 0 && d[i + 1] === 0) {
      end = i;
      break;
    }
  }
  return utf16.decode(d.subarray(0, end));
}
