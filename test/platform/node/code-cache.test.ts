import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createNodeHost } from '../../../src/platform/node/node-host';

const root = path.join(__dirname, '../../..');
const parserJs = path.join(root, 'dist', 'src', 'lang', 'syntax', 'parser.generated.js');
const parserCache = parserJs.replace(/\.js$/, '.cache');

describe('V8 code cache of the generated parser', () => {
  test('the build writes a cache that this Node.js accepts for the built parser', () => {
    // In a fresh process, as wimsh starts: V8 rejects a cache made under other flags, and a test in this jest worker
    // may have changed them (host.collectGarbage sets --expose-gc).
    const check = `const vm = require('node:vm'), fs = require('node:fs'), { wrap } = require('node:module');
      const s = new vm.Script(wrap(fs.readFileSync(${JSON.stringify(parserJs)}, 'utf8')), { filename: ${JSON.stringify(parserJs)}, cachedData: fs.readFileSync(${JSON.stringify(parserCache)}) });
      process.stdout.write(String(s.cachedDataRejected));`;
    const r = spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' });
    expect(r.stdout).toBe('false');
  });

  test('under other V8 flags (the cache rejected) the parser still compiles from source and parses', () => {
    const parserModule = path.join(root, 'dist', 'src', 'lang', 'syntax', 'parser.js');
    const check = `require('node:v8').setFlagsFromString('--expose-gc');
      const ast = require(${JSON.stringify(parserModule)}).parseScript({ text: '$x = 1 + 2' });
      process.stdout.write(JSON.stringify(ast).includes('"+"') ? 'parsed' : JSON.stringify(ast));`;
    const r = spawnSync(process.execPath, ['-e', check], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('parsed');
  });

  test('the CLI parses and runs through the cached parser', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'wimsh.js'), '-c', '$a = 1..3 | ForEach-Object { $_ * 2 }; "$($a -join ",")"'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('2,4,6\n');
    expect(r.status).toBe(0);
  });

  describe('loadWithCodeCache', () => {
    let tmp: string;
    beforeEach(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-codecache-'));
      fs.writeFileSync(path.join(tmp, 'm.js'), "exports.twice = (x) => x * 2; exports.dir = __dirname; exports.req = typeof require('node:path').join;");
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    test('a cache made by another V8 (here: garbage) is ignored and the module still loads', () => {
      fs.writeFileSync(path.join(tmp, 'm.cache'), Buffer.from('not a V8 code cache'));
      const m = createNodeHost().loadWithCodeCache!(path.join(tmp, 'm.js'), path.join(tmp, 'm.cache')) as { twice(x: number): number; dir: string; req: string };
      expect(m.twice(21)).toBe(42);
      expect(m.dir).toBe(tmp);
      expect(m.req).toBe('function');
    });

    test('without a cache file it loads nothing, so the caller require()s the module', () => {
      expect(createNodeHost().loadWithCodeCache!(path.join(tmp, 'm.js'), path.join(tmp, 'm.cache'))).toBeUndefined();
    });
  });
});
