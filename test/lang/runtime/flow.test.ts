/*
 * Control flow and errors as admin scripts rely on them (issue 21), each checked against the real engine
 * (`npm run oracle`) and 5.1's rules: dot-sourcing a function, -ErrorVariable / -WarningVariable / -OutVariable
 * collecting everything a command writes, typed catch of a .NET exception inside a method-call failure,
 * Set-StrictMode, integer overflow, [ValidateScript()] and the `"$drive:\x"` parse error.
 */
import { out, run, tempDrive } from '../helpers';

beforeAll(() => {
  tempDrive();
});

describe('dot-sourcing a function', () => {
  it('runs it in the caller\'s scope: the variables it sets remain', async () => {
    expect(await out(`function Set-Vals { $a = 1; $b = 'two' }; . Set-Vals; "a=$a b=$b"`)).toBe('a=1 b=two');
  });

  it('called plainly, its variables stay in its own scope', async () => {
    expect(await out(`function Set-Vals { $a = 1 }; Set-Vals; "a=[$a]"`)).toBe('a=[]');
  });

  it('works with parameters and output, and from inside another function', async () => {
    const r = await out(`function Set-Base($root) { $base = "$root\\x"; 'set' }; function Use-It { . Set-Base C:; $base }; Use-It`);
    expect(r).toBe('set\nC:\\x');
  });
});

describe('-ErrorVariable and the other stream variables', () => {
  it('collects every error of the command, not only the last', async () => {
    const r = await out(`Get-Item C:\\nope1, C:\\nope2 -ErrorAction SilentlyContinue -ErrorVariable ev; $ev.Count; $ev[0].Exception.Message; $ev[1].FullyQualifiedErrorId`);
    expect(r).toBe("2\nCannot find path 'C:\\nope1' because it does not exist.\nPathNotFound,Microsoft.PowerShell.Commands.GetItemCommand");
  });

  it('+name appends to what the variable holds; a plain name starts afresh, empty when nothing failed', async () => {
    const r = await out(
      `Get-Item C:\\n1, C:\\n2 -ErrorAction SilentlyContinue -ErrorVariable ev; Get-Item C:\\n3 -ErrorAction SilentlyContinue -ErrorVariable +ev; $ev.Count; ` +
        `Get-Item C:\\ -ErrorVariable ev | Out-Null; $ev.Count`,
    );
    expect(r).toBe('3\n0');
  });

  it('collects the error that -ErrorAction Stop turns terminating', async () => {
    expect(await out(`try { Get-Item C:\\nope -ErrorAction Stop -ErrorVariable se } catch { 'caught' }; $se.Count`)).toBe('caught\n1');
  });

  it('collects the errors written inside an advanced function, and -OutVariable its output', async () => {
    const r = await out(
      `function Test-Adv { [CmdletBinding()] param() Write-Error 'one'; Write-Error 'two'; 'out1'; 'out2' }; ` +
        `Test-Adv -ErrorAction SilentlyContinue -ErrorVariable fe -OutVariable fo | Out-Null; "$($fe.Count) $($fo.Count) $($fe[1])"`,
    );
    expect(r).toBe('2 2 two');
  });

  it('-WarningVariable and -OutVariable work the same way (+name appends, a plain name starts afresh)', async () => {
    const r = await out(
      `Write-Warning 'w1' -WarningVariable wv -WarningAction SilentlyContinue; Write-Warning 'w2' -WarningVariable +wv -WarningAction SilentlyContinue; ` +
        `"$($wv.Count) $($wv -join ',')"; 1,2,3 | Write-Output -OutVariable ov | Out-Null; $ov.Count; 4 | Write-Output -OutVariable ov | Out-Null; $ov.Count`,
    );
    expect(r).toBe('2 w1,w2\n3\n1');
  });

  it('is an ArrayList, as in PowerShell', async () => {
    expect(await out(`Get-Item C:\\n1 -ErrorAction SilentlyContinue -ErrorVariable ev; $ev.GetType().FullName; 'x' | Write-Output -OutVariable ov | Out-Null; $ov.GetType().Name`)).toBe(
      'System.Collections.ArrayList\nArrayList',
    );
  });

  it('collects errors that are also shown', async () => {
    const r = await run(`Get-Item C:\\a1, C:\\a2 -ErrorVariable ev; $ev.Count`);
    expect(r.stdout.trim()).toBe('2');
    expect(r.stderr.match(/Cannot find path/g)).toHaveLength(2);
  });
});

describe('typed catch of a method-call failure', () => {
  it('reports the failure as 5.1 does: MethodInvocationException around the .NET exception', async () => {
    const r = await run(`[int]::Parse('abc')`);
    expect(r.stderr).toBe(
      'Exception calling "Parse" with "1" argument(s): "Input string was not in a correct format."\nAt line:1 char:1\n+ [int]::Parse(\'abc\')\n+ ~~~~~~~~~~~~~~~~~~~\n' +
        '    + CategoryInfo          : NotSpecified: (:) [], MethodInvocationException\n    + FullyQualifiedErrorId : FormatException\n \n',
    );
  });

  it('catch [System.FormatException] matches the inner exception, which $_ then carries', async () => {
    const r = await out(
      `try { [int]::Parse('abc') } catch [System.FormatException] { "$($_.Exception.GetType().FullName) | $_ | $($null -eq $_.Exception.InnerException) | $($_.FullyQualifiedErrorId) | $($_.CategoryInfo)" }`,
    );
    expect(r).toBe('System.FormatException | Input string was not in a correct format. | True | FormatException | NotSpecified: (:) [], FormatException');
  });

  it('an untyped catch gets the MethodInvocationException, with the .NET exception inside', async () => {
    const r = await out(`try { [int]::Parse('abc') } catch { $_.Exception.GetType().FullName; $_.Exception.Message; $_.Exception.InnerException.GetType().FullName }`);
    expect(r).toBe('System.Management.Automation.MethodInvocationException\nException calling "Parse" with "1" argument(s): "Input string was not in a correct format."\nSystem.FormatException');
  });

  it('picks the most specific clause, trying the inner exception first (PowerShell\'s handler search)', async () => {
    const r = await out(
      [
        `try { [int]::Parse('x') } catch [System.Exception] { "exception: $($_.Exception.GetType().Name)" }`,
        `try { [int]::Parse('x') } catch [System.Management.Automation.RuntimeException] { "runtime: $($_.Exception.GetType().Name)" }`,
        `try { [int]::Parse('x') } catch [ArgumentException] { 'arg' } catch [SystemException] { "system: $($_.Exception.GetType().Name)" }`,
        `try { [int]::Parse('x') } catch [System.Management.Automation.MethodInvocationException] { "mie: $($_.Exception.InnerException.GetType().Name)" }`,
        `try { [int]::Parse('x') } catch [FormatException] { 'format first' } catch [System.Management.Automation.MethodInvocationException] { 'mie second' }`,
        `try { 'abc'.Substring(10) } catch [System.ArgumentException] { "argument: $($_.Exception.GetType().Name)" }`,
        `try { [datetime]::ParseExact('x', 'yyyy', $null) } catch [FormatException] { 'datetime format' }`,
        `try { [int]'abc' } catch [FormatException] { 'no' } catch { "cast: $($_.Exception.GetType().Name) $($_.Exception.InnerException.GetType().Name)" }`,
        `try { [int]'abc' } catch [InvalidCastException] { "invalid cast: $($_.Exception.GetType().Name)" }`,
      ].join('\n'),
    );
    expect(r).toBe(
      [
        'exception: FormatException',
        'runtime: MethodInvocationException',
        'system: FormatException',
        'mie: FormatException',
        'format first',
        'argument: ArgumentOutOfRangeException',
        'datetime format',
        'cast: RuntimeException PSInvalidCastException',
        'invalid cast: PSInvalidCastException',
      ].join('\n'),
    );
  });

  it('trap [FormatException] matches the same way', async () => {
    expect(await out(`trap [System.FormatException] { "trapped: $($_.Exception.GetType().Name)"; continue }; [int]::Parse('abc'); 'end'`)).toBe('trapped: FormatException\nend');
  });
});

describe('Set-StrictMode', () => {
  const probes = [
    `$o = [pscustomobject]@{ a = 1; n = $null }`,
    `try { $o.x } catch { "object: $($_.FullyQualifiedErrorId) | $_ | $($_.Exception.GetType().FullName)" }`,
    `try { $h = @{ k = 1 }; $h.missing } catch { "hashtable: $($_.FullyQualifiedErrorId)" }`,
    `try { $z = $null; $z.foo } catch { "null: $($_.FullyQualifiedErrorId)" }`,
    `try { 'abc'.Nope } catch { "string: $($_.FullyQualifiedErrorId)" }`,
    `try { @(1, 2).Foo } catch { "array: $($_.FullyQualifiedErrorId)" }`,
    `try { "in a string $($o.x)" } catch { "expanded: $($_.FullyQualifiedErrorId)" }`,
    `"existing: [$($o.n)] $($o.a) $('abc'.Length) $(@($o).a)"`,
  ].join('\n');

  it('-Version Latest raises PropertyNotFoundStrict on a missing property, whatever holds it', async () => {
    expect(await out(`Set-StrictMode -Version Latest\n${probes}`)).toBe(
      [
        "object: PropertyNotFoundStrict | The property 'x' cannot be found on this object. Verify that the property exists. | System.Management.Automation.PropertyNotFoundException",
        'hashtable: PropertyNotFoundStrict',
        'null: PropertyNotFoundStrict',
        'string: PropertyNotFoundStrict',
        'array: PropertyNotFoundStrict',
        'expanded: PropertyNotFoundStrict',
        'existing: [] 1 3 1',
      ].join('\n'),
    );
  });

  it('shows it as 5.1 does, statement-terminating', async () => {
    const r = await run(`Set-StrictMode -Version 2.0; $o = [pscustomobject]@{ a = 1 }; $o.x; 'next'`);
    expect(r.stdout).toBe('next\n');
    expect(r.stderr).toBe(
      "The property 'x' cannot be found on this object. Verify that the property exists.\nAt line:1 char:63\n" +
        "+ Set-StrictMode -Version 2.0; $o = [pscustomobject]@{ a = 1 }; $o.x; 'next'\n+ " + ' '.repeat(62) + '~~~~\n' +
        '    + CategoryInfo          : NotSpecified: (:) [], PropertyNotFoundException\n    + FullyQualifiedErrorId : PropertyNotFoundStrict\n \n',
    );
  });

  it('-Version 1.0 and -Off leave a missing property $null; uninitialised variables fail from 1.0', async () => {
    const r = await out(
      `function v1 { Set-StrictMode -Version 1.0; $o = [pscustomobject]@{ a = 1 }; "v1: [$($o.x)]"; try { $nope } catch { $_.FullyQualifiedErrorId } }; v1; ` +
        `Set-StrictMode -Version Latest; Set-StrictMode -Off; $o = [pscustomobject]@{ a = 1 }; "off: [$($o.x)] [$nope]"`,
    );
    expect(r).toBe('v1: []\nVariableIsUndefined\noff: [] []');
  });

  it('-Version 3.0 and later: an index past the end of an array is an error', async () => {
    const r = await out(
      `Set-StrictMode -Version Latest; $a = @(1, 2); try { $a[5] } catch { "$($_.FullyQualifiedErrorId) | $_ | $($_.CategoryInfo)" }; $a[-1]; ` +
        `Set-StrictMode -Version 2.0; "v2: [$($a[5])]"`,
    );
    expect(r).toBe('System.IndexOutOfRangeException | Index was outside the bounds of the array. | OperationStopped: (:) [], IndexOutOfRangeException\n2\nv2: []');
  });
});

describe('"$drive:\\x" in a string or argument', () => {
  it('is a parse error in 5.1: a name must follow the colon', async () => {
    const r = await run(`$drive = 'E'\n"$drive:\\sources"`);
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'At line:2 char:2\n+ "$drive:\\sources"\n+  ~~~~~~~\n' +
        "Variable reference is not valid. ':' was not followed by a valid variable name character. Consider using ${} to delimit the name.\n" +
        '    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException\n    + FullyQualifiedErrorId : InvalidVariableReferenceWithDrive\n \n',
    );
    expect((await run(`$t = 1; "time $t: now"`)).stderr).toContain('InvalidVariableReferenceWithDrive');
    expect((await run(`$d = 'E'; Write-Output $d:\\x`)).stderr).toContain('InvalidVariableReferenceWithDrive');
  });

  it('${drive}:\\x, $env:NAME, "$d:name" and [type]::Member through a variable stay valid', async () => {
    expect(await out(`$drive = 'E'; "\${drive}:\\sources"; $env:WIMSH_FLOW_T = 'v'; "$env:WIMSH_FLOW_T"; $d = 'x'; "[$d:nothing]"; $t = [int]; $t::MaxValue`)).toBe(
      'E:\\sources\nv\n[]\n2147483647',
    );
  });
});

describe('integer overflow', () => {
  it('Int32 arithmetic past its range gives a Double, as in PowerShell (not an Int64)', async () => {
    const r = await out(
      `(2147483647 + 1).GetType().Name; 2147483647 + 1; (2147483647 * 2).GetType().Name; (-2147483648 - 1).GetType().Name; ` +
        `(65536 * 65536).GetType().Name; (5 + 3).GetType().Name; $i = [int]::MaxValue; $i++; $i.GetType().Name; $i`,
    );
    expect(r).toBe('Double\n2147483648\nDouble\nDouble\nDouble\nInt32\nDouble\n2147483648');
  });

  it('Int64 operands stay Int64 until Int64 overflows', async () => {
    expect(await out(`(3000000000 + 1).GetType().Name; (1GB * 4).GetType().Name; 1GB * 4; (9223372036854775807 + 1).GetType().Name`)).toBe('Int64\nDouble\n4294967296\nDouble');
  });
});

describe('[ValidateScript()] on a function parameter', () => {
  const defs =
    `function Test-It { param([ValidateScript({ $_ -gt 5 })][int]$N, [ValidateScript({$_ -like '*.wim'})][string[]]$Path) "ok $N $($Path -join ',')" }\n` +
    `function Test-Throw { param([ValidateScript({ if ($_ -ne 'x') { throw "Value $_ is bad" }; $true })]$V) "ok $V" }\n` +
    `function Test-Pipe { [CmdletBinding()] param([Parameter(ValueFromPipeline)][ValidateScript({ $_ % 2 -eq 0 })][int]$I) process { "got $I" } }\n`;

  it('passes values the script accepts', async () => {
    expect(await out(`${defs}Test-It -N 10 -Path a.wim, b.wim; Test-Throw x`)).toBe('ok 10 a.wim,b.wim\nok x');
  });

  it('refuses a value with 5.1\'s ParameterArgumentValidationError, marking the argument', async () => {
    const r = await run(`${defs}Test-It -N 3`);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `Test-It : Cannot validate argument on parameter 'N'. The " $_ -gt 5 " validation script for the argument with value "3" did not return a result of True. ` +
        'Determine why the validation script failed, and then try the command again.\nAt line:4 char:12\n+ Test-It -N 3\n+            ~\n' +
        '    + CategoryInfo          : InvalidData: (:) [Test-It], ParameterBindingValidationException\n' +
        '    + FullyQualifiedErrorId : ParameterArgumentValidationError,Test-It\n \n',
    );
  });

  it('checks each item of a collection, and reports an error the script throws', async () => {
    const r = await run(`${defs}Test-It -N 7 -Path a.wim, b.txt; Test-Throw -V y; try { Test-It -N 1 } catch { "caught: $($_.FullyQualifiedErrorId) $($_.Exception.GetType().Name)" }`);
    expect(r.stdout).toBe('caught: ParameterArgumentValidationError,Test-It ParameterBindingValidationException\n');
    expect(r.stderr).toContain(`The "$_ -like '*.wim'" validation script for the argument with value "b.txt" did not return a result of True.`);
    expect(r.stderr).toContain("Test-Throw : Cannot validate argument on parameter 'V'. Value y is bad\n");
  });

  it('refuses a pipeline object alone (non-terminating), the others run', async () => {
    const r = await run(`${defs}2, 3, 4 | Test-Pipe`);
    expect(r.stdout).toBe('got 2\ngot 4\n');
    expect(r.stderr).toContain('value "3" did not return a result of True');
    expect(r.stderr).toContain('+ CategoryInfo          : InvalidData: (3:Int32) [Test-Pipe], ParameterBindingValidationException');
  });
});

describe('a statement after a block on the same line', () => {
  it('needs no separator, as in PowerShell (if/foreach/function/try/switch/while)', async () => {
    const r = await out(
      [
        `if (1) { 'a' } 'b'`,
        `foreach ($i in 1) { 'c' } 'd'`,
        `function f { 'f' } f`,
        `try { 't' } finally { 'fin' } 'e'`,
        `switch (1) { 1 { 's' } } 'after switch'`,
        `$x = 0; while ($x -lt 1) { $x++ } 'w'`,
        `if (0) { 'no' } else { 'else' } 'then'`,
      ].join('\n'),
    );
    expect(r).toBe('a\nb\nc\nd\nf\nt\nfin\ne\ns\nafter switch\nw\nelse\nthen');
  });

  it('two expressions in a row are still a parse error', async () => {
    expect((await run(`1 2`)).stderr).toContain("Unexpected token '2' in expression or statement.");
  });
});

describe('Write-Error\'s exception type', () => {
  it('is WriteErrorException, or the type given with -Exception (typed catch, FullyQualifiedErrorId)', async () => {
    const r = await out(
      `try { Write-Error 'boom' -ErrorAction Stop } catch { "$($_.Exception.GetType().FullName) | $($_.CategoryInfo)" }\n` +
        `try { Write-Error -Exception ([System.IO.IOException]::new('disk')) -ErrorAction Stop } catch [System.IO.IOException] { "$($_.Exception.GetType().FullName) | $($_.FullyQualifiedErrorId) | $($_.CategoryInfo)" }`,
    );
    expect(r).toBe(
      'Microsoft.PowerShell.Commands.WriteErrorException | NotSpecified: (:) [Write-Error], WriteErrorException\n' +
        'System.IO.IOException | System.IO.IOException | NotSpecified: (:) [Write-Error], IOException',
    );
  });
});

describe('$? after a function or script block call', () => {
  it('stays true when a command inside wrote an error: the body\'s pipelines are its own', async () => {
    const r = await out(
      [
        `function F1 { Write-Error 'x' 2>$null }; F1; "1: $?"`,
        `function F2 { Write-Error 'x' }; F2 2>$null; "2: $?"`,
        `function F3 { Get-Item C:\\nope -ErrorAction SilentlyContinue }; F3; "3: $?"`,
        `& { Write-Error 'x' } 2>$null; "4: $?"`,
      ].join('\n'),
    );
    expect(r).toBe('1: True\n2: True\n3: True\n4: True');
  });

  it('is false after $PSCmdlet.WriteError, a terminating error, or a command written in the same pipeline', async () => {
    const r = await out(
      [
        `try { throw 'e' } catch { $rec = $_ }`,
        `function F5 { [CmdletBinding()] param() $PSCmdlet.WriteError($rec) }; F5 2>$null; "5: $?"`,
        `function F6 { throw 'x' }; try { F6 } catch { }; "6: $?"`,
        `Write-Error 'x' 2>$null; "7: $?"`,
      ].join('\n'),
    );
    expect(r).toBe('5: False\n6: False\n7: False');
  });
});

describe('typed catch of a cmdlet\'s error', () => {
  it('matches the .NET type a record names by its short name (IOException is System.IO.IOException)', async () => {
    const r = await out(
      `New-Item C:\\exists.txt -ItemType File | Out-Null; try { New-Item C:\\exists.txt -ItemType File -ErrorAction Stop } catch [System.IO.IOException] { "io: $($_.FullyQualifiedErrorId)" }\n` +
        `try { Get-Item C:\\nope -ErrorAction Stop } catch [System.Management.Automation.ItemNotFoundException] { 'not found' }\n` +
        `try { Get-Item C:\\nope -ErrorAction Stop } catch [System.IO.IOException] { 'wrong' } catch { 'general' }`,
    );
    expect(r).toBe('io: NewItemIOError,Microsoft.PowerShell.Commands.NewItemCommand\nnot found\ngeneral');
  });
});
