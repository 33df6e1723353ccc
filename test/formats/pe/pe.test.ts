/*
 * The PE reader on files synthesized by the test: each machine type Windows images use, PE32 and PE32+, the file
 * version from the version resource, and files that are not PEs or are broken: undefined or less, never a throw.
 */
import * as fc from 'fast-check';
import { readPeInfo } from '../../../src/formats/pe/pe';
import { makePe } from './make-pe';

describe('readPeInfo', () => {
  it.each([
    [0x8664, 9],
    [0x014c, 0],
    [0xaa64, 12],
    [0x01c4, 5],
    [0x0200, 6],
  ])('machine %p gives ARCH %p', (machine, arch) => {
    expect(readPeInfo(makePe({ machine }))).toEqual({ machine, arch, fileVersion: undefined });
  });

  it('reads the file version of a PE32+ and a PE32 file', () => {
    expect(readPeInfo(makePe({ machine: 0x8664, version: [10, 0, 26100, 1742] }))?.fileVersion).toEqual({ major: 10, minor: 0, build: 26100, revision: 1742 });
    expect(readPeInfo(makePe({ machine: 0x014c, version: [6, 3, 9600, 17031], pe32plus: false }))?.fileVersion).toEqual({ major: 6, minor: 3, build: 9600, revision: 17031 });
  });

  it('gives an unknown machine no ARCH, and a non-PE nothing', () => {
    expect(readPeInfo(makePe({ machine: 0x1234 }))?.arch).toBeUndefined();
    expect(readPeInfo(Buffer.from('not a PE file at all, just text that is long enough to have a header'.repeat(2)))).toBeUndefined();
    const noPe = makePe({ machine: 0x8664 });
    noPe.write('XX', 0x80, 'latin1');
    expect(readPeInfo(noPe)).toBeUndefined();
    const farLfanew = makePe({ machine: 0x8664 });
    farLfanew.writeUInt32LE(0xfffffff0, 0x3c);
    expect(readPeInfo(farLfanew)).toBeUndefined();
  });

  it('never throws on damaged bytes', () => {
    const good = makePe({ machine: 0x8664, version: [10, 0, 22621, 1] });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 }), fc.nat({ max: good.length }), (edits, len) => {
        const b = Buffer.from(good);
        for (const [at, v] of edits) b[at] = v;
        readPeInfo(b.subarray(0, len));
        readPeInfo(b);
      }),
      { numRuns: 500 },
    );
  });
});
