/*
 * Fuzzing the reader: wimlib-written fixtures with bytes flipped in the header, blob table, metadata, XML or file
 * data, or truncated, must open-apply-verify to success or a WimError, never another exception, a hang or a write
 * outside the target; exports of damaged trees end in a WimError or a WIM that verifies. 200 runs by default,
 * 1,000 when CI=true, WIMSH_FUZZ_RUNS to choose (a tenth of that for the export).
 */
import * as fc from 'fast-check';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { applyImage } from '../../../src/formats/wim/ops/apply';
import { WimError } from '../../../src/formats/errors';
import { exportImage } from '../../../src/formats/wim/ops/export';
import { openWim } from '../../../src/formats/wim/wim';
import { getFixtures } from './fixtures/make-fixtures';
import { canRead } from './helpers';
import { coreHresult } from '../../../src/dism/errors';

const fx = getFixtures();
const RUNS = Number(process.env.WIMSH_FUZZ_RUNS) || (process.env.CI === 'true' ? 1000 : 200);
const FILES = ['none.wim', 'xpress.wim', 'lzx.wim', 'lzms.wim', 'solid-xpress.wim', 'solid-lzx.wim', 'solid.esd', 'check.wim', 'multi-xpress.wim'].filter((f) =>
  canRead(fx.forms.find((x) => x.file === f)!),
);

interface Regions {
  data: Buffer;
  regions: [number, number][];
}

const loaded = new Map<string, Regions>();
function load(file: string): Regions {
  let r = loaded.get(file);
  if (!r) {
    const data = fs.readFileSync(path.join(fx.dir, file));
    const wim = openWim(path.join(fx.dir, file));
    const h = wim.header;
    const md = wim.metadataEntry(1).res;
    wim.close();
    r = {
      data,
      regions: [
        [0, 208],
        [h.blobTable.offsetInWim, h.blobTable.offsetInWim + h.blobTable.sizeInWim],
        [md.offsetInWim, md.offsetInWim + Math.min(md.sizeInWim, 4096)],
        [h.xmlData.offsetInWim, h.xmlData.offsetInWim + h.xmlData.sizeInWim],
        [208, md.offsetInWim > 208 ? md.offsetInWim : data.length],
        [0, data.length],
      ],
    };
    loaded.set(file, r);
  }
  return r;
}

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-fuzz-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A uniform fraction in [0, 1) (fc.double spreads over exponents, not values). */
const unit = fc.noBias(fc.integer({ min: 0, max: 999_999_999 })).map((i) => i / 1e9);

const mutation = fc.record({
  file: fc.constantFrom(...FILES),
  region: fc.nat(5),
  // Unbiased positions: fast-check's default bias toward 0 would mostly hit the magic number.
  flips: fc.array(fc.tuple(unit, fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }),
  truncate: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: unit }),
});

let caseNo = 0;
const outcomes = new Map<string, number>();

test(`damaged WIMs give WimError or success (${RUNS} runs)`, () => {
  expect(FILES.length).toBeGreaterThan(3);
  fc.assert(
    fc.property(mutation, (m) => {
      const { data, regions } = load(m.file);
      const [lo, hi] = regions[m.region];
      let b = Buffer.from(data);
      for (const [where, xor] of m.flips) b[lo + Math.floor(where * (hi - lo))] ^= xor;
      if (m.truncate !== null) b = b.subarray(0, Math.floor(m.truncate * b.length));
      const dir = path.join(work, `case-${caseNo++}`);
      fs.mkdirSync(dir);
      const file = path.join(dir, 'damaged.wim');
      fs.writeFileSync(file, b);
      const target = path.join(dir, 'target');
      try {
        const wim = openWim(file);
        try {
          for (let i = 1; i <= wim.imageCount; i++) applyImage(wim, i, path.join(target, String(i)));
          wim.verify();
          outcomes.set('ok', (outcomes.get('ok') ?? 0) + 1);
        } finally {
          wim.close();
        }
      } catch (e) {
        if (!(e instanceof WimError)) throw e;
        outcomes.set(e.code, (outcomes.get(e.code) ?? 0) + 1);
        expect(coreHresult(e.code)).toBeGreaterThan(0x80000000);
      }
      expect(fs.readdirSync(dir).sort()).toEqual(fs.existsSync(target) ? ['damaged.wim', 'target'] : ['damaged.wim']);
      fs.rmSync(dir, { recursive: true, force: true });
    }),
    { numRuns: RUNS },
  );
  // The mutations reach past the first check: several kinds of failure are seen.
  expect(outcomes.size).toBeGreaterThan(3);
  if (process.env.WIMSH_FUZZ_REPORT) console.log(Object.fromEntries(outcomes));
});

/**
 * none.wim with edits in its (uncompressed) metadata resource and the blob table's SHA-1 of it fixed: `edit` is
 * the arbitrary of one edit (8-byte aligned fields get random, huge or small values, or bytes are flipped) and
 * damage(edits) the file's bytes.
 */
function metadataDamage(): { edit: fc.Arbitrary<{ at: number; kind: string; value: number }>; damage(edits: { at: number; kind: string; value: number }[]): Buffer } {
  const file = path.join(fx.dir, 'none.wim');
  const data = fs.readFileSync(file);
  const wim = openWim(file);
  const md = wim.metadataEntry(1).res;
  const bt = wim.header.blobTable;
  wim.close();
  const mdStart = md.offsetInWim;
  const mdLen = md.sizeInWim;
  const oldHash = createHash('sha1').update(data.subarray(mdStart, mdStart + mdLen)).digest();
  const hashAt = data.indexOf(oldHash, bt.offsetInWim);
  expect(hashAt).toBeGreaterThan(0);
  const value = fc.oneof(fc.constantFrom(0, 1, 8, 0x10, 0x400, 0xffffffff, 0x7fffffff, mdLen, mdLen - 8, mdLen + 8), fc.noBias(fc.integer({ min: 0, max: 0xffffffff })));
  return {
    edit: fc.record({ at: unit, kind: fc.constantFrom('u32', 'u16', 'xor'), value }),
    damage(edits) {
      const b = Buffer.from(data);
      const m = b.subarray(mdStart, mdStart + mdLen);
      for (const e of edits) {
        const off = Math.floor(e.at * (mdLen - 4)) & ~1;
        if (e.kind === 'u32') m.writeUInt32LE(e.value >>> 0, off & ~3);
        else if (e.kind === 'u16') m.writeUInt16LE(e.value & 0xffff, off);
        else m[off] ^= e.value & 0xff || 1;
      }
      createHash('sha1').update(m).digest().copy(b, hashAt);
      return b;
    },
  };
}

/**
 * The metadata resource is SHA-1 checked before it is parsed, so random damage mostly stops there. This property
 * damages the metadata with its SHA-1 fixed (metadataDamage), to reach the security data and dentry parsers.
 */
test(`damaged dentry trees with valid SHA-1s give WimError or success (${RUNS} runs)`, () => {
  const { edit, damage } = metadataDamage();
  const seen = new Map<string, number>();
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
      const b = damage(edits);
      const dir = path.join(work, `md-${caseNo++}`);
      fs.mkdirSync(dir);
      const f = path.join(dir, 'damaged.wim');
      fs.writeFileSync(f, b);
      try {
        const w = openWim(f);
        try {
          applyImage(w, 1, path.join(dir, 'target'), { onWarning: () => undefined });
          seen.set('ok', (seen.get('ok') ?? 0) + 1);
        } finally {
          w.close();
        }
      } catch (e) {
        if (!(e instanceof WimError)) throw e;
        seen.set(e.code, (seen.get(e.code) ?? 0) + 1);
      }
      expect(fs.readdirSync(dir).filter((x) => x !== 'damaged.wim' && x !== 'target')).toEqual([]);
      fs.rmSync(dir, { recursive: true, force: true });
    }),
    { numRuns: RUNS },
  );
  expect(seen.get('InvalidMetadata') ?? 0).toBeGreaterThan(0);
  if (process.env.WIMSH_FUZZ_REPORT) console.log(Object.fromEntries(seen));
});

/**
 * The export reads the same damaged trees and, when the compression matches, copies the metadata resource raw:
 * it must end in a WimError, or in a destination that wimlib-imagex verifies (a raw copy must never carry a
 * dentry that names a blob the destination lacks), with nothing written beside the destination.
 */
test(`exports of damaged dentry trees give WimError or a WIM that verifies (${Math.ceil(RUNS / 10)} runs)`, async () => {
  const { edit, damage } = metadataDamage();
  const seen = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.constantFrom('none', 'fast'), async (edits, compression) => {
      const b = damage(edits);
      const dir = path.join(work, `ex-${caseNo++}`);
      fs.mkdirSync(dir);
      const src = path.join(dir, 'damaged.wim');
      const out = path.join(dir, 'out.wim');
      fs.writeFileSync(src, b);
      try {
        const r = await exportImage({ source: src, sourceIndex: 1, destination: out, compression, threads: 1, log: () => undefined });
        const v = spawnSync('wimlib-imagex', ['verify', out], { encoding: 'utf8' });
        expect({ status: v.status, err: v.stderr }).toEqual({ status: 0, err: expect.any(String) });
        seen.set(r.metadataCopiedRaw ? 'raw' : 'rebuilt', (seen.get(r.metadataCopiedRaw ? 'raw' : 'rebuilt') ?? 0) + 1);
      } catch (e) {
        if (!(e instanceof WimError)) throw e;
        seen.set(e.code, (seen.get(e.code) ?? 0) + 1);
        expect(fs.existsSync(out)).toBe(false);
      }
      expect(fs.readdirSync(dir).filter((x) => x !== 'damaged.wim' && x !== 'out.wim' && !x.endsWith('.lock'))).toEqual([]);
      fs.rmSync(dir, { recursive: true, force: true });
    }),
    { numRuns: Math.ceil(RUNS / 10) },
  );
  // Most damage leaves a tree the export still copies raw; over 100 runs (CI) some always do.
  if (Math.ceil(RUNS / 10) >= 100) expect(seen.get('raw') ?? 0).toBeGreaterThan(0);
  if (process.env.WIMSH_FUZZ_REPORT) console.log(Object.fromEntries(seen));
}, 300_000);
