/*
 * The other Dism cmdlets Export-WindowsImage's users run around it, through the CLI: New-WindowsImage (capture),
 * Get-WindowsImage (summary and detailed views), Expand-WindowsImage (apply).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorShape, expectValidWim, imageNames, makeTree, sandbox, wimInfo, wimlib, type Sandbox } from './helpers';

let sb: Sandbox;
beforeAll(() => {
  sb = sandbox('images');
  makeTree(sb.cpath('tree/a'), 'alpha');
  makeTree(sb.cpath('tree/b'), 'beta');
});
afterAll(() => sb.cleanup());

test('New-WindowsImage captures a tree: XPRESS by default, LZX with max, an integrity table with -CheckIntegrity', () => {
  const r = sb.run(
    "New-WindowsImage -CapturePath C:\\tree\\a -ImagePath C:\\cap.wim -Name 'Alpha' -Description 'First' | Out-Null; " +
      "New-WindowsImage -CapturePath C:\\tree\\b -ImagePath C:\\capmax.wim -Name 'Beta' -CompressionType max -CheckIntegrity | Out-Null",
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(imageNames(sb.cpath('cap.wim'))).toEqual(['Alpha']);
  expect(wimInfo(sb.cpath('cap.wim')).Compression).toBe('XPRESS');
  expect(wimInfo(sb.cpath('capmax.wim')).Compression).toBe('LZX');
  expect(wimInfo(sb.cpath('capmax.wim')).Attributes).toMatch(/Integrity info/);
  expectValidWim(sb.cpath('cap.wim'), true);
  expectValidWim(sb.cpath('capmax.wim'), true);
});

describe('Get-WindowsImage', () => {
  beforeAll(() => {
    wimlib('capture', sb.cpath('tree/a'), sb.cpath('two.wim'), 'Windows 11 Home', 'Home edition', '--compress=XPRESS');
    wimlib('append', sb.cpath('tree/b'), sb.cpath('two.wim'), 'Windows 11 Pro', 'Pro edition');
  });

  test('without -Index: four-line blocks (ImageIndex, ImageName, ImageDescription, ImageSize in N0 bytes)', () => {
    const r = sb.run('Get-WindowsImage -ImagePath C:\\two.wim');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /^\n\nImageIndex       : 1\nImageName        : Windows 11 Home\nImageDescription : Home edition\nImageSize        : [\d,]+ bytes\n\nImageIndex       : 2\nImageName        : Windows 11 Pro\nImageDescription : Pro edition\nImageSize        : [\d,]+ bytes\n\n\n\n$/,
    );
  });

  test('-Index and -Name: the detailed view, 20 properties in DISM\'s order', () => {
    const r = sb.run("Get-WindowsImage -ImagePath C:\\two.wim -Index 2; Get-WindowsImage -ImagePath C:\\two.wim -Name 'windows 11 home' | Select-Object -ExpandProperty ImageIndex");
    expect(r.stderr).toBe('');
    const labels = [...r.stdout.matchAll(/^(\w+) +:/gm)].map((m) => m[1]);
    expect(labels).toEqual([
      'ImageIndex', 'ImageName', 'ImageDescription', 'ImageSize', 'WIMBoot', 'Architecture', 'Hal', 'Version', 'SPBuild', 'SPLevel',
      'EditionId', 'InstallationType', 'ProductType', 'ProductSuite', 'SystemRoot', 'DirectoryCount', 'FileCount', 'CreatedTime', 'ModifiedTime', 'Languages',
    ]);
    expect(r.stdout).toMatch(/^ImageName        : Windows 11 Pro$/m);
    expect(r.stdout).toMatch(/^WIMBoot          : False$/m);
    expect(r.stdout.trimEnd().endsWith('\n1')).toBe(true);
  });

  test('member enumeration and an index out of range', () => {
    expect(sb.run("(Get-WindowsImage -ImagePath C:\\two.wim).ImageIndex -join ','").stdout).toBe('1,2\n');
    const r = sb.run('Get-WindowsImage -ImagePath C:\\two.wim -Index 3');
    expect(r.code).toBe(1);
    const e = errorShape(r.stderr);
    expect(e.message).toBe('Get-WindowsImage : The parameter is incorrect.');
    expect(e.fqid).toBe('Get-WindowsImage,Microsoft.Dism.Commands.GetWindowsImageCommand');
  });
});

test('Expand-WindowsImage applies an image: the files come back as they were captured', () => {
  wimlib('capture', sb.cpath('tree/b'), sb.cpath('apply.wim'), 'Beta', '--compress=LZX');
  fs.mkdirSync(sb.cpath('applied'), { recursive: true });
  const r = sb.run('Expand-WindowsImage -ImagePath C:\\apply.wim -Index 1 -ApplyPath C:\\applied');
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('\n\nLogPath : C:\\Windows\\Logs\\DISM\\dism.log\n\n\n\n');
  for (const rel of ['readme.txt', 'beta.txt', path.join('Windows', 'win.ini'), path.join('Windows', 'System32', 'kernel.dll')]) {
    expect(fs.readFileSync(path.join(sb.cpath('applied'), rel))).toEqual(fs.readFileSync(path.join(sb.cpath('tree/b'), rel)));
  }
});

test('Expand-WindowsImage -CheckIntegrity refuses a corrupted file before writing anything', () => {
  wimlib('capture', sb.cpath('tree/b'), sb.cpath('checked.wim'), 'Beta', '--compress=LZX', '--check');
  const buf = fs.readFileSync(sb.cpath('checked.wim'));
  buf[1000] ^= 0x40; // inside the data the integrity table covers
  fs.writeFileSync(sb.cpath('checked.wim'), buf);
  fs.mkdirSync(sb.cpath('untouched'), { recursive: true });
  const r = sb.run('Expand-WindowsImage -ImagePath C:\\checked.wim -Index 1 -ApplyPath C:\\untouched -CheckIntegrity');
  expect(r.code).toBe(1);
  expect(errorShape(r.stderr)).toEqual({
    message: 'Expand-WindowsImage : The data is invalid.',
    category: 'NotSpecified: (:) [Expand-WindowsImage], COMException',
    fqid: 'Microsoft.Dism.Commands.ExpandWindowsImageCommand',
  });
  expect(fs.readdirSync(sb.cpath('untouched'))).toEqual([]);
});
