/*
 * Fuzzing the hive reader: a hivex-made hive with bytes overwritten anywhere (base block, nk/vk/list cells, data) or
 * cut short, and random bytes behind a valid base block, must read to the end (every key walked, every value's data
 * and typed form read) or stop with a HiveError: never another exception, never a hang. 300 runs by default, 2,000
 * when CI=true, WIMSH_FUZZ_RUNS to choose.
 */
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Hive, HiveError, REG_DWORD, REG_MULTI_SZ, REG_QWORD, REG_SZ } from '../../../src/formats/hive/regf';
import { binary, dword, emptyHive, makeHive, multiSz, qword, sz } from './hivex';

const RUNS = Number(process.env.WIMSH_FUZZ_RUNS) || (process.env.CI === 'true' ? 2000 : 300);

/** Reads everything the hive holds; returns the number of keys and values seen. */
function readAll(bytes: Uint8Array): number {
  const h = Hive.open(bytes);
  let n = 0;
  h.walk((key) => {
    n++;
    for (const v of h.values(key)) {
      n++;
      h.data(v);
      if (v.type === REG_SZ) h.string(v);
      else if (v.type === REG_MULTI_SZ) h.multiString(v);
      else if (v.type === REG_DWORD || v.type === REG_QWORD) h.bigint(v);
    }
  });
  return n;
}

function expectOnlyHiveErrors(bytes: Uint8Array): void {
  try {
    readAll(bytes);
  } catch (e) {
    if (!(e instanceof HiveError)) throw e;
  }
}

let base: Buffer;
beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-hive-fuzz-'));
  const big = Buffer.alloc(20000, 0x5a);
  const spec: Record<string, ReturnType<typeof sz>[]> = {
    'Microsoft\\Windows NT\\CurrentVersion': [sz('ProductName', 'Windows 11 Pro'), dword('CurrentMajorVersionNumber', 10), qword('Q', 5n), binary('Big', big)],
    'ControlSet001\\Control\\ProductOptions': [sz('ProductType', 'WinNT'), multiSz('ProductSuite', ['Terminal Server'])],
  };
  for (let i = 0; i < 40; i++) spec[`ControlSet001\\Services\\S${i}`] = [dword('Start', i)];
  base = makeHive(path.join(dir, 'fuzz'), spec);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('hive reader under damage', () => {
  it('the undamaged hive reads whole', () => {
    expect(readAll(base)).toBeGreaterThan(50);
  });

  it('overwritten bytes end in a HiveError or a full read', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat({ max: base.length - 1 }), value: fc.integer({ min: 0, max: 255 }), width: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 12 }),
        (edits) => {
          const b = Buffer.from(base);
          for (const e of edits) for (let i = 0; i < e.width && e.at + i < b.length; i++) b[e.at + i] = i === 0 ? e.value : e.value ^ 0xff;
          expectOnlyHiveErrors(b);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('offsets and counts replaced by extreme values end in a HiveError or a full read', () => {
    const extremes = [0, 0x20, 0xfffffff8, 0xffffffff, 0x7fffffff, 0x80000000, 0xffff, 4096];
    fc.assert(
      fc.property(fc.nat({ max: Math.floor((base.length - 4) / 4) }), fc.constantFrom(...extremes), (slot, value) => {
        const b = Buffer.from(base);
        b.writeUInt32LE(value >>> 0, slot * 4);
        expectOnlyHiveErrors(b);
      }),
      { numRuns: RUNS },
    );
  });

  it('a hive cut short ends in a HiveError or a full read', () => {
    fc.assert(
      fc.property(fc.nat({ max: base.length }), (len) => expectOnlyHiveErrors(base.subarray(0, len))),
      { numRuns: Math.min(RUNS, 200) },
    );
  });

  it('random bins behind a valid base block end in a HiveError or a full read', () => {
    const head = emptyHive().subarray(0, 4096);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 4096 }), fc.nat({ max: 512 }), (bins, root) => {
        const b = Buffer.concat([head, Buffer.from('hbin'), Buffer.from(bins)]);
        b.writeUInt32LE(root * 8, 36);
        expectOnlyHiveErrors(b);
      }),
      { numRuns: RUNS },
    );
  });
});
