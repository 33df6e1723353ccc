import { buildIntegrityTable } from '../../../../src/formats/wim/write/writer';
import { computeIntegrityTable } from '../../../../src/formats/wim/integrity';

const MiB = 1 << 20;

describe('buildIntegrityTable', () => {
  const file = new Uint8Array(35 * MiB);
  for (let i = 0; i < file.length; i += 4096) file[i] = (i / 4096) & 0xff;
  const reads: [number, number][] = [];
  const read = (buf: Uint8Array, len: number, pos: number): void => {
    reads.push([pos, len]);
    buf.set(file.subarray(pos, pos + len));
  };

  it('equals a full computation, and an append reuses the chunks the old table covers wholly', () => {
    const oldEnd = 23 * MiB; // the old blob table ended here: chunks 0 and 1 (208 .. 20 MiB + 208) are reusable
    const oldTable = computeIntegrityTable(read, oldEnd);
    const old = { table: { chunkSize: 10 * MiB, numEntries: 3, hashes: oldTable.subarray(12) }, coveredEnd: oldEnd };
    const full = buildIntegrityTable(read, file.length);
    reads.length = 0;
    const reused = buildIntegrityTable(read, file.length, old);
    expect(Buffer.from(reused).equals(Buffer.from(full))).toBe(true);
    // Nothing below the first chunk that needed hashing again was read.
    expect(Math.min(...reads.map(([pos]) => pos))).toBe(208 + 20 * MiB);
  });

  it('ignores an old table with another chunk size', () => {
    const old = { table: { chunkSize: 4 * MiB, numEntries: 9, hashes: new Uint8Array(9 * 20) }, coveredEnd: 30 * MiB };
    expect(Buffer.from(buildIntegrityTable(read, file.length, old)).equals(Buffer.from(computeIntegrityTable(read, file.length)))).toBe(true);
  });
});
