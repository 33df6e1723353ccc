/*
 * The file cmdlets driven into each failure the host can give them (a directory where a file is wanted, a file where
 * a directory is, a missing directory, the same item as source and target): every error is a PowerShell error record
 * with 5.1's text and ids (.NET's exception texts, the FileSystem provider's error ids), and no Node.js text
 * (`ENOENT: no such file or directory, open ...`, `Error:`) ever reaches the user.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run, tempDrive } from '../lang/helpers';

let C = '';
beforeEach(() => {
  C = tempDrive();
  fs.mkdirSync(path.join(C, 'data', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(C, 'data', 'a.txt'), 'a\r\n');
});

/** What no error text may contain: a Node.js errno code or error prefix, a host path, a stack frame. */
function expectNoNodeText(stderr: string): void {
  expect(stderr).not.toMatch(/\bE(NOENT|ISDIR|NOTDIR|ACCES|PERM|EXIST|NOTEMPTY|ROFS|BUSY|NOSPC|IO|LOOP|XDEV|MFILE)\b/);
  expect(stderr).not.toMatch(/\bError:|illegal operation|no such file or directory|not a directory|wimsh\.InternalError/);
  expect(stderr).not.toContain(C);
  expect(stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
}

/** Runs one failing line: its first error line and FullyQualifiedErrorId, after checking no Node text leaked. */
async function failure(script: string): Promise<{ message: string; id: string; category: string; stderr: string; stdout: string }> {
  const r = await run(script);
  expectNoNodeText(r.stderr);
  const first = r.stderr.split('\n')[0];
  const id = /FullyQualifiedErrorId : (.*)/.exec(r.stderr)?.[1] ?? '';
  const category = /CategoryInfo          : (.*)/.exec(r.stderr)?.[1] ?? '';
  return { message: first, id, category, stderr: r.stderr, stdout: r.stdout };
}

const cases: Array<[string, string, string, string]> = [
  // [what, script, first error line, FullyQualifiedErrorId]
  ['Get-Content on a directory', 'Get-Content C:\\data', "Get-Content : Access to the path 'C:\\data' is denied.", 'GetContentReaderUnauthorizedAccessError,Microsoft.PowerShell.Commands.GetContentCommand'],
  ['Get-Content -Raw on a directory', 'Get-Content C:\\data -Raw', "Get-Content : Access to the path 'C:\\data' is denied.", 'GetContentReaderUnauthorizedAccessError,Microsoft.PowerShell.Commands.GetContentCommand'],
  ['Get-Content of a missing file', 'Get-Content C:\\nope.txt', "Get-Content : Cannot find path 'C:\\nope.txt' because it does not exist.", 'PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand'],
  ['Get-Content under a file', 'Get-Content C:\\data\\a.txt\\x', "Get-Content : Cannot find path 'C:\\data\\a.txt\\x' because it does not exist.", 'PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand'],
  ['Copy-Item onto itself', 'Copy-Item C:\\data\\a.txt C:\\data\\a.txt', 'Copy-Item : Cannot overwrite the item C:\\data\\a.txt with itself.', 'CopyError,Microsoft.PowerShell.Commands.CopyItemCommand'],
  ['Copy-Item into its own directory', 'Copy-Item C:\\data\\a.txt C:\\data', 'Copy-Item : Cannot overwrite the item C:\\data\\a.txt with itself.', 'CopyError,Microsoft.PowerShell.Commands.CopyItemCommand'],
  ['Copy-Item into a missing directory', 'Copy-Item C:\\data\\a.txt C:\\nodir\\x.txt', "Copy-Item : Could not find a part of the path 'C:\\nodir\\x.txt'.", 'CopyFileInfoItemIOError,Microsoft.PowerShell.Commands.CopyItemCommand'],
  ['Copy-Item under a file', 'Copy-Item C:\\data\\a.txt C:\\data\\a.txt\\y', "Copy-Item : Could not find a part of the path 'C:\\data\\a.txt\\y'.", 'CopyFileInfoItemIOError,Microsoft.PowerShell.Commands.CopyItemCommand'],
  ['Copy-Item of a missing file', 'Copy-Item C:\\nope.txt C:\\x.txt', "Copy-Item : Cannot find path 'C:\\nope.txt' because it does not exist.", 'PathNotFound,Microsoft.PowerShell.Commands.CopyItemCommand'],
  ['Move-Item into a missing directory', 'Move-Item C:\\data\\a.txt C:\\nodir\\y.txt', 'Move-Item : Could not find a part of the path.', 'MoveFileInfoItemIOError,Microsoft.PowerShell.Commands.MoveItemCommand'],
  ['Move-Item of a missing file', 'Move-Item C:\\nope.txt C:\\y.txt', "Move-Item : Cannot find path 'C:\\nope.txt' because it does not exist.", 'PathNotFound,Microsoft.PowerShell.Commands.MoveItemCommand'],
  ['Remove-Item of a missing file', 'Remove-Item C:\\nope.txt', "Remove-Item : Cannot find path 'C:\\nope.txt' because it does not exist.", 'PathNotFound,Microsoft.PowerShell.Commands.RemoveItemCommand'],
  ['Rename-Item onto an existing name', 'Rename-Item C:\\data\\a.txt sub', 'Rename-Item : Cannot create a file when that file already exists.', 'RenameItemIOError,Microsoft.PowerShell.Commands.RenameItemCommand'],
  ['New-Item file that exists', 'New-Item C:\\data\\a.txt -ItemType File', "New-Item : The file 'C:\\data\\a.txt' already exists.", 'NewItemIOError,Microsoft.PowerShell.Commands.NewItemCommand'],
  ['New-Item in a missing directory', 'New-Item C:\\nodir\\x\\y.txt -ItemType File', "New-Item : Could not find a part of the path 'C:\\nodir\\x\\y.txt'.", 'NewItemIOError,Microsoft.PowerShell.Commands.NewItemCommand'],
  ['New-Item under a file', 'New-Item C:\\data\\a.txt\\z -ItemType File', "New-Item : Could not find a part of the path 'C:\\data\\a.txt\\z'.", 'NewItemIOError,Microsoft.PowerShell.Commands.NewItemCommand'],
  ['Set-Content on a directory', 'Set-Content C:\\data -Value x', "Set-Content : Access to the path 'C:\\data' is denied.", 'GetContentWriterUnauthorizedAccessError,Microsoft.PowerShell.Commands.SetContentCommand'],
  ['Set-Content in a missing directory', 'Set-Content C:\\nodir\\z.txt -Value x', "Set-Content : Could not find a part of the path 'C:\\nodir\\z.txt'.", 'GetContentWriterDirectoryNotFoundError,Microsoft.PowerShell.Commands.SetContentCommand'],
  ['Set-Content under a file', 'Set-Content C:\\data\\a.txt\\q -Value x', "Set-Content : Could not find a part of the path 'C:\\data\\a.txt\\q'.", 'GetContentWriterDirectoryNotFoundError,Microsoft.PowerShell.Commands.SetContentCommand'],
  ['Add-Content on a directory', 'Add-Content C:\\data -Value x', "Add-Content : Access to the path 'C:\\data' is denied.", 'GetContentWriterUnauthorizedAccessError,Microsoft.PowerShell.Commands.AddContentCommand'],
  ['Get-ChildItem of a missing directory', 'Get-ChildItem C:\\nope', "Get-ChildItem : Cannot find path 'C:\\nope' because it does not exist.", 'PathNotFound,Microsoft.PowerShell.Commands.GetChildItemCommand'],
  ['Get-Item of a missing item', 'Get-Item C:\\nope', "Get-Item : Cannot find path 'C:\\nope' because it does not exist.", 'PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand'],
  ['Set-Location to a file', 'Set-Location C:\\data\\a.txt', "Set-Location : Cannot find path 'C:\\data\\a.txt' because it does not exist.", 'PathNotFound,Microsoft.PowerShell.Commands.SetLocationCommand'],
  ['Resolve-Path of a missing item', 'Resolve-Path C:\\nope', "Resolve-Path : Cannot find path 'C:\\nope' because it does not exist.", 'PathNotFound,Microsoft.PowerShell.Commands.ResolvePathCommand'],
  ['Out-File onto a directory', "'x' | Out-File C:\\data", "Out-File : Access to the path 'C:\\data' is denied.", 'FileOpenFailure,Microsoft.PowerShell.Commands.OutFileCommand'],
  ['Out-File in a missing directory', "'x' | Out-File C:\\nodir\\o.txt", "Out-File : Could not find a part of the path 'C:\\nodir\\o.txt'.", 'FileOpenFailure,Microsoft.PowerShell.Commands.OutFileCommand'],
  ['a .NET file method on a missing file', "[System.IO.File]::ReadAllText('C:\\nope.txt')", 'Exception calling "ReadAllText" with "1" argument(s): "Could not find file \'C:\\nope.txt\'."', 'FileNotFoundException'],
  ['a .NET file method on a directory', "[System.IO.File]::ReadAllText('C:\\data')", 'Exception calling "ReadAllText" with "1" argument(s): "Access to the path \'C:\\data\' is denied."', 'UnauthorizedAccessException'],
  ['a .NET file method in a missing directory', "[IO.File]::WriteAllText('C:\\nodir\\x.txt', 'x')", 'Exception calling "WriteAllText" with "2" argument(s): "Could not find a part of the path \'C:\\nodir\\x.txt\'."', 'DirectoryNotFoundException'],
];

describe('file cmdlets never show Node.js errors', () => {
  test.each(cases)('%s', async (_what, script, message, id) => {
    const f = await failure(script);
    expect(f.message).toBe(message);
    expect(f.id).toBe(id);
  });

  it('Get-Content on a directory is 5.1\'s UnauthorizedAccessException record', async () => {
    const f = await failure('Get-Content C:\\data');
    expect(f.category).toBe('PermissionDenied: (C:\\data:String) [Get-Content], UnauthorizedAccessException');
    const caught = await run(`try { Get-Content C:\\data -ErrorAction Stop } catch [System.UnauthorizedAccessException] { "caught $($_.Exception.GetType().FullName)" }`);
    expect(caught.stdout).toBe('caught System.UnauthorizedAccessException\n');
  });

  it('a failed operation leaves the item as it was and the script goes on', async () => {
    const f = await failure("Copy-Item C:\\data\\a.txt C:\\data\\a.txt; Move-Item C:\\data\\a.txt C:\\nodir\\y.txt; Get-Content C:\\data\\a.txt; 'end'");
    expect(f.stdout).toBe('a\nend\n');
  });

  it('a redirection into a missing directory is a statement error, not an internal one', async () => {
    const r = await run("'x' > C:\\nodir\\out.txt; 'after'");
    expectNoNodeText(r.stderr);
    expect(r.stderr).toContain("Could not find a part of the path 'C:\\nodir\\out.txt'.");
    expect(r.stdout).toBe('after\n');
  });
});
