/*
 * The classic script shape end to end, through the CLI, as the public scripts that prepare Windows media write it:
 * mount one image of a multi-image WIM, copy an answer file and a folder into the mount, Dismount -Save, export the
 * image with maximum compression, split the export into parts. Run twice: with the cmdlets only, and with dism.exe
 * lines mixed in (dism /Mount-Image, then Dismount-WindowsImage -Save; dism /Export-Image, then Split-WindowsImage),
 * as scripts written over the years mix them. wimlib-imagex is the oracle: the parts verify as a set, and the
 * exported image (and the image read back from the parts) applies to the edited tree; the source WIM's other image
 * is unchanged.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Sandbox, expectValidWim, imageNames, sandbox, wimInfo, wimlib } from './helpers';
import { bytes, expectSameTree, makeTree, tmpDir } from '../../formats/wim/write/helpers';

let sb: Sandbox;
const tree = (v: string) => path.join(sb.dir, 'trees', v);
const UNATTEND = '<?xml version="1.0" encoding="utf-8"?>\r\n<unattend xmlns="urn:schemas-microsoft-com:unattend">\r\n  <settings pass="oobeSystem" />\r\n</unattend>\r\n';

beforeAll(() => {
  sb = sandbox('classic');
  // Two editions sharing most files, each with incompressible data so that a 1 MB split makes several parts.
  makeTree(tree('pro'), 1);
  makeTree(tree('home'), 2);
  for (const [v, seed] of [['pro', 10], ['home', 20]] as const) {
    for (let k = 0; k < 3; k++) fs.writeFileSync(path.join(tree(v), 'random', `payload${k}.bin`), bytes(500_000, seed + k));
  }
  fs.mkdirSync(sb.cpath('work'), { recursive: true });
  wimlib('capture', tree('home'), sb.cpath('work/install.wim'), 'Windows 11 Home', '--compress=LZX');
  wimlib('append', tree('pro'), sb.cpath('work/install.wim'), 'Windows 11 Pro');
  // What the script copies in: an answer file and a folder of setup scripts and a driver-sized binary.
  fs.mkdirSync(sb.cpath('files/Scripts/Drivers'), { recursive: true });
  fs.writeFileSync(sb.cpath('files/unattend.xml'), UNATTEND);
  fs.writeFileSync(sb.cpath('files/Scripts/SetupComplete.cmd'), '@echo off\r\nreg add HKLM\\Software\\Wimsh /v Done /d 1 /f\r\n');
  fs.writeFileSync(sb.cpath('files/Scripts/Drivers/driver.sys'), bytes(900_000, 99));
});
afterAll(() => sb.cleanup());

/** Image 2 (Pro) as the script leaves it: the captured tree with the answer file and the folder added. */
function editedTree(): string {
  const out = path.join(sb.dir, `expected-${Date.now()}`);
  const r = spawnSync('cp', ['-a', tree('pro'), out]);
  if (r.status !== 0) throw new Error(String(r.stderr));
  fs.mkdirSync(path.join(out, 'Windows/Panther'), { recursive: true });
  fs.copyFileSync(sb.cpath('files/unattend.xml'), path.join(out, 'Windows/Panther/unattend.xml'));
  fs.mkdirSync(path.join(out, 'Windows/Setup/Scripts/Drivers'), { recursive: true });
  fs.copyFileSync(sb.cpath('files/Scripts/SetupComplete.cmd'), path.join(out, 'Windows/Setup/Scripts/SetupComplete.cmd'));
  fs.copyFileSync(sb.cpath('files/Scripts/Drivers/driver.sys'), path.join(out, 'Windows/Setup/Scripts/Drivers/driver.sys'));
  return out;
}
const ADDED = ['Windows/Panther/unattend.xml', 'Windows/Setup/Scripts/SetupComplete.cmd', 'Windows/Setup/Scripts/Drivers/driver.sys'];

/**
 * Applies image `index` of `wim` (with `ref` for a split set) and compares it with `expected`. The files the script
 * copied carry the time of the copy (wimsh's Copy-Item does not keep the source's LastWriteTime), so their times
 * are taken from the applied image after checking they are the time the script ran; everything else is compared
 * as expectSameTree compares it (contents, links, hard link groups, times).
 */
function expectApplies(wim: string, index: number, expected: string, ranSince: number, ref?: string): void {
  const out = tmpDir('classic-apply');
  try {
    const dst = path.join(out, 'x');
    wimlib('apply', wim, String(index), dst, ...(ref ? [`--ref=${ref}`] : []));
    for (const rel of ADDED) {
      const st = fs.statSync(path.join(dst, rel));
      expect(st.mtimeMs).toBeGreaterThanOrEqual(ranSince - 2000);
      fs.utimesSync(path.join(expected, rel), st.atime, st.mtime);
    }
    expectSameTree(expected, dst);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The checks both runs share, on C:\<dir>\install.wim, its parts and the source WIM. */
function expectResults(dir: string, source: string, ranSince: number): void {
  const expected = editedTree();
  const exported = sb.cpath(`${dir}/install.wim`);
  // The export: one image, LZX (DISM's "max"), the edited tree.
  expectValidWim(exported, true);
  expect(imageNames(exported)).toEqual(['Windows 11 Pro']);
  expect(wimInfo(exported).Compression).toBe('LZX');
  expectApplies(exported, 1, expected, ranSince);
  // The parts: install.swm, install2.swm, ... (DISM's names), a set wimlib verifies, giving the same image back.
  const parts = fs.readdirSync(sb.cpath(`${dir}/parts`)).sort();
  expect(parts.length).toBeGreaterThanOrEqual(3);
  expect(parts).toEqual(['install.swm', ...parts.slice(1).map((_, i) => `install${i + 2}.swm`)].sort());
  for (const p of parts) expect(fs.statSync(path.join(sb.cpath(`${dir}/parts`), p)).size).toBeLessThanOrEqual(1024 * 1024 + 200_000);
  const ref = path.join(sb.cpath(`${dir}/parts`), 'install*.swm');
  expect(wimlib('verify', sb.cpath(`${dir}/parts/install.swm`), `--ref=${ref}`)).toMatch(/successfully verified/);
  expect(wimInfo(sb.cpath(`${dir}/parts/install.swm`))['Part Number']).toBe(`1/${parts.length}`);
  expectApplies(sb.cpath(`${dir}/parts/install.swm`), 1, editedTree(), ranSince, ref);
  // The source WIM: still two images, Pro edited in place, Home as it was; the mount directory left empty.
  expectValidWim(source);
  expect(imageNames(source)).toEqual(['Windows 11 Home', 'Windows 11 Pro']);
  expectApplies(source, 2, editedTree(), ranSince);
  const home = tmpDir('classic-home');
  try {
    wimlib('apply', source, '1', path.join(home, 'x'));
    expectSameTree(tree('home'), path.join(home, 'x'));
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  expect(fs.readdirSync(sb.cpath('mount'))).toEqual([]);
  expect(sb.run('(Get-WindowsImage -Mounted | Measure-Object).Count').stdout).toBe('0\n');
}

function runScript(script: string): string {
  const r = sb.run(script);
  if (r.code !== 0 || r.stderr) throw new Error(`script failed (${r.code}):\n${script}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r.stdout;
}

test('Mount, copy an unattend.xml and a folder in, Dismount -Save, Export -CompressionType max, Split', () => {
  fs.copyFileSync(sb.cpath('work/install.wim'), sb.cpath('work/cmdlets.wim'));
  const since = Date.now();
  const out = runScript(
    [
      '$ErrorActionPreference = "Stop"',
      '$wim = "C:\\work\\cmdlets.wim"',
      '$mount = "C:\\mount"',
      '$out = "C:\\out1"',
      'New-Item -ItemType Directory -Path $mount -Force | Out-Null',
      'New-Item -ItemType Directory -Path "$out\\parts" -Force | Out-Null',
      '$index = (Get-WindowsImage -ImagePath $wim | Where-Object { $_.ImageName -eq "Windows 11 Pro" }).ImageIndex',
      'Mount-WindowsImage -ImagePath $wim -Index $index -Path $mount | Out-Null',
      'New-Item -ItemType Directory -Path "$mount\\Windows\\Panther" -Force | Out-Null',
      'Copy-Item -Path C:\\files\\unattend.xml -Destination "$mount\\Windows\\Panther\\unattend.xml"',
      'New-Item -ItemType Directory -Path "$mount\\Windows\\Setup" -Force | Out-Null',
      'Copy-Item -Path C:\\files\\Scripts -Destination "$mount\\Windows\\Setup\\Scripts" -Recurse',
      'Dismount-WindowsImage -Path $mount -Save | Out-Null',
      'Export-WindowsImage -SourceImagePath $wim -SourceIndex $index -DestinationImagePath "$out\\install.wim" -CompressionType max | Out-Null',
      'Split-WindowsImage -ImagePath "$out\\install.wim" -SplitImagePath "$out\\parts\\install.swm" -FileSize 1 -CheckIntegrity | Out-Null',
      '"done $index"',
    ].join('\n'),
  );
  expect(out).toBe('done 2\n');
  expectResults('out1', sb.cpath('work/cmdlets.wim'), since);
});

test('the same script with dism.exe lines mixed in: dism /Mount-Image then Dismount-WindowsImage -Save, dism /Export-Image', () => {
  fs.copyFileSync(sb.cpath('work/install.wim'), sb.cpath('work/mixed.wim'));
  const since = Date.now();
  const out = runScript(
    [
      '$wim = "C:\\work\\mixed.wim"',
      '$mount = "C:\\mount"',
      'New-Item -ItemType Directory -Path $mount -Force | Out-Null',
      'New-Item -ItemType Directory -Path C:\\out2\\parts -Force | Out-Null',
      'dism /Mount-Image /ImageFile:"$wim" /Index:2 /MountDir:"$mount" | Out-Null',
      'if ($LASTEXITCODE -ne 0) { throw "mount failed: $LASTEXITCODE" }',
      '(Get-WindowsImage -Mounted).MountStatus',
      'New-Item -ItemType Directory -Path "$mount\\Windows\\Panther" -Force | Out-Null',
      'Copy-Item C:\\files\\unattend.xml "$mount\\Windows\\Panther\\"',
      'New-Item -ItemType Directory -Path "$mount\\Windows\\Setup" -Force | Out-Null',
      'Copy-Item C:\\files\\Scripts "$mount\\Windows\\Setup\\Scripts" -Recurse -Force',
      'Dismount-WindowsImage -Path $mount -Save | Out-Null',
      'dism /Export-Image /SourceImageFile:"$wim" /SourceIndex:2 /DestinationImageFile:C:\\out2\\install.wim /Compress:max | Out-Null',
      '"export=$LASTEXITCODE"',
      'Split-WindowsImage -ImagePath C:\\out2\\install.wim -SplitImagePath C:\\out2\\parts\\install.swm -FileSize 1 | Out-Null',
      'dism /Get-MountedImageInfo | Where-Object { $_ -eq "No mounted images found." }',
    ].join('\n'),
  );
  expect(out).toBe('Ok\nexport=0\nNo mounted images found.\n');
  expectResults('out2', sb.cpath('work/mixed.wim'), since);
});
