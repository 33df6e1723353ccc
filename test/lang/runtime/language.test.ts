/* The language: lexical rules, expressions, conversions, operators, statements and automatic variables. */
import { out, run, lines, tempDrive, capture } from '../helpers';

beforeAll(() => {
  tempDrive();
});

const cases: Array<[string, string, string]> = [
  // lexical
  ['semicolons and newlines', "'a'; 'b'\n'c'", 'a\nb\nc'],
  ['line and block comments', "'a' # comment\n<# block\ncomment #> 'b'", 'a\nb'],
  ['backtick continuation', "Write-Output `\n  'x'", 'x'],
  ['backtick right after a quote', "Write-Output 'x'`\n  | ForEach-Object { $_ + 'y' }", 'xy'],
  ['backtick escapes', '"a`tb`nc"', 'a\tb\nc'],
  ['escaped quote and dollar', '"say `"hi`" `$x"', 'say "hi" $x'],
  ['doubled quotes', '"a""b"; \'it\'\'s\'', 'a"b\nit\'s'],
  ['single quotes never expand', "$x = 1; '$x'", '$x'],
  ['variable expansion', '$x = 5; "x=$x"', 'x=5'],
  ['braced variable', '$d = "E"; "${d}:\\sources"', 'E:\\sources'],
  ['env variable', '$env:WIMSH_T1 = "q"; "$env:WIMSH_T1"', 'q'],
  ['subexpression in string', '"n: $(2 * 3)"', 'n: 6'],
  ['"$x.Prop" expands $x only', '$Path = "C:\\a"; "$Path.tmp"', 'C:\\a.tmp'],
  ['if inside a string', '"$(if ($true) { \'yes\' })"', 'yes'],
  ['expandable here-string', '$n = 2\n@"\nn is $n\n"@', 'n is 2'],
  ['literal here-string', "@'\n$n `t\n'@", '$n `t'],
  ['hex number', '0x1F', '31'],
  ['long number', '3000000000', '3000000000'],
  ['double number', '1.5 * 2', '3'],
  ['multiplier suffixes', '1KB; 1MB; 1TB', '1024\n1048576\n1099511627776'],
  // expressions
  ['array with comma', '$a = 1, 2, 3; $a.Count', '3'],
  ['array subexpression', '@().Count; @(5).Count', '0\n1'],
  ['unary comma', '(,1).Count', '1'],
  ['hashtable indexing and members', '$h = @{a = 1}; $h["a"]; $h.a; $h.Keys', '1\n1\na'],
  ['ordered hashtable keeps order', '$h = [ordered]@{z = 1; a = 2}; $h.Keys -join ","', 'z,a'],
  ['casts', '[int]"42" + 1; [string]5 + 1; [bool]0; [double]"2.5"', '43\n51\nFalse\n2.5'],
  ['banker rounding', '[int]2.5; [int]3.5; [int]-2.5', '2\n4\n-2'],
  ['empty strings convert to 0', '[int]""; [uint32]" "', '0\n0'],
  ['[long] and [uint32]', '[long]"5000000000"; [uint32]"0x10"', '5000000000\n16'],
  ['typed arrays keep their element type', '[string[]]$s = "a", "b"; $s += 1; $s.GetType().FullName; $s[2].GetType().Name', 'System.String[]\nString'],
  ['[array] cast', '([array]5).Count', '1'],
  ['[pscustomobject] and members', '$o = [pscustomobject]@{ A = 1 }; $o.A; $o.GetType().FullName', '1\nSystem.Management.Automation.PSCustomObject'],
  ['[datetime] cast', '([datetime]"2020-01-02").Year', '2020'],
  ['[regex] cast', '([regex]"a+") -is [regex]', 'True'],
  ['static members', '[math]::Round(2.567, 2); [math]::Max(3, 7); [int]::MaxValue', '2.57\n7\n2147483647'],
  ['[math] results typed by the overload PowerShell picks', "([math]::Round(2.5)).GetType().Name; ([math]::Round('2')).GetType().Name; ([math]::Max(3, 7)).GetType().Name; ([math]::Max(1e3, $null)).GetType().Name; ([math]::Abs(-3)).GetType().Name; ([math]::Abs(-1.5)).GetType().Name; ([math]::Pow(2, 3)).GetType().Name; ([math]::Floor(2)).GetType().Name; ([math]::Sign(-2.5)).GetType().Name; [math]::Round(2.5)", 'Double\nDouble\nInt32\nDouble\nInt32\nDouble\nDouble\nDecimal\nInt32\n2'],
  ['System.IO.Path', "[System.IO.Path]::GetFileName('C:\\a\\b.wim'); [IO.Path]::GetExtension('x.esd'); [System.IO.Path]::GetFileNameWithoutExtension('C:\\x\\y.wim')", 'b.wim\n.esd\ny'],
  ['[IO.File]::Exists', "[IO.File]::Exists('C:\\missing.txt')", 'False'],
  ['string methods', "'  ab  '.Trim(); 'a-b'.Replace('-', '+'); 'abc'.Contains('b'); 'abc'.StartsWith('a'); 'a,b'.Split(',')[1]; 'abc'.Length", 'ab\na+b\nTrue\nTrue\nb\n3'],
  ['indexes that find nothing: $null in a string or array, no output from a scalar (no error)', '@((7)[5]).Count; @((7)[0]).Count; @((2.5)["one"]).Count; @(("abc")["one"]).Count; @((1,2)["x"]).Count; @((1,2)[5]).Count; @((1,2)[1..5]).Count; $x = (7)[5]; $null -eq $x', '0\n1\n0\n1\n1\n1\n1\nTrue'],
  ['negative index and slices', '$a = 10, 20, 30, 40; $a[-1]; $a[1..2] -join ","', '40\n20,30'],
  ['ranges', '(1..5).Count; 3..1 -join ""', '5\n321'],
  ['left operand decides', '1 + "2"; "2" + 1; "a" * 3; (@(1) + 2).Count', '3\n21\naaa\n2'],
  ['division', '7 / 2; 8 / 2; 7 % 3', '3.5\n4\n1'],
  ['assignment operators', '$x = 5; $x += 2; $x -= 1; $x *= 3; $x /= 2; $x; $x++; $x; --$x; $x', '9\n10\n9'],
  ['comparison operators', "5 -eq 5; 'a' -ne 'b'; 3 -ge 3; 2 -le 1; 'ABC' -ceq 'abc'; 'ABC' -ieq 'abc'", 'True\nTrue\nTrue\nFalse\nFalse\nTrue'],
  ['-like and -notlike', "'install.wim' -like '*.WIM'; 'a' -notlike 'b*'; 'Pro' -clike 'pro'", 'True\nTrue\nFalse'],
  ['-match sets $Matches', "'Index : 6' -match 'Index : (?<i>\\d+)'; $Matches.i; $Matches[1]", 'True\n6\n6'],
  ['-notmatch', "'abc' -notmatch 'z'", 'True'],
  ['array filters', '(1, 2, 3, 2 -eq 2).Count; (1, 5, 9 -gt 4) -join ","', '2\n5,9'],
  ['-contains and -in', '1, 2 -contains 2; 3 -in 1, 2; 3 -notin 1, 2; 1,2 -notcontains 5', 'True\nFalse\nTrue\nTrue'],
  ['-replace with groups', "'a1b22' -replace '\\d+', '#'; 'John Smith' -replace '(\\w+) (\\w+)', '$2 $1'", 'a#b#\nSmith John'],
  ['-split and -join', "('a b  c' -split '\\s+').Count; -split ' x  y '; 'a','b' -join '-'; -join ('a', 'b')", '3\nx\ny\na-b\nab'],
  ['-f format operator', "'{0}-{1:D3}-{2:X}-{3:P0}' -f 'a', 7, 255, 0.5", 'a-007-FF-50 %'],
  ['an array inside an array is its type name in strings, -join and -f (one level flattened)', '"[$(@(@(1, 2), 3))]"; (1, (2, 3)) -join ","; [string](1, (2, 3)); \'{0}|{1}\' -f (1, 2), 3', '[System.Object[] 3]\n1,System.Object[]\n1 System.Object[]\nSystem.Object[]|3'],
  ['logical operators', '$true -and $false; $true -or $false; $true -xor $true; -not $true; !$false', 'False\nTrue\nFalse\nFalse\nTrue'],
  ['-is -isnot -as', '5 -is [int]; "x" -isnot [string]; ("5" -as [int]) + 1; ("x" -as [int]) -eq $null', 'True\nFalse\n6\nTrue'],
  ['bitwise operators', '6 -band 3; 6 -bor 1; 6 -bxor 2', '2\n7\n4'],
  ['$null comparisons', '$null -eq $null; $null -eq 0; $x = @(1, $null); ($x -eq $null).Count', 'True\nFalse\n1'],
  ['truthiness', 'if (@()) { 1 } else { 0 }; if ("") { 1 } else { 0 }; if ("0") { 1 } else { 0 }', '0\n0\n1'],
  ['member enumeration', '$l = [pscustomobject]@{ I = 1 }, [pscustomobject]@{ I = 2 }; $l.I -join ","', '1,2'],
  ['single object has Count 1', '(5).Count; ("x").Count', '1\n1'],
  // statements
  ['if elseif else', '$n = 12; if ($n -lt 5) { "s" } elseif ($n -lt 10) { "m" } else { "l" }', 'l'],
  ['if as an expression', '$x = if ($false) { 1 } else { 2 }; $x', '2'],
  ['foreach over $null runs zero times', 'foreach ($i in $null) { "ran" }; "done"', 'done'],
  ['foreach with break and continue', 'foreach ($i in 1..6) { if ($i -eq 2) { continue }; if ($i -eq 5) { break }; $i }', '1\n3\n4'],
  ['for loop', 'for ($i = 0; $i -lt 3; $i++) { $i }', '0\n1\n2'],
  ['while loop', '$i = 0; while ($i -lt 3) { $i++ }; $i', '3'],
  ['do while and do until', '$i = 0; do { $i++ } while ($i -lt 3); $i; do { $i-- } until ($i -le 0); $i', '3\n0'],
  ['switch exact, default, array', "switch ('b', 'z') { 'a' { 'A' } 'b' { 'B' } default { \"D$_\" } }", 'B\nDz'],
  ['switch compares as strings; an empty subject runs nothing, $null runs once', "switch ($true) { 1 { 'one' } 'True' { 'str' } }; switch (1) { '1' { 's' } 1.0 { 'd' } }; switch (@()) { default { 'none' } }; switch ($null) { $null { 'null' } '' { 'empty' } }", 'str\ns\nd\nnull\nempty'],
  ['switch -wildcard', "switch -Wildcard ('install.esd') { '*.wim' { 'wim' } '*.esd' { 'esd' } }", 'esd'],
  ['switch -regex with $Matches', "switch -Regex ('v10') { 'v(\\d+)' { $Matches[1] } }", '10'],
  ['switch script block condition and break', 'switch (5) { { $_ -gt 3 } { "big"; break } 5 { "five" } }', 'big'],
  ['labeled break', ':outer foreach ($a in 1..3) { foreach ($b in 1..3) { if ($b -eq 2) { break outer }; "$a$b" } }', '11'],
  ['functions return all output', "function f { 'a'; return 'b'; 'c' }; (f) -join ','", 'a,b'],
  ['function parameters: named, positional, defaults', 'function f { param($A, $B = "d") "$A|$B" }; f 1; f -B 2 -A 3', '1|d\n3|2'],
  ['simple function $args', 'function f { $args.Count; $args[0] }; f x y', '2\nx'],
  ['typed and switch parameters', 'function f { param([int]$N, [switch]$Force) $N + 1; $Force.IsPresent }; f -N "4" -Force', '5\nTrue'],
  ['advanced function mandatory and pipeline', 'function f { [CmdletBinding()] param([Parameter(Mandatory, ValueFromPipeline)][int]$X) process { $X * 2 } }; 1..3 | f', '2\n4\n6'],
  ['begin/process/end with $input', 'function f { begin { "b" } process { "p$_" } end { "e" } }; 1, 2 | f', 'b\np1\np2\ne'],
  ['$input in a simple function', 'function f { $input | ForEach-Object { $_ * 10 } }; 1, 2 | f', '10\n20'],
  ['filter', 'filter dbl { $_ * 2 }; 1, 2 | dbl', '2\n4'],
  ['script block invocation and dot-sourcing', '$sb = { param($p) "got $p" }; & $sb 1; $v = 1; . { $v = 2 }; $v', 'got 1\n2'],
  ['try/catch/finally', "try { throw 'boom' } catch { \"c:$($_.Exception.Message)\" } finally { 'f' }", 'c:boom\nf'],
  ['typed catch', "try { [int]'x' } catch [System.Management.Automation.RuntimeException] { 'runtime' } catch { 'other' }", 'runtime'],
  ['catch of a non-terminating error with -ErrorAction Stop', "try { Get-Item C:\\nope -ErrorAction Stop } catch { 'caught' }", 'caught'],
  ['$ErrorActionPreference Stop', "$ErrorActionPreference = 'Stop'; try { Get-Item C:\\nope; 'no' } catch { 'stopped' }", 'stopped'],
  ['trap continue', "trap { 'trapped'; continue }; throw 'x'; 'after'", 'trapped\nafter'],
  ['$? after a failed cmdlet', "Get-Item C:\\nope -ErrorAction SilentlyContinue; $?; 'x' | Out-Null; $?", 'False\nTrue'],
  ['[void] and $null = discard', "[void](Write-Output 'a'); $null = Write-Output 'b'; Write-Output 'c' | Out-Null; 'd' > $null; 'e'", 'e'],
  ['2>&1 merges errors into output', "$r = Get-Item C:\\nope 2>&1; $r.GetType().Name -eq 'ErrorRecord' -or $r -is [object]", 'True'],
  ['3>$null, 6>$null and *>$null silence streams; 3>&1 merges warnings', "Write-Warning 'w' 3>$null; Write-Host 'h' 6>$null; $r = Write-Warning 'ww' 3>&1; \"[$r]\"; Write-Verbose 'v' -Verbose *>$null", '[ww]'],
  ['2>$null hides errors', "Get-Item C:\\nope 2>$null; 'ok'", 'ok'],
  ['$Error collects records', "Get-Item C:\\nope -ErrorAction SilentlyContinue; $Error.Count -ge 1; $Error[0].FullyQualifiedErrorId", 'True\nPathNotFound,Microsoft.PowerShell.Commands.GetItemCommand'],
  ['$Error.Clear()', "Get-Item C:\\nope -ErrorAction SilentlyContinue; $Error.Clear(); $Error.Count", '0'],
  ['automatic variables', '$true; $false; $null -eq $null; $PSVersionTable.PSVersion.Major; $HOME -ne $null', 'True\nFalse\nTrue\n5\nTrue'],
  ['$PSItem', '1, 2 | ForEach-Object { $PSItem + 1 }', '2\n3'],
  ['$LASTEXITCODE after a native program', 'sh -c "exit 3"; $LASTEXITCODE', '3'],
  ['splatting hashtable and array', "function f { param($A, $B) \"$A$B\" }; $h = @{ B = 2; A = 1 }; f @h; $arr = 'x', 'y'; f @arr", '12\nxy'],
  ['glued arguments', '$MEDIA = "D:"; Write-Output $MEDIA"\\sources\\install.wim"; $a = "p"; $b = "q"; Write-Output $a$b', 'D:\\sources\\install.wim\npq'],
  ['bareword paths as arguments', 'Write-Output C:\\sources\\install.wim .\\a.wim D:\\x\\*.swm', 'C:\\sources\\install.wim\n.\\a.wim\nD:\\x\\*.swm'],
  ['variable with bareword tail', '$OUT = "C:\\o"; Write-Output $OUT\\install.wim', 'C:\\o\\install.wim'],
  ['-Param:value and -Switch:$false', "function f { param([switch]$S, $V) \"$($S.IsPresent)|$V\" }; f -S:$false -V:7", 'False|7'],
  ['backtick-escaped colon in a bareword', 'Write-Output a`:b', 'a:b'],
  ['$PWD in a bareword', '(Write-Output $PWD\\x).EndsWith("x")', 'True'],
  ['exit inside a function ends the script', "function f { exit 3 }; f; 'no'", ''],
  ['f("a","b") passes one array argument', 'function f { $args.Count; $args[0].Count }; f("a","b")', '1\n2'],
  ['param defaults end at the comma', "function f { param([string]$A = 'x', [int]$B = 2) \"$A$B\" }; f", 'x2'],
  ['Invoke-Command runs a script block locally', 'Invoke-Command { param($a) "ic$a" } -ArgumentList 1', 'ic1'],
  ['ArrayList and List[T] grow', '$a = New-Object System.Collections.ArrayList; $null = $a.Add(1); $a.Add(2); $l = [System.Collections.Generic.List[string]]::new(); $l.Add("x"); $a.Count + $l.Count', '1\n3'],
  ['method errors underline the whole call', "try { 'x'.Nope() } catch { $_.Exception.Message }", "Method invocation failed because [System.String] does not contain a method named 'Nope'."],
  ['classes: properties, constructors, methods, inheritance, static members', "class Img { [string]$P; [int]$I = 1; static [int]$N = 7; Img([string]$p) { $this.P = $p }; Img([string]$p, [int]$i) { $this.P = $p; $this.I = $i }; [string] D() { return \"$($this.P)#$($this.I)\" }; [void] Bump() { $this.I++ } }\nclass Esd : Img { Esd([string]$p) : base($p, 6) { }; [string] D() { return 'ESD ' + $this.P } }\n$a = [Img]::new('a'); $a.Bump(); $a.D(); (New-Object Img -ArgumentList 'b', 3).D(); $e = [Esd]::new('e'); $e.D(); $e.I; $e -is [Img]; [Img]::N", 'a#2\nb#3\nESD e\n6\nTrue\n7'],
  ['enums: names, values, casts', 'enum Level { Errors = 1; Warnings; Debug = 4 }; [Level]::Warnings; [int][Level]::Warnings; [Level]"debug"; [Level]4', 'Warnings\n2\nDebug\nDebug'],
  ['switch -exact', "switch -Exact ('a*') { 'a*' { 'exact' } 'ab' { 'no' } }", 'exact'],
  ['$VerbosePreference = Continue shows verbose messages', "$VerbosePreference = 'Continue'; Write-Verbose 'v'", 'VERBOSE: v'],
  ['error record members in catch', "try { Get-Item C:\\nope -ErrorAction Stop } catch { $_.InvocationInfo.ScriptLineNumber; $_.CategoryInfo.Category; $_.Exception.GetType().FullName; \"$_\" }", "1\nObjectNotFound\nSystem.Management.Automation.ItemNotFoundException\nCannot find path 'C:\\nope' because it does not exist."],
  ['throwing .NET exceptions and catching by base type', "try { throw [System.IO.FileNotFoundException]::new('nf') } catch [System.IO.IOException] { 'io ' + $_.Exception.Message }; try { throw (New-Object System.Exception 'g') } catch { $_.Exception.GetType().FullName }", 'io nf\nSystem.Exception'],
  ['native stderr: 2>$null hides it, 2>&1 makes records', 'sh -c "echo out; echo err 1>&2" 2>$null; $r = sh -c "echo e2 1>&2" 2>&1; "[$r]"; $r.FullyQualifiedErrorId', 'out\n[e2]\nNativeCommandError'],
  ['$PSCmdlet.ShouldProcess honours -WhatIf', 'function Remove-Thing { [CmdletBinding(SupportsShouldProcess)] param($Name) if ($PSCmdlet.ShouldProcess($Name, "Remove")) { "removed $Name" } }; Remove-Thing a; Remove-Thing b -WhatIf', 'removed a\nWhat if: Performing the operation "Remove" on target "b".'],
  ['$ExecutionContext.InvokeCommand.ExpandString', "$n = 5; $ExecutionContext.InvokeCommand.ExpandString('n=$n $(1+1)')", 'n=5 2'],
  ['[Console]::WriteLine', "[Console]::WriteLine('n={0}', 3)", 'n=3'],
  ['.PSObject.TypeNames and .pstypenames', "([pscustomobject]@{a=1}).PSObject.TypeNames; ([pscustomobject]@{a=1}).pstypenames -join ','; (1).pstypenames -join ','; ('s').PSObject.TypeNames -join ','; (1, 2).pstypenames[0]", 'System.Management.Automation.PSCustomObject\nSystem.Object\nSystem.Management.Automation.PSCustomObject,System.Object\nSystem.Int32,System.ValueType,System.Object\nSystem.String,System.Object\nSystem.Object[]'],
  ['pstypenames is live: Insert gives a view name', "$o = [pscustomobject]@{a=1}; $o.pstypenames.Insert(0, 'My.Image'); $o.PSObject.TypeNames[0]; $o -is [psobject]", 'My.Image\nTrue'],
  ['.PSObject.Properties: names, values, indexing by name, BaseObject', "$o = [pscustomobject]@{a=1; b='x'}; $o.PSObject.Properties.Name -join ','; $o.PSObject.Properties['b'].Value; $o.PSObject.Properties['A'].TypeNameOfValue; $o.PSObject.Properties | ForEach-Object { \"$($_.Name)=$($_.Value) $($_.MemberType)\" }; $o.PSObject.BaseObject.a", 'a,b\nx\nSystem.Int32\na=1 NoteProperty\nb=x NoteProperty\n1'],
  ['.PSObject.Properties shows PSNoteProperty\'s list', "([pscustomobject]@{a=1}).PSObject.Properties", 'MemberType      : NoteProperty\nIsSettable      : True\nIsGettable      : True\nValue           : 1\nTypeNameOfValue : System.Int32\nName            : a\nIsInstance      : True'],
  ['1.0 is a double, 1 an int: literals, casts, typed variables', "1.0 -is [double]; 1 -is [double]; (1.0).GetType().FullName; 1.0; 1e3 -is [double]; [double]5 -is [double]; [double]$d = 3; $d.GetType().Name; (5 -as [double]) -is [double]; 1.0 -is [int]", 'True\nFalse\nSystem.Double\n1\nTrue\nTrue\nDouble\nTrue\nFalse'],
  ['arithmetic with a double gives a double; integer division stays int when exact', "(2.5 * 2).GetType().Name; 2.5 * 2; (1.0 + 1).GetType().Name; (10 / 2).GetType().Name; (10 / 4).GetType().Name; $x = 1.0; $x++; \"$x $($x.GetType().Name)\"; (-1.0).GetType().Name", 'Double\n5\nDouble\nInt32\nDouble\n2 Double\nDouble'],
  ['whole doubles compare, index, format and convert as numbers', "1.0 -eq 1; @(1.0, 2) -contains 1; (1, 2, 3)[1.0]; '{0:N2}' -f 1.0; [int]2.0 -is [int]; 1.0 | ConvertTo-Json; (3.0, 1, 2 | Sort-Object) -join ','; [math]::Sqrt(4.0)", 'True\nTrue\n2\n1.00\nTrue\n1\n1,2,3\n2'],
  // (Not `function r`: the alias r, Invoke-History, comes before a function of that name, as the oracle shows.)
  ['recursion stops with a call depth error', "function rr { rr }; try { rr } catch { $_.FullyQualifiedErrorId }", 'CallDepthOverflow'],
];

describe('language', () => {
  it.each(cases)('%s', async (_name, script, expected) => {
    expect(await out(script)).toBe(expected);
  });

  it('exit N gives the exit code', async () => {
    expect((await run('exit 5')).exitCode).toBe(5);
    expect((await run("'x'; exit")).exitCode).toBe(0);
  });

  it('a failing last statement exits 1, a later success exits 0', async () => {
    expect((await run("Get-Item C:\\nope")).exitCode).toBe(1);
    expect((await run("Get-Item C:\\nope; 'ok'")).exitCode).toBe(0);
  });

  it('throw ends the script with its record', async () => {
    const r = await run("throw 'stop'; 'never'");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toBe(
      [
        'stop',
        'At line:1 char:1',
        "+ throw 'stop'; 'never'",
        '+ ~~~~~~~~~~~~',
        '    + CategoryInfo          : OperationStopped: (stop:String) [], RuntimeException',
        '    + FullyQualifiedErrorId : stop',
      ].join('\n'),
    );
  });

  it('a statement-terminating error lets the script continue', async () => {
    const r = await run("Get-Nope; 'after'");
    expect(lines(r.stdout)).toBe('after');
    expect(r.stderr).toContain("The term 'Get-Nope' is not recognized");
    expect(r.exitCode).toBe(0);
  });

  it('runs a script file with $args, $PSScriptRoot and file positions', async () => {
    const dir = tempDrive();
    require('node:fs').writeFileSync(`${dir}/s.ps1`, "\"$($args[0])|$(Split-Path $PSCommandPath -Leaf)|$($PSScriptRoot -ne $null)\"\nGet-Nope\n");
    const r = await run('', { file: 'C:\\s.ps1', args: ['a1'] });
    expect(lines(r.stdout)).toBe('a1|s.ps1|True');
    expect(r.stderr).toContain('At C:\\s.ps1:2 char:1');
  });

  it('-File arguments bind to the script\'s param block; the rest go to $args', async () => {
    const dir = tempDrive();
    require('node:fs').writeFileSync(`${dir}/p.ps1`, "[CmdletBinding()] param([int]$Index = 1, [switch]$Force, $Name)\nWrite-Verbose 'v'\n\"$Index|$($Force.IsPresent)|$Name\"\n");
    const r = await run('', { file: 'C:\\p.ps1', args: ['-Index', '6', '-Force', '-Verbose', 'nm'] });
    expect(lines(r.stdout)).toBe('VERBOSE: v\n6|True|nm');
    const bad = await run('', { file: 'C:\\p.ps1', args: ['-Bogus', '1'] });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("p.ps1 : A parameter cannot be found that matches parameter name 'Bogus'.");
  });

  it('dot-sources and calls scripts: functions persist, $MyInvocation and $PSScriptRoot follow each script', async () => {
    const dir = tempDrive();
    const fs = require('node:fs');
    fs.mkdirSync(`${dir}/s`);
    fs.writeFileSync(`${dir}/s/lib.ps1`, 'function Lib-F { "lib $args" }\n$libVar = 3\n');
    fs.writeFileSync(`${dir}/s/child.ps1`, 'param($N) "child $N $PSScriptRoot"\n');
    fs.writeFileSync(`${dir}/s/main.ps1`, '. C:\\s\\lib.ps1\nLib-F 1\n$libVar\nSplit-Path -Parent $MyInvocation.MyCommand.Definition\n& C:\\s\\child.ps1 -N 4\n');
    const r = await run('', { file: 'C:\\s\\main.ps1' });
    expect(lines(r.stdout)).toBe('lib 1\n3\nC:\\s\nchild 4 C:\\s');
  });

  it('Write-Error inside a function reports the function and its call site', async () => {
    const r = await run("function f { Write-Error 'in f' }\nf");
    expect(lines(r.stderr).split('\n').slice(0, 4)).toEqual(['f : in f', 'At line:2 char:1', '+ f', '+ ~']);
    expect(r.stderr).toContain('FullyQualifiedErrorId : Microsoft.PowerShell.Commands.WriteErrorException,f');
  });

  it('keeps state between interactive lines and shows the prompt', async () => {
    const { createRunspace } = await import('../../../src/lang/runtime/runspace');
    const { registry } = await import('../../../cmdlets/index');
    const cap = capture();
    try {
      const rs = createRunspace({ interactive: false, registry });
      expect(rs.prompt()).toMatch(/^PS .+> $/);
      expect(rs.isIncomplete('function g {')).toBe(true);
      expect(await rs.runInteractive('$keep = 41; function g { $keep + 1 }')).toEqual({ exitCode: 0, exited: false });
      await rs.runInteractive('g');
      expect(lines(cap.stdout())).toBe('42');
      expect(await rs.runInteractive('exit 2')).toEqual({ exitCode: 2, exited: true });
    } finally {
      cap.restore();
    }
  });

  it('reads UTF-16 and UTF-8-with-BOM scripts and CRLF line ends', async () => {
    const dir = tempDrive();
    const fs = require('node:fs');
    fs.writeFileSync(`${dir}/u16.ps1`, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("$a = 'x'\r\nif ($a) {\r\n  'utf16'\r\n}\r\n", 'utf16le')]));
    fs.writeFileSync(`${dir}/u8.ps1`, "\ufeff'utf8'\r\n");
    expect(lines((await run('', { file: 'C:\\u16.ps1' })).stdout)).toBe('utf16');
    expect(lines((await run('', { file: 'C:\\u8.ps1' })).stdout)).toBe('utf8');
  });

  it('a missing -File script gives powershell.exe\'s message', async () => {
    const r = await run('', { file: 'nope.ps1' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("The argument 'nope.ps1' to the -File parameter does not exist.");
  });
});
