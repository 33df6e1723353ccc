/*
 * Add-WindowsImage (capture and append, files the WIM holds stored once), the capture's configuration list
 * (-ConfigFilePath WimScript.ini, DISM's default exclusions), -Verify on capture and on apply (a corrupt blob stops
 * Expand-WindowsImage), and the binding of the parameters the reference pages list.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorShape, expectValidWim, imageNames, makeTree, sandbox, wimInfo, type Sandbox } from './helpers';
import { openWim } from '../../../src/formats/wim/wim';
import { ReshdrFlag } from '../../../src/formats/wim/reshdr';
import { sha1 } from '../../../src/formats/wim/sha1';

let sb: Sandbox;
beforeAll(() => {
  sb = sandbox('add-config');
  makeTree(sb.cpath('tree/a'), 'alpha');
  makeTree(sb.cpath('tree/b'), 'beta');
});
afterAll(() => sb.cleanup());

const blobCount = (wim: string): number => {
  const w = openWim(wim);
  try {
    return w.blobCount;
  } finally {
    w.close();
  }
};

test('Add-WindowsImage appends a captured image; files the WIM holds already are stored once', () => {
  const r = sb.run(
    "New-WindowsImage -CapturePath C:\\tree\\a -ImagePath C:\\add.wim -Name 'Alpha' | Out-Null; " +
      "Add-WindowsImage -ImagePath C:\\add.wim -CapturePath C:\\tree\\b -Name 'Beta' -Description 'Second' -Verify -CheckIntegrity | Out-Null; " +
      '(Get-WindowsImage -ImagePath C:\\add.wim).ImageName',
  );
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('Alpha\nBeta\n');
  expect(imageNames(sb.cpath('add.wim'))).toEqual(['Alpha', 'Beta']);
  expect(wimInfo(sb.cpath('add.wim')).Attributes).toMatch(/Integrity info/);
  expectValidWim(sb.cpath('add.wim'), true);
  // Tree b is tree a plus beta.txt: win.ini, kernel.dll and readme.txt are shared; only beta.txt and the second
  // metadata resource are new (blobCount counts file data only: alpha.txt, win.ini, kernel.dll, readme.txt, beta.txt).
  expect(blobCount(sb.cpath('add.wim'))).toBe(5);
});

test('Add-WindowsImage refuses a missing file and a name the file has, before writing', () => {
  const before = fs.readFileSync(sb.cpath('add.wim'));
  const r = sb.run("Add-WindowsImage -ImagePath C:\\add.wim -CapturePath C:\\tree\\a -Name 'alpha'");
  expect(errorShape(r.stderr).category).toMatch(/\[Add-WindowsImage\]/);
  expect(fs.readFileSync(sb.cpath('add.wim')).equals(before)).toBe(true);
  const m = sb.run("Add-WindowsImage -ImagePath C:\\none.wim -CapturePath C:\\tree\\a -Name 'X'");
  expect(errorShape(m.stderr).message).toMatch(/The system cannot find the file specified/);
});

test('-ConfigFilePath: exclusions, an exception, a file stored uncompressed; without it, DISM\'s default exclusions', () => {
  const t = sb.cpath('tree/cfg');
  makeTree(t);
  fs.mkdirSync(path.join(t, 'Temp', 'keep'), { recursive: true });
  fs.writeFileSync(path.join(t, 'Temp', 'junk.txt'), 'junk');
  fs.writeFileSync(path.join(t, 'Temp', 'keep', 'me.txt'), 'keep me');
  fs.writeFileSync(path.join(t, 'Windows', 'debug.log'), 'log');
  const song = Buffer.from('la la la '.repeat(2000));
  fs.writeFileSync(path.join(t, 'song.mp3'), song);
  fs.writeFileSync(path.join(t, 'pagefile.sys'), 'paged');
  // UTF-16 LE with a BOM, as Notepad saves it.
  const ini = '[ExclusionList]\r\n\\Temp\r\n*.log\r\n[ExclusionException]\r\n\\Temp\\keep\\me.txt\r\n[CompressionExclusionList]\r\n*.mp3\r\n';
  fs.writeFileSync(sb.cpath('wimscript.ini'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ini, 'utf16le')]));
  const r = sb.run(
    "New-WindowsImage -CapturePath C:\\tree\\cfg -ImagePath C:\\cfg.wim -Name 'Cfg' -ConfigFilePath C:\\wimscript.ini -CompressionType max | Out-Null; " +
      "New-WindowsImage -CapturePath C:\\tree\\cfg -ImagePath C:\\dflt.wim -Name 'Default' | Out-Null; " +
      "(Get-WindowsImageContent -ImagePath C:\\cfg.wim -Index 1) -join '|'; " +
      "(Get-WindowsImageContent -ImagePath C:\\dflt.wim -Index 1) -join '|'",
  );
  expect(r.stderr).toBe('');
  const [cfg, dflt] = r.stdout.trimEnd().split('\n').map((l) => l.split('|'));
  expect(cfg).toContain('\\Temp\\keep\\me.txt');
  expect(cfg).not.toContain('\\Temp\\junk.txt');
  expect(cfg).not.toContain('\\Windows\\debug.log');
  expect(cfg).toContain('\\pagefile.sys');
  expect(dflt).not.toContain('\\pagefile.sys');
  expect(dflt).toContain('\\Temp\\junk.txt');
  expect(dflt).toContain('\\Windows\\debug.log');
  expectValidWim(sb.cpath('cfg.wim'), true);
  const w = openWim(sb.cpath('cfg.wim'));
  try {
    const mp3 = w.lookupBlob(sha1(song))!;
    expect(mp3.res.flags & ReshdrFlag.Compressed).toBe(0);
    const ini2 = w.lookupBlob(sha1(fs.readFileSync(path.join(t, 'Windows', 'win.ini'))))!;
    expect(ini2.res.flags & ReshdrFlag.Compressed).not.toBe(0);
  } finally {
    w.close();
  }
  const bad = sb.run("New-WindowsImage -CapturePath C:\\tree\\cfg -ImagePath C:\\bad.wim -Name 'Bad' -ConfigFilePath C:\\missing.ini");
  expect(errorShape(bad.stderr).message).toMatch(/The system cannot find the file specified/);
  expect(fs.existsSync(sb.cpath('bad.wim'))).toBe(false);
});

test('Expand-WindowsImage -Verify stops at a corrupt blob with DISM\'s error', () => {
  const t = sb.cpath('tree/corrupt');
  fs.mkdirSync(t, { recursive: true });
  const marker = Buffer.from('UNIQUE-MARKER-'.repeat(100));
  fs.writeFileSync(path.join(t, 'data.bin'), marker);
  const made = sb.run("New-WindowsImage -CapturePath C:\\tree\\corrupt -ImagePath C:\\corrupt.wim -Name 'C' -CompressionType none | Out-Null");
  expect(made.stderr).toBe('');
  const bytes = fs.readFileSync(sb.cpath('corrupt.wim'));
  const at = bytes.indexOf(marker);
  expect(at).toBeGreaterThan(0);
  bytes[at + 5] ^= 0xff;
  fs.writeFileSync(sb.cpath('corrupt.wim'), bytes);
  fs.mkdirSync(sb.cpath('out'));
  const r = sb.run('Expand-WindowsImage -ImagePath C:\\corrupt.wim -Index 1 -ApplyPath C:\\out -Verify');
  expect(errorShape(r.stderr)).toMatchObject({ message: expect.stringMatching(/The data is invalid/), fqid: 'Microsoft.Dism.Commands.ExpandWindowsImageCommand' });
});

test('the parameters the reference pages list bind; the ones they do not list are refused', () => {
  const ok = sb.run(
    "New-WindowsImage -CapturePath C:\\tree\\a -ImagePath C:\\p.wim -Name P -NoRpFix -SupportEa -WIMBoot | Out-Null; " +
      'Expand-WindowsImage -ImagePath C:\\p.wim -Index 1 -ApplyPath C:\\out -NoRpFix -SupportEa -ConfirmTrustedFile -Compact -WIMBoot -Verify | Out-Null; ' +
      "Expand-WindowsImage -ImagePath C:\\p.wim -Name P -ApplyPath C:\\out | Out-Null; (Get-WindowsImage -ImagePath C:\\p.wim -Index 1).WIMBoot",
  );
  expect(ok.stderr).toBe('');
  expect(ok.stdout.trim()).toBe('True');
  expect(wimInfo(sb.cpath('p.wim'))['Chunk Size']).toBe('4096 bytes');
  const bad = sb.run('Expand-WindowsImage -ImagePath C:\\p.wim -Index 1 -ApplyPath C:\\out -NoRestrictedAcl');
  expect(bad.stderr).toMatch(/A parameter cannot be found that matches parameter name 'NoRestrictedAcl'/);
  const add = sb.run("(Get-Command Add-WindowsImage).Parameters.Keys -join ','");
  for (const p of ['ImagePath', 'CapturePath', 'ConfigFilePath', 'Description', 'Name', 'CheckIntegrity', 'NoRpFix', 'Setbootable', 'Verify', 'WIMBoot', 'SupportEa', 'LogPath', 'ScratchDirectory', 'LogLevel']) {
    expect(add.stdout.split(',').map((s) => s.trim())).toContain(p);
  }
});
