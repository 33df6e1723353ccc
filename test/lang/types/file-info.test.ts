/*
 * FileInfo and DirectoryInfo (src/lang/types/file-info.ts) as Get-Item and Get-ChildItem return them: Parent,
 * Directory and Root are DirectoryInfo objects; a drive root's Name is C:\; an item listed from its directory
 * stringifies to its name and one made from a path to its full name (5.1 on .NET Framework); the methods scripts
 * call work through the drive map and fail with .NET's texts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { out, run, tempDrive } from '../helpers';

let C = '';
beforeEach(() => {
  C = tempDrive();
  fs.mkdirSync(path.join(C, 'd1', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(C, 'd1', 'a.txt'), 'hello');
  fs.writeFileSync(path.join(C, 'd1', 'b.log'), 'x');
  fs.writeFileSync(path.join(C, 'd1', 'sub', 'c.txt'), 'y');
});

describe('FileInfo and DirectoryInfo properties', () => {
  test('Directory, Parent and Root are DirectoryInfo objects that stringify to their full names', async () => {
    expect(await out('$f = Get-Item C:\\d1\\a.txt; $f.Directory.GetType().FullName; $f.Directory.Name; "$($f.Directory)"; $f.DirectoryName; $f.Directory.Parent.FullName')).toBe(
      'System.IO.DirectoryInfo\nd1\nC:\\d1\nC:\\d1\nC:\\',
    );
    expect(await out('$d = Get-Item C:\\d1\\sub; $d.Parent.Name; $d.Root.FullName; $d.Root.GetType().Name; $d.Parent.Parent.Parent -eq $null')).toBe('d1\nC:\\\nDirectoryInfo\nTrue');
  });

  test("a drive root's Name is C:\\ and it has no parent", async () => {
    expect(await out('(Get-Item C:\\).Name; (Get-Item C:\\).FullName; $null -eq (Get-Item C:\\).Parent')).toBe('C:\\\nC:\\\nTrue');
  });

  test('the FileInfo members scripts read', async () => {
    expect(await out('$f = Get-Item C:\\d1\\a.txt; $f.Name; $f.BaseName; $f.Extension; $f.Length; $f.Exists; $f.PSIsContainer; $f.LastWriteTime.GetType().Name; $f.PSPath; $f.Attributes')).toBe(
      'a.txt\na\n.txt\n5\nTrue\nFalse\nDateTime\nMicrosoft.PowerShell.Core\\FileSystem::C:\\d1\\a.txt\nArchive',
    );
  });
});

describe('how items stringify (5.1)', () => {
  test('Get-ChildItem of a directory gives names, so "$_" and Join-Path behave as on Windows', async () => {
    expect(await out('Get-ChildItem C:\\d1 | ForEach-Object { "$_|$(Join-Path C:\\out "$_")" }')).toBe('sub|C:\\out\\sub\na.txt|C:\\out\\a.txt\nb.log|C:\\out\\b.log');
  });

  test('Get-Item and a resolved wildcard give full names', async () => {
    expect(await out('"$(Get-Item C:\\d1\\a.txt)"; Get-ChildItem C:\\d1\\*.log | ForEach-Object { "$_" }')).toBe('C:\\d1\\a.txt\nC:\\d1\\b.log');
  });
});

describe('methods', () => {
  test('GetFiles, GetDirectories and EnumerateFiles, with a pattern and SearchOption', async () => {
    expect(await out("$d = Get-Item C:\\d1; $d.GetFiles().Count; $d.GetFiles('*.txt') | % { \"$_ $($_.FullName)\" }; $d.GetDirectories() | % Name; ($d.GetFiles('*.txt', [IO.SearchOption]::AllDirectories) | % FullName) -join ','; @($d.EnumerateFiles()).Count")).toBe(
      '2\na.txt C:\\d1\\a.txt\nsub\nC:\\d1\\a.txt,C:\\d1\\sub\\c.txt\n2',
    );
  });

  test('CreateSubdirectory, CopyTo, MoveTo and Delete act on the drive', async () => {
    expect(await out("$d = Get-Item C:\\d1; $d.CreateSubdirectory('new\\deep').FullName; $c = (Get-Item C:\\d1\\a.txt).CopyTo('C:\\d1\\copy.txt'); $c.Length; $c.MoveTo('C:\\d1\\moved.txt'); $c.FullName; (Get-Item C:\\d1\\moved.txt).Delete(); Test-Path C:\\d1\\moved.txt")).toBe(
      'C:\\d1\\new\\deep\n5\nC:\\d1\\moved.txt\nFalse',
    );
    expect(fs.existsSync(path.join(C, 'd1', 'new', 'deep'))).toBe(true);
    expect(fs.readFileSync(path.join(C, 'd1', 'a.txt'), 'utf8')).toBe('hello');
  });

  test('deleting a directory that is not empty fails with .NET\'s text unless recursive', async () => {
    const r = await run('(Get-Item C:\\d1\\sub).Delete()');
    expect(r.stderr).toContain('Exception calling "Delete" with "0" argument(s): "The directory is not empty."');
    expect(r.stderr).not.toMatch(/ENOTEMPTY|Error:/);
    expect(await out('(Get-Item C:\\d1\\sub).Delete($true); Test-Path C:\\d1\\sub')).toBe('False');
  });

  test('CopyTo onto an existing file needs overwrite', async () => {
    const r = await run("(Get-Item C:\\d1\\a.txt).CopyTo('C:\\d1\\b.log')");
    expect(r.stderr).toContain(`Exception calling "CopyTo" with "1" argument(s): "The file 'C:\\d1\\b.log' already exists."`);
    expect(await out("(Get-Item C:\\d1\\a.txt).CopyTo('C:\\d1\\b.log', $true).Length")).toBe('5');
  });

  test('New-Object and ::new make items for paths that may not exist yet', async () => {
    expect(await out("(New-Object System.IO.DirectoryInfo 'C:\\d1').Exists; ([IO.FileInfo]::new('C:\\d1\\nope.txt')).Exists; $n = [IO.DirectoryInfo]::new('C:\\made'); $n.Create(); $n.Exists")).toBe('True\nFalse\nTrue');
  });
});
