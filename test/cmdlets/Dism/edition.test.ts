/*
 * Get-WindowsEdition -Path through the CLI: the edition read from the offline image's SOFTWARE hive (made by hivex),
 * DISM's default view, -WindowsDirectory, the errors of a directory that is not an image, and -Online/-Target,
 * which need the Windows servicing stack: one error record each, that try/catch and -ErrorAction see as on Windows.
 * And the WINDOWS facts of a captured installation as Get-WindowsImage shows them.
 */
import * as fs from 'node:fs';
import { makeWindowsTree } from '../../formats/hive/windows-tree';
import { type Sandbox, errorShape, sandbox } from './helpers';

let sb: Sandbox;
beforeAll(() => {
  sb = sandbox('edition');
  makeWindowsTree(sb.cpath('mount'));
  fs.writeFileSync(sb.cpath('mount/bootmgr'), 'boot');
  makeWindowsTree(sb.cpath('server/OS'), { systemRoot: 'WinNT', editionId: 'ServerDatacenter', installationType: 'Server', productType: 'ServerNT', productName: 'Windows Server 2025 Datacenter' });
  fs.mkdirSync(sb.cpath('empty'), { recursive: true });
});
afterAll(() => sb.cleanup());

describe('Get-WindowsEdition -Path', () => {
  it('shows the edition as DISM does, with the EditionObject behind it', () => {
    const r = sb.run('Get-WindowsEdition -Path C:\\mount');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('\n\nEdition : Professional\n\n\n\n');
    const p = sb.run(
      '$e = Get-WindowsEdition -Path C:\\mount; $e.Edition; $e.Path; $e.Online; $e.RestartNeeded; $e.LogLevel; $e.PSObject.TypeNames[0]; $e -is [object]',
    );
    expect(p.stdout.split('\n').slice(0, 6)).toEqual(['Professional', 'C:\\mount', 'False', 'False', 'WarningsInfo', 'Microsoft.Dism.Commands.EditionObject']);
  });

  it('finds the Windows directory given by -WindowsDirectory, and writes its log', () => {
    const r = sb.run('(Get-WindowsEdition -Path C:\\server -WindowsDirectory OS\\WinNT -LogPath C:\\ed.log).Edition');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ServerDatacenter\n');
    expect(fs.readFileSync(sb.cpath('ed.log'), 'utf8')).toMatch(/Current edition: ServerDatacenter/);
  });

  it('a directory without Windows, or a Windows without its hive, is an error record', () => {
    const r = sb.run('Get-WindowsEdition -Path C:\\empty');
    expect(errorShape(r.stderr)).toEqual({
      message: 'Get-WindowsEdition : The system cannot find the path specified.',
      category: 'NotSpecified: (:) [Get-WindowsEdition], COMException',
      fqid: 'Microsoft.Dism.Commands.GetWindowsEditionCommand',
    });
    fs.mkdirSync(sb.cpath('nohive/Windows/System32'), { recursive: true });
    expect(errorShape(sb.run('Get-WindowsEdition -Path C:\\nohive').stderr).message).toBe('Get-WindowsEdition : The system cannot find the file specified.');
    // -WindowsDirectory must stay inside the image.
    expect(errorShape(sb.run('Get-WindowsEdition -Path C:\\server\\OS -WindowsDirectory ..\\server\\OS\\WinNT').stderr).message).toBe(
      'Get-WindowsEdition : The system cannot find the path specified.',
    );
  });

  it('-Target and -Online stop with one clear error that try/catch and -ErrorAction handle', () => {
    const t = sb.run('Get-WindowsEdition -Path C:\\mount -Target');
    expect(errorShape(t.stderr)).toEqual({
      message: 'Get-WindowsEdition : Get-WindowsEdition: the list of target editions (-Target) needs the Windows servicing stack, which wimsh does not have. Run this command on Windows.',
      category: 'NotSpecified: (:) [Get-WindowsEdition], COMException',
      fqid: 'Microsoft.Dism.Commands.GetWindowsEditionCommand',
    });
    expect(t.stdout).toBe('');
    const o = sb.run('try { Get-WindowsEdition -Online -ErrorAction Stop } catch { "caught: " + $_.FullyQualifiedErrorId + " " + $_.Exception.Message.Length }; Get-WindowsEdition -Online -ErrorAction SilentlyContinue; "after: $?"');
    expect(o.stderr).toBe('');
    expect(o.stdout).toBe(`caught: Microsoft.Dism.Commands.GetWindowsEditionCommand ${'Get-WindowsEdition: servicing the running operating system (-Online) needs the Windows servicing stack, which wimsh does not have. Run this command on Windows.'.length}\nafter: False\n`);
  });
});

describe('Get-WindowsEdition binding', () => {
  it('binds its reference syntax and refuses what it does not have', () => {
    const r = sb.run('(Get-Command Get-WindowsEdition).Parameters.Keys -join ","');
    expect(r.stdout.split(',').slice(0, 8)).toEqual(['Target', 'Online', 'Path', 'WindowsDirectory', 'SystemDrive', 'LogPath', 'ScratchDirectory', 'LogLevel']);
    // Offline is the default set, and -Path is mandatory in it.
    expect(errorShape(sb.run('Get-WindowsEdition').stderr).message).toBe('Get-WindowsEdition : Cannot process command because of one or more missing mandatory parameters: Path.');
    expect(errorShape(sb.run('Get-WindowsEdition -Path C:\\mount -Online').stderr).fqid).toBe('AmbiguousParameterSet,Microsoft.Dism.Commands.GetWindowsEditionCommand');
    expect(errorShape(sb.run('Get-WindowsEdition -Path C:\\mount -Edition x').stderr).fqid).toBe('NamedParameterNotFound,Microsoft.Dism.Commands.GetWindowsEditionCommand');
  });
});

describe('a captured Windows installation in Get-WindowsImage', () => {
  it('shows Architecture, Version, SPBuild, EditionId and Languages from the WINDOWS element', () => {
    const r = sb.run('New-WindowsImage -CapturePath C:\\mount -ImagePath C:\\win.wim -Name "Windows 10 Pro" | Out-Null; Get-WindowsImage -ImagePath C:\\win.wim -Index 1');
    expect(r.stderr).toBe('');
    const lines = Object.fromEntries(r.stdout.split('\n').filter((l) => l.includes(' : ')).map((l) => [l.slice(0, 16).trim(), l.slice(19)]));
    expect(lines).toMatchObject({
      Architecture: 'x64',
      Version: '10.0.26100.1742',
      SPBuild: '1742',
      SPLevel: '0',
      EditionId: 'Professional',
      InstallationType: 'Client',
      ProductType: 'WinNT',
      ProductSuite: 'Terminal Server',
      SystemRoot: 'WINDOWS',
      Languages: 'en-US (Default), zh-CN',
    });
  });
});
