import * as path from 'node:path';

import { CompressionFormat, CorruptDataError } from '../../../src/formats/codecs/codec';
import { createDecompressor } from '../../../src/formats/codecs/decompressors';
import { LzxDecompressor, undoE8Translation } from '../../../src/formats/codecs/lzx-decompress';
import { instantiateKernel, WasmArena, type WasmMemory, wasmSimdSupported } from '../../../src/formats/codecs/wasm-loader';
import { checkMutations, checkRandomInput, guardedDecode } from './helpers/mutation';
import { captureWim, parseWim, prng, removeSharedTree, sharedTree, verifyWim, type ParsedWim } from './helpers/wim-fixture';
import { LzxCompressor } from '../../../src/formats/codecs/lzx-compress';
import { callHeavy, standardPayloads } from './compress-helpers/payloads';
import { decodeOrError } from './helpers/decode-or-error';

const wims = new Map<number, ParsedWim>();
function lzxWim(chunkSize: number): ParsedWim {
  let p = wims.get(chunkSize);
  if (!p) {
    const { dir, tree } = sharedTree();
    p = parseWim(captureWim(tree, path.join(dir, `l${chunkSize}.wim`), ['--compress=lzx', `--chunk-size=${chunkSize}`]));
    wims.set(chunkSize, p);
  }
  return p;
}

afterAll(() => removeSharedTree());

describe('LZX decompressor against wimlib-imagex', () => {
  it.each([32768, 65536, 131072, 262144, 524288, 1048576, 2097152])(
    'reads every blob of a WIM captured with %i-byte chunks',
    (chunkSize) => {
      const parsed = lzxWim(chunkSize);
      expect(parsed.resources.every((r) => r.format === CompressionFormat.Lzx && r.chunkSize === chunkSize)).toBe(true);
      const res = verifyWim(parsed, (f, cs) => createDecompressor(f, cs));
      expect(res.mismatches).toEqual([]);
      expect(res.blobs).toBeGreaterThanOrEqual(9);
      expect(res.compressedChunks).toBeGreaterThanOrEqual(Math.min(9, Math.ceil(1_000_000 / chunkSize)));
    },
  );

  it('reads the default LZX WIM (--compress=maximum, 32 KiB chunks)', () => {
    const { dir, tree } = sharedTree();
    const parsed = parseWim(captureWim(tree, path.join(dir, 'lmax.wim'), ['--compress=maximum']));
    expect(parsed.resources[0].chunkSize).toBe(32768);
    expect(verifyWim(parsed, (f, cs) => createDecompressor(f, cs)).mismatches).toEqual([]);
  });
});

describe('LZX E8 translation', () => {
  it('turns absolute call targets back into relative ones, and leaves out-of-range targets alone', () => {
    const buf = new Uint8Array(64);
    const dv = new DataView(buf.buffer);
    buf[8] = 0xe8;
    dv.setInt32(9, 1000, true); // absolute 1000 at position 8 -> relative 992
    buf[20] = 0xe8;
    dv.setInt32(21, -5, true); // -5 >= -20: "compensating" -> 12000000 - 5
    buf[30] = 0xe8;
    dv.setInt32(31, 12000000, true); // out of range: unchanged
    buf[40] = 0xe8;
    dv.setInt32(41, -41, true); // below -pos: unchanged
    buf[54] = 0xe8; // starts in the last 10 bytes: never translated
    dv.setInt32(55, 7, true);
    undoE8Translation(buf, 0, 64);
    expect([dv.getInt32(9, true), dv.getInt32(21, true), dv.getInt32(31, true), dv.getInt32(41, true), dv.getInt32(55, true)])
      .toEqual([992, 12000000 - 5, 12000000, -41, 7]);
  });

  it('skips the 4 target bytes after an E8 even when nothing was translated', () => {
    const buf = new Uint8Array(32).fill(0xe8);
    undoE8Translation(buf, 0, 32);
    // E8 E8 E8 E8 E8 = target 0xE8E8E8E8 (negative, below -pos): untouched, so the buffer stays all E8.
    expect(buf.every((b) => b === 0xe8)).toBe(true);
  });

  it('translates a call that starts just before the last 10 bytes and keeps every byte after it', () => {
    const buf = new Uint8Array(40);
    for (let i = 0; i < 40; i++) buf[i] = (i * 7 + 1) & 0x7f;
    const dv = new DataView(buf.buffer);
    buf[29] = 0xe8; // last position a call may start at in 40 bytes
    dv.setInt32(30, 100, true); // absolute 100 -> relative 71
    const before = Uint8Array.from(buf);
    undoE8Translation(buf, 0, 40);
    expect(dv.getInt32(30, true)).toBe(71);
    expect(buf.subarray(34)).toEqual(before.subarray(34));
    expect(buf.subarray(0, 29)).toEqual(before.subarray(0, 29));
  });

  it('translates targets at both ends of the range and leaves those just outside it', () => {
    const buf = new Uint8Array(64);
    const dv = new DataView(buf.buffer);
    const cases: Array<[number, number, number]> = [
      // [position, absolute target, expected]
      [5, -5, 12000000 - 5], // -pos: lowest translated
      [12, -13, -13], // -pos - 1: unchanged
      [20, 11999999, 11999999 - 20], // highest translated
      [30, 0x7fffffff, 0x7fffffff], // largest int32: unchanged
      [40, -0x80000000, -0x80000000], // smallest int32: unchanged
    ];
    for (const [p, abs] of cases) {
      buf[p] = 0xe8;
      dv.setInt32(p + 1, abs, true);
    }
    undoE8Translation(buf, 0, 64);
    expect(cases.map(([p]) => dv.getInt32(p + 1, true))).toEqual(cases.map(([, , want]) => want));
  });

  it('matches a byte-at-a-time reference on random data, inside a larger buffer at odd offsets', () => {
    // The reference: every E8 before the last 10 bytes takes the next 4 bytes as its target, translated or not.
    function reference(buf: Uint8Array, off: number, len: number): void {
      const dv = new DataView(buf.buffer, buf.byteOffset);
      for (let i = 0; i < len - 10; i++) {
        if (buf[off + i] !== 0xe8) continue;
        const abs = dv.getInt32(off + i + 1, true);
        if (abs >= 0 && abs < 12000000) dv.setInt32(off + i + 1, abs - i, true);
        else if (abs < 0 && abs >= -i) dv.setInt32(off + i + 1, abs + 12000000, true);
        i += 4;
      }
    }
    let seed = 12345;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 16;
    };
    for (let t = 0; t < 200; t++) {
      const size = 11 + (rand() % 300);
      const off = rand() % 7;
      const buf = new Uint8Array(off + size + 5);
      // Dense E8s, small targets (translated) and bytes that look like E8 in part of a word.
      for (let i = 0; i < buf.length; i++) {
        const r = rand() % 8;
        buf[i] = r < 2 ? 0xe8 : r < 4 ? 0 : r < 5 ? 0xff : r < 6 ? 0xe9 : rand() & 0xff;
      }
      const want = Uint8Array.from(buf);
      reference(want, off, size);
      // A view that does not start at its buffer's beginning, as a pooled Buffer would not.
      const got = new Uint8Array(8 + buf.length);
      got.set(buf, 8);
      undoE8Translation(got.subarray(8), off, size);
      expect(got.subarray(8)).toEqual(want);
    }
  });

  for (const mode of ['wasm', 'wasm-scalar'] as const) {
    it(`the WebAssembly kernel's undoE8 (${mode}) gives what the TypeScript one gives, up to a 32 KiB chunk`, () => {
      const saved = process.env.WIMSH_CODECS;
      process.env.WIMSH_CODECS = mode;
      let inst;
      try {
        inst = instantiateKernel('lzx-decode');
      } finally {
        if (saved === undefined) delete process.env.WIMSH_CODECS;
        else process.env.WIMSH_CODECS = saved;
      }
      if (!inst) throw new Error('the lzx-decode kernel did not load: run `npm run build` first');
      expect(inst.simd).toBe(mode === 'wasm' && wasmSimdSupported());
      const k = inst.exports as unknown as { memory: WasmMemory; heapBase(): number; setup(...a: number[]): void; undoE8(len: number): void };
      const arena = new WasmArena(k.memory, k.heapBase());
      const outAt = arena.reserve(32768 + 16);
      const mem = arena.commit();
      // Only the output region matters to undoE8; the other regions are not touched.
      k.setup(0, 0, 0, 0, outAt, 0, 0, 0);
      const out = new Uint8Array(mem, outAt, 32768 + 16);
      let seed = 777;
      const rand = (): number => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed >>> 16;
      };
      for (let t = 0; t < 120; t++) {
        const size = t < 20 ? t : t % 10 === 0 ? 32768 : 11 + (rand() % 2000);
        const density = 2 + (t % 30);
        const buf = new Uint8Array(size);
        for (let i = 0; i < size; i++) {
          const r = rand() % density;
          buf[i] = r === 0 ? 0xe8 : r === 1 ? 0 : r === 2 ? 0xff : rand() & 0xff;
        }
        const want = Uint8Array.from(buf);
        undoE8Translation(want, 0, size);
        out.fill(0x55);
        out.set(buf);
        k.undoE8(size);
        // The first difference (compared by hand: toEqual on 32 KiB arrays takes seconds), and nothing past the chunk
        // written.
        let diff = -1;
        for (let i = 0; i < size + 16 && diff < 0; i++) if (out[i] !== (i < size ? want[i] : 0x55)) diff = i;
        expect({ t, size, diff }).toEqual({ t, size, diff: -1 });
      }
    });
  }

  it('does nothing to chunks of 10 bytes or less', () => {
    const buf = new Uint8Array(10);
    buf[0] = 0xe8;
    buf[1] = 5;
    undoE8Translation(buf, 0, 10);
    expect(buf[1]).toBe(5);
  });
});

describe('LZX uncompressed blocks', () => {
  // Bits are packed most significant first into 16-bit little-endian words.
  function packBits(fields: Array<[number, number]>): number[] {
    const out: number[] = [];
    let acc = 0;
    let n = 0;
    for (const [value, bits] of fields) {
      for (let i = bits - 1; i >= 0; i--) {
        acc = (acc << 1) | ((value >>> i) & 1);
        if (++n === 16) {
          out.push(acc & 0xff, acc >>> 8);
          acc = 0;
          n = 0;
        }
      }
    }
    if (n > 0) {
      acc <<= 16 - n;
      out.push(acc & 0xff, acc >>> 8);
    }
    return out;
  }
  const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];

  it('decodes a stored block: header, padding to the word, R0-R2, raw bytes', () => {
    const raw = [...Buffer.from('hello, stored block!')];
    // type 3, not default size, 16-bit size: 20 header bits -> padded to 32.
    const src = [...packBits([[3, 3], [0, 1], [raw.length, 16]]), ...le32(1), ...le32(2), ...le32(3), ...raw];
    const dst = new Uint8Array(raw.length);
    new LzxDecompressor(32768).decompress(Uint8Array.from(src), 0, src.length, dst, 0, dst.length);
    expect(Buffer.from(dst).toString()).toBe('hello, stored block!');
  });

  it('skips a pad byte after an odd-sized stored block', () => {
    // Window 64 KiB: the block size has 24 bits, so each header is 3 + 1 + 24 = 28 bits, padded to 32.
    const a = [...Buffer.from('odd')];
    const b = [...Buffer.from('even')];
    const first = [...packBits([[3, 3], [0, 1], [0, 16], [a.length, 8]]), ...le32(1), ...le32(1), ...le32(1), ...a, 0];
    const second = [...packBits([[3, 3], [0, 1], [0, 16], [b.length, 8]]), ...le32(1), ...le32(1), ...le32(1), ...b];
    const src = Uint8Array.from([...first, ...second]);
    const dst = new Uint8Array(a.length + b.length);
    new LzxDecompressor(65536).decompress(src, 0, src.length, dst, 0, dst.length);
    expect(Buffer.from(dst).toString()).toBe('oddeven');
  });

  it('skips a whole padding word when a stored block header ends exactly on a word boundary', () => {
    // A verbatim block first, sized so that the stored block's 20-bit header ends at bit 624 = 39 words.
    const pretree: Array<[number, number]> = [];
    for (let i = 0; i < 20; i++) pretree.push([i === 9 || i === 18 ? 1 : 0, 4]); // codes: 9 -> "0", 18 -> "1"
    const runs = (rs: number[]) => rs.flatMap((r): Array<[number, number]> => [[1, 1], [r - 20, 5]]);
    const fields: Array<[number, number]> = [
      [1, 3], [0, 1], [2, 16], // verbatim block of 2 bytes
      ...pretree, ...Array.from({ length: 256 }, (): [number, number] => [0, 1]), // literals: 0 -> 8 (delta 9)
      ...pretree, ...runs([51, 51, 51, 20, 20, 20, 27]), // 240 match headers: zeros
      ...pretree, ...runs([51, 51, 51, 51, 45]), // 249 lengths: zeros
      [0x68, 8], [0x69, 8], // "hi": with all literals 8 bits long, each codeword is the byte itself
      [3, 3], [0, 1], [3, 16], // stored block of 3 bytes; header ends on a word boundary
    ];
    const bits = packBits(fields);
    expect(bits.length).toBe(78);
    const src = Uint8Array.from([...bits, 0xee, 0xee, ...le32(1), ...le32(1), ...le32(1), ...Buffer.from('abc')]);
    const dst = new Uint8Array(5);
    new LzxDecompressor(32768).decompress(src, 0, src.length, dst, 0, 5);
    expect(Buffer.from(dst).toString()).toBe('hiabc');
  });

  it('rejects a stored block whose bytes are not all there, or whose recent offset is 0', () => {
    const short = Uint8Array.from([...packBits([[3, 3], [0, 1], [100, 16]]), ...le32(1), ...le32(1), ...le32(1), 1, 2]);
    expect(() => new LzxDecompressor(32768).decompress(short, 0, short.length, new Uint8Array(100), 0, 100)).toThrow(
      CorruptDataError,
    );
    const zero = Uint8Array.from([...packBits([[3, 3], [0, 1], [1, 16]]), ...le32(0), ...le32(1), ...le32(1), 65, 0]);
    expect(() => new LzxDecompressor(32768).decompress(zero, 0, zero.length, new Uint8Array(1), 0, 1)).toThrow(CorruptDataError);
  });
});

describe('LZX code lengths and decode tables in the kernel', () => {
  it.each([32768, 1048576])('decode the same bytes and fail with the same errors as the TypeScript tables (%i-byte chunks)', (chunkSize) => {
    const kernel = new LzxDecompressor(chunkSize);
    const oracle = new LzxDecompressor(chunkSize);
    oracle.tablesInKernel = false;
    expect(kernel.kernelName).toMatch(/^wasm/);
    // Streams written by wimlib (verbatim and aligned blocks, as its compressor chooses) and by our compressor.
    const streams: Array<{ z: Uint8Array; n: number }> = lzxWim(chunkSize)
      .resources.flatMap((r) => r.chunks)
      .filter((c) => !c.raw && c.usize < 400_000)
      .slice(0, 40)
      .map((c) => ({ z: c.data, n: c.usize }));
    const enc = new LzxCompressor(chunkSize, 50);
    const tmp = new Uint8Array(chunkSize);
    for (const data of [...standardPayloads(), callHeavy(Math.min(chunkSize, 200_000), 11)]) {
      const n = Math.min(chunkSize, data.length);
      const size = enc.compress(data, 0, n, tmp, 0, n - 1);
      if (size > 0) streams.push({ z: tmp.slice(0, size), n });
    }
    expect(streams.length).toBeGreaterThan(10);
    for (const { z, n } of streams) {
      const good = decodeOrError(kernel, z, n);
      expect(good.startsWith('error')).toBe(false);
      expect(good).toBe(decodeOrError(oracle, z, n));
    }
    // Damage where the code lengths are (the first few hundred bytes of a block) as well as anywhere, and cuts.
    const rnd = prng(chunkSize);
    const errors = new Set<string>();
    const runs = chunkSize > 65536 ? 300 : 1500;
    for (let t = 0; t < runs; t++) {
      const { z, n } = streams[rnd() % streams.length];
      // A copy: the WIM's chunks are Buffers, whose slice() would share (and the edits damage) the fixture.
      let bad = Uint8Array.from(z);
      const edits = 1 + (rnd() % 4);
      for (let k = 0; k < edits; k++) {
        const at = t % 3 === 0 ? rnd() % bad.length : rnd() % Math.min(bad.length, 400);
        bad[at] = t % 5 === 0 ? bad[at] ^ (1 << (rnd() % 8)) : rnd() & 255;
      }
      if (t % 7 === 0) bad = bad.subarray(0, rnd() % Math.min(bad.length, 600));
      const got = decodeOrError(kernel, bad, n);
      expect(got).toBe(decodeOrError(oracle, bad, n));
      if (got.startsWith('error')) errors.add(got);
    }
    // The damage reached the code length reader and the table builder, not only the block loop.
    expect([...errors].some((e) => /pretree|code is invalid/.test(e))).toBe(true);
    expect(errors.size).toBeGreaterThanOrEqual(4);
  });
});

describe('LZX decompressor on hostile input', () => {
  it('ends random bytes in CorruptDataError or some output, never outside the destination', () => {
    const counts = checkRandomInput(new LzxDecompressor(32768), 2000, 32768, 300);
    expect(counts.corrupt + counts.ok).toBe(300);
  });

  it('ends every mutated or truncated chunk in CorruptDataError or some output, never outside the destination', () => {
    const chunks = lzxWim(32768).resources.flatMap((r) => r.chunks).filter((c) => !c.raw);
    const counts = checkMutations(new LzxDecompressor(32768), chunks, 400);
    expect(counts.corrupt).toBeGreaterThan(0);
    const big = lzxWim(1048576).resources.flatMap((r) => r.chunks).filter((c) => !c.raw && c.usize < 300_000);
    checkMutations(new LzxDecompressor(1048576), big, 60, 7);
  });

  it('decodes into the middle of a larger buffer without touching its neighbours', () => {
    const chunk = lzxWim(32768).resources.flatMap((r) => r.chunks).find((c) => !c.raw && c.usize === 32768)!;
    expect(guardedDecode(new LzxDecompressor(32768), chunk.data, chunk.usize)).toEqual({ result: 'ok', guardsIntact: true });
  });

  it('rejects block types 0 and 4-7 and blocks bigger than the chunk', () => {
    for (const t of [0, 4, 7]) {
      const src = Uint8Array.from([(t << 5) | 0x10, 0, 0, 0]);
      expect(() => new LzxDecompressor(32768).decompress(src, 0, 4, new Uint8Array(10), 0, 10)).toThrow(CorruptDataError);
    }
    // Verbatim block with the default size (32768) in a 100-byte chunk.
    const src = Uint8Array.from([0, 0x30, 0, 0]);
    expect(() => new LzxDecompressor(32768).decompress(src, 0, 4, new Uint8Array(100), 0, 100)).toThrow(CorruptDataError);
  });

  it('refuses chunk sizes LZX cannot have', () => {
    expect(() => createDecompressor(CompressionFormat.Lzx, 4194304)).toThrow(RangeError);
    expect(() => createDecompressor(CompressionFormat.Lzx, 0)).toThrow(RangeError);
  });
});
