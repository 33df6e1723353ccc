/*
 * Torture slice, fuzzing: a short coverage-guided run on every parser and decoder (header, blob table and the
 * whole reader, dentry tree, security data, XML, integrity table, XPRESS/LZX/LZMS, hive, ISO/UDF). Any exception
 * other than the format's own error class, or an input running past the time limit, is a finding. The fuzzer's own
 * check first: it must find a planted TypeError and a planted endless loop, and grow its corpus from coverage.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SEED, torture } from './slice';

interface FuzzApi {
  fuzzTarget(
    target: string,
    seeds: Buffer[],
    opts: Record<string, unknown>,
  ): Promise<{ runs: number; blocks: number; corpus: number; findings: { kind: string; name: string; file?: string }[] }>;
}
// eslint-disable-next-line @typescript-eslint/no-var-requires
const fuzz = require(path.join(__dirname, '..', '..', 'tools', 'torture', 'fuzz')) as FuzzApi;

test('the fuzzer finds a planted TypeError and a planted endless loop, and keeps the inputs', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-fuzz-self-'));
  try {
    const r = await fuzz.fuzzTarget('_selftest', [Buffer.from('Tx'), Buffer.from('Lx'), Buffer.from('ok')], { runs: 20, seconds: 20, timeLimitMs: 500, outDir: out });
    expect(r.findings.map((f) => `${f.kind}:${f.name}`).sort()).toEqual(['exception:TypeError', 'timeout:Timeout']);
    for (const f of r.findings) expect(fs.readFileSync(f.file!).length).toBeGreaterThan(0);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 60000);

test('every parser and decoder: no exception but its own error class, no input past the time limit', async () => {
  const res = await torture.runTorture({ seed: SEED, campaigns: ['fuzz'], counts: torture.SLICE });
  const ran = res.fuzz.filter((f) => !f.skipped);
  expect(ran.map((f) => f.target)).toEqual(expect.arrayContaining(['wim-open', 'wim-read', 'header', 'metadata', 'security', 'xml', 'integrity', 'xpress', 'lzx', 'lzms']));
  // Coverage guidance is live: every target reached blocks of src/formats.
  for (const f of ran) expect(f.blocks).toBeGreaterThan(0);
  const findings = ran.flatMap((f) => f.findings.map((x) => `${f.target}: ${x.kind} ${x.name}: ${x.message}`));
  expect(findings).toEqual([]);
}, 240000);
