/*
 * Command discovery (src/lang/commands/discovery.ts): a name resolves in PowerShell's order (alias, function,
 * cmdlet, then script files and programs on PATH), module-qualified names reach the cmdlet, alias loops end, and an
 * unknown name is a CommandNotFoundException.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTest } from './helpers';

describe('command discovery', () => {
  it('resolves a cmdlet, through an alias and a module-qualified name', async () => {
    const r = await runTest('Show-Resolved Show-Resolved; Show-Resolved sr; Show-Resolved Test.Commands\\Show-Resolved');
    expect(r.out).toBe(['cmdlet Show-Resolved Cmdlet Test.Commands', 'cmdlet Show-Resolved Cmdlet Test.Commands', 'cmdlet Show-Resolved Cmdlet Test.Commands'].join('\n'));
  });

  it('lets a function shadow a cmdlet of the same name, and an alias shadow both', async () => {
    const r = await runTest("function Show-Resolved { 'the function' }; Show-Resolved; sr; function sr { 'not reached' }; sr");
    // `sr` is the alias to Show-Resolved, which is now the function; a function named sr does not hide the alias.
    expect(r).toEqual({ out: 'the function\nthe function\nthe function', err: '', exitCode: 0 });
  });

  it('ends an alias loop instead of following it forever', async () => {
    const r = await runTest('sr loop1');
    expect(r.out).toBe('none');
  });

  it('finds programs on PATH (with or without .exe) and by path, and script files by path', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-discovery-'));
    try {
      const script = path.join(dir, 's.ps1');
      fs.writeFileSync(script, "'from the script'");
      const sh = path.join(dir, 'tool');
      fs.writeFileSync(sh, '#!/bin/sh\necho tool\n', { mode: 0o755 });
      fs.writeFileSync(path.join(dir, 'plain'), 'not executable', { mode: 0o644 });
      const r = await runTest(`sr sh; sr sh.exe; sr '${sh}'; sr '${script}'; sr '${path.join(dir, 'none.ps1')}'; sr '${path.join(dir, 'plain')}'; & '${script}'; & '${sh}'`);
      const which = (name: string) => process.env.PATH!.split(':').map((d) => path.join(d, name)).find((p) => fs.existsSync(p));
      expect(r.out).toBe(
        [
          `external sh Application ${which('sh')}`,
          `external sh.exe Application ${which('sh')}`,
          `external ${sh} Application ${sh}`,
          `script ${script} ExternalScript ${script}`,
          'none',
          'none',
          'from the script',
          'tool',
        ].join('\n'),
      );
      expect(r.err).toBe('');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a name nothing resolves as CommandNotFoundException', async () => {
    const r = await runTest("no-such-command-here; $Error[0].FullyQualifiedErrorId; $Error[0].Exception.GetType().FullName");
    expect(r.err).toContain("The term 'no-such-command-here' is not recognized as the name of a cmdlet, function, script file, or operable program.");
    expect(r.out).toBe('CommandNotFoundException\nSystem.Management.Automation.CommandNotFoundException');
  });
});
