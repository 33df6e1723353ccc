/*
 * The few facts of a PE (Portable Executable) file that a Windows image's XML records: the machine type of the
 * COFF header (which processor the Windows of kernel32.dll runs on) and the file version of its version resource
 * (VS_FIXEDFILEINFO: major.minor.build.revision, e.g. 10.0.26100.1742, where DISM's ServicePack Build is the 4th).
 *
 *   DOS header: "MZ", e_lfanew at 0x3C -> "PE\0\0", COFF header (Machine, NumberOfSections, SizeOfOptionalHeader),
 *   optional header (magic 0x10B PE32 / 0x20B PE32+, data directories: #2 is the resource table), section table
 *   (RVA -> file offset); resource tree: type (RT_VERSION = 16) -> name -> language -> data entry (RVA, size);
 *   VS_VERSIONINFO: wLength, wValueLength, wType, "VS_VERSION_INFO\0", padding to 4, VS_FIXEDFILEINFO
 *   (signature 0xFEEF04BD, then the file version as two DWORDs).
 *
 * Every offset is checked against the bytes given; a file that is not a PE, or has no version resource, gives
 * undefined for what it lacks (the caller records less), never an exception for broken input.
 */

/** IMAGE_FILE_MACHINE_* to Windows' PROCESSOR_ARCHITECTURE_* (the number the XML's ARCH holds). */
const MACHINE_TO_ARCH: Record<number, number> = {
  0x014c: 0, // i386 -> x86
  0x01c0: 5, // ARM
  0x01c2: 5, // Thumb
  0x01c4: 5, // ARMv7
  0x0200: 6, // IA-64
  0x8664: 9, // AMD64 -> x64
  0xaa64: 12, // ARM64
};

const RT_VERSION = 16;
const VS_FFI_SIGNATURE = 0xfeef04bd;

export interface PeVersion {
  major: number;
  minor: number;
  build: number;
  revision: number;
}

export interface PeInfo {
  /** IMAGE_FILE_MACHINE_* of the COFF header. */
  machine: number;
  /** PROCESSOR_ARCHITECTURE_* for the machine, or undefined for one Windows images do not use. */
  arch: number | undefined;
  /** The version resource's file version, when the file has one. */
  fileVersion: PeVersion | undefined;
}

function rd16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}

function rd32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

interface Section {
  va: number;
  raw: number;
  rawSize: number;
}

/** The machine type and file version of a PE file, or undefined when the bytes are not a PE file. */
export function readPeInfo(b: Uint8Array): PeInfo | undefined {
  if (b.length < 0x40 || b[0] !== 0x4d || b[1] !== 0x5a) return undefined;
  const pe = rd32(b, 0x3c);
  if (pe + 24 > b.length || rd32(b, pe) !== 0x00004550) return undefined;
  const machine = rd16(b, pe + 4);
  const info: PeInfo = { machine, arch: MACHINE_TO_ARCH[machine], fileVersion: undefined };
  info.fileVersion = versionOf(b, pe);
  return info;
}

function versionOf(b: Uint8Array, pe: number): PeVersion | undefined {
  const nSections = rd16(b, pe + 6);
  const optSize = rd16(b, pe + 20);
  const opt = pe + 24;
  if (opt + optSize > b.length || optSize < 2) return undefined;
  const magic = rd16(b, opt);
  const dirBase = magic === 0x20b ? opt + 112 : magic === 0x10b ? opt + 96 : -1;
  if (dirBase < 0) return undefined;
  const nDirs = rd32(b, dirBase - 4);
  if (nDirs < 3 || dirBase + 3 * 8 > opt + optSize) return undefined;
  const resRva = rd32(b, dirBase + 16);
  const resSize = rd32(b, dirBase + 20);
  if (resRva === 0 || resSize === 0) return undefined;
  const sections: Section[] = [];
  const secBase = opt + optSize;
  for (let i = 0; i < nSections; i++) {
    const s = secBase + i * 40;
    if (s + 40 > b.length) return undefined;
    sections.push({ va: rd32(b, s + 12), rawSize: rd32(b, s + 16), raw: rd32(b, s + 20) });
  }
  /** File offset of `len` bytes at an RVA, or -1 when they are not all in one section's raw data. */
  const fileOffset = (rva: number, len: number): number => {
    for (const s of sections) {
      // Only bytes the file holds: a section's tail beyond its raw data is zero-filled memory, not file content.
      if (rva >= s.va && rva + len <= s.va + s.rawSize) {
        const o = s.raw + (rva - s.va);
        return o + len <= b.length ? o : -1;
      }
    }
    return -1;
  };
  const root = fileOffset(resRva, 16);
  if (root < 0) return undefined;
  // Each level: the first entry whose id matches (type), or simply the first entry (name, language).
  const entryOf = (dir: number, id: number | undefined): number | undefined => {
    if (dir < 0 || dir + 16 > b.length) return undefined;
    const n = rd16(b, dir + 12) + rd16(b, dir + 14);
    for (let i = 0; i < n && i < 4096; i++) {
      const e = dir + 16 + i * 8;
      if (e + 8 > b.length) return undefined;
      const name = rd32(b, e);
      if (id === undefined || name === id) return rd32(b, e + 4);
    }
    return undefined;
  };
  // Subdirectory offsets count from the start of the resource section and carry the top bit.
  const sub = (entry: number | undefined, wantDir: boolean): number => {
    if (entry === undefined || (entry >= 0x80000000) !== wantDir) return -1;
    const off = entry & 0x7fffffff;
    return off + 16 > resSize ? -1 : root + off;
  };
  const leaf = sub(entryOf(sub(entryOf(sub(entryOf(root, RT_VERSION), true), undefined), true), undefined), false);
  if (leaf < 0 || leaf + 16 > b.length) return undefined;
  const dataRva = rd32(b, leaf);
  const dataSize = rd32(b, leaf + 4);
  if (dataSize < 6 + 32 + 52) return undefined;
  const vi = fileOffset(dataRva, dataSize);
  if (vi < 0) return undefined;
  // VS_VERSIONINFO: the key "VS_VERSION_INFO" and its NUL, then padding to a 4-byte boundary of the resource.
  let p = vi + 6;
  const end = vi + dataSize;
  while (p + 1 < end && (b[p] !== 0 || b[p + 1] !== 0)) p += 2;
  p += 2;
  p = vi + ((p - vi + 3) & ~3);
  if (p + 52 > end || rd32(b, p) !== VS_FFI_SIGNATURE) return undefined;
  const ms = rd32(b, p + 8);
  const ls = rd32(b, p + 12);
  return { major: ms >>> 16, minor: ms & 0xffff, build: ls >>> 16, revision: ls & 0xffff };
}
