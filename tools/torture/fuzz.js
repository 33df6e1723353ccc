/*
 * A small coverage-guided fuzzer of wimsh's parsers and decoders, in process, over the compiled dist/ modules.
 *
 * Why our own: @jazzer.js/core, which issue 22 names, cannot run on this machine (4.0.0's prebuilt libFuzzer addon
 * needs GLIBC 2.38, Debian 12 has 2.36; 2.1.0 builds its addon from a network prebuild step that fails here).
 *
 * How: each target runs in a worker thread that measures block coverage with V8's precise coverage through
 * node:inspector (Profiler.startPreciseCoverage with callCount and detailed; takePreciseCoverage after each input,
 * which also resets the counters). An input that reaches a block of src/formats not reached before, or a block a
 * new number of times (AFL's hit-count buckets), joins the corpus. Inputs are corpus entries mutated by bit flips,
 * byte sets, interesting integers at random and at structure offsets (the WIM mutator for WIM targets), splices,
 * truncation and extension. A finding is any exception that is not the format's own error class (WimError,
 * HiveError, DiscImageError; CorruptDataError from a bare decoder), or an input that runs longer than the time
 * limit: the main thread watches a shared heartbeat and terminates the worker (a synchronous infinite loop cannot
 * be caught from inside), records the input it was running, and starts a new worker on the corpus so far.
 */
'use strict';
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');

const DIST = path.join(__dirname, '..', '..', 'dist', 'src');
const MAX_INPUT = 4 << 20;

// ---- targets (worker side) -------------------------------------------------------------------------------------
function loadTargets() {
  const R = (p) => require(path.join(DIST, p));
  const { WimError } = R('formats/errors.js');
  const { CorruptDataError } = R('formats/codecs/codec.js');
  const { HiveError, Hive } = R('formats/hive/regf.js');
  const { DiscImageError } = R('formats/iso9660/disc.js');
  const { MemoryFile } = R('vfs/file.js');
  const { openWim } = R('formats/wim/wim.js');
  const { parseHeader } = R('formats/wim/header.js');
  const { parseMetadata } = R('formats/wim/metadata.js');
  const { parseSecurityData } = R('formats/wim/security.js');
  const { parseWimXml } = R('formats/wim/xml.js');
  const { parseIntegrityTable } = R('formats/wim/integrity.js');
  const { createDecompressor } = R('formats/codecs/decompressors.js');
  const { readDiscImage } = R('formats/iso9660/open.js');
  const { walkDentries } = R('formats/wim/dentry.js');
  const wimErr = (e) => e instanceof WimError;
  const open = (buf) => openWim(new MemoryFile('fuzz.wim', buf), { requireAllParts: false });
  const decoder = (format) => {
    const d = createDecompressor(format, 1 << 16);
    const out = new Uint8Array(1 << 16);
    // Input: u16 output length, then the compressed chunk.
    return {
      run: (b) => {
        if (b.length < 2) return;
        const n = 1 + ((b[0] | (b[1] << 8)) % (1 << 16));
        d.decompress(b, 2, b.length - 2, out, 0, n);
      },
      expected: (e) => e instanceof CorruptDataError || wimErr(e),
    };
  };
  return {
    // The whole reader: header, blob table, XML, every image's metadata (security data, dentry tree), names, sizes.
    'wim-open': {
      run: (b) => {
        const w = open(b);
        try {
          for (let i = 1; i <= w.imageCount; i++) {
            const m = w.loadImage(i);
            let n = 0;
            walkDentries(m.root, () => n++);
          }
        } finally {
          w.close();
        }
      },
      expected: wimErr,
      wim: true,
    },
    // Every blob read and hashed: reshdrs, chunk tables, solid resource headers, the XPRESS/LZX/LZMS decoders.
    'wim-read': {
      run: (b) => {
        const w = open(b);
        try {
          w.verify();
        } finally {
          w.close();
        }
      },
      expected: wimErr,
      wim: true,
    },
    header: { run: (b) => parseHeader(b.subarray(0, 208), b.length), expected: wimErr, wim: true },
    metadata: { run: (b) => parseMetadata(b), expected: wimErr },
    security: { run: (b) => parseSecurityData(b), expected: wimErr },
    xml: { run: (b) => parseWimXml(b), expected: wimErr },
    integrity: { run: (b) => parseIntegrityTable(b, b.length >= 8 ? (b[4] | (b[5] << 8)) * 4096 : 0), expected: wimErr },
    xpress: decoder(1),
    lzx: decoder(2),
    lzms: decoder(3),
    hive: {
      run: (b) => {
        const h = Hive.open(b);
        h.walk((key) => {
          for (const v of h.values(key)) {
            h.data(v);
            if (v.type === 1 || v.type === 2) h.string(v);
            else if (v.type === 7) h.multiString(v);
            else if (v.type === 4 || v.type === 5) h.number(v);
          }
        });
      },
      expected: (e) => e instanceof HiveError,
    },
    // The fuzzer's own check (test/torture): a TypeError on inputs starting "T", an endless loop on "L".
    _selftest: {
      run: (b) => {
        if (b[0] === 0x54) null.x;
        if (b[0] === 0x4c) for (;;);
      },
      expected: () => false,
    },
    iso: {
      run: (b) => {
        const fsys = readDiscImage(new MemoryFile('fuzz.iso', b), 'fuzz.iso');
        const stack = [fsys.root];
        let n = 0;
        while (stack.length && n++ < 100000) {
          const node = stack.pop();
          for (const c of node.children) stack.push(c);
        }
      },
      expected: (e) => e instanceof DiscImageError,
    },
  };
}

// ---- mutations -------------------------------------------------------------------------------------------------
const INTERESTING = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

function mutateInput(input, corpus, rng, target, wimMutator) {
  if (target.wim && wimMutator && rng.chance(0.35)) return wimMutator(Buffer.from(input), rng).buf;
  let b = Buffer.from(input);
  const rounds = 1 + rng.int(4);
  for (let r = 0; r < rounds; r++) {
    const n = b.length;
    const k = rng.int(9);
    if (n === 0) {
      b = Buffer.from(rng.bytes(1 + rng.int(64)));
      continue;
    }
    if (k === 0) b[rng.int(n)] ^= 1 << rng.int(8);
    else if (k === 1) b[rng.int(n)] = rng.pick([0, 0xff, 0x7f, 0x80, rng.int(256)]);
    else if (k === 2 && n >= 4) {
      // Interesting integers at 4-aligned offsets: where the formats keep their fields.
      const at = rng.chance(0.7) ? 4 * rng.int(n >> 2) : rng.int(n - 3);
      b.writeUInt32LE(rng.pick(INTERESTING) >>> 0, Math.min(at, n - 4));
    } else if (k === 3 && n >= 2) b.writeUInt16LE(rng.pick(INTERESTING) & 0xffff, rng.int(n - 1));
    else if (k === 4) b = b.subarray(0, rng.int(n));
    else if (k === 5) b = Buffer.concat([b, rng.chance(0.5) ? Buffer.alloc(1 + rng.int(512)) : rng.bytes(1 + rng.int(512))]);
    else if (k === 6 && corpus.length > 1) {
      // Splice: a head of this input, a tail of another.
      const other = rng.pick(corpus);
      const cut = rng.int(n);
      const from = rng.int(other.length);
      b = Buffer.concat([b.subarray(0, cut), other.subarray(from)]);
    } else if (k === 7) {
      const len = 1 + rng.int(Math.min(64, n));
      const from = rng.int(n - len + 1);
      const to = rng.int(n - len + 1);
      b.copy(b, to, from, from + len);
    } else {
      // Delete or duplicate a run.
      const len = 1 + rng.int(Math.min(256, n));
      const at = rng.int(n - len + 1);
      b = rng.chance(0.5) ? Buffer.concat([b.subarray(0, at), b.subarray(at + len)]) : Buffer.concat([b.subarray(0, at + len), b.subarray(at)]);
    }
    if (b.length > MAX_INPUT) b = b.subarray(0, MAX_INPUT);
  }
  return b;
}

// ---- the worker ------------------------------------------------------------------------------------------------
function workerMain() {
  const inspector = require('node:inspector');
  const { Rng } = require('./rng');
  const { mutateWim } = require('./mutate');
  const { targetName, corpus: corpus0, seed, runs, deadline, heartbeat, inputBuf, seen: seen0 } = workerData;
  const targets = loadTargets();
  const target = targets[targetName];
  const hb = new Int32Array(heartbeat);
  const hbTime = new Float64Array(heartbeat, 8);
  const inputView = new Uint8Array(inputBuf);
  const corpus = corpus0.map((c) => Buffer.from(c));
  const rng = new Rng(seed);
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => {
    let out;
    let err;
    session.post(method, params, (e, r) => ((err = e), (out = r)));
    if (err) throw err;
    return out;
  };
  post('Profiler.enable');
  post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  const seen = new Set(seen0);
  const bucket = (c) => (c < 4 ? c : c < 8 ? 4 : c < 16 ? 8 : c < 32 ? 16 : c < 128 ? 32 : 128);
  const formatsUrl = `${path.sep}dist${path.sep}src${path.sep}formats${path.sep}`;
  // The blocks (and hit-count buckets) this input reached that no earlier input did.
  const newCoverage = () => {
    const res = post('Profiler.takePreciseCoverage').result;
    let fresh = 0;
    for (const script of res) {
      if (!script.url.includes(formatsUrl)) continue;
      const file = script.url.slice(script.url.lastIndexOf(formatsUrl) + formatsUrl.length);
      for (const fn of script.functions) {
        for (const r of fn.ranges) {
          if (r.count === 0) continue;
          const key = `${file}:${r.startOffset}:${r.endOffset}:${bucket(r.count)}`;
          if (!seen.has(key)) {
            seen.add(key);
            fresh++;
          }
        }
      }
    }
    return fresh;
  };
  const runOne = (input) => {
    const n = Math.min(input.length, inputView.length - 4);
    new DataView(inputBuf).setUint32(0, n, true);
    inputView.set(input.subarray(0, n), 4);
    hbTime[0] = Date.now();
    Atomics.store(hb, 0, 1);
    let err;
    try {
      target.run(input);
    } catch (e) {
      err = e;
    }
    Atomics.store(hb, 0, 0);
    return err;
  };
  // The seeds first: their coverage is the baseline.
  for (const c of corpus) {
    const e = runOne(c);
    newCoverage();
    if (e && !target.expected(e)) report(c, e);
  }
  function report(input, e) {
    const stack = String((e && e.stack) || e);
    parentPort.postMessage({ type: 'finding', name: (e && e.name) || typeof e, message: String((e && e.message) || e).slice(0, 300), stack: stack.slice(0, 2000), input });
  }
  let done = 0;
  while (done < runs && Date.now() < deadline) {
    const base = corpus[rng.int(corpus.length)];
    let input;
    try {
      input = mutateInput(base, corpus, rng, target, mutateWim);
    } catch {
      // A mutator bug is the tool's, not the target's: fall back to one bit flip.
      input = Buffer.from(base);
      if (input.length) input[rng.int(input.length)] ^= 1 << rng.int(8);
    }
    const e = runOne(input);
    done++;
    const fresh = newCoverage();
    if (e && !target.expected(e)) report(input, e);
    else if (fresh > 0) {
      corpus.push(input);
      parentPort.postMessage({ type: 'corpus', input, fresh });
    }
    if (done % 50 === 0) parentPort.postMessage({ type: 'progress', done, blocks: seen.size });
  }
  parentPort.postMessage({ type: 'done', done, blocks: seen.size, corpus: corpus.length });
}

// ---- the main side -----------------------------------------------------------------------------------------------
/**
 * Fuzzes one target for `runs` inputs or `seconds`, whichever ends first. Resolves
 * { target, runs, blocks, corpus, findings: [{ kind: 'exception'|'timeout', name, message, stack, file }] }.
 */
function fuzzTarget(targetName, seeds, { runs = 1000, seconds = 30, seed = 1, timeLimitMs = 2000, outDir } = {}) {
  const corpus = seeds.map((s) => Buffer.from(s)).filter((s) => s.length <= MAX_INPUT);
  const deadline = Date.now() + seconds * 1000;
  const findings = [];
  const keys = new Set();
  let total = 0;
  let blocks = 0;
  const record = (f) => {
    // One finding per (kind, error name, first frame in our code).
    const frame = (/\n\s+at .*?(dist\/src\/[^:)]+:\d+)/.exec(f.stack || '') || [])[1] || f.message;
    const key = `${f.kind}|${f.name}|${frame}`;
    if (keys.has(key)) return;
    keys.add(key);
    if (outDir) {
      fs.mkdirSync(outDir, { recursive: true });
      const h = createHash('sha1').update(f.input).digest('hex').slice(0, 12);
      f.file = path.join(outDir, `${targetName}-${f.kind}-${h}.bin`);
      fs.writeFileSync(f.file, f.input);
      fs.writeFileSync(f.file.replace(/\.bin$/, '.txt'), `${f.name}: ${f.message}\n${f.stack || ''}\n`);
    }
    delete f.input;
    findings.push(f);
  };
  return new Promise((resolve) => {
    let restarts = 0;
    let seen = [];
    const start = (workerSeed) => {
      const heartbeat = new SharedArrayBuffer(16);
      const inputBuf = new SharedArrayBuffer(MAX_INPUT + 4);
      const hb = new Int32Array(heartbeat);
      const hbTime = new Float64Array(heartbeat, 8);
      const left = Math.max(0, runs - total);
      const w = new Worker(__filename, {
        workerData: { targetName, corpus, seed: workerSeed, runs: left, deadline, heartbeat, inputBuf, seen },
        resourceLimits: { maxOldGenerationSizeMb: 1024 },
        stdout: true,
        stderr: true,
      });
      let finished = false;
      let doneCount = 0;
      const watchdog = setInterval(() => {
        if (Atomics.load(hb, 0) === 1 && Date.now() - hbTime[0] > timeLimitMs) {
          const n = new DataView(inputBuf).getUint32(0, true);
          const input = Buffer.from(new Uint8Array(inputBuf, 4, n));
          record({ kind: 'timeout', name: 'Timeout', message: `an input ran longer than ${timeLimitMs} ms`, stack: '', input });
          // The next worker replays the corpus first: without this input, or it would hang again at once.
          for (let i = corpus.length - 1; i >= 0; i--) if (corpus[i].equals(input)) corpus.splice(i, 1);
          finished = true;
          clearInterval(watchdog);
          w.terminate().then(() => next(doneCount + 1));
        }
      }, 50);
      const next = (done) => {
        total += done;
        if (total < runs && Date.now() < deadline && restarts++ < 20) start(workerSeed + 1);
        else resolve({ target: targetName, runs: total, blocks, corpus: corpus.length, findings });
      };
      w.on('message', (m) => {
        if (m.type === 'corpus') corpus.push(Buffer.from(m.input));
        else if (m.type === 'finding') record({ kind: 'exception', name: m.name, message: m.message, stack: m.stack, input: Buffer.from(m.input) });
        else if (m.type === 'progress') (doneCount = m.done), (blocks = Math.max(blocks, m.blocks));
        else if (m.type === 'done') {
          finished = true;
          clearInterval(watchdog);
          blocks = Math.max(blocks, m.blocks);
          w.terminate().then(() => next(m.done));
        }
      });
      w.on('error', (e) => {
        // Out of memory in the worker (resourceLimits) or a crash: a finding, then go on.
        if (finished) return;
        finished = true;
        clearInterval(watchdog);
        const n = new DataView(inputBuf).getUint32(0, true);
        record({ kind: 'exception', name: (e && e.name) || 'WorkerError', message: String((e && e.message) || e), stack: String((e && e.stack) || ''), input: Buffer.from(new Uint8Array(inputBuf, 4, n)) });
        next(doneCount + 1);
      });
      w.on('exit', () => {
        if (!finished) {
          finished = true;
          clearInterval(watchdog);
          next(doneCount);
        }
      });
    };
    start(seed);
  });
}

/** Seeds for every target from the torture fixtures (small files work best: build them with buildFuzzSeeds). */
function buildFuzzSeeds(dir) {
  const { run } = require('./fixtures');
  const { layoutWim } = require('./wim-layout');
  fs.mkdirSync(dir, { recursive: true });
  const tree = path.join(dir, 'tiny');
  fs.rmSync(tree, { recursive: true, force: true });
  fs.mkdirSync(path.join(tree, 'd', 'e'), { recursive: true });
  fs.writeFileSync(path.join(tree, 'a.txt'), 'abcabcabcabc hello hello hello\r\n'.repeat(300));
  fs.writeFileSync(path.join(tree, 'd', 'b.bin'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) & 0xff)));
  fs.writeFileSync(path.join(tree, 'd', 'e', 'empty'), '');
  fs.linkSync(path.join(tree, 'a.txt'), path.join(tree, 'd', 'link.txt'));
  const wims = [];
  for (const [name, args] of [
    ['none', ['--compress=none']],
    ['xpress', ['--compress=xpress', '--chunk-size=4096']],
    ['lzx', ['--compress=lzx']],
    ['lzms', ['--compress=lzms']],
    ['solid', ['--solid', '--solid-chunk-size=32768']],
    ['check', ['--compress=xpress', '--check']],
  ]) {
    const f = path.join(dir, `${name}.wim`);
    fs.rmSync(f, { force: true });
    run('wimlib-imagex', ['capture', tree, f, 'Tiny', ...args]);
    wims.push(fs.readFileSync(f));
  }
  const none = wims[0];
  const L = layoutWim(none);
  const md = L.metadata[0];
  const metadata = none.subarray(md.entry.res.offset, md.entry.res.offset + md.entry.res.sizeInWim);
  const xml = none.subarray(L.xml.at, L.xml.at + L.xml.length);
  const check = wims[5];
  const Lc = layoutWim(check);
  const integrity = check.subarray(Lc.integrity.at, Lc.integrity.at + Lc.integrity.length);
  // A security data block with two descriptors (a minimal SD and one with an owner SID).
  const sd1 = Buffer.from('0100048000000000000000000000000014000000', 'hex');
  const sd2 = Buffer.from('01000480140000000000000000000000000000000102000000000005200000002002000000000000', 'hex');
  const sec = Buffer.alloc(8 + 16 + 64);
  sec.writeUInt32LE(8 + 16 + sd1.length + sd2.length, 0);
  sec.writeUInt32LE(2, 4);
  sec.writeBigUInt64LE(BigInt(sd1.length), 8);
  sec.writeBigUInt64LE(BigInt(sd2.length), 16);
  sd1.copy(sec, 24);
  sd2.copy(sec, 24 + sd1.length);
  // Decoder seeds: chunks compressed by our own compressors, behind the u16 output length the target reads.
  const { createCompressor } = require(path.join(DIST, 'formats/codecs/compressors.js'));
  const chunkSeeds = (format) => {
    const c = createCompressor(format, 1 << 16);
    const out = [];
    for (const src of [fs.readFileSync(path.join(tree, 'a.txt')), fs.readFileSync(path.join(tree, 'd', 'b.bin')), Buffer.from('x')]) {
      const dst = Buffer.alloc(src.length + 1024);
      const n = c.compress(src, 0, src.length, dst, 0, dst.length);
      if (n > 0) {
        const s = Buffer.alloc(2 + n);
        s.writeUInt16LE((src.length - 1) & 0xffff, 0);
        dst.copy(s, 2, 0, n);
        out.push(s);
      }
    }
    return out;
  };
  const seeds = {
    'wim-open': wims,
    'wim-read': wims,
    header: wims.map((w) => w.subarray(0, 208)),
    metadata: [metadata],
    security: [sec, metadata.subarray(0, 8)],
    xml: [xml],
    integrity: [integrity],
    xpress: chunkSeeds(1),
    lzx: chunkSeeds(2),
    lzms: chunkSeeds(3),
  };
  return seeds;
}

const FUZZ_TARGETS = ['wim-open', 'wim-read', 'header', 'metadata', 'security', 'xml', 'integrity', 'xpress', 'lzx', 'lzms', 'hive', 'iso'];

if (!isMainThread && workerData && workerData.targetName) workerMain();

module.exports = { fuzzTarget, buildFuzzSeeds, FUZZ_TARGETS, loadTargets };
