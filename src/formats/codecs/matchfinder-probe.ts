/*
 * A quick incompressibility probe shared by the compressors. Windows images carry many already-compressed files
 * (cabinets, images, archives); their chunks end up stored raw, so the full match search and parse on them is wasted.
 * The probe calls a chunk incompressible when its byte statistics are close to uniform (order-0 entropy above 7.9
 * bits per byte) AND a one-entry hash of 4-byte strings finds repeats covering under 1% of it; such data cannot
 * shrink by more than a fraction of a percent under XPRESS or LZX. Both conditions are needed: text has repeats,
 * and a block of noise repeated has uniform statistics but compresses well. Tables are allocated once.
 */

const PROBE_BITS = 12;
const MIN_PROBE_SIZE = 4096;

export class IncompressibilityProbe {
  private readonly hist = new Uint32Array(256);
  private readonly table = new Int32Array(1 << PROBE_BITS);

  /** True when buf[off, off+n) looks incompressible (never for chunks under 4 KiB: too small to judge). */
  looksIncompressible(buf: Uint8Array, off: number, n: number): boolean {
    if (n < MIN_PROBE_SIZE) return false;
    // The repeat test first: on compressible data (the common case) it gives up within the first few hundred bytes.
    const end = off + n;
    const table = this.table;
    table.fill(-1);
    let covered = 0;
    const limit = n >> 7; // a little under 1%
    for (let i = off; i + 4 <= end; i++) {
      const w = buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
      const h = Math.imul(w, 0x9e3779b1) >>> (32 - PROBE_BITS);
      const cand = table[h];
      table[h] = i;
      if (cand >= 0 && buf[cand] === buf[i] && buf[cand + 1] === buf[i + 1] && buf[cand + 2] === buf[i + 2] && buf[cand + 3] === buf[i + 3]) {
        covered += 4;
        if (covered > limit) return false;
      }
    }
    const hist = this.hist;
    hist.fill(0);
    for (let i = off; i < end; i++) hist[buf[i]]++;
    // n * H0 = n log2 n - sum f log2 f
    let sum = 0;
    for (let c = 0; c < 256; c++) {
      const f = hist[c];
      if (f > 1) sum += f * Math.log2(f);
    }
    if (n * Math.log2(n) - sum < n * 7.9) return false;
    return true;
  }
}
