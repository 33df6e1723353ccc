/*
 * `npm run demo` (scripts/demo.js + demo/demo.ps1) runs to the end and leaves a real three-edition install.wim.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expectValidWim, imageNames, wimInfo } from './helpers';

const ROOT = path.join(__dirname, '../../..');

test('the demo exports by index, by name, with max and appending, and shows the result', () => {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^WIMSH_/i.test(k)) env[k] = v;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'demo.js')], { cwd: ROOT, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 120000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('Export-WindowsImage -SourceImagePath C:\\out\\Home.wim -SourceIndex 1 -DestinationImagePath C:\\out\\install.wim -CompressionType max');
  expect(r.stdout).toContain('\nLogPath : C:\\Windows\\Logs\\DISM\\dism.log\n');
  expect(r.stdout).toMatch(/^ImageName +: Windows 11 Education$/m);
  const wim = path.join(ROOT, 'demo', 'work', 'drives', 'c', 'out', 'install.wim');
  expect(imageNames(wim)).toEqual(['Windows 11 Home', 'Windows 11 Pro', 'Windows 11 Education']);
  expect(wimInfo(wim).Compression).toBe('LZX');
  expectValidWim(wim, true);
});
