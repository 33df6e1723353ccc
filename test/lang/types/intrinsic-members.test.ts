/*
 * PowerShell's intrinsic Count and Length (src/lang/types/members.ts getProperty): $null has 0 items, a single object
 * 1, and a real property of that name wins (a string's Length, a file's size). Windows PowerShell 5.1 gives a
 * [pscustomobject] neither (6.1 added them).
 */
import { out, tempDrive } from '../helpers';

beforeAll(() => {
  tempDrive();
});

describe('intrinsic Count and Length', () => {
  test('$null counts as nothing', async () => {
    expect(await out('$n = $null; "[$($n.Count)] [$($n.Length)]"; $x = Get-ChildItem C:\\ -Filter *.none; $x.Count')).toBe('[0] [0]\n0');
  });

  test('a single object counts as one, but its own Length or Count wins', async () => {
    expect(await out("Set-Content C:\\a.txt 'hello'; $f = Get-Item C:\\a.txt; $f.Count; $f.Length")).toBe('1\n7');
    expect(await out("'abc'.Length; 'abc'.Count; (5).Count; (5).Length; (Get-Date).Count; @{a=1; b=2}.Count; $true.Length")).toBe('3\n1\n1\n1\n1\n2\n1');
  });

  test('one match from Get-ChildItem is not an array yet still counts as 1', async () => {
    expect(await out("Set-Content C:\\one.log x; $l = Get-ChildItem C:\\ -Filter *.log; $l -is [array]; $l.Count")).toBe('False\n1');
  });

  test('a [pscustomobject] has no intrinsic Count in 5.1', async () => {
    expect(await out('"[$(([pscustomobject]@{a=1}).Count)]"; "[$(([pscustomobject]@{Count=4}).Count)]"')).toBe('[]\n[4]');
  });
});
