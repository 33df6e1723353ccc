/* The built-in cmdlets, through the engine, with drive C: on a temporary directory. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { out, run, lines, tempDrive } from '../lang/helpers';

let C = '';
beforeEach(() => {
  C = tempDrive();
});

const cases: Array<[string, string, string]> = [
  ['Write-Output enumerates; -NoEnumerate does not', '(Write-Output 1, 2 | Measure-Object).Count; (Write-Output 1, 2 -NoEnumerate | Measure-Object).Count', '2\n1'],
  ['Write-Host -NoNewline and -Separator', "Write-Host 'a' -NoNewline; Write-Host 'b', 'c' -Separator '-'", 'ab-c'],
  ['Where-Object script block', "'a', 'bb', 'ccc' | Where-Object { $_.Length -gt 1 }", 'bb\nccc'],
  ['Where-Object simplified syntax', "[pscustomobject]@{ ImageName = 'Win Pro' }, [pscustomobject]@{ ImageName = 'Win Home' } | Where-Object ImageName -like '*Pro*' | ForEach-Object ImageName", 'Win Pro'],
  ['Where-Object -Property -EQ', "[pscustomobject]@{ N = 1 }, [pscustomobject]@{ N = 2 } | Where-Object -Property N -EQ 2 | % N", '2'],
  ['ForEach-Object -Begin -Process -End', "1, 2 | ForEach-Object -Begin { 'b' } -Process { $_ * 3 } -End { 'e' }", 'b\n3\n6\ne'],
  ['ForEach-Object member name and method', "'a', 'b' | ForEach-Object ToUpper; 'xy' | % Length", 'A\nB\n2'],
  ['Select-Object -First -Skip -Unique', '1..6 | Select-Object -Skip 1 -First 2; 1, 1, 2 | Select-Object -Unique', '2\n3\n1\n2'],
  ['Select-Object -First stops an endless producer', 'function gen { $i = 0; while ($true) { $i++; $i } }; gen | Select-Object -First 3; 1..5 | ForEach-Object { $_ } | Select-Object -First 1', '1\n2\n3\n1'],
  ['Select-Object -ExpandProperty', "[pscustomobject]@{ I = 7 } | Select-Object -ExpandProperty I", '7'],
  ['Select-Object calculated property', "[pscustomobject]@{ S = 2048 } | Select-Object @{ Name = 'KB'; Expression = { $_.S / 1024 } }, @{ L = 'Twice'; E = { $_.S * 2 } } | % { \"$($_.KB) $($_.Twice)\" }", '2 4096'],
  ['Sort-Object -Descending and by property', "3, 1, 2 | Sort-Object -Descending; 'b', 'A', 'c' | Sort-Object", '3\n2\n1\nA\nb\nc'],
  ['Group-Object', "'a', 'b', 'a' | Group-Object | ForEach-Object { \"$($_.Name)=$($_.Count)\" }", 'a=2\nb=1'],
  ['Measure-Object -Sum -Average -Maximum', '$m = 1, 2, 3 | Measure-Object -Sum -Average -Maximum; $m.Sum; $m.Average; $m.Maximum; $m.Count', '6\n2\n3\n3'],
  ['Format-Table -Property', "[pscustomobject]@{ A = 1; B = 'x'; C = 3 } | Format-Table A, B", 'A B\n- -\n1 x'],
  ['Format-List', "[pscustomobject]@{ A = 1; Bb = 'x' } | Format-List", 'A  : 1\nBb : x'],
  ['Out-String', "$s = 'a', 'b' | Out-String; $s.Length", '6'],
  ['Join-Path and Split-Path', "Join-Path C:\\a b.wim; Split-Path C:\\a\\b.wim; Split-Path C:\\a\\b.wim -Leaf; Split-Path C:\\x -Qualifier", 'C:\\a\\b.wim\nC:\\a\nb.wim\nC:'],
  ['nested Join-Path as an argument', "Join-Path (Join-Path 'C:\\' 'sources') 'install.wim'", 'C:\\sources\\install.wim'],
  ['Get-Date -Format', "Get-Date -Date '2024-03-05 07:08:09' -Format 'yyyyMMdd-HHmmss'", '20240305-070809'],
  ['standard date formats', "'{0:t}' -f [datetime]'2024-03-05 17:08:09'; ([datetime]'2024-03-05').ToString('D'); ([datetime]'2024-03-05 07:08:09').ToString('s')", '5:08 PM\nTuesday, March 5, 2024\n2024-03-05T07:08:09'],
  ['Start-Sleep', "Start-Sleep -Milliseconds 5; 'woke'", 'woke'],
  ['ConvertTo-Json and back', "$j = [pscustomobject]@{ A = 1; B = 'x' } | ConvertTo-Json -Compress; $j; ($j | ConvertFrom-Json).B", '{"A":1,"B":"x"}\nx'],
  ['Get-Variable and Set-Variable', "Set-Variable -Name zz -Value 5; $zz; (Get-Variable zz).Value; Get-Variable zz -ValueOnly", '5\n5\n5'],
  // As PowerShell's CommandInfo.ParameterSets lists them (checked with the oracle; 7.6 counts one more parameter in
  // each set, ProgressAction, a common parameter 5.1 does not have).
  [
    'Get-Command parameter sets',
    "$c = Get-Command Get-WindowsImage; ($c.ParameterSets | ForEach-Object { \"$($_.Name):$($_.IsDefault):$($_.Parameters.Count)\" }) -join ' '; $p = (Get-Command Export-WindowsImage).ParameterSets[0].Parameters | Where-Object Name -eq 'SourceIndex'; \"$($p.IsMandatory) $($p.Position) $($p.ValueFromPipelineByPropertyName)\"",
    'InputByFilePath:True:17 InputByFilePathAndIndex:False:18 InputByFilePathAndName:False:18 InputByMounted:False:16\nTrue -2147483648 True',
  ],
  ['Get-Command parameter metadata', "(Get-Command Export-WindowsImage).Parameters['LogLevel'].ParameterType.FullName; (Get-Command Write-Output).Name", 'Microsoft.Dism.Commands.LogLevel\nWrite-Output'],
  ['Tee-Object -Variable', "1, 2 | Tee-Object -Variable t | Out-Null; $t.Count", '2'],
  ['Write-Progress draws nothing without a console', "Write-Progress -Activity 'Exporting' -Status 'x' -PercentComplete 50; Write-Progress -Activity 'Exporting' -Completed; 'ok'", 'ok'],
  ['Write-Information shows with -InformationAction Continue', "Write-Information 'hidden'; Write-Information 'shown' -InformationAction Continue", 'shown'],
  ['Get-Member lists note properties', "[pscustomobject]@{ ImageIndex = 1 } | Get-Member -MemberType NoteProperty | ForEach-Object { $_.Name + ' ' + $_.Definition }", 'ImageIndex int ImageIndex=1'],
  ['Invoke-Expression', "Invoke-Expression '1 + 2'", '3'],
  ['Add-Member and New-Object', "$o = New-Object PSObject; $o | Add-Member -NotePropertyName X -NotePropertyValue 4; $o.X", '4'],
];

describe('built-in cmdlets', () => {
  it.each(cases)('%s', async (_name, script, expected) => {
    expect(await out(script)).toBe(expected);
  });

  it('file items: New-Item, Test-Path, Get-Item, Get-ChildItem, Copy/Move/Rename/Remove-Item', async () => {
    const script = [
      "New-Item -ItemType Directory -Path C:\\out\\sub -Force | Out-Null",
      "Set-Content -Path C:\\out\\a.txt -Value 'one', 'two'",
      "Add-Content C:\\out\\a.txt 'three'",
      '(Get-Content C:\\out\\a.txt).Count',
      "(Get-Content C:\\out\\a.txt -Raw).Length",
      "Test-Path C:\\out\\a.txt -PathType Leaf; Test-Path C:\\out -PathType Container; Test-Path C:\\out\\*.txt",
      "(Get-Item C:\\out\\a.txt).Name; (Get-Item C:\\out\\a.txt).Length",
      "Copy-Item C:\\out\\a.txt C:\\out\\b.txt; Move-Item C:\\out\\b.txt C:\\out\\sub; Rename-Item C:\\out\\sub\\b.txt c.txt",
      "(Get-ChildItem C:\\out -Recurse -File | ForEach-Object Name) -join ','",
      "Get-ChildItem C:\\out\\*.txt -Name",
      "Remove-Item C:\\out -Recurse; Test-Path C:\\out",
      "Resolve-Path C:\\ | ForEach-Object Path",
    ].join('\n');
    expect(await out(script)).toBe(['3', '17', 'True', 'True', 'True', 'a.txt', '17', 'a.txt,c.txt', 'a.txt', 'False', 'C:\\'].join('\n'));
    expect(fs.existsSync(path.join(C, 'out'))).toBe(false);
  });

  it('mkdir creates directories', async () => {
    expect(await out("mkdir C:\\m1 | Out-Null; Test-Path C:\\m1")).toBe('True');
    expect(fs.statSync(path.join(C, 'm1')).isDirectory()).toBe(true);
  });

  it('Out-File writes UTF-16LE with a BOM and > / >> redirect the same way', async () => {
    await out("'x' | Out-File C:\\o.txt; 'y' > C:\\r.txt; 'z' >> C:\\r.txt");
    const o = fs.readFileSync(path.join(C, 'o.txt'));
    expect([o[0], o[1]]).toEqual([0xff, 0xfe]);
    expect(o.subarray(2).toString('utf16le')).toBe('x\r\n');
    expect(fs.readFileSync(path.join(C, 'r.txt')).subarray(2).toString('utf16le')).toBe('y\r\nz\r\n');
  });

  it('Export-Csv and Import-Csv round trip', async () => {
    expect(await out("[pscustomobject]@{ I = 1; N = 'a,b' } | Export-Csv C:\\t.csv -NoTypeInformation; (Import-Csv C:\\t.csv).N")).toBe('a,b');
    expect(fs.readFileSync(path.join(C, 't.csv'), 'utf8')).toBe('"I","N"\r\n"1","a,b"\r\n');
  });

  it('path errors are PowerShell records: Cannot find path', async () => {
    const r = await run("Get-Item C:\\nope\\x.txt; Remove-Item C:\\none.txt");
    expect(r.stderr).toContain("Get-Item : Cannot find path 'C:\\nope\\x.txt' because it does not exist.");
    expect(r.stderr).toContain('ObjectNotFound: (C:\\nope\\x.txt:String) [Get-Item], ItemNotFoundException');
    expect(r.stderr).toContain('PathNotFound,Microsoft.PowerShell.Commands.RemoveItemCommand');
  });

  it('Read-Host and Out-GridView fail without a person, with PowerShell\'s error', async () => {
    const r = await run("$x = Read-Host 'Index'; 'next'");
    expect(r.stderr).toContain('Read-Host : Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.');
    expect(r.stderr).toContain('InvalidOperation,Microsoft.PowerShell.Commands.ReadHostCommand');
    expect(lines(r.stdout)).toBe('next');
    expect((await run('1 | Out-GridView -PassThru')).stderr).toContain('NonInteractive mode');
  });

  it('Start-Process runs a program, or fails with a clear error', async () => {
    expect(await out("Start-Process sh -ArgumentList '-c', 'echo hi' -Wait -NoNewWindow")).toBe('hi');
    expect((await run('Start-Process no-such-program.exe -Wait')).stderr).toContain('The system cannot find the file specified.');
  });

  it('Get-Help shows the syntax of each parameter set and parameter details', async () => {
    const text = await out('Get-Help Export-WindowsImage -Full');
    expect(text).toContain('Export-WindowsImage [-CheckIntegrity]');
    expect(text).toContain('-SourceImagePath <String> -SourceIndex <UInt32>');
    expect(text).toContain('-SourceImagePath <String> -SourceName <String>');
    expect(text).toMatch(/-SourceIndex <UInt32>\n\s+Specifies the index number/);
    expect(text).toContain('Accept pipeline input?       True (ByPropertyName)');
    expect((await run('Get-Help Nope-Thing')).stderr).toContain('Get-Help could not find Nope-Thing');
  });

  it('Import-Module: Dism is built in, a .psm1 loads its functions, an unknown module is an error', async () => {
    fs.writeFileSync(path.join(C, 'm.psm1'), 'function From-Module { "fm" }\n');
    expect(await out('Import-Module Dism; Import-Module C:\\m.psm1; From-Module')).toBe('fm');
    expect((await run('Import-Module NoSuchModule')).stderr).toContain('Modules_ModuleNotFound,Microsoft.PowerShell.Commands.ImportModuleCommand');
  });

  it('Set-StrictMode makes unset variables an error', async () => {
    const r = await run("Set-StrictMode -Version Latest; $set = 1; $set; $unset; 'next'");
    expect(lines(r.stdout)).toBe('1\nnext');
    expect(r.stderr).toContain("The variable '$unset' cannot be retrieved because it has not been set.");
    expect(await out('Set-StrictMode -Off; $unset2; "ok"')).toBe('ok');
  });

  it('Clear-Host writes nothing when output is redirected', async () => {
    expect((await run('Clear-Host')).stdout).toBe('');
  });
  it('-? shows the help: a cmdlet\'s is Get-Help\'s, a function\'s is its name and syntax', async () => {
    const viaQ = await run('Export-WindowsImage -?');
    expect(viaQ.stderr).toBe('');
    expect(viaQ.stdout).toBe((await run('Get-Help Export-WindowsImage')).stdout);
    expect(viaQ.stdout).toMatch(/^\nNAME\n    Export-WindowsImage\n/);
    expect((await run('Get-ChildItem -?')).stdout).toMatch(/^\nNAME\n    Get-ChildItem\n/);
    const fn = await run('function Get-Thing { param($Path, [int]$Count) $Path }; Get-Thing -?');
    expect(fn.stderr).toBe('');
    expect(fn.stdout).toBe('\nNAME\n    Get-Thing\n\nSYNTAX\n    Get-Thing [[-Path] <Object>] [[-Count] <Int32>]\n\nALIASES\n    None\n\nREMARKS\n    None\n\n');
    const adv = await run('function Set-Thing { [CmdletBinding()] param([Parameter(Mandatory)][string]$Name) }; Set-Thing -?');
    expect(adv.stdout).toContain('Set-Thing [-Name] <String> [<CommonParameters>]');
    // The body does not run, and a real parameter named like a value still binds.
    expect(await out("function Say { 'ran' }; Say -?; Write-Output '-?'")).not.toContain('ran');
  });
});
