/*
 * Get-WindowsImage's objects piped into Export-WindowsImage: ByPropertyName binding takes ImagePath and ImageIndex
 * through Export's hidden pipeline aliases (SourceImagePath, SourceIndex), which neither the command line nor
 * Get-Command show. Select-Object -First downstream stops them without a DISM error.
 */
import * as fs from 'node:fs';
import { expectValidWim, imageNames, makeTree, sandbox, type Sandbox } from './helpers';

let sb: Sandbox;
beforeAll(() => {
  sb = sandbox('pipeline-gwi');
  makeTree(sb.cpath('tree/home'), 'home');
  makeTree(sb.cpath('tree/pro'), 'pro');
  makeTree(sb.cpath('tree/edu'), 'edu');
  const r = sb.run(
    "New-Item -ItemType Directory C:\\src, C:\\out | Out-Null; " +
      "New-WindowsImage -CapturePath C:\\tree\\home -ImagePath C:\\src\\one.wim -Name 'Windows 11 Home' | Out-Null; " +
      "New-WindowsImage -CapturePath C:\\tree\\pro -ImagePath C:\\src\\two.wim -Name 'Windows 11 Pro' | Out-Null; " +
      "New-WindowsImage -CapturePath C:\\tree\\edu -ImagePath C:\\src\\three.wim -Name 'Windows 11 Education' | Out-Null; " +
      "Export-WindowsImage -SourceImagePath C:\\src\\one.wim -SourceIndex 1 -DestinationImagePath C:\\src\\multi.wim | Out-Null; " +
      "Export-WindowsImage -SourceImagePath C:\\src\\two.wim -SourceIndex 1 -DestinationImagePath C:\\src\\multi.wim | Out-Null; " +
      "Export-WindowsImage -SourceImagePath C:\\src\\three.wim -SourceIndex 1 -DestinationImagePath C:\\src\\multi.wim | Out-Null",
  );
  if (r.code !== 0) throw new Error(`fixture: ${r.stderr}`);
  expect(imageNames(sb.cpath('src/multi.wim'))).toEqual(['Windows 11 Home', 'Windows 11 Pro', 'Windows 11 Education']);
});
afterAll(() => sb.cleanup());

test('Get-WindowsImage | Where-Object | Export-WindowsImage exports the image the filter kept', () => {
  const r = sb.run(
    "Get-WindowsImage -ImagePath C:\\src\\multi.wim | Where-Object ImageName -like '*Pro' | Export-WindowsImage -DestinationImagePath C:\\out\\gwi.wim",
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('\n\nLogPath : C:\\Windows\\Logs\\DISM\\dism.log\n\n\n\n');
  expect(imageNames(sb.cpath('out/gwi.wim'))).toEqual(['Windows 11 Pro']);
  expectValidWim(sb.cpath('out/gwi.wim'));
});

test('every piped image is exported, in order, to one destination', () => {
  const r = sb.run(
    "Get-WindowsImage -ImagePath C:\\src\\multi.wim | Where-Object ImageIndex -ge 2 | Export-WindowsImage -DestinationImagePath C:\\out\\two.wim | Out-Null",
  );
  expect(r.stderr).toBe('');
  expect(imageNames(sb.cpath('out/two.wim'))).toEqual(['Windows 11 Pro', 'Windows 11 Education']);
  expectValidWim(sb.cpath('out/two.wim'));
});

test('the pipeline aliases stay hidden: not in Get-Command, not parameter names on the command line', () => {
  const r = sb.run(
    "$p = (Get-Command Export-WindowsImage).Parameters; $p['SourceIndex'].Aliases -join ','; $p['SourceImagePath'].Aliases -join ','; " +
      "Export-WindowsImage -ImagePath C:\\src\\multi.wim -ImageIndex 1 -DestinationImagePath C:\\out\\no.wim",
  );
  expect(r.stdout).toBe('SI\nSIP\n');
  expect(r.stderr).toMatch(/^Export-WindowsImage : A parameter cannot be found that matches parameter name 'ImagePath'\./);
  expect(r.stderr).toMatch(/NamedParameterNotFound,Microsoft\.Dism\.Commands\.ExportWindowsImageCommand/);
  const help = sb.run('Get-Help Export-WindowsImage -Full | Out-String');
  expect(help.stdout).not.toMatch(/ImageIndex|-ImagePath/);
});

test('Select-Object -First stops Get-WindowsImage and Get-WindowsImageContent cleanly, even under Stop', () => {
  const r = sb.run(
    "$ErrorActionPreference = 'Stop'; " +
      "Get-WindowsImage -ImagePath C:\\src\\multi.wim | Select-Object -First 1 | ForEach-Object ImageName; " +
      "Get-WindowsImage -ImagePath C:\\src\\multi.wim | Where-Object ImageIndex -ge 2 | Select-Object -First 1 | ForEach-Object ImageName; " +
      "(Get-WindowsImageContent -ImagePath C:\\src\\multi.wim -Index 1 | Select-Object -First 2).Count; " +
      "'after'; $Error.Count",
  );
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('Windows 11 Home\nWindows 11 Pro\n2\nafter\n0\n');
  expect(r.code).toBe(0);
  // The stop is not a DISM failure: the log records no error for these sessions.
  const log = fs.readFileSync(sb.cpath('Windows/Logs/DISM/dism.log'), 'utf8');
  expect(log).not.toMatch(/\bError\b/);
});
