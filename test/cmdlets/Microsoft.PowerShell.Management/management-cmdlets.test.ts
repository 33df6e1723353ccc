/*
 * The Management cmdlets wimsh lacked: Get-ItemProperty / Set-ItemProperty on the file system (the provider's
 * properties and errors), Get-PSDrive (the drive map as 5.1's drive table), and Test-Connection's clear refusal.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { out, run, tempDrive } from '../../lang/helpers';

let C = '';
beforeEach(() => {
  C = tempDrive();
  fs.writeFileSync(path.join(C, 'a.txt'), 'alpha\r\n');
});

describe('Get-ItemProperty', () => {
  it('without -Name: the item itself', async () => {
    expect(await out('$p = Get-ItemProperty C:\\a.txt; $p.GetType().FullName; $p.Length; $p.Name')).toBe('System.IO.FileInfo\n7\na.txt');
  });

  it('with -Name: those properties and the provider properties, as a list', async () => {
    fs.mkdirSync(path.join(C, 'd'));
    fs.writeFileSync(path.join(C, 'd', 'a.txt'), 'alpha\r\n');
    expect(await out('Get-ItemProperty C:\\d\\a.txt -Name Length')).toBe(
      [
        'Length       : 7',
        'PSPath       : Microsoft.PowerShell.Core\\FileSystem::C:\\d\\a.txt',
        'PSParentPath : Microsoft.PowerShell.Core\\FileSystem::C:\\d',
        'PSChildName  : a.txt',
        'PSDrive      : C',
        'PSProvider   : Microsoft.PowerShell.Core\\FileSystem',
      ].join('\n'),
    );
  });

  it("a missing property is the provider's ReadError", async () => {
    const r = await run('Get-ItemProperty C:\\a.txt -Name Nope');
    expect(r.stderr).toContain('Get-ItemProperty : The property Nope does not exist or was not found.');
    expect(r.stderr).toContain('ReadError: (Nope:String) [Get-ItemProperty], IOException');
    expect(r.stderr).toContain('GetValueError,Microsoft.PowerShell.Commands.GetItemPropertyCommand');
  });
});

describe('Set-ItemProperty', () => {
  it('IsReadOnly and Attributes set the write permission', async () => {
    expect(await out('Set-ItemProperty C:\\a.txt -Name IsReadOnly -Value $true; (Get-Item C:\\a.txt).IsReadOnly')).toBe('True');
    expect(fs.statSync(path.join(C, 'a.txt')).mode & 0o222).toBe(0);
    expect(await out("Set-ItemProperty C:\\a.txt Attributes 'Archive'; (Get-Item C:\\a.txt).IsReadOnly")).toBe('False');
  });

  it('LastWriteTime sets the modification time; -PassThru writes what was set', async () => {
    expect(await out("Set-ItemProperty C:\\a.txt -Name LastWriteTime -Value '2020-01-02 03:04:05'; (Get-Item C:\\a.txt).LastWriteTime.Year")).toBe('2020');
    expect(await out("(Set-ItemProperty C:\\a.txt -Name IsReadOnly -Value $false -PassThru).PSChildName")).toBe('a.txt');
  });

  it("an unknown property is the provider's SetPropertyError", async () => {
    const r = await run('Set-ItemProperty C:\\a.txt -Name Nope -Value 1');
    expect(r.stderr).toContain('Set-ItemProperty : The property int Nope=1 does not exist or was not found.');
    expect(r.stderr).toContain('ReadError: (int Nope=1:PSNoteProperty) [Set-ItemProperty], IOException');
  });
});

describe('Get-PSDrive', () => {
  it('lists the mapped FileSystem drives with their root and provider', async () => {
    expect(await out("Get-PSDrive C | % { $_.Name + ' ' + $_.Root + ' ' + $_.Provider.Name + ' ' + ($_.Free -gt 0) }")).toBe('C C:\\ FileSystem True');
  });

  it("shows 5.1's drive table", async () => {
    const t = (await out('Get-PSDrive C')).split('\n');
    expect(t[0]).toBe('Name           Used (GB)     Free (GB) Provider      Root                                CurrentLocation');
    expect(t[2]).toMatch(/^C {23} +\d+\.\d\d FileSystem {4}C:\\/);
  });

  it('a drive that is not there is DriveNotFound', async () => {
    const r = await run('Get-PSDrive Q');
    expect(r.stderr).toContain("Cannot find drive. A drive with the name 'Q' does not exist.");
    expect(r.stderr).toContain('GetLocationNoMatchingDrive,Microsoft.PowerShell.Commands.GetPSDriveCommand');
  });
});

describe('Test-Connection', () => {
  it('says networking is not available in wimsh (not "not recognized"); -Quiet also answers False', async () => {
    const r = await run('Test-Connection server1 -Count 1');
    expect(r.stderr).toContain("Test-Connection : Testing connection to computer 'server1' failed: networking cmdlets are not available in wimsh.");
    expect(r.stderr).toContain('NetworkingNotSupported,Microsoft.PowerShell.Commands.TestConnectionCommand');
    expect((await run('if (Test-Connection server1 -Quiet -ErrorAction SilentlyContinue) { "up" } else { "down" }')).stdout).toBe('down\n');
  });
});
