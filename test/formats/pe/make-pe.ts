/*
 * A PE file synthesized for tests: DOS stub, COFF header with the chosen machine, a PE32 or PE32+ optional header
 * whose resource directory points into one ".rsrc" section holding an RT_VERSION resource (VS_VERSIONINFO with a
 * VS_FIXEDFILEINFO of the chosen file version). Enough for what the XML takes from kernel32.dll.
 */
export interface MakePeOptions {
  machine: number;
  version?: [number, number, number, number];
  pe32plus?: boolean;
}

export function makePe(o: MakePeOptions): Buffer {
  const b = Buffer.alloc(0x400);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  const pe = 0x80;
  b.write('PE\0\0', pe, 'latin1');
  b.writeUInt16LE(o.machine, pe + 4);
  b.writeUInt16LE(1, pe + 6);
  const plus = o.pe32plus ?? true;
  const optSize = plus ? 0xf0 : 0xe0;
  b.writeUInt16LE(optSize, pe + 20);
  const opt = pe + 24;
  b.writeUInt16LE(plus ? 0x20b : 0x10b, opt);
  const dirs = opt + (plus ? 112 : 96);
  b.writeUInt32LE(16, dirs - 4);
  const rsrcRva = 0x1000;
  const raw = 0x200;
  const sec = opt + optSize;
  b.write('.rsrc', sec, 'latin1');
  b.writeUInt32LE(0x200, sec + 8);
  b.writeUInt32LE(rsrcRva, sec + 12);
  b.writeUInt32LE(0x200, sec + 16);
  b.writeUInt32LE(raw, sec + 20);
  if (o.version) {
    b.writeUInt32LE(rsrcRva, dirs + 16);
    b.writeUInt32LE(0x58 + 92, dirs + 20);
    const dir = (at: number, id: number, target: number): void => {
      b.writeUInt16LE(1, raw + at + 14);
      b.writeUInt32LE(id, raw + at + 16);
      b.writeUInt32LE(target >>> 0, raw + at + 20);
    };
    dir(0x00, 16, 0x80000000 | 0x18); // RT_VERSION
    dir(0x18, 1, 0x80000000 | 0x30); // name 1
    dir(0x30, 0x409, 0x48); // language en-US -> data entry
    b.writeUInt32LE(rsrcRva + 0x58, raw + 0x48);
    b.writeUInt32LE(92, raw + 0x48 + 4);
    const vi = raw + 0x58;
    b.writeUInt16LE(92, vi);
    b.writeUInt16LE(52, vi + 2);
    b.write('VS_VERSION_INFO\0', vi + 6, 'utf16le');
    const ffi = vi + 40;
    const [a, c, d, e] = o.version;
    b.writeUInt32LE(0xfeef04bd, ffi);
    b.writeUInt32LE(0x10000, ffi + 4);
    b.writeUInt32LE(((a << 16) | c) >>> 0, ffi + 8);
    b.writeUInt32LE(((d << 16) | e) >>> 0, ffi + 12);
    b.writeUInt32LE(((a << 16) | c) >>> 0, ffi + 16);
    b.writeUInt32LE(((d << 16) | e) >>> 0, ffi + 20);
  }
  return b;
}
