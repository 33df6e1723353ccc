/*
 * Split-Path as Windows PowerShell 5.1 declares it: -Extension and -LeafBase came in PowerShell 6, so naming one is
 * 5.1's parameter binding error, not a result.
 */
import { out, run, tempDrive } from '../../lang/helpers';

beforeAll(() => {
  tempDrive();
});

test('-Extension and -LeafBase do not exist in 5.1', async () => {
  for (const p of ['Extension', 'LeafBase']) {
    const r = await run(`Split-Path C:\\x\\install.wim -${p}`);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`Split-Path : A parameter cannot be found that matches parameter name '${p}'.`);
    expect(r.stderr).toContain('NamedParameterNotFound,Microsoft.PowerShell.Commands.SplitPathCommand');
  }
});

test('the 5.1 parameters still split', async () => {
  expect(await out('Split-Path C:\\x\\install.wim -Leaf; Split-Path C:\\x\\install.wim; Split-Path C:\\x\\install.wim -Qualifier')).toBe('install.wim\nC:\\x\nC:');
});
