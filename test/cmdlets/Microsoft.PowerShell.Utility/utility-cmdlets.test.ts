/*
 * The Utility cmdlets admin scripts call that wimsh lacked: Get-FileHash, Measure-Command, Remove-Variable,
 * Get-Random, Compare-Object, ConvertTo-/ConvertFrom-Csv, Get-Host, and Start-/Stop-Transcript, each against 5.1's
 * behaviour (texts from the 5.1 sources and the oracle; hashes against node:crypto's digest of the same bytes).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { out, run, tempDrive } from '../../lang/helpers';

let C = '';
beforeEach(() => {
  C = tempDrive();
  fs.writeFileSync(path.join(C, 'data.bin'), Buffer.from('wimsh hashes this\r\n'));
});

const digest = (alg: string) => crypto.createHash(alg).update(fs.readFileSync(path.join(C, 'data.bin'))).digest('hex').toUpperCase();

describe('Get-FileHash', () => {
  it('SHA256 by default, as upper-case hex, with the full path', async () => {
    expect(await out('$h = Get-FileHash C:\\data.bin; $h.Algorithm; $h.Hash; $h.Path')).toBe(`SHA256\n${digest('sha256')}\nC:\\data.bin`);
  });

  it('SHA1, SHA384, SHA512 and MD5', async () => {
    for (const [ps, node] of [['SHA1', 'sha1'], ['SHA384', 'sha384'], ['SHA512', 'sha512'], ['MD5', 'md5']])
      expect(await out(`(Get-FileHash -Path C:\\data.bin -Algorithm ${ps}).Hash`)).toBe(digest(node));
  });

  it("shows 5.1's table: Algorithm in 15 columns, Hash in 70, Path", async () => {
    expect(await out('Get-FileHash C:\\data.bin')).toBe(
      ['Algorithm       Hash' + ' '.repeat(67) + 'Path', '---------       ----' + ' '.repeat(67) + '----', `SHA256          ${digest('sha256')}       C:\\data.bin`].join('\n'),
    );
  });

  it('refuses an algorithm outside the set, and reports a missing file', async () => {
    expect((await run('Get-FileHash C:\\data.bin -Algorithm CRC32')).stderr).toContain('does not belong to the set');
    expect((await run('Get-FileHash C:\\none.bin')).stderr).toContain("Cannot find path 'C:\\none.bin' because it does not exist.");
  });
});

describe('Measure-Command', () => {
  it('times the block (its output discarded) in the caller scope and returns a TimeSpan', async () => {
    expect(await out("$t = Measure-Command { Start-Sleep -Milliseconds 60; 'dropped'; $inner = 5 }; $t.GetType().FullName; $t.TotalMilliseconds -ge 50; $t.Ticks -eq [long]($t.TotalMilliseconds * 10000); $inner")).toBe('System.TimeSpan\nTrue\nTrue\n5');
  });

  it('prints as a TimeSpan list', async () => {
    const t = await out('Measure-Command { }');
    expect(t.split('\n').map((l) => l.split(':')[0].trim())).toEqual(['Days', 'Hours', 'Minutes', 'Seconds', 'Milliseconds', 'Ticks', 'TotalDays', 'TotalHours', 'TotalMinutes', 'TotalSeconds', 'TotalMilliseconds']);
  });
});

describe('Remove-Variable', () => {
  it('removes a variable (from the scope that holds it), with wildcards', async () => {
    expect(await out('$a = 1; Remove-Variable a; $null -eq $a')).toBe('True');
    expect(await out('$g = 1; function f { Remove-Variable g }; f; $null -eq $g')).toBe('True');
    expect(await out('$p1 = 1; $p2 = 2; $q = 3; Remove-Variable p*; "$p1$p2$q"')).toBe('3');
  });

  it("writes 5.1's error for a name that is not there", async () => {
    const r = await run('Remove-Variable nope');
    expect(r.stderr).toContain("Remove-Variable : Cannot find a variable with the name 'nope'.");
    expect(r.stderr).toContain('VariableNotFound,Microsoft.PowerShell.Commands.RemoveVariableCommand');
  });
});

describe('Get-Random', () => {
  it('integers in [Minimum, Maximum), a double when a bound is one', async () => {
    expect(await out('$ok = $true; 1..200 | % { $r = Get-Random -Minimum 3 -Maximum 6; if ($r -lt 3 -or $r -ge 6) { $ok = $false } }; $ok')).toBe('True');
    expect(await out('(Get-Random).GetType().Name; (Get-Random -Maximum 2.5).GetType().Name')).toBe('Int32\nDouble');
  });

  it('the result type follows the bounds: Int32, Int64 when either is one, else Double (as the oracle shows)', async () => {
    const cases = [
      ['-Minimum 1 -Maximum 10', 'Int32'],
      ['-Maximum 1.5', 'Double'],
      ['-Maximum 10000000000', 'Int64'],
      ['-Minimum 1L -Maximum 5', 'Int64'],
      ['-Minimum 1.5 -Maximum 5', 'Double'],
      ['-Maximum 5d', 'Double'],
      ['-Maximum ([byte]5)', 'Double'],
      ["-Maximum '5'", 'Int32'],
      ["-Maximum '5.5'", 'Double'],
    ];
    const script = cases.map(([args]) => `(Get-Random ${args}).GetType().Name`).join('; ');
    expect(await out(script)).toBe(cases.map(([, t]) => t).join('\n'));
    expect(await out('$ok = $true; 1..100 | % { $r = Get-Random -Minimum 5L -Maximum 8; if ($r -lt 5 -or $r -ge 8) { $ok = $false } }; $ok')).toBe('True');
  });

  it('picks distinct items from the input, -Count of them', async () => {
    expect(await out('$p = 1..10 | Get-Random -Count 4; $p.Count; ($p | Sort-Object -Unique).Count')).toBe('4\n4');
    expect(await out("(Get-Random -InputObject 'a','b' -Count 5).Count")).toBe('2');
  });

  it('-SetSeed repeats the sequence', async () => {
    expect(await out('$a = Get-Random -SetSeed 7 -Maximum 1000; $b = Get-Random -SetSeed 7 -Maximum 1000; $a -eq $b')).toBe('True');
  });

  it('refuses Minimum >= Maximum with 5.1\'s message', async () => {
    expect((await run('Get-Random -Minimum 5 -Maximum 5')).stderr).toContain('The Minimum value (5) cannot be greater than or equal to the Maximum value (5).');
  });
});

describe('Compare-Object', () => {
  it('writes => for difference-only, then <= for reference-only objects', async () => {
    expect(await out('Compare-Object 1,2,3 2,3,4')).toBe('InputObject SideIndicator\n----------- -------------\n          4 =>\n          1 <=');
  });

  it('-IncludeEqual adds ==, -ExcludeDifferent keeps only those', async () => {
    expect(await out("(Compare-Object a,b c,b -IncludeEqual | % { $_.InputObject + $_.SideIndicator }) -join ' '")).toBe('b== c=> a<=');
    expect(await out("(Compare-Object a,b c,b -IncludeEqual -ExcludeDifferent).InputObject")).toBe('b');
  });

  it('-Property compares those properties; -PassThru writes the objects with SideIndicator', async () => {
    const setup = "$r = [pscustomobject]@{N='x';V=1},[pscustomobject]@{N='y';V=2}; $d = [pscustomobject]@{N='x';V=9},[pscustomobject]@{N='z';V=2}; ";
    expect(await out(setup + "(Compare-Object $r $d -Property N | % { $_.N + $_.SideIndicator }) -join ' '")).toBe('z=> y<=');
    expect(await out(setup + "(Compare-Object $r $d -Property N -PassThru | % { \"$($_.N)$($_.V)$($_.SideIndicator)\" }) -join ' '")).toBe('z2=> y2<=');
  });

  it('-SyncWindow 0 writes each difference where it is found', async () => {
    expect(await out("(Compare-Object 1,2 2,1 -SyncWindow 0 | % { \"$($_.InputObject)$($_.SideIndicator)\" }) -join ' '")).toBe('2=> 1<= 1=> 2<=');
  });
});

describe('ConvertTo-Csv / ConvertFrom-Csv', () => {
  it("writes 5.1's lines: the #TYPE line, quoted header and fields", async () => {
    expect(await out("[pscustomobject]@{A=1;B='x,y'} | ConvertTo-Csv")).toBe('#TYPE System.Management.Automation.PSCustomObject\n"A","B"\n"1","x,y"');
    expect(await out("[pscustomobject]@{A=1} | ConvertTo-Csv -NoTypeInformation -Delimiter ';'")).toBe('"A"\n"1"');
  });

  it('reads CSV lines back into objects, with -Header and -Delimiter', async () => {
    expect(await out("$o = 'A,B', '1,\"x,y\"', '2,z' | ConvertFrom-Csv; $o.Count; $o[0].B; $o[1].A")).toBe('2\nx,y\n2');
    expect(await out("('1;2' | ConvertFrom-Csv -Delimiter ';' -Header P,Q).Q")).toBe('2');
    expect(await out("[pscustomobject]@{N='v'} | ConvertTo-Csv | ConvertFrom-Csv | % N")).toBe('v');
  });
});

describe('Get-Host', () => {
  it('is $Host: ConsoleHost 5.1 with an InstanceId, shown as its list', async () => {
    expect(await out("$h = Get-Host; $h.Name; $h.Version.Major; $h.InstanceId -match '^[0-9a-f]{8}-[0-9a-f]{4}-4'; $h.InstanceId -eq $Host.InstanceId")).toBe('ConsoleHost\n5\nTrue\nTrue');
    const t = await out('Get-Host');
    expect(t.split('\n').map((l) => l.split(' : ')[0].trim())).toEqual(['Name', 'Version', 'InstanceId', 'UI', 'CurrentCulture', 'CurrentUICulture', 'PrivateData', 'DebuggerEnabled', 'IsRunspacePushed', 'Runspace']);
    expect(t).toContain('UI               : System.Management.Automation.Internal.Host.InternalHostUserInterface');
  });
});

describe('Start-Transcript / Stop-Transcript', () => {
  it("records output and errors between 5.1's header and end blocks", async () => {
    const r = await run("Start-Transcript -Path C:\\t.txt; 'hello'; Write-Error 'bad thing'; Stop-Transcript");
    expect(r.stdout).toContain('Transcript started, output file is C:\\t.txt\n');
    expect(r.stdout).toContain('Transcript stopped, output file is C:\\t.txt\n');
    const text = fs.readFileSync(path.join(C, 't.txt'), 'utf8');
    expect(text.startsWith('\ufeff**********************\r\nWindows PowerShell transcript start\r\nStart time: ')).toBe(true);
    expect(text).toMatch(/\r\nPSVersion: 5\.1\.19041\.1\r\n/);
    expect(text).toContain('Transcript started, output file is C:\\t.txt\r\nhello\r\n');
    expect(text).toContain('bad thing');
    expect(text).toMatch(/\*{22}\r\nWindows PowerShell transcript end\r\nEnd time: \d{14}\r\n\*{22}\r\n$/);
    expect(text).not.toContain('Transcript stopped');
  });

  it('Stop-Transcript without one is a terminating error', async () => {
    const r = await run("Stop-Transcript; 'after'");
    expect(r.stderr).toContain('An error occurred stopping transcription: The host is not currently transcribing.');
    expect(r.stdout).toBe('after\n');
  });
});
