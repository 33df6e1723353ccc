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
    expect(ok('(Get-Item E:\\sources\\noise.bin).Length')).toBe('300000\n');
    ok('Copy-Item E:\\sources\\noise.bin C:\\noise.bin; Copy-Item E:\\sources C:\\copied -Recurse');
    expect(fs.readFileSync(sb.cpath('noise.bin')).equals(fs.readFileSync(path.join(fx.tree, 'sources', 'noise.bin')))).toBe(true);
    expect(fs.readFileSync(sb.cpath('copied/install.wim')).equals(fs.readFileSync(path.join(fx.tree, 'sources', 'install.wim')))).toBe(true);
    expect(fs.statSync(sb.cpath('copied/sparse.bin')).size).toBe(24 << 20);
  } finally {
    ok('Dismount-DiskImage -ImagePath C:\\win.iso');
  }
});

test('writes to the drive fail with the read-only medium error, and nothing is written', () => {
  ok('Mount-DiskImage -ImagePath C:\\win.iso');
  try {
    for (const script of [
      'New-Item E:\\x.txt -Value x',
      "Set-Content E:\\readme.txt 'changed'",
      'Remove-Item E:\\readme.txt',
      'Copy-Item C:\\noise.bin E:\\noise2.bin',
      "'x' | Out-File E:\\out.txt",
      "'x' > E:\\redirected.txt",
      "'x' >> E:\\readme.txt",
      "Add-Content E:\\readme.txt 'more'",
      'Export-WindowsImage -SourceImagePath E:\\sources\\install.wim -SourceIndex 1 -DestinationImagePath E:\\sources\\new.wim',
    ]) {
      const r = sb.run(script);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('The media is write protected.');
    }
    expect(ok('Get-Content E:\\readme.txt; Test-Path E:\\x.txt; Test-Path E:\\out.txt; Test-Path E:\\redirected.txt')).toBe('hello from the disc\nFalse\nFalse\nFalse\n');
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

test('a drive that WIMSH_DRIVE_<L> maps to the image itself reads in a later process (the image is not read through its own mount)', () => {
  const env = { WIMSH_DRIVE_G: sb.cpath('joliet.iso') };
  ok('Mount-DiskImage C:\\joliet.iso', env);
  try {
    expect(ok("Get-Content G:\\readme.txt; (Get-WindowsImage -ImagePath G:\\sources\\install.wim).Count", env)).toBe('hello from the disc\n2\n');
  } finally {
    ok('Dismount-DiskImage C:\\joliet.iso', env);
  }
});
