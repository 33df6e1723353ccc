/*
 * The Storage cmdlets end to end, through the built CLI as a user runs it: the script pattern of Windows setup
 * scripts (Mount-DiskImage -PassThru, the letter from Get-Volume, Export-WindowsImage by name from the drive,
 * Dismount-DiskImage), the mount surviving across processes ($WIMSH_HOME), the shell's file cmdlets on the drive
 * (listings equal to 7-Zip's, contents byte for byte), and writes refused as on a read-only medium.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sandbox, wimlib, expectValidWim, type Sandbox } from '../Dism/helpers';
import { buildIsoFixtures, listWith7z, removeFixtures, type IsoFixtures } from '../../formats/iso9660/iso-fixtures';

let fx: IsoFixtures;
let sb: Sandbox;
beforeAll(() => {
  fx = buildIsoFixtures();
  sb = sandbox('storage');
  fs.copyFileSync(fx.udf, path.join(sb.c, 'win.iso'));
  fs.copyFileSync(fx.joliet, path.join(sb.c, 'joliet.iso'));
});
// A test that fails half-way leaves no image attached for the next one.
afterEach(() => fs.rmSync(path.join(sb.home, 'diskimages.json'), { force: true }));
afterAll(() => {
  sb?.cleanup();
  removeFixtures(fx);
});

/** Runs a script and fails with its output when it does not exit 0. */
function ok(script: string, env?: Record<string, string | undefined>): string {
  const r = sb.run(script, env);
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
}

test('the setup script pattern: mount, find the letter, export by name, dismount', () => {
  const r = sb.run(
    [
      "$isoPath = 'C:\\win.iso'",
      'New-Item -ItemType Directory C:\\out | Out-Null',
      '$iso = Mount-DiskImage -ImagePath $isoPath -PassThru',
      '$d = ($iso | Get-Volume).DriveLetter',
      '"letter=$d"',
      'Export-WindowsImage -SourceImagePath "${d}:\\sources\\install.wim" -SourceName "Windows 10 Home" -DestinationImagePath C:\\out\\install.wim -CompressionType max | Out-Null',
      'Dismount-DiskImage -ImagePath $isoPath',
      '(Get-DiskImage -ImagePath $isoPath).Attached',
    ].join('\n'),
  );
  expect(r.stderr).toBe('');
  const out = r.stdout;
  // D: is a mapped drive in the sandbox (WIMSH_DRIVE_D), so the next free letter is E:.
  expect(out).toBe('letter=E\nFalse\n');
  const wim = sb.cpath('out/install.wim');
  expectValidWim(wim);
  const info = wimlib('info', wim);
  expect(info).toMatch(/Image Count:\s+1/);
  expect(info).toMatch(/Name:\s+Windows 10 Home/);
});

test('a mount is recorded under $WIMSH_HOME: a later process reads the drive, a third dismounts it', () => {
  ok("Mount-DiskImage -ImagePath C:\\win.iso");
  expect(ok("Get-DiskImage -ImagePath C:\\win.iso")).toBe(
    [
      '',
      '',
      'Attached          : True',
      'BlockSize         : 0',
      'DevicePath        : \\\\.\\CDROM0',
      `FileSize          : ${fs.statSync(fx.udf).size}`,
      'ImagePath         : C:\\win.iso',
      'LogicalSectorSize : 2048',
      'Number            :',
      `Size              : ${ok("(Get-DiskImage C:\\win.iso).Size").trim()}`,
      'StorageType       : 1',
      'PSComputerName    :',
      '',
      '',
      '',
      '',
    ].join('\n'),
  );
  const images = ok("Get-WindowsImage -ImagePath E:\\sources\\install.wim | ForEach-Object { $_.ImageName }");
  expect(images).toBe('Windows 10 Pro\nWindows 10 Home\n');
  const vol = ok('Get-Volume');
  expect(vol).toContain('DriveLetter         FileSystemLabel     FileSystem          HealthStatus              SizeRemaining                Size');
  // A label longer than the column is cut to it ("..."), as 5.1 cuts a fixed-width column.
  expect(vol).toMatch(/\nE {19}CCCOMA_X64FRE_EN\.\.\. UDF {17}Healthy {29}0 B {12}24\.94 MB ?\n/);
  expect(ok('$v = Get-Volume -DriveLetter E; "$($v.DriveType) $($v.FileSystem) $($v.SizeRemaining)"')).toBe('CD-ROM UDF 0\n');
  ok("Dismount-DiskImage -DevicePath '\\\\.\\CDROM0'");
  expect(ok("Test-Path E:\\readme.txt; (Get-DiskImage -ImagePath C:\\win.iso).Attached")).toBe('False\nFalse\n');
});

test('the file cmdlets read the drive: listing as 7-Zip lists it, contents byte for byte, Copy-Item out', () => {
  ok('Mount-DiskImage -ImagePath C:\\win.iso');
  try {
    const names = ok('Get-ChildItem E:\\ -Recurse -Name').trim().split('\n').map((n) => n.replace(/\\/g, '/'));
    expect(names.sort()).toEqual(listWith7z(fx.udf).map((e) => e.path).sort());
    expect(ok("Test-Path E:\\SOURCES\\install.wim; Test-Path E:\\sources -PathType Container; Test-Path E:\\nope")).toBe('True\nTrue\nFalse\n');
    expect(ok('Get-Content E:\\readme.txt')).toBe('hello from the disc\n');
    // .NET's file members see the drive too, with .NET's texts for what is missing.
    expect(ok('[IO.File]::Exists("E:\\readme.txt"); [IO.File]::ReadAllText("E:\\readme.txt"); [IO.File]::ReadAllLines("E:\\readme.txt").Count; [IO.Directory]::Exists("E:\\sources")')).toBe(
      'True\nhello from the disc\r\n\n1\nTrue\n',
    );
    expect(sb.run('[IO.File]::ReadAllText("E:\\nope.txt")').stderr).toContain('Exception calling "ReadAllText" with "1" argument(s): "Could not find file \'E:\\nope.txt\'."');
    expect(ok('(Get-Item E:\\sources\\noise.bin).Length')).toBe('300000\n');
    ok('Copy-Item E:\\sources\\noise.bin C:\\noise.bin; Copy-Item E:\\sources C:\\copied -Recurse');
    expect(fs.readFileSync(sb.cpath('noise.bin')).equals(fs.readFileSync(path.join(fx.tree, 'sources', 'noise.bin')))).toBe(true);
    expect(fs.readFileSync(sb.cpath('copied/install.wim')).equals(fs.readFileSync(path.join(fx.tree, 'sources', 'install.wim')))).toBe(true);
    expect(fs.statSync(sb.cpath('copied/sparse.bin')).size).toBe(24 << 20);
  } finally {
    ok('Dismount-DiskImage -ImagePath C:\\win.iso');
  }
});

test('Set-Location onto the drive: the prompt path, relative reads, Push/Pop back to C:, writes still refused', () => {
  ok('Mount-DiskImage -ImagePath C:\\win.iso');
  try {
    const script = [
      'Set-Location C:\\',
      'Push-Location E:\\sources',
      '(Get-Location).Path',
      'Test-Path .\\install.wim',
      '(Get-Item .\\noise.bin).Length',
      'Get-Content ..\\readme.txt',
      '(Get-ChildItem -Name | Sort-Object) -join ","',
      'Set-Location ..',
      '(Get-Location).Path',
      'Get-WindowsImage -ImagePath .\\sources\\install.wim | ForEach-Object { $_.ImageIndex }',
      "try { 'x' | Out-File .\\new.txt -ErrorAction Stop } catch { $_.Exception.Message }",
      'Pop-Location',
      '(Get-Location).Path',
    ].join('\n');
    const expected = [
      'E:\\sources',
      'True',
      '300000',
      'hello from the disc',
      fs.readdirSync(path.join(fx.tree, 'sources')).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).join(','),
      'E:\\',
      ...wimlib('info', path.join(fx.tree, 'sources', 'install.wim')).match(/^Index:\s+\d+/gm)!.map((l) => l.replace(/\D+/g, '')),
      'The media is write protected.',
      'C:\\',
    ];
    expect(ok(script)).toBe(expected.join('\n') + '\n');
  } finally {
    ok('Dismount-DiskImage -ImagePath C:\\win.iso');
  }
});

/**
 * Every directory and file (with its size and time) under `dir`, but C:\Windows, where DISM's logs go (a refused
 * command still logs).
 */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (/[\\/]c[\\/]Windows$|\.log$/.test(p)) continue;
      const st = fs.lstatSync(p);
      out.push(e.isDirectory() ? `${path.relative(dir, p)}/` : `${path.relative(dir, p)} ${st.size} ${st.mtimeMs}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

test('every way of writing to the drive fails with the read-only medium error, and nothing is written anywhere', () => {
  fs.writeFileSync(sb.cpath('local.txt'), 'local');
  fs.mkdirSync(sb.cpath('capture'), { recursive: true });
  fs.writeFileSync(sb.cpath('capture/f.txt'), 'captured');
  ok('Mount-DiskImage -ImagePath C:\\win.iso');
  try {
    const before = snapshot(sb.dir);
    // Each line: the script, and the first line of its error as Windows PowerShell 5.1 shows it.
    const cases: Array<[string, string]> = [
      ["Set-Content E:\\readme.txt 'changed'", 'Set-Content : The media is write protected.'],
      ["Add-Content E:\\readme.txt 'more'", 'Add-Content : The media is write protected.'],
      ["'x' | Out-File E:\\out.txt", 'Out-File : The media is write protected.'],
      ["'x' > E:\\redirected.txt", 'The media is write protected.'],
      ["'x' >> E:\\readme.txt", 'The media is write protected.'],
      ['New-Item E:\\x.txt -Value x', 'New-Item : The media is write protected.'],
      ['New-Item -ItemType Directory E:\\newdir', 'New-Item : The media is write protected.'],
      ['Remove-Item E:\\readme.txt', 'Remove-Item : The media is write protected.'],
      ['Remove-Item E:\\sources -Recurse', 'Remove-Item : The media is write protected.'],
      ['Rename-Item E:\\readme.txt r2.txt', 'Rename-Item : The media is write protected.'],
      ['Move-Item E:\\readme.txt C:\\moved.txt', 'Move-Item : The media is write protected.'],
      ['Move-Item C:\\local.txt E:\\local.txt', 'Move-Item : The media is write protected.'],
      ['Copy-Item C:\\local.txt E:\\copy.txt', 'Copy-Item : The media is write protected.'],
      ['Copy-Item C:\\capture E:\\capture -Recurse', 'Copy-Item : The media is write protected.'],
      ['Set-ItemProperty E:\\readme.txt -Name IsReadOnly -Value $true', 'Set-ItemProperty : The media is write protected.'],
      ['Tee-Object -InputObject x -FilePath E:\\tee.txt', 'Tee-Object : The media is write protected.'],
      ['Export-Csv -InputObject x -Path E:\\x.csv', 'Export-Csv : The media is write protected.'],
      // The first thing the process does, so the drive is mounted while the call runs (drives.ts guards first).
      ['[IO.File]::WriteAllText("E:\\dotnet.txt", "x")', 'Exception calling "WriteAllText" with "2" argument(s): "The media is write protected."'],
      [
        'Export-WindowsImage -SourceImagePath E:\\sources\\install.wim -SourceIndex 1 -DestinationImagePath E:\\sources\\new.wim',
        'Export-WindowsImage : The media is write protected.',
      ],
      ['New-WindowsImage -CapturePath C:\\capture -ImagePath E:\\new.wim -Name x', 'New-WindowsImage : The media is write protected.'],
      ['Add-WindowsImage -ImagePath E:\\sources\\install.wim -CapturePath C:\\capture -Name x', 'Add-WindowsImage : The media is write protected.'],
      ['Remove-WindowsImage -ImagePath E:\\sources\\install.wim -Index 2', 'Remove-WindowsImage : The media is write protected.'],
      ['Expand-WindowsImage -ImagePath E:\\sources\\install.wim -Index 1 -ApplyPath E:\\mnt', 'Expand-WindowsImage : The media is write protected.'],
      ['Mount-WindowsImage -ImagePath E:\\sources\\install.wim -Index 1 -Path E:\\mnt', 'Mount-WindowsImage : The media is write protected.'],
      ['Mount-WindowsImage -ImagePath E:\\sources\\install.wim -Index 1 -Path E:\\mnt -ReadOnly', 'Mount-WindowsImage : The media is write protected.'],
    ];
    for (const [script, first] of cases) {
      const r = sb.run(script);
      expect({ script, code: r.code, first: r.stderr.split('\n')[0] }).toEqual({ script, code: 1, first });
      if (first.includes(' : ')) expect(r.stderr).toMatch(/IOException|COMException/);
    }
    // dism.exe: Error 19 (ERROR_WRITE_PROTECT) and its message, the exit code 19.
    for (const args of [
      '/Export-Image /SourceImageFile:E:\\sources\\install.wim /SourceIndex:1 /DestinationImageFile:E:\\o.wim',
      '/Capture-Image /ImageFile:E:\\o.wim /CaptureDir:C:\\capture /Name:x',
      '/Apply-Image /ImageFile:E:\\sources\\install.wim /Index:1 /ApplyDir:E:\\mnt',
      '/Mount-Image /ImageFile:E:\\sources\\install.wim /Index:1 /MountDir:E:\\mnt /ReadOnly',
    ]) {
      const r = sb.run(`$o = dism ${args}; $o -join '|'; $LASTEXITCODE`);
      expect(r.stdout).toMatch(/\|Error: 19\|\|The media is write protected\.\|\|The DISM log file can be found at .*\n19\n$/);
    }
    // Nothing was written: not on the drive, not on the host under it, not anywhere in the sandbox; no mount left.
    expect(snapshot(sb.dir)).toEqual(before);
    expect(ok('Get-Content E:\\readme.txt; Test-Path E:\\x.txt, E:\\out.txt, E:\\redirected.txt, E:\\newdir, E:\\o.wim; (Get-WindowsImage -Mounted).Count')).toBe(
      'hello from the disc\nFalse\nFalse\nFalse\nFalse\nFalse\n0\n',
    );
    expect(ok('(Get-WindowsImage -ImagePath E:\\sources\\install.wim).Count')).toBe('2\n');
  } finally {
    ok('Dismount-DiskImage -ImagePath C:\\win.iso');
  }
});

test('mounting twice, a missing image and a damaged one are errors naming it', () => {
  ok('Mount-DiskImage -ImagePath C:\\win.iso');
  try {
    const twice = sb.run('Mount-DiskImage -ImagePath C:\\win.iso');
    expect(twice.stderr).toContain('The process cannot access the file because it is being used by another process.');
    expect(twice.stderr).toContain('HRESULT 0x80070020,Mount-DiskImage');
  } finally {
    ok('Dismount-DiskImage -ImagePath C:\\win.iso');
  }
  const missing = sb.run('Mount-DiskImage -ImagePath C:\\nope.iso');
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('Mount-DiskImage : The system cannot find the file specified.');
  fs.writeFileSync(sb.cpath('bad.iso'), Buffer.alloc(40000, 0x41));
  const bad = sb.run('Mount-DiskImage -ImagePath C:\\bad.iso');
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('The file or directory is corrupted and unreadable. (C:\\bad.iso: the file holds neither a UDF nor an ISO 9660 file system)');
  expect(ok("(Get-DiskImage C:\\bad.iso).Attached")).toBe('False\n');
});

test('letters: D: when free, the one WIMSH_DRIVE_<L> names for the image, none with -NoDriveLetter', () => {
  const noD = { WIMSH_DRIVE_D: undefined };
  expect(ok("(Mount-DiskImage C:\\joliet.iso -PassThru | Get-Volume).DriveLetter; Get-Content D:\\readme.txt; (Get-Volume -DriveLetter D).FileSystem; Dismount-DiskImage C:\\joliet.iso", noD)).toBe('D\nhello from the disc\nCDFS\n');
  expect(ok("(Mount-DiskImage C:\\joliet.iso -PassThru | Get-Volume).DriveLetter; Dismount-DiskImage C:\\joliet.iso", { WIMSH_DRIVE_G: sb.cpath('joliet.iso') })).toBe('G\n');
  expect(ok("$i = Mount-DiskImage C:\\joliet.iso -NoDriveLetter -PassThru; $i.Attached; ($i | Get-Volume).DriveLetter -eq $null; Dismount-DiskImage C:\\joliet.iso")).toBe('True\nTrue\n');
});

test('Expand-WindowsImage and Mount-WindowsImage -ReadOnly read the WIM on the drive in place', () => {
  ok('Mount-DiskImage -ImagePath C:\\win.iso');
  try {
    ok('New-Item -ItemType Directory C:\\apply, C:\\mnt | Out-Null; Expand-WindowsImage -ImagePath E:\\sources\\install.wim -Index 1 -ApplyPath C:\\apply | Out-Null');
    expect(fs.readFileSync(sb.cpath('apply/Windows/win.ini'), 'utf8')).toBe('[fonts]\r\n');
    const out = ok(
      'Mount-WindowsImage -ImagePath E:\\sources\\install.wim -Index 2 -Path C:\\mnt -ReadOnly | Out-Null; (Get-WindowsImage -Mounted).ImagePath; Get-Content C:\\mnt\\Windows\\win.ini; Dismount-WindowsImage -Path C:\\mnt -Discard | Out-Null',
    );
    expect(out).toBe('E:\\sources\\install.wim\n[fonts]\n');
  } finally {
    ok('Dismount-DiskImage -ImagePath C:\\win.iso');
  }
});

test('dism.exe reads the WIM on the drive in place: /Get-WimInfo, /Export-Image, /Apply-Image, /Mount-Image /ReadOnly', () => {
  ok('Mount-DiskImage -ImagePath C:\\win.iso');
  try {
    const out = ok(
      [
        "$names = dism /Get-WimInfo /WimFile:E:\\sources\\install.wim | Where-Object { $_ -match 'Name : (.+)' } | ForEach-Object { $Matches[1] }",
        '$names -join "|"',
        'dism /Export-Image /SourceImageFile:E:\\sources\\install.wim /SourceName:"Windows 10 Home" /DestinationImageFile:C:\\home.wim /Compress:max | Out-Null; $LASTEXITCODE',
        'New-Item -ItemType Directory C:\\dapply, C:\\dmnt | Out-Null',
        'dism /Apply-Image /ImageFile:E:\\sources\\install.wim /Index:1 /ApplyDir:C:\\dapply | Out-Null; $LASTEXITCODE',
        'dism /Mount-Image /ImageFile:E:\\sources\\install.wim /Index:2 /MountDir:C:\\dmnt /ReadOnly | Out-Null; $LASTEXITCODE',
        'Get-Content C:\\dmnt\\Windows\\win.ini',
        'dism /Unmount-Image /MountDir:C:\\dmnt /Discard | Out-Null; $LASTEXITCODE',
      ].join('\n'),
    );
    expect(out).toBe('Windows 10 Pro|Windows 10 Home\n0\n0\n0\n[fonts]\n0\n');
    expectValidWim(sb.cpath('home.wim'));
    expect(wimlib('info', sb.cpath('home.wim'))).toMatch(/Name:\s+Windows 10 Home/);
    expect(fs.readFileSync(sb.cpath('dapply/Windows/win.ini'), 'utf8')).toBe('[fonts]\r\n');
  } finally {
    ok('Dismount-DiskImage -ImagePath C:\\win.iso');
  }
});

test('a drive that WIMSH_DRIVE_<L> maps to the image itself reads in a later process (the image is not read through its own mount)', () => {
  const env = { WIMSH_DRIVE_G: sb.cpath('joliet.iso') };
  ok('Mount-DiskImage C:\\joliet.iso', env);
  try {
    expect(ok("Get-Content G:\\readme.txt; (Get-WindowsImage -ImagePath G:\\sources\\install.wim).Count", env)).toBe('hello from the disc\n2\n');
  } finally {
    ok('Dismount-DiskImage C:\\joliet.iso', env);
  }
});
