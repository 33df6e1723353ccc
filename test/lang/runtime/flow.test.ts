/*
 * Control flow and errors as admin scripts rely on them (issue 21), each checked against the real engine
 * (`npm run oracle`) and 5.1's rules: dot-sourcing a function, -ErrorVariable / -WarningVariable / -OutVariable
 * collecting everything a command writes, typed catch of a .NET exception inside a method-call failure,
 * Set-StrictMode, integer overflow, [ValidateScript()] and the `"$drive:\x"` parse error.
 */
import { out, run, tempDrive } from '../helpers';

beforeAll(() => {
  tempDrive();
});

describe('dot-sourcing a function', () => {
  it('runs it in the caller\'s scope: the variables it sets remain', async () => {
    expect(await out(`function Set-Vals { $a = 1; $b = 'two' }; . Set-Vals; "a=$a b=$b"`)).toBe('a=1 b=two');
  });

  it('called plainly, its variables stay in its own scope', async () => {
    expect(await out(`function Set-Vals { $a = 1 }; Set-Vals; "a=[$a]"`)).toBe('a=[]');
  });

  it('works with parameters and output, and from inside another function', async () => {
    const r = await out(`function Set-Base($root) { $base = "$root\\x"; 'set' }; function Use-It { . Set-Base C:; $base }; Use-It`);
    expect(r).toBe('set\nC:\\x');
  });
});

describe('-ErrorVariable and the other stream variables', () => {
  it('collects every error of the command, not only the last', async () => {
    const r = await out(`Get-Item C:\\nope1, C:\\nope2 -ErrorAction SilentlyContinue -ErrorVariable ev; $ev.Count; $ev[0].Exception.Message; $ev[1].FullyQualifiedErrorId`);
    expect(r).toBe("2\nCannot find path 'C:\\nope1' because it does not exist.\nPathNotFound,Microsoft.PowerShell.Commands.GetItemCommand");
  });

  it('+name appends to what the variable holds; a plain name starts afresh, empty when nothing failed', async () => {
    const r = await out(
      `Get-Item C:\\n1, C:\\n2 -ErrorAction SilentlyContinue -ErrorVariable ev; Get-Item C:\\n3 -ErrorAction SilentlyContinue -ErrorVariable +ev; $ev.Count; ` +
        `Get-Item C:\\ -ErrorVariable ev | Out-Null; $ev.Count`,
    );
    expect(r).toBe('3\n0');
  });

  it('collects the error that -ErrorAction Stop turns terminating', async () => {
    expect(await out(`try { Get-Item C:\\nope -ErrorAction Stop -ErrorVariable se } catch { 'caught' }; $se.Count`)).toBe('caught\n1');
  });

  it('collects the errors written inside an advanced function, and -OutVariable its output', async () => {
    const r = await out(
      `function Test-Adv { [CmdletBinding()] param() Write-Error 'one'; Write-Error 'two'; 'out1'; 'out2' }; ` +
        `Test-Adv -ErrorAction SilentlyContinue -ErrorVariable fe -OutVariable fo | Out-Null; "$($fe.Count) $($fo.Count) $($fe[1])"`,
    );
    expect(r).toBe('2 2 two');
  });

  it('-WarningVariable and -OutVariable work the same way (+name appends, a plain name starts afresh)', async () => {
    const r = await out(
      `Write-Warning 'w1' -WarningVariable wv -WarningAction SilentlyContinue; Write-Warning 'w2' -WarningVariable +wv -WarningAction SilentlyContinue; ` +
        `"$($wv.Count) $($wv -join ',')"; 1,2,3 | Write-Output -OutVariable ov | Out-Null; $ov.Count; 4 | Write-Output -OutVariable ov | Out-Null; $ov.Count`,
    );
    expect(r).toBe('2 w1,w2\n3\n1');
  });

  it('collects errors that are also shown', async () => {
    const r = await run(`Get-Item C:\\a1, C:\\a2 -ErrorVariable ev; $ev.Count`);
    expect(r.stdout.trim()).toBe('2');
    expect(r.stderr.match(/Cannot find path/g)).toHaveLength(2);
  });
});
