/*
 * The shape of the source tree (DEVELOPERS.md, "The shape"): imports point one way only, checked by
 * dependency-cruiser with the rules in .dependency-cruiser.js, and src/formats speaks of bytes only.
 *
 * The rules are run twice: on the real tree (no violation allowed), and on a small tree made here that breaks each
 * rule once, so that a rule that silently matches nothing (a wrong path pattern) fails this test too.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = path.join(__dirname, '..');
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(cwd: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [DEPCRUISE, 'src', 'cmdlets', '--config', '.dependency-cruiser.js', '--output-type', 'err'], {
    cwd,
    encoding: 'utf8',
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('import direction', () => {
  test('the tree has no violation of the layer rules and no import cycle', () => {
    const r = cruise(ROOT);
    expect(r.out).toContain('no dependency violations found');
    expect(r.code).toBe(0);
  });

  test('each rule catches a breach of it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-arch-'));
    try {
      fs.copyFileSync(path.join(ROOT, '.dependency-cruiser.js'), path.join(dir, '.dependency-cruiser.js'));
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }));
      const files: Record<string, string> = {
        'src/platform/host.ts': "import { drive } from '../vfs/drives';\nexport const h = drive;\n",
        'src/vfs/drives.ts': "import * as fs from 'node:fs';\nimport { reshdr } from '../formats/reshdr';\nexport const drive = [fs, reshdr];\n",
        'src/formats/reshdr.ts': "import { session } from '../dism/session';\nexport const reshdr = session;\n",
        'src/dism/session.ts': "import { evaluate } from '../lang/evaluator';\nexport const session = evaluate;\n",
        'src/lang/evaluator.ts': "import { cmd } from '../../cmdlets/Core/cmd';\nimport { x } from '../formats/x';\nexport const evaluate = [cmd, x];\n",
        'src/formats/x.ts': 'export const x = 1;\n',
        'cmdlets/Core/cmd.ts': "import { main } from '../../src/frontends/wimsh/main';\nexport const cmd = main;\n",
        'src/frontends/wimsh/main.ts': "import { a } from './a';\nexport const main = a;\n",
        'src/frontends/wimsh/a.ts': "import { main } from './main';\nexport const a = () => main;\n",
      };
      for (const [f, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), text);
      }
      const r = cruise(dir);
      expect(r.code).not.toBe(0);
      const broken = new Set([...r.out.matchAll(/error ([\w-]+):/g)].map((m) => m[1]));
      expect([...broken].sort()).toEqual([
        'cmdlets-below-the-front-ends',
        'dism-below-the-front-ends',
        'formats-only-platform-vfs',
        'lang-knows-no-cmdlet-dism-or-wim',
        'no-cycles',
        'node-builtins-only-in-the-node-adapter',
        'platform-is-the-bottom',
        'vfs-only-platform',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('src/formats holds bytes only', () => {
  /** Every .ts file under dir, with its comments removed (a comment may say where the DISM layer takes over). */
  function code(dir: string): [string, string][] {
    const out: [string, string][] = [];
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) out.push(...code(p));
      else if (e.name.endsWith('.ts')) out.push([p, fs.readFileSync(p, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')]);
    }
    return out;
  }

  test('no DISM, PowerShell or cmdlet word in its code or messages', () => {
    const hits = code(path.join(ROOT, 'src', 'formats'))
      .flatMap(([file, text]) => text.split('\n').map((line, i) => [file, i, line] as const))
      .filter(([, , line]) => /dism|powershell|cmdlet/i.test(line))
      .map(([file, i, line]) => `${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
    expect(hits).toEqual([]);
  });
});
