/*
 * Export-WindowsImage as a user runs it: the built CLI spawned with PowerShell lines, its WIMs checked by
 * wimlib-imagex (and 7zz), its console output, error records, exit codes and dism.log pinned.
 * Sources are made with wimlib-imagex capture (tiny trees): a three-edition XPRESS WIM, an LZX WIM, a solid LZMS
 * .esd and a WIM with an integrity table.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, errorShape, expectValidWim, imageNames, logLines, makeTree, sandbox, sha256, wimInfo, wimlib, type Sandbox } from './helpers';

let sb: Sandbox;
const MULTI = 'C:\\src\\multi.wim';
const DEFAULT_LOG = () => sb.cpath('Windows/Logs/DISM/dism.log');
const LOG_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, (Info|Warning|Error) {1,18}DISM   \S.*$/;

beforeAll(() => {
  sb = sandbox('export');
  const t = (n: string) => sb.cpath(`tree/${n}`);
  for (const e of ['home', 'pro', 'edu']) makeTree(t(e), e);
  fs.mkdirSync(sb.cpath('src'), { recursive: true });
  fs.mkdirSync(sb.cpath('out'), { recursive: true });
  const multi = sb.cpath('src/multi.wim');
  wimlib('capture', t('home'), multi, 'Windows Home', 'Home edition', '--compress=XPRESS');
  wimlib('append', t('pro'), multi, 'Windows Pro', 'Pro edition');
  wimlib('append', t('edu'), multi, 'Windows Education', 'Education edition');
  wimlib('capture', t('pro'), sb.cpath('src/lzx.wim'), 'LZX Pro', '--compress=LZX');
  wimlib('capture', t('pro'), sb.cpath('src/install.esd'), 'ESD Pro', '--solid', '--compress=LZMS');
  wimlib('capture', t('home'), sb.cpath('src/checked.wim'), 'Checked Home', '--compress=XPRESS', '--check');
});
afterAll(() => sb.cleanup());

const out = (name: string) => sb.cpath(`out/${name}`);
// 5.1's list layout: two blank lines before (format and group start), three after (entry, group and format end).
const SUCCESS = '\n\nLogPath : C:\\Windows\\Logs\\DISM\\dism.log\n\n\n\n';

describe('parameters, aliases and abbreviations', () => {
  test('the full names: -SourceImagePath -SourceIndex -DestinationImagePath; a new, valid WIM with that image', () => {
    const r = sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 2 -DestinationImagePath C:\\out\\full.wim`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(SUCCESS);
    expect(r.code).toBe(0);
    expect(imageNames(out('full.wim'))).toEqual(['Windows Pro']);
    expectValidWim(out('full.wim'), true);
  });

  test('-SourceName picks the image by name (case-insensitive, as DISM)', () => {
    const r = sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceName 'windows education' -DestinationImagePath C:\\out\\byname.wim`);
    expect(r.code).toBe(0);
    expect(imageNames(out('byname.wim'))).toEqual(['Windows Education']);
    expectValidWim(out('byname.wim'));
  });

  test('the aliases SIP SI DIP DN SB LP LL', () => {
    const r = sb.run(`Export-WindowsImage -SIP ${MULTI} -SI 3 -DIP C:\\out\\alias.wim -DN 'Edu Renamed' -SB -LP C:\\logs\\alias.log -LL WarningsInfo`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('\n\nLogPath : C:\\logs\\alias.log\n\n\n\n');
    expect(imageNames(out('alias.wim'))).toEqual(['Edu Renamed']);
    expect(wimInfo(out('alias.wim'))['Boot Index']).toBe('1');
    expect(fs.existsSync(sb.cpath('logs/alias.log'))).toBe(true);
    expectValidWim(out('alias.wim'));
  });

  test('the alias SN', () => {
    const r = sb.run(`Export-WindowsImage -SIP ${MULTI} -SN 'Windows Home' -DIP C:\\out\\sn.wim`);
    expect(r.code).toBe(0);
    expect(imageNames(out('sn.wim'))).toEqual(['Windows Home']);
  });

  test('abbreviated names (-SourceIm, -SourceInd, -DestinationI, -Compression) and odd casing of the cmdlet', () => {
    const r = sb.run(`Export-WindowsIMage -SourceIm ${MULTI} -SourceInd 1 -DestinationI C:\\out\\abbr.wim -Compression Maximum`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(wimInfo(out('abbr.wim')).Compression).toBe('LZX');
    expectValidWim(out('abbr.wim'), true);
  });

  test('an index given as text ("2", "$i", from a variable) binds as UInt32', () => {
    const r = sb.run(`$i = 2; Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex "$i" -DestinationImagePath C:\\out\\idxtext.wim | Out-Null; Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex '3' -DestinationImagePath C:\\out\\idxtext.wim | Out-Null`);
    expect(r.stderr).toBe('');
    expect(imageNames(out('idxtext.wim'))).toEqual(['Windows Pro', 'Windows Education']);
  });

  test('Get-Command shows each parameter with its own aliases only', () => {
    const r = sb.run(
      "$c = Get-Command Export-WindowsImage; foreach ($n in 'SourceImagePath','SourceIndex','SourceName','DestinationImagePath','DestinationName','Setbootable','LogPath','LogLevel','CompressionType') { '{0}={1}' -f $n, ($c.Parameters[$n].Aliases -join ',') }",
    );
    expect(r.stdout.trim().split('\n')).toEqual([
      'SourceImagePath=SIP',
      'SourceIndex=SI',
      'SourceName=SN',
      'DestinationImagePath=DIP',
      'DestinationName=DN',
      'Setbootable=SB',
      'LogPath=LP',
      'LogLevel=LL',
      'CompressionType=',
    ]);
  });
});

describe('-CompressionType', () => {
  test('none, fast, max and maximum, in any case, on a new file', () => {
    const r = sb.run(
      ['None', 'FAST', 'max', 'maximum']
        .map((c) => `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\c-${c}.wim -CompressionType ${c} | Out-Null`)
        .join('; '),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(wimInfo(out('c-None.wim')).Compression).toBe('None');
    expect(wimInfo(out('c-FAST.wim')).Compression).toBe('XPRESS');
    expect(wimInfo(out('c-max.wim')).Compression).toBe('LZX');
    expect(wimInfo(out('c-maximum.wim')).Compression).toBe('LZX');
    for (const c of ['None', 'FAST', 'max', 'maximum']) expectValidWim(out(`c-${c}.wim`), c === 'max');
  });

  test("omitted on a new file: the source's compression (XPRESS, LZX); max for a solid LZMS .esd", () => {
    const r = sb.run(
      [
        `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\d-xpress.wim`,
        'Export-WindowsImage -SourceImagePath C:\\src\\lzx.wim -SourceIndex 1 -DestinationImagePath C:\\out\\d-lzx.wim',
        'Export-WindowsImage -SourceImagePath C:\\src\\install.esd -SourceIndex 1 -DestinationImagePath C:\\out\\d-esd.wim',
      ].join('; '),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(wimInfo(out('d-xpress.wim')).Compression).toBe('XPRESS');
    expect(wimInfo(out('d-lzx.wim')).Compression).toBe('LZX');
    const esd = wimInfo(out('d-esd.wim'));
    expect(esd.Compression).toBe('LZX');
    expect(esd.Version).toBe(String(0x10d00)); // a plain WIM, not solid
    expect(imageNames(out('d-esd.wim'))).toEqual(['ESD Pro']);
    expectValidWim(out('d-esd.wim'), true);
  });

  test('appending keeps the destination compression, even when -CompressionType asks for another', () => {
    const r = sb.run(
      `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\keep.wim -CompressionType fast | Out-Null; ` +
        `Export-WindowsImage -SourceImagePath C:\\src\\lzx.wim -SourceIndex 1 -DestinationImagePath C:\\out\\keep.wim -CompressionType max -LogPath C:\\logs\\keep.log | Out-Null`,
    );
    expect(r.code).toBe(0);
    // As on Windows, nothing is printed about it; the log says so.
    expect(r.stdout + r.stderr).toBe('');
    expect(logLines(sb.cpath('logs/keep.log')).some((l) => /^.{21}Warning .*does not apply/.test(l))).toBe(true);
    const info = wimInfo(out('keep.wim'));
    expect(info.Compression).toBe('XPRESS');
    expect(info['Image Count']).toBe('2');
    expect(imageNames(out('keep.wim'))).toEqual(['Windows Home', 'LZX Pro']);
    expectValidWim(out('keep.wim'), true);
  });

  test('"recovery" is refused with the reference page\'s words; nothing is written', () => {
    const r = sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\rec.wim -CompressionType recovery`);
    expect(r.code).toBe(1);
    const e = errorShape(r.stderr);
    expect(e.message).toBe('Export-WindowsImage : The Export-WindowsImage cmdlet does not support the "recovery" compression type. Use dism.exe instead.');
    expect(e.category).toBe('InvalidArgument: (:) [Export-WindowsImage], PSArgumentException');
    expect(e.fqid).toBe('Export-WindowsImage,Microsoft.Dism.Commands.ExportWindowsImageCommand');
    expect(fs.existsSync(out('rec.wim'))).toBe(false);
  });

  test("any other value gets PowerShell's validation error", () => {
    const r = sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\bogus.wim -CompressionType lzx2`);
    expect(r.code).toBe(1);
    const e = errorShape(r.stderr);
    expect(e.message).toMatch(/^Export-WindowsImage : Cannot validate argument on parameter 'CompressionType'\. The argument "lzx2" does not belong to the set /);
    expect(e.category).toBe('InvalidData: (:) [Export-WindowsImage], ParameterBindingValidationException');
    expect(e.fqid).toBe('ParameterArgumentValidationError,Microsoft.Dism.Commands.ExportWindowsImageCommand');
    expect(fs.existsSync(out('bogus.wim'))).toBe(false);
  });
});

describe('-DestinationName', () => {
  test("defaults to the source image's name; a given name is used", () => {
    const r = sb.run(
      `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 2 -DestinationImagePath C:\\out\\names.wim | Out-Null; ` +
        `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 2 -DestinationImagePath C:\\out\\names.wim -DestinationName 'Pro copy' | Out-Null`,
    );
    expect(r.stderr).toBe('');
    expect(imageNames(out('names.wim'))).toEqual(['Windows Pro', 'Pro copy']);
    expectValidWim(out('names.wim'));
  });

  test('a name already in the destination is refused with DISM\'s error; the destination is left byte-identical', () => {
    sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\clash.wim`);
    const before = sha256(out('clash.wim'));
    const r = sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 2 -DestinationImagePath C:\\out\\clash.wim -DestinationName 'WINDOWS HOME'; "ok=$?"`);
    expect(r.stdout).toBe('ok=False\n');
    const e = errorShape(r.stderr);
    expect(e.message).toBe('Export-WindowsImage : The parameter is incorrect.');
    expect(e.category).toBe('InvalidArgument: (:) [Export-WindowsImage], PSArgumentException');
    expect(e.fqid).toBe('Export-WindowsImage,Microsoft.Dism.Commands.ExportWindowsImageCommand');
    expect(sha256(out('clash.wim'))).toBe(before);
    // The same source image again under its own name clashes too.
    const again = sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\clash.wim`);
    expect(again.code).toBe(1);
    expect(sha256(out('clash.wim'))).toBe(before);
    expect(fs.readdirSync(sb.cpath('out')).filter((n) => n.startsWith('clash'))).toEqual(['clash.wim']);
  });
});

describe('-CheckIntegrity, -Setbootable, -WIMBoot, -ScratchDirectory, -SplitImageFilePattern', () => {
  test('-CheckIntegrity verifies the source and writes an integrity table into the destination', () => {
    const r = sb.run('Export-WindowsImage -SourceImagePath C:\\src\\checked.wim -SourceIndex 1 -DestinationImagePath C:\\out\\integ.wim -CheckIntegrity');
    expect(r.stderr).toBe('');
    expect(wimInfo(out('integ.wim')).Attributes).toMatch(/Integrity info/);
    expect(wimlib('verify', out('integ.wim'))).toMatch(/successfully verified/);
  });

  test('-CheckIntegrity refuses a source whose data no longer matches its integrity table; no destination is left', () => {
    const bad = sb.cpath('src/corrupt.wim');
    fs.copyFileSync(sb.cpath('src/checked.wim'), bad);
    const buf = fs.readFileSync(bad);
    buf[208 + 40] ^= 0xff; // inside the first resource after the header
    fs.writeFileSync(bad, buf);
    const r = sb.run('Export-WindowsImage -SourceImagePath C:\\src\\corrupt.wim -SourceIndex 1 -DestinationImagePath C:\\out\\fromcorrupt.wim -CheckIntegrity');
    expect(r.code).toBe(1);
    const e = errorShape(r.stderr);
    expect(e.message).toBe('Export-WindowsImage : The data is invalid.');
    expect(e.category).toBe('NotSpecified: (:) [Export-WindowsImage], COMException');
    expect(e.fqid).toBe('Microsoft.Dism.Commands.ExportWindowsImageCommand');
    expect(fs.existsSync(out('fromcorrupt.wim'))).toBe(false);
    expect(fs.readdirSync(sb.cpath('out')).filter((n) => n.includes('fromcorrupt'))).toEqual([]);
  });

  test('-Setbootable marks the exported image as the boot image, also when appending', () => {
    const r = sb.run(
      `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\boot.wim | Out-Null; ` +
        `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 2 -DestinationImagePath C:\\out\\boot.wim -Setbootable | Out-Null`,
    );
    expect(r.stderr).toBe('');
    expect(wimInfo(out('boot.wim'))['Boot Index']).toBe('2');
    expectValidWim(out('boot.wim'));
  });

  test('-WIMBoot: Get-WindowsImage -Index shows WIMBoot True', () => {
    const r = sb.run(
      `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\wimboot.wim -WIMBoot | Out-Null; ` +
        '(Get-WindowsImage -ImagePath C:\\out\\wimboot.wim -Index 1).WIMBoot',
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('True\n');
    expectValidWim(out('wimboot.wim'));
  });

  test('-ScratchDirectory: an existing directory is used and shown; a missing one is DISM\'s path error', () => {
    fs.mkdirSync(sb.cpath('scratch'), { recursive: true });
    const ok = sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\scratch.wim -ScratchDirectory C:\\scratch | Format-List ScratchDirectory`);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('ScratchDirectory : C:\\scratch');
    const bad = sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\noscratch.wim -ScratchDirectory C:\\no\\such\\dir`);
    expect(bad.code).toBe(1);
    const e = errorShape(bad.stderr);
    expect(e.message).toBe('Export-WindowsImage : The system cannot find the path specified.');
    expect(fs.existsSync(out('noscratch.wim'))).toBe(false);
  });

  test('-SplitImageFilePattern exports from a split set', () => {
    const big = sb.cpath('tree/big');
    fs.mkdirSync(big, { recursive: true });
    const data = Buffer.alloc(2_500_000);
    let x = 7;
    for (let i = 0; i < data.length; i++) {
      x = (x * 1664525 + 1013904223) >>> 0;
      data[i] = x >>> 24;
    }
    fs.writeFileSync(path.join(big, 'data.bin'), data);
    fs.writeFileSync(path.join(big, 'notes.txt'), 'split\r\n'.repeat(100));
    fs.mkdirSync(sb.cpath('split'), { recursive: true });
    wimlib('capture', big, sb.cpath('split/whole.wim'), 'Split Me', '--compress=none');
    wimlib('split', sb.cpath('split/whole.wim'), sb.cpath('split/part.swm'), '1');
    expect(fs.existsSync(sb.cpath('split/part2.swm'))).toBe(true);
    const r = sb.run('Export-WindowsImage -SourceImagePath C:\\split\\part.swm -SplitImageFilePattern C:\\split\\part*.swm -SourceIndex 1 -DestinationImagePath C:\\out\\unsplit.wim');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(imageNames(out('unsplit.wim'))).toEqual(['Split Me']);
    expectValidWim(out('unsplit.wim'));
  });
});

describe('pipeline forms', () => {
  test('[pscustomobject]@{...} | Export-WindowsImage binds by property name', () => {
    const r = sb.run(`[pscustomobject]@{ SourceImagePath = '${MULTI}'; SourceIndex = 3; DestinationImagePath = 'C:\\out\\pso.wim'; DestinationName = 'From PSO' } | Export-WindowsImage`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(SUCCESS);
    expect(imageNames(out('pso.wim'))).toEqual(['From PSO']);
  });

  test('every parameter binds by property name (switches, LogPath, LogLevel, ScratchDirectory too)', () => {
    fs.mkdirSync(sb.cpath('scratch2'), { recursive: true });
    const props =
      `[pscustomobject]@{ SourceImagePath = '${MULTI}'; SourceName = 'Windows Pro'; DestinationImagePath = 'C:\\out\\allprops.wim'; DestinationName = 'All'; ` +
      "CompressionType = 'fast'; CheckIntegrity = $true; Setbootable = $true; WIMBoot = $true; LogPath = 'C:\\logs\\allprops.log'; LogLevel = 'Debug'; ScratchDirectory = 'C:\\scratch2' }";
    // PowerShell binds every property it can in the default set (ByIndex) first, so SourceName never gets its turn
    // and the object lacks SourceIndex: the oracle gives InputObjectMissingMandatory ("... all mandatory
    // parameters:  SourceIndex") for this line without -SourceName on the command line.
    const alone = sb.run(`${props} | Export-WindowsImage`);
    expect(alone.stderr).toMatch(/did not contain the information required to bind all mandatory parameters: {2}SourceIndex\n/);
    expect(alone.stderr).toMatch(/FullyQualifiedErrorId : InputObjectMissingMandatory,Microsoft\.Dism\.Commands\.ExportWindowsImageCommand/);
    const r = sb.run(`${props} | Export-WindowsImage -SourceName 'Windows Pro' | Format-List LogPath, ScratchDirectory, LogLevel, Name`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/LogPath +: C:\\logs\\allprops\.log\nScratchDirectory +: C:\\scratch2\nLogLevel +: Debug\nName +: All\n/);
    const info = wimInfo(out('allprops.wim'));
    expect(info['Boot Index']).toBe('1');
    expect(info.Attributes).toMatch(/Integrity info/);
    expect(info['Chunk Size']).toBe('4096 bytes'); // WIMBoot: XPRESS in 4 KiB chunks
    expect(imageNames(out('allprops.wim'))).toEqual(['All']);
    expect(fs.existsSync(sb.cpath('logs/allprops.log'))).toBe(true);
    expectValidWim(out('allprops.wim'));
  });

  test('the common parameters: -ErrorVariable collects the record, -OutVariable the object, -WarningAction is accepted', () => {
    const r = sb.run(
      `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 7 -DestinationImagePath C:\\out\\cp.wim -ErrorAction SilentlyContinue -ErrorVariable ev\n` +
        '"errors=$($ev.Count) $($ev[0].Exception.Message)"\n' +
        `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\cp.wim -OutVariable ov -WarningAction SilentlyContinue | Out-Null\n` +
        '"out=$($ov.LogPath)"',
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('errors=1 The parameter is incorrect.\nout=C:\\Windows\\Logs\\DISM\\dism.log\n');
  });

  test('Import-Csv jobs.csv | Export-WindowsImage: one export per row, appending into one destination', () => {
    fs.writeFileSync(
      sb.cpath('jobs.csv'),
      `SourceImagePath,SourceIndex,DestinationImagePath,CompressionType\r\n${MULTI},1,C:\\out\\csv.wim,max\r\n${MULTI},2,C:\\out\\csv.wim,max\r\nC:\\src\\install.esd,1,C:\\out\\csv.wim,fast\r\n`,
    );
    const r = sb.run('Import-Csv C:\\jobs.csv | Export-WindowsImage | Measure-Object | ForEach-Object Count');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('3\n');
    expect(imageNames(out('csv.wim'))).toEqual(['Windows Home', 'Windows Pro', 'ESD Pro']);
    expect(wimInfo(out('csv.wim')).Compression).toBe('LZX');
    expectValidWim(out('csv.wim'), true);
  });

  test('splatting: @p, [Void](Export-WindowsImage @p), and $Splat | % { Export-WindowsImage @_ }', () => {
    const r = sb.run(
      [
        `$p = @{ SourceImagePath = '${MULTI}'; SourceIndex = 1; DestinationImagePath = 'C:\\out\\splat.wim' }`,
        'Export-WindowsImage @p | Out-Null',
        "$p.SourceIndex = 2",
        '[Void](Export-WindowsImage @p)',
        `$Splat = @{ SourceImagePath = '${MULTI}'; SourceName = 'Windows Education'; DestinationImagePath = 'C:\\out\\splat.wim'; CompressionType = 'Maximum' }`,
        '$Splat | % { Export-WindowsImage @_ } | Out-Null',
        "'done'",
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('done\n');
    expect(imageNames(out('splat.wim'))).toEqual(['Windows Home', 'Windows Pro', 'Windows Education']);
    expectValidWim(out('splat.wim'));
  });

  test('a loop over Get-WindowsImage exports every edition (foreach and ForEach-Object)', () => {
    const r = sb.run(
      `foreach ($img in Get-WindowsImage -ImagePath ${MULTI}) { Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex $img.ImageIndex -DestinationImagePath C:\\out\\loop.wim | Out-Null }\n` +
        `Get-WindowsImage -ImagePath ${MULTI} | Where-Object { $_.ImageName -like '*Pro' } | ForEach-Object { Export-WindowsImage -SourceImagePath $_.ImagePath -SourceIndex $_.ImageIndex -DestinationImagePath C:\\out\\loop2.wim } | Out-Null\n` +
        "(Get-WindowsImage -ImagePath C:\\out\\loop.wim).ImageName -join '|'",
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Windows Home|Windows Pro|Windows Education\n');
    expect(imageNames(out('loop2.wim'))).toEqual(['Windows Pro']);
    expectValidWim(out('loop.wim'));
  });
});

describe('a script in the wild', () => {
  // An ESD-to-WIM converter written as the surveyed scripts are (REAL-SCRIPTS.md): comment-based help, param() with
  // ValidateSet, a variable glued to a quoted string, backtick continuations, an index passed as "$(...)", the
  // abbreviated -Compression, try/catch with -ErrorAction Stop and a retry with another compression.
  const SCRIPT = `#Requires -RunAsAdministrator
<#
.SYNOPSIS
    Exports the editions of an install.wim/esd into a new install.wim (as scripts in the wild do).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string]$MEDIA,
    [string]$OUT = 'C:\\converted',
    [ValidateSet('Max', 'Fast', 'None', 'Recovery')][string]$Compression = 'Max'
)
$ErrorActionPreference = 'Stop'
$src = Join-Path $MEDIA 'sources\\install.wim'
if (-not (Test-Path $OUT)) { New-Item -ItemType Directory -Path $OUT | Out-Null }
$dest = Join-Path $OUT 'install.wim'
if (Test-Path $dest) { Remove-Item $dest -Force }
$images = Get-WindowsImage -ImagePath $MEDIA"\\sources\\install.wim"
Write-Host "Found $($images.Count) images in $src"
foreach ($img in $images) {
    Write-Host ("Exporting {0}: {1}" -f $img.ImageIndex, $img.ImageName)
    try {
        Export-WindowsImage -SourceImagePath $src \`
            -SourceIndex "$($img.ImageIndex)" -DestinationImagePath $dest \`
            -Compression $Compression -ErrorAction Stop | Out-Null
    } catch {
        Write-Warning "Export failed: $($_.Exception.Message); retrying with fast"
        Export-WindowsImage -SourceImagePath $src -SourceIndex $img.ImageIndex -DestinationImagePath $dest -CompressionType Fast | Out-Null
    }
}
$result = (Get-WindowsImage -ImagePath $dest).ImageName -join ', '
Write-Output "Done: $result"
`;

  test('runs with -File as on Windows: every edition exported, in order', () => {
    fs.mkdirSync(sb.cpath('media/sources'), { recursive: true });
    fs.copyFileSync(sb.cpath('src/multi.wim'), sb.cpath('media/sources/install.wim'));
    fs.writeFileSync(sb.cpath('convert.ps1'), SCRIPT);
    const r = spawnSync(process.execPath, [BIN, '-NoProfile', '-File', 'C:\\convert.ps1', '-MEDIA', 'C:\\media'], { env: sb.env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'Found 3 images in C:\\media\\sources\\install.wim\nExporting 1: Windows Home\nExporting 2: Windows Pro\nExporting 3: Windows Education\nDone: Windows Home, Windows Pro, Windows Education\n',
    );
    expect(r.status).toBe(0);
    expect(wimInfo(sb.cpath('converted/install.wim')).Compression).toBe('LZX');
    expectValidWim(sb.cpath('converted/install.wim'), true);
  });

  test('its retry path: "recovery" is refused, caught, and the export retried with fast', () => {
    const r = spawnSync(process.execPath, [BIN, '-NoProfile', '-File', 'C:\\convert.ps1', '-MEDIA', 'C:\\media', '-OUT', 'C:\\converted2', '-Compression', 'Recovery'], {
      env: sb.env,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toContain('WARNING: Export failed: The Export-WindowsImage cmdlet does not support the "recovery" compression type. Use dism.exe instead.; retrying with fast');
    expect(r.stdout).toContain('Done: Windows Home, Windows Pro, Windows Education\n');
    expect(wimInfo(sb.cpath('converted2/install.wim')).Compression).toBe('XPRESS');
    expectValidWim(sb.cpath('converted2/install.wim'));
  });
});

describe('errors', () => {
  const expectDismError = (r: { code: number | null; stderr: string }, message: string, argument: boolean) => {
    expect(r.code).toBe(1);
    const e = errorShape(r.stderr);
    expect(e.message).toBe(`Export-WindowsImage : ${message}`);
    if (argument) {
      expect(e.category).toBe('InvalidArgument: (:) [Export-WindowsImage], PSArgumentException');
      expect(e.fqid).toBe('Export-WindowsImage,Microsoft.Dism.Commands.ExportWindowsImageCommand');
    } else {
      expect(e.category).toBe('NotSpecified: (:) [Export-WindowsImage], COMException');
      expect(e.fqid).toBe('Microsoft.Dism.Commands.ExportWindowsImageCommand');
    }
    expect(r.stderr).toMatch(/^At line:1 char:1$/m);
  };

  test('source not found', () => {
    const r = sb.run('Export-WindowsImage -SourceImagePath C:\\src\\missing.wim -SourceIndex 1 -DestinationImagePath C:\\out\\e1.wim');
    expectDismError(r, 'The system cannot find the file specified.', false);
    expect(fs.existsSync(out('e1.wim'))).toBe(false);
  });

  test('index out of range', () => {
    const r = sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 4 -DestinationImagePath C:\\out\\e2.wim`);
    expectDismError(r, 'The parameter is incorrect.', true);
    expect(fs.existsSync(out('e2.wim'))).toBe(false);
  });

  test('name not found', () => {
    const r = sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceName 'Windows Ultimate' -DestinationImagePath C:\\out\\e3.wim`);
    expectDismError(r, 'The parameter is incorrect.', true);
    expect(fs.existsSync(out('e3.wim'))).toBe(false);
  });

  test('an empty -SourceName: "Either the Name or Index parameter is required", as in real transcripts', () => {
    const r = sb.run(`Export-WindowsImage -DestinationImagePath C:\\out\\e0.wim -SourceImagePath ${MULTI} -SourceName ''`);
    expectDismError(r, 'Either the Name or Index parameter is required', true);
    expect(fs.existsSync(out('e0.wim'))).toBe(false);
  });

  test('a source that is not a WIM', () => {
    fs.writeFileSync(sb.cpath('src/notawim.wim'), 'this is not a WIM file at all'.repeat(20));
    const r = sb.run('Export-WindowsImage -SourceImagePath C:\\src\\notawim.wim -SourceIndex 1 -DestinationImagePath C:\\out\\e4.wim');
    expectDismError(r, 'An attempt was made to load a program with an incorrect format.', false);
    expect(fs.existsSync(out('e4.wim'))).toBe(false);
  });

  test('a corrupt blob in the source (no integrity table): refused, nothing half-written', () => {
    const bad = sb.cpath('src/badblob.wim');
    fs.copyFileSync(sb.cpath('src/lzx.wim'), bad);
    const buf = fs.readFileSync(bad);
    for (let i = 0; i < 64; i++) buf[208 + 100 + i] ^= 0x5a;
    fs.writeFileSync(bad, buf);
    // fast: every blob is decompressed, checked against its SHA-1 and compressed again.
    const r = sb.run('Export-WindowsImage -SourceImagePath C:\\src\\badblob.wim -SourceIndex 1 -DestinationImagePath C:\\out\\e5.wim -CompressionType fast');
    expectDismError(r, 'The data is invalid.', false);
    expect(fs.readdirSync(sb.cpath('out')).filter((n) => n.includes('e5'))).toEqual([]);
  });

  test('access denied (a destination under /sys, refused even to root)', () => {
    const r = sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath /sys/wimsh-export-test.wim`);
    expectDismError(r, 'Access is denied.', false);
  });

  test('-ErrorAction Stop inside try/catch catches the record; $? is False after a failed export; the script goes on', () => {
    const r = sb.run(
      [
        'try { Export-WindowsImage -SourceImagePath C:\\src\\missing.wim -SourceIndex 1 -DestinationImagePath C:\\out\\e6.wim -ErrorAction Stop; "not here" }',
        'catch { "caught: $($_.Exception.Message) [$($_.CategoryInfo.Reason)] $($_.FullyQualifiedErrorId)" }',
        `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 9 -DestinationImagePath C:\\out\\e6.wim -ErrorAction SilentlyContinue`,
        '"status=$?"',
        // A retry with another compression after a failure, as scripts in the wild do.
        `try { Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\e6.wim -CompressionType recovery -ErrorAction Stop } catch { Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\e6.wim -CompressionType max | Out-Null; 'retried' }`,
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'caught: The system cannot find the file specified. [COMException] Microsoft.Dism.Commands.ExportWindowsImageCommand\nstatus=False\nretried\n',
    );
    expect(r.code).toBe(0);
    expect(wimInfo(out('e6.wim')).Compression).toBe('LZX');
  });

  test('$ErrorActionPreference = Stop ends the script at the failed export, exit 1', () => {
    const r = sb.run(`$ErrorActionPreference = 'Stop'; Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 9 -DestinationImagePath C:\\out\\e7.wim; 'not reached'`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Export-WindowsImage : The parameter is incorrect.');
  });
});

describe('output', () => {
  test('Format-List * shows the properties older builds printed (ImagePath, Name, ScratchDirectory, LogLevel)', () => {
    const r = sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\fl.wim -DestinationName Listed | Format-List *`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ImagePath +: C:\\out\\fl\.wim$/m);
    expect(r.stdout).toMatch(/^Name +: Listed$/m);
    expect(r.stdout).toMatch(/^LogPath +: C:\\Windows\\Logs\\DISM\\dism\.log$/m);
    expect(r.stdout).toMatch(/^ScratchDirectory +:/m);
    expect(r.stdout).toMatch(/^LogLevel +: WarningsInfo$/m);
  });

  test('the object is an OfflineImageObject', () => {
    const r = sb.run(`(Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\type.wim).GetType().FullName`);
    expect(r.stdout).toBe('Microsoft.Dism.Commands.OfflineImageObject\n');
  });

  test('-Verbose shows VERBOSE: lines on the host, not in the output', () => {
    const r = sb.run(`$o = Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\verbose.wim -Verbose; 'count=' + @($o).Count`);
    expect(r.stdout + r.stderr).toMatch(/^VERBOSE: Dism PowerShell Cmdlets Version 10\.0\.\d+\.\d+$/m);
    expect(r.stdout + r.stderr).toMatch(/^VERBOSE: Exporting image index 1 of C:\\src\\multi\.wim to C:\\out\\verbose\.wim$/m);
    expect(r.stdout + r.stderr).toMatch(/^VERBOSE: The operation completed successfully\.$/m);
    expect(r.stdout).toContain('count=1');
    const quiet = sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 2 -DestinationImagePath C:\\out\\verbose.wim`);
    expect(quiet.stdout + quiet.stderr).not.toMatch(/VERBOSE:/);
  });

  test("the reference page's example runs verbatim", () => {
    fs.mkdirSync(sb.cpath('imagestore'), { recursive: true });
    wimlib('capture', sb.cpath('tree/home'), sb.cpath('imagestore/custom.wim'), 'Custom', '--compress=XPRESS');
    const r = sb.run('Export-WindowsImage -SourceImagePath C:\\imagestore\\custom.wim -SourceIndex 1 -DestinationImagePath c:\\imagestore\\export.wim -DestinationName "Exported Image"');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(SUCCESS);
    expect(imageNames(sb.cpath('imagestore/export.wim'))).toEqual(['Exported Image']);
    expectValidWim(sb.cpath('imagestore/export.wim'), true);
  });
});

describe('dism.log', () => {
  test('the default log is C:\\Windows\\Logs\\DISM\\dism.log through the drive map, one session per command', () => {
    const log = DEFAULT_LOG();
    fs.rmSync(log, { force: true });
    sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\log1.wim | Out-Null; Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 9 -DestinationImagePath C:\\out\\log1.wim -ErrorAction SilentlyContinue`);
    const lines = logLines(log);
    for (const l of lines) expect(l).toMatch(LOG_LINE);
    expect(lines.filter((l) => l.includes('<----- Starting DismApi.dll session ----->'))).toHaveLength(2);
    expect(lines.filter((l) => l.includes('<----- Ending DismApi.dll session ----->'))).toHaveLength(2);
    expect(lines.some((l) => l.includes('Initialized Panther logging at C:\\Windows\\Logs\\DISM\\dism.log'))).toBe(true);
    expect(lines.some((l) => /Input parameters: LogLevel: 2, LogFilePath: C:\\Windows\\Logs\\DISM\\dism\.log, ScratchDirectory: \(null\)/.test(l))).toBe(true);
    // The failed session logs its HRESULT before the footer.
    expect(lines.some((l) => /^.{21}Error {17}DISM   API: PID=\d+ TID=\d+ DismApi\.dll: The operation failed\. - DismShutdownInternal\(hr:0x80070057\)$/.test(l))).toBe(true);
  });

  test('-LogPath writes there; -LogLevel filters: Errors keeps only errors, Warnings adds warnings, WarningsInfo adds info', () => {
    const fail = `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 9 -DestinationImagePath C:\\out\\ll.wim -ErrorAction SilentlyContinue`;
    sb.run(`${fail} -LogPath C:\\logs\\errors.log -LogLevel Errors; ${fail} -LogPath C:\\logs\\one.log -LogLevel 1; ${fail} -LogPath C:\\logs\\info.log -LL 3; ${fail} -LogPath C:\\logs\\debug.log -LogLevel Debug`);
    for (const f of ['errors', 'one']) {
      const lines = logLines(sb.cpath(`logs/${f}.log`));
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l).toMatch(/^.{21}Error /);
    }
    const info = logLines(sb.cpath('logs/info.log'));
    expect(info.some((l) => /^.{21}Info /.test(l))).toBe(true);
    expect(info.some((l) => /^.{21}Error /.test(l))).toBe(true);
    // Debug adds lines WarningsInfo leaves out.
    const debug = logLines(sb.cpath('logs/debug.log'));
    expect(debug.some((l) => /Export arguments: SourceImagePath=C:\\src\\multi\.wim, SourceIndex=9, DestinationImagePath=C:\\out\\ll\.wim/.test(l))).toBe(true);
    expect(info.some((l) => l.includes('Export arguments:'))).toBe(false);
    expect(debug.length).toBeGreaterThan(info.length);
    // A successful export at level Warnings writes no Info line.
    sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\ll2.wim -LogPath C:\\logs\\warn.log -LogLevel Warnings`);
    const warn = fs.existsSync(sb.cpath('logs/warn.log')) ? logLines(sb.cpath('logs/warn.log')) : [];
    for (const l of warn) expect(l).toMatch(/^.{21}(Warning|Error) /);
    // At level Warnings, an append with another -CompressionType logs its warning and nothing else.
    sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 2 -DestinationImagePath C:\\out\\ll2.wim -CompressionType none -LogPath C:\\logs\\warn2.log -LogLevel 2`);
    const warn2 = logLines(sb.cpath('logs/warn2.log'));
    expect(warn2).toHaveLength(1);
    expect(warn2[0]).toMatch(/^.{21}Warning {15}DISM   DISM WIM Provider: PID=\d+ TID=\d+ .*XPRESS.*does not apply.* - CWimManager::InternalCmdExport$/);
  });

  test('the log names files as the user wrote them, never by their paths on this machine', () => {
    const log = sb.cpath('logs/paths.log');
    sb.run(
      `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\paths.wim -LogPath C:\\logs\\paths.log | Out-Null; ` +
        `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\paths.wim -LogPath C:\\logs\\paths.log -ErrorAction SilentlyContinue`,
    );
    const text = fs.readFileSync(log, 'utf8');
    expect(text).not.toContain(sb.dir);
    expect(text).toContain('Exported image 1 of C:\\src\\multi.wim to C:\\out\\paths.wim');
    expect(text).toMatch(/DISM WIM Provider: PID=\d+ TID=\d+ "C:\\out\\paths\.wim: There is already an image named 'Windows Home' in the destination WIM\." - CWimManager::InternalCmd\(hr:0x80070057\)/);
  });

  test('two wimsh processes exporting at once into one log lose no line', async () => {
    const log = sb.cpath('logs/shared.log');
    const one = (n: number) =>
      new Promise<number | null>((resolve) => {
        const script = [1, 2, 3].map((i) => `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex ${i} -DestinationImagePath C:\\out\\par${n}-${i}.wim -LogPath C:\\logs\\shared.log | Out-Null`).join('; ');
        const c = spawn(process.execPath, [BIN, '-NoProfile', '-NonInteractive', '-Command', script], { env: sb.env, stdio: 'ignore' });
        c.on('exit', (code) => resolve(code));
      });
    expect(await Promise.all([one(1), one(2)])).toEqual([0, 0]);
    const lines = logLines(log);
    for (const l of lines) expect(l).toMatch(LOG_LINE);
    expect(lines.filter((l) => l.includes('<----- Starting DismApi.dll session ----->'))).toHaveLength(6);
    expect(lines.filter((l) => l.includes('<----- Ending DismApi.dll session ----->'))).toHaveLength(6);
    expect(lines.filter((l) => l.includes('DISM PowerShell Cmdlets: The operation completed successfully.'))).toHaveLength(6);
  });

  test('-LogLevel accepts 1-4 and the enum names; anything else is a binding error', () => {
    const r = sb.run(`Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex 1 -DestinationImagePath C:\\out\\ll3.wim -LogLevel Chatty`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Cannot bind parameter 'LogLevel'");
    expect(r.stderr).toContain('Errors, Warnings, WarningsInfo, Debug');
    expect(fs.existsSync(out('ll3.wim'))).toBe(false);
  });

  test('archive: past WIMSH_DISM_LOG_MAX_BYTES the log becomes <name>.bak (replacing an older one) and a new log starts', () => {
    const log = sb.cpath('logs/rot.log');
    // Each failed session is about 1.4 KB here: eight sessions archive several times.
    const one = (i: number) =>
      `Export-WindowsImage -SourceImagePath ${MULTI} -SourceIndex ${i} -DestinationImagePath C:\\out\\rot.wim -LogPath C:\\logs\\rot.log -ErrorAction SilentlyContinue`;
    sb.run([11, 12, 13, 14, 15, 16, 17, 18].map(one).join('; '), { WIMSH_DISM_LOG_MAX_BYTES: '2500' });
    const all = () => fs.readFileSync(log, 'utf8') + fs.readFileSync(log + '.bak', 'utf8');
    // Older archives were replaced: the first sessions are gone, the last one is in the current log.
    expect(all()).not.toContain('index 11 ');
    expect(fs.readFileSync(log, 'utf8')).toContain('Exporting image index 18 of');
    expect(fs.existsSync(log + '.bak')).toBe(true);
    expect(fs.statSync(log).size).toBeLessThanOrEqual(2500);
    expect(fs.statSync(log + '.bak').size).toBeLessThanOrEqual(2500);
    for (const l of [...logLines(log), ...logLines(log + '.bak')]) expect(l).toMatch(LOG_LINE);
    // The newest session ends the current log.
    expect(logLines(log).at(-1)).toContain('<----- Ending DismApi.dll session ----->');
  });
});
