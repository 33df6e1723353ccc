/*
 * The .NET value types and helpers admin scripts use, as Windows PowerShell 5.1 shows them: [guid] (casts, NewGuid,
 * Empty, the Guid table), [version] (comparison, the Major Minor Build Revision table), [Environment]::OSVersion,
 * $env:OS, StringComparison overloads, [array]::IndexOf, List[T], [IO.Directory]::GetFiles, [ordered] by position
 * and Insert, and the .Where()/.ForEach() methods with their modes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { out, run, tempDrive } from '../helpers';

let C = '';
beforeAll(() => {
  C = tempDrive();
  fs.mkdirSync(path.join(C, 'src', 'sub'), { recursive: true });
  for (const f of ['a.txt', 'b.log', 'sub/c.txt']) fs.writeFileSync(path.join(C, 'src', f), 'x');
});

describe('[guid]', () => {
  const G = '0f8fad5b-d9cb-469f-a165-70867728950e';
  test('casts from its text forms, compares, formats; NewGuid is a random version 4 GUID', async () => {
    expect(await out(`$g = [guid]'{${G.toUpperCase()}}'; "$g"; $g -eq [guid]'${G.replace(/-/g, '')}'; $g.ToString('N'); [guid]::Empty.ToString(); $n = [guid]::NewGuid(); $n.GetType().FullName; "$n" -match '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'; $n -eq [guid]::NewGuid()`)).toBe(
      `${G}\nTrue\n${G.replace(/-/g, '')}\n00000000-0000-0000-0000-000000000000\nSystem.Guid\nTrue\nFalse`,
    );
  });

  test('the console shows the Guid table; bad text is .NET\'s format error', async () => {
    expect(await out(`[guid]'${G}'`)).toBe(`Guid\n----\n${G}`);
    const r = await run("[guid]'nope'");
    expect(r.stderr).toContain('Cannot convert value "nope" to type "System.Guid". Error: "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."');
  });
});

describe('[version] and the OS', () => {
  test('[version] compares part by part and shows the 5.1 table', async () => {
    expect(await out("$v = [version]'10.0.19041.1'; $v -gt [version]'10.0.17763'; $v -eq [version]'10.0.19041.1'; $v.Build; ([version]'1.2').Build; \"$v\"")).toBe('True\nTrue\n19041\n-1\n10.0.19041.1');
    expect(await out("[version]'10.0.19041.1'")).toBe('Major  Minor  Build  Revision\n-----  -----  -----  --------\n10     0      19041  1');
  });

  test('[Environment]::OSVersion and $env:OS are Windows NT', async () => {
    expect(await out('[Environment]::OSVersion')).toBe(
      'Platform ServicePack Version      VersionString\n-------- ----------- -------      -------------\n Win32NT             10.0.19041.0 Microsoft Windows NT 10.0.19041.0',
    );
    expect(await out("[Environment]::OSVersion.Platform; [Environment]::OSVersion.Version.Major; $env:OS; [Environment]::OSVersion.Platform -eq 'Win32NT'")).toBe('Win32NT\n10\nWindows_NT\nTrue');
  });
});

describe('strings and arrays', () => {
  test('StringComparison overloads of Equals, StartsWith, EndsWith, IndexOf and [string]::Compare', async () => {
    expect(
      await out(
        "'abc'.Equals('ABC', [StringComparison]::OrdinalIgnoreCase); 'abc'.Equals('ABC'); 'abc'.StartsWith('AB', 'OrdinalIgnoreCase'); 'abc'.EndsWith('BC', [StringComparison]::CurrentCultureIgnoreCase); 'abc'.IndexOf('B', [StringComparison]::OrdinalIgnoreCase); [string]::Compare('a', 'B', $true); [string]::Equals('x', 'X', 'OrdinalIgnoreCase')",
      ),
    ).toBe('True\nFalse\nTrue\nTrue\n1\n-1\nTrue');
  });

  test('[array]::IndexOf, Reverse and Sort', async () => {
    expect(await out("$a = 'c', 'a', 'b'; [array]::IndexOf($a, 'a'); [array]::IndexOf($a, 'z'); [array]::Sort($a); $a -join ','; [array]::Reverse($a); $a -join ','")).toBe('1\n-1\na,b,c\nc,b,a');
  });

  test('List[T]: New-Object and ::new, Add converts to T, AddRange, Sort, Contains, Remove, Count, indexing', async () => {
    expect(
      await out(
        "$l = New-Object 'System.Collections.Generic.List[string]'; $l.Add('b'); $l.Add('a'); $l.AddRange([string[]]@('d', 'c')); $l.Sort(); $l -join ','; $l.Count; $l[1]; $l.Contains('c'); $l.Remove('c'); $l.Remove('zz'); $l.Count; $n = [System.Collections.Generic.List[int]]::new(); $n.Add('5'); $n[0].GetType().Name; $n.GetType().Name",
      ),
    ).toBe('a,b,c,d\n4\nb\nTrue\nTrue\nFalse\n3\nInt32\nList`1');
  });
});

describe('[IO.Directory]', () => {
  test('GetFiles with a pattern and SearchOption, GetDirectories, Exists', async () => {
    expect(await out("[IO.Directory]::GetFiles('C:\\src'); [IO.Directory]::GetFiles('C:\\src', '*.txt', 'AllDirectories'); [IO.Directory]::GetDirectories('C:\\src'); [IO.Directory]::Exists('C:\\src\\sub')")).toBe(
      'C:\\src\\a.txt\nC:\\src\\b.log\nC:\\src\\a.txt\nC:\\src\\sub\\c.txt\nC:\\src\\sub\nTrue',
    );
    const r = await run("[IO.Directory]::GetFiles('C:\\nope')");
    expect(r.stderr).toContain(`Exception calling "GetFiles" with "1" argument(s): "Could not find a part of the path 'C:\\nope'."`);
  });
});

describe('[ordered]', () => {
  test('an integer index reads and writes by position; Insert puts a key at a position', async () => {
    expect(await out("$o = [ordered]@{a = 1; b = 2}; $o[0]; $o[1]; $o['b']; $o[1] = 20; $o.b; $o.Insert(0, 'z', 26); $o.Keys -join ','; $o[0]")).toBe('1\n2\n2\n20\nz,a,b\n26');
  });

  test('a hashtable indexed by an integer still reads the key', async () => {
    expect(await out("$h = @{1 = 'one'}; $h[1]")).toBe('one');
  });
});

describe('.Where() and .ForEach()', () => {
  test('the Where modes: First, Last, SkipUntil, Until, Split', async () => {
    expect(
      await out(
        "(1..10).Where({ $_ -gt 3 }, 'First', 2) -join ','; (1..10).Where({ $_ -gt 3 }, 'First') -join ','; (1..10).Where({ $_ -gt 3 }, 'Last', 2) -join ','; (1..6).Where({ $_ -gt 3 }, 'SkipUntil') -join ','; (1..6).Where({ $_ -gt 3 }, 'Until') -join ','; $odd, $even = (1..6).Where({ $_ % 2 }, 'Split'); \"$odd | $even\"",
      ),
    ).toBe('4,5\n4\n9,10\n4,5,6\n1,2,3\n1 3 5 | 2 4 6');
  });

  test('an unknown Where mode is a conversion error with the enumerator names on a line of their own', async () => {
    expect(await out("try { (1, 2, 3).Where({ $_ -gt 1 }, 'Bogus') } catch { $_.Exception.Message }")).toBe(
      'Cannot convert value "Bogus" to type "System.Management.Automation.WhereOperatorSelectionMode". Error: "Unable to match the identifier name Bogus to a valid enumerator name. Specify one of the following enumerator names and try again:\nDefault, First, Last, SkipUntil, Until, Split"',
    );
  });

  test('ForEach with a script block, a property name, a method and arguments, a type', async () => {
    expect(await out("(1..3).ForEach({ $_ * 2 }) -join ','; ('ab', 'c').ForEach('Length') -join ','; ('ab', 'cd').ForEach('ToUpper') -join ','; ('a-b', 'c-d').ForEach('Split', '-').Count; ('1', '2').ForEach([int]) | % { $_.GetType().Name }")).toBe(
      '2,4,6\n2,1\nAB,CD\n2\nInt32\nInt32',
    );
  });
});

describe('typed arrays', () => {
  // Each expected line as the real engine prints it (npm run oracle).
  test('[int[]] and [string[]] report their element type, and -is tells them apart', async () => {
    expect(await out('$a = [int[]](1, 2); $a.GetType().FullName; $a -is [int[]]; $a -is [string[]]; $a -is [array]; $a.ToString(); ([string[]]@()).GetType().FullName; [int[]]$x = 1, 2, 3; $x.GetType().FullName')).toBe(
      'System.Int32[]\nTrue\nFalse\nTrue\nSystem.Int32[]\nSystem.String[]\nSystem.Int32[]',
    );
  });

  test('the elements have the array\'s type, and -f takes a typed array as one argument', async () => {
    expect(await out('([double[]](1, 2))[0].GetType().FullName; ([long[]](1, 2))[1].GetType().FullName; ([decimal[]](1, 2)).GetType().FullName; "{0}" -f ([int[]](1, 2)); "{0}" -f (1, 2)')).toBe(
      'System.Double\nSystem.Int64\nSystem.Decimal[]\nSystem.Int32[]\n1',
    );
  });
});

describe('type names a script may write', () => {
  test('short names PowerShell does not resolve are "Unable to find type" (TypeNotFound)', async () => {
    for (const name of ['ActionPreference', 'ArrayList', 'ErrorRecord']) {
      expect(await out(`try { [${name}] } catch { $_.Exception.Message; $_.FullyQualifiedErrorId }`)).toBe(`Unable to find type [${name}].\nTypeNotFound`);
    }
    const r = await run("[ActionPreference]'Stop'");
    expect(r.stderr).toContain('Unable to find type [ActionPreference].');
    expect(r.stderr).toContain('+ CategoryInfo          : InvalidOperation: (ActionPreference:TypeName) [], RuntimeException');
    expect(await out('try { 1 -is [ErrorRecord] } catch { $_.FullyQualifiedErrorId }')).toBe('TypeNotFound');
  });

  test('accelerators, full names and names under System. without it still resolve', async () => {
    expect(await out("[System.Management.Automation.ActionPreference]'Stop'; [Management.Automation.ActionPreference]'Continue'; [IO.Path]::GetExtension('a.b'); [Collections.ArrayList]::new().Count; [System.StringSplitOptions]::None; [StringSplitOptions]'RemoveEmptyEntries'")).toBe(
      'Stop\nContinue\n.b\n0\nNone\nRemoveEmptyEntries',
    );
  });
});
