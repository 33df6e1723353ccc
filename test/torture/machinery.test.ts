/*
 * The torture machinery judged on inputs whose answer is known, so that a green slice means something: the
 * verdicts on crafted CLI outputs, the mutator's reproducibility and aim, the escape, leftover and orphan-tail
 * detectors on planted files.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/* eslint-disable @typescript-eslint/no-var-requires */
const T = path.join(__dirname, '..', '..', 'tools', 'torture');
const runner = require(path.join(T, 'runner')) as {
  classify(r: Record<string, unknown>, o?: { dism?: boolean }): { verdict: string; stack: boolean };
  findLeftovers(dir: string): string[];
  snapshot(dir: string, allowed?: string[]): Map<string, string>;
  snapshotDiff(a: Map<string, string>, b: Map<string, string>): string[];
};
const { Rng } = require(path.join(T, 'rng')) as { Rng: new (seed: number) => { u32(): number } };
const mutate = require(path.join(T, 'mutate')) as {
  mutateWim(b: Buffer, rng: unknown, o?: Record<string, unknown>): { buf: Buffer; label: string };
};
const layout = require(path.join(T, 'wim-layout')) as { layoutWim(b: Buffer): { header?: { imageCount: number }; blobs: unknown[]; metadata: { layout?: { dentries: { name: string }[] } }[] } };
const crash = require(path.join(T, 'crash')) as { orphanTail(file: string): string | undefined };
/* eslint-enable @typescript-eslint/no-var-requires */

const RECORD =
  'Get-WindowsImage : The system cannot find the file specified.\nAt line:1 char:1\n+ Get-WindowsImage -ImagePath x\n+ ~~~~\n' +
  '    + CategoryInfo          : NotSpecified: (:) [Get-WindowsImage], COMException\n    + FullyQualifiedErrorId : Microsoft.Dism.Commands.GetWindowsImageCommand\n';
const run = (o: Record<string, unknown>) => ({ code: 0, signal: null, stdout: '', stderr: '', timedOut: false, ...o });

describe('verdicts', () => {
  test('an error record with exit 1 is clean; exit 0 with nothing leaked is success', () => {
    expect(runner.classify(run({ code: 1, stderr: RECORD })).verdict).toBe('clean');
    expect(runner.classify(run({ code: 0, stdout: 'ImageIndex : 1' })).verdict).toBe('success');
  });
  test('a stack frame, a Node error text or a missing record is unclean; an internal error, a signal or exit 3 a crash', () => {
    const stack = runner.classify(run({ code: 1, stderr: RECORD + '    at parseHeader (/x/dist/src/formats/wim/header.js:10:5)\n' }));
    expect(stack).toEqual(expect.objectContaining({ verdict: 'unclean', stack: true }));
    expect(runner.classify(run({ code: 1, stderr: RECORD.replace('The system cannot find the file specified.', "ENOENT: no such file or directory, open 'x'") })).verdict).toBe('unclean');
    expect(runner.classify(run({ code: 1, stderr: "TypeError: Cannot read properties of undefined (reading 'x')\n" })).verdict).toBe('unclean');
    expect(runner.classify(run({ code: 1, stderr: RECORD.replace('The system cannot find the file specified.', 'An internal error occurred.') })).verdict).toBe('crash');
    expect(runner.classify(run({ code: null, signal: 'SIGSEGV' })).verdict).toBe('crash');
    expect(runner.classify(run({ code: 3 })).verdict).toBe('crash');
    expect(runner.classify(run({ timedOut: true })).verdict).toBe('hang');
  });
  test("dism.exe: a non-zero exit with its Error block is clean, without it unclean", () => {
    const out = '\nDeployment Image Servicing and Management tool\n\nError: 2\n\nThe system cannot find the file specified.\n';
    expect(runner.classify(run({ code: 2, stdout: out }), { dism: true }).verdict).toBe('clean');
    expect(runner.classify(run({ code: 2, stdout: 'nothing' }), { dism: true }).verdict).toBe('unclean');
  });
});

describe('detectors', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-torture-machinery-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a file written outside the allowed folders is seen; one inside them is not', () => {
    fs.mkdirSync(path.join(dir, 'out'));
    fs.writeFileSync(path.join(dir, 'in.wim'), 'x');
    const before = runner.snapshot(dir, [path.join(dir, 'out')]);
    fs.writeFileSync(path.join(dir, 'out', 'fine.txt'), 'ok');
    expect(runner.snapshotDiff(before, runner.snapshot(dir, [path.join(dir, 'out')]))).toEqual([]);
    fs.writeFileSync(path.join(dir, 'escaped.txt'), 'no');
    fs.writeFileSync(path.join(dir, 'in.wim'), 'changed');
    expect(runner.snapshotDiff(before, runner.snapshot(dir, [path.join(dir, 'out')])).sort()).toEqual([path.join(dir, 'escaped.txt'), path.join(dir, 'in.wim')].sort());
  });

  test('temp files and lock directories are leftovers', () => {
    fs.mkdirSync(path.join(dir, 'dst', 'x.wim.lock'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dst', '.x.wim.123.abc.wimsh-tmp'), '');
    fs.writeFileSync(path.join(dir, 'dst', 'x.wim'), '');
    expect(runner.findLeftovers(dir).sort()).toEqual([path.join(dir, 'dst', '.x.wim.123.abc.wimsh-tmp'), path.join(dir, 'dst', 'x.wim.lock')]);
  });

  test('bytes past the last structure of a WIM are an orphan tail; the mutator is reproducible and aims at structures', () => {
    const tree = path.join(dir, 'tree');
    fs.mkdirSync(path.join(tree, 'd'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'a.txt'), 'hello '.repeat(10000));
    fs.writeFileSync(path.join(tree, 'd', 'b.txt'), 'b');
    const wim = path.join(dir, 'x.wim');
    spawnSync('wimlib-imagex', ['capture', tree, wim, '--compress=none']);
    expect(crash.orphanTail(wim)).toBeUndefined();
    const b = fs.readFileSync(wim);
    const L = layout.layoutWim(b);
    expect(L.header!.imageCount).toBe(1);
    expect(L.metadata[0].layout!.dentries.map((d) => d.name)).toEqual(expect.arrayContaining(['a.txt', 'd', 'b.txt']));
    fs.appendFileSync(wim, Buffer.alloc(5000));
    expect(crash.orphanTail(wim)).toMatch(/5000 bytes past the last structure/);
    // Same seed, same mutation; each structure family is reachable.
    const a1 = mutate.mutateWim(b, new Rng(5));
    const a2 = mutate.mutateWim(b, new Rng(5));
    expect(a1.label).toBe(a2.label);
    expect(a1.buf.equals(a2.buf)).toBe(true);
    for (const kind of ['header', 'blob', 'metadata', 'xml']) {
      const m = mutate.mutateWim(b, new Rng(9), { kind });
      expect(m.label.startsWith({ header: 'header.', blob: 'blob', metadata: 'md.', xml: 'xml.' }[kind]!)).toBe(true);
      expect(m.buf.equals(b)).toBe(false);
    }
  });
});
