/*
 * Use-WindowsUnattend -Path through the CLI: the answer file lands in <Windows>\Panther\unattend.xml of the offline
 * image (the folder made when missing, an answer file already there replaced whatever its case), the ImageObject
 * comes back, the log says what was done; a missing answer file or Windows directory is DISM's error; a Panther that
 * is a symbolic link is never written through; -Online stops with one clear error record.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Sandbox, errorShape, sandbox } from './helpers';

let sb: Sandbox;
const ANSWER = '<?xml version="1.0" encoding="utf-8"?>\r\n<unattend xmlns="urn:schemas-microsoft-com:unattend"><settings pass="offlineServicing"/></unattend>\r\n';
beforeAll(() => {
  sb = sandbox('unattend');
  fs.mkdirSync(sb.cpath('answers'), { recursive: true });
  fs.writeFileSync(sb.cpath('answers/my unattend.xml'), ANSWER);
});
afterAll(() => sb.cleanup());

function image(name: string): string {
  const root = sb.cpath(name);
  fs.mkdirSync(path.join(root, 'Windows', 'System32'), { recursive: true });
  return root;
}

describe('Use-WindowsUnattend -Path', () => {
  it('places the answer file at Windows\\Panther\\unattend.xml and returns the ImageObject', () => {
    const root = image('mount');
    const r = sb.run("Use-WindowsUnattend -Path C:\\mount -UnattendPath 'C:\\answers\\my unattend.xml' -LogPath C:\\u.log");
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('\n\nPath   : C:\\mount\nOnline : False\n\n\n\n');
    expect(fs.readFileSync(path.join(root, 'Windows', 'Panther', 'unattend.xml'), 'utf8')).toBe(ANSWER);
    expect(fs.readFileSync(sb.cpath('u.log'), 'utf8')).toMatch(/The answer file was placed at C:\\mount\\Windows\\Panther\\unattend\.xml\./);
    const o = sb.run("$o = Use-WindowsUnattend -Path C:\\mount -UnattendPath 'C:\\answers\\my unattend.xml' -NoRestart; $o.PSObject.TypeNames[0]; $o.RestartNeeded");
    expect(o.stdout).toBe('Microsoft.Dism.Commands.ImageObject\nFalse\n');
  });

  it('replaces an answer file already there, whatever the case of its name and folders', () => {
    const root = image('again');
    fs.renameSync(path.join(root, 'Windows'), path.join(root, 'WINDOWS'));
    fs.mkdirSync(path.join(root, 'WINDOWS', 'panther'));
    fs.writeFileSync(path.join(root, 'WINDOWS', 'panther', 'Unattend.XML'), 'old');
    const r = sb.run("Use-WindowsUnattend -Path C:\\again -UnattendPath 'C:\\answers\\my unattend.xml'");
    expect(r.stderr).toBe('');
    expect(fs.readdirSync(path.join(root, 'WINDOWS', 'panther'))).toEqual(['Unattend.XML']);
    expect(fs.readFileSync(path.join(root, 'WINDOWS', 'panther', 'Unattend.XML'), 'utf8')).toBe(ANSWER);
  });

  it('-WindowsDirectory names another Windows folder inside the image', () => {
    const root = sb.cpath('other');
    fs.mkdirSync(path.join(root, 'OS', 'WinNT'), { recursive: true });
    expect(sb.run("Use-WindowsUnattend -Path C:\\other -WindowsDirectory OS\\WinNT -UnattendPath 'C:\\answers\\my unattend.xml'").stderr).toBe('');
    expect(fs.existsSync(path.join(root, 'OS', 'WinNT', 'Panther', 'unattend.xml'))).toBe(true);
  });

  it('a missing answer file or Windows folder is an error record', () => {
    image('errs');
    const missing = sb.run('Use-WindowsUnattend -Path C:\\errs -UnattendPath C:\\answers\\none.xml');
    expect(errorShape(missing.stderr)).toEqual({
      message: 'Use-WindowsUnattend : The system cannot find the file specified.',
      category: 'NotSpecified: (:) [Use-WindowsUnattend], COMException',
      fqid: 'Microsoft.Dism.Commands.UseWindowsUnattendCommand',
    });
    fs.mkdirSync(sb.cpath('nowin'), { recursive: true });
    expect(errorShape(sb.run("Use-WindowsUnattend -Path C:\\nowin -UnattendPath 'C:\\answers\\my unattend.xml'").stderr).message).toBe(
      'Use-WindowsUnattend : The system cannot find the path specified.',
    );
    expect(fs.readdirSync(sb.cpath('nowin'))).toEqual([]);
  });

  it('never writes through a symbolic link out of the image', () => {
    const root = image('linked');
    const outside = sb.cpath('outside');
    fs.mkdirSync(outside);
    fs.symlinkSync(outside, path.join(root, 'Windows', 'Panther'));
    const r = sb.run("Use-WindowsUnattend -Path C:\\linked -UnattendPath 'C:\\answers\\my unattend.xml'");
    expect(errorShape(r.stderr).message).toBe('Use-WindowsUnattend : Access is denied.');
    expect(fs.readdirSync(outside)).toEqual([]);

    const fileLink = image('filelink');
    fs.mkdirSync(path.join(fileLink, 'Windows', 'Panther'));
    fs.writeFileSync(sb.cpath('victim.txt'), 'keep');
    fs.symlinkSync(sb.cpath('victim.txt'), path.join(fileLink, 'Windows', 'Panther', 'unattend.xml'));
    expect(errorShape(sb.run("Use-WindowsUnattend -Path C:\\filelink -UnattendPath 'C:\\answers\\my unattend.xml'").stderr).message).toBe('Use-WindowsUnattend : Access is denied.');
    expect(fs.readFileSync(sb.cpath('victim.txt'), 'utf8')).toBe('keep');

    const dangling = image('dangling');
    fs.mkdirSync(path.join(dangling, 'Windows', 'Panther'));
    fs.symlinkSync(sb.cpath('created-outside.xml'), path.join(dangling, 'Windows', 'Panther', 'unattend.xml'));
    expect(errorShape(sb.run("Use-WindowsUnattend -Path C:\\dangling -UnattendPath 'C:\\answers\\my unattend.xml'").stderr).message).toBe('Use-WindowsUnattend : Access is denied.');
    expect(fs.existsSync(sb.cpath('created-outside.xml'))).toBe(false);
  });

  it('-Online stops with one clear error; binding follows the reference syntax', () => {
    const o = sb.run("Use-WindowsUnattend -Online -UnattendPath 'C:\\answers\\my unattend.xml' -ErrorAction SilentlyContinue; \"ok: $?\"; try { Use-WindowsUnattend -Online -UnattendPath x -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }");
    expect(o.stderr).toBe('');
    expect(o.stdout).toBe('ok: False\nMicrosoft.Dism.Commands.UseWindowsUnattendCommand\n');
    expect(errorShape(sb.run('Use-WindowsUnattend -Online').stderr).message).toBe('Use-WindowsUnattend : Cannot process command because of one or more missing mandatory parameters: UnattendPath.');
    expect(errorShape(sb.run('Use-WindowsUnattend -Path C:\\mount -Online -UnattendPath x').stderr).fqid).toBe('AmbiguousParameterSet,Microsoft.Dism.Commands.UseWindowsUnattendCommand');
    expect(sb.run('(Get-Command Use-WindowsUnattend).Parameters.Keys -join ","').stdout.split(',').slice(0, 9)).toEqual([
      'UnattendPath', 'NoRestart', 'Online', 'Path', 'WindowsDirectory', 'SystemDrive', 'LogPath', 'ScratchDirectory', 'LogLevel',
    ]);
  });
});
