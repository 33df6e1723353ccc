/*
 * Indexes and slices of each kind of value, method enumeration over a collection, the operators' corner cases the
 * differential program fuzzer found (Double division by zero, -bnot of a Double, `+=` of nothing, a number plus a
 * collection) and the parse-time check of ++ and --: each expected line is the real engine's (`npm run oracle`).
 */
import { out, run, tempDrive } from '../helpers';

beforeAll(() => {
  tempDrive();
});

/** A value as `<null>`, `arrayN:a|b` or `Type:value`. */
const SHOW = "function T($v) { if ($null -eq $v) { '<null>' } elseif ($v -is [array]) { 'array' + $v.Count + ':' + ($v -join '|') } else { $v.GetType().Name + ':' + $v } }\n";

describe('indexes and slices', () => {
  test('an array slice skips indexes past the ends but keeps a $null element; a string slice skips too', async () => {
    expect(await out(SHOW + "T ((1,2,3)[1..5]); T ((1,$null,3)[0..2]); T ('abc'[1..5])")).toBe('array2:2|3\narray3:1||3\narray2:b|c');
  });

  test("a dictionary's slice has $null for each key it lacks", async () => {
    expect(await out(SHOW + "$h = @{ one = 1 }; T ($h[1..2]); T ($h['one', 'x'])")).toBe('array2:|\narray2:1|');
  });

  test('a scalar is itself at 0 and -1; any slice of it, and any other index, is nothing at all', async () => {
    expect(await out(SHOW + 'T ((7)[0]); T ((7)[-1]); T ((7)[1..2]); T ((7)[0..1]); T ($true[0, 0])')).toBe('Int32:7\nInt32:7\n<null>\n<null>\n<null>');
  });

  test('`+=` of nothing adds no element; of $null (an index past an array, a string, a missing key) adds one', async () => {
    expect(await out("$h = @{}; $x = 1,2; $x += (7)[1]; $x += $true[5]; $x += (7)[0, 1]; $x.Count; $x += (1,2)[5]; $x += 'ab'[5]; $x += $h['zz']; $x.Count; $y = (7)[1]; $null -eq $y")).toBe(
      '2\n5\nTrue',
    );
  });

  test('a slice of nothing formats as nothing in -f and binds as $null', async () => {
    expect(await out("'{0}|{1}' -f (7)[1..2], 12; function Twice([int]$x) { $x * 2 }; Twice (-1.5)[1..2]")).toBe('|12\n0');
  });
});

describe('method enumeration', () => {
  test('results are unrolled into one collection, and one result alone is itself', async () => {
    expect(await out(SHOW + "T (('a,b', 'c').Split(',')); T (@('x').ToUpper()); T (@('a').Split(','))")).toBe('array3:a|b|c\nString:X\nString:a');
  });

  test('an empty collection has no element to call: the array itself has no such method', async () => {
    const r = await run("@().Replace('l', 'L')");
    expect(r.stderr).toContain("Method invocation failed because [System.Object[]] does not contain a method named 'Replace'.");
    expect(await out('@().Length; $null -eq @().Foo')).toBe('0\nTrue');
  });

  test("a collection's ToString is its type name, as Object.ToString gives it", async () => {
    expect(await out("(1..4).ToString(); @().ToString(); ([System.Collections.ArrayList]::new()).ToString(); \"$(1..3)\"")).toBe(
      'System.Object[]\nSystem.Object[]\nSystem.Collections.ArrayList\n1 2 3',
    );
  });
});

describe('operators', () => {
  test('Double division by zero is Infinity or NaN; integer division by zero is an error', async () => {
    expect(await out(SHOW + 'T (0.1 / $null); T (1.0 / 0); $z = 0; T (0.1 / $z); T (1.5 % $z); T (0 / 2.5)')).toBe('Double:Infinity\nDouble:Infinity\nDouble:Infinity\nDouble:NaN\nDouble:0');
    expect((await run('$z = 0; 1 / $z')).stderr).toContain('Attempted to divide by zero.');
  });

  test('a number plus a collection: the collection has no op_Addition', async () => {
    const r = await run('$x = -1.5; $x += [array]2.5');
    expect(r.stderr).toContain("Method invocation failed because [System.Object[]] does not contain a method named 'op_Addition'.");
    expect((await run('1 + @(2)')).stderr).toContain("[System.Object[]] does not contain a method named 'op_Addition'.");
  });

  test('an element added to an array keeps its type, a whole Double included', async () => {
    expect(await out("$x = @('b'); $x += [math]::Pow(2, 2); $x += 0 / 2.5; ($x | ForEach-Object { $_.GetType().Name }) -join ','")).toBe('String,Double,Double');
  });

  test('-split gives a String[]', async () => {
    expect(await out("('a,b' -split ',').GetType().FullName; '{0}' -f ($true -split $false), 1; (-split 'a b').GetType().Name")).toBe('System.String[]\nSystem.String[]\nString[]');
  });

  test('++ and -- on something that cannot be assigned is a parse error of the whole script', async () => {
    for (const [script, op, col] of [['--5', '--', 3], ["'x'; $x = 5++", '++', 11], ['foreach ($i in 1) { ++(1 + 2) }', '++', 24]] as const) {
      const r = await run(script);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`The '${op}' operator works only on variables or on properties.`);
      expect(r.stderr).toContain('FullyQualifiedErrorId : OperatorRequiresVariableOrProperty');
      expect(r.stderr).toContain(`char:${col}`);
    }
    expect(await out('$a = 1; $a++; ++$a; ($a)++; ([int]$a)--; $h = @{ x = 1 }; $h.x++; $h["x"]++; "$a $($h.x)"')).toBe('3 3');
  });

  test('$null against a number sorts before it unless the number is negative; against text it sorts first', async () => {
    expect(await out("$null -lt ''; $null -gt ''; $null -le ''; $null -lt 0; $null -lt -1; $null -gt -1; '' -gt $null; $null -lt 'a'; $null -ge $null")).toBe(
      'True\nFalse\nTrue\nTrue\nFalse\nTrue\nTrue\nTrue\nTrue',
    );
  });

  test('a Boolean on the left compares with the right operand as a Boolean', async () => {
    expect(await out("$true -lt (1..4); $true -gt 'x'; $true -ge @(); $false -lt 2")).toBe('False\nFalse\nTrue\nTrue');
  });

  test('$null is a collection of itself for -contains and -in', async () => {
    expect(await out('$null -contains $null; $null -contains 1; $null -in $null; 1 -in $null; $null -notcontains $null')).toBe('True\nFalse\nTrue\nFalse\nFalse');
  });

  test('a string on the left of -, / and % converts to a number, a Double one included', async () => {
    expect(await out(SHOW + "T ('3' - 1.0); T ('3' / 1.5); T ('3' + 1.0); T ('3' * 2.0); T ('2' - [decimal]1); T ('5' % 2.0)")).toBe(
      'Double:2\nDouble:2\nString:31\nString:33\nDecimal:1\nDouble:1',
    );
  });

  test('a Boolean has + and - but no *', async () => {
    expect(await out(SHOW + 'T ($true + 1); T ($true - $true); T (2 * $true)')).toBe('Int32:2\nInt32:0\nInt32:2');
    expect((await run('$true * $false')).stderr).toContain("The operation '[System.Boolean] * [System.Boolean]' is not defined.");
  });

  test('-bnot of Int32.MaxValue is Int32.MinValue, still an Int32', async () => {
    expect(await out(SHOW + 'T (-bnot 2147483647); T (-2147483647 - 1)')).toBe('Int32:-2147483648\nInt32:-2147483648');
  });

  test('[array] and [object[]] of a whole Double hold the Double', async () => {
    expect(await out('([array]1e3)[0].GetType().Name; ([object[]]2.0)[0].GetType().Name; (1e3 -as [array])[0].GetType().Name')).toBe('Double\nDouble\nDouble');
  });

  test('-replace takes two elements at most; -split refuses SimpleMatch with a regex option', async () => {
    expect((await run("'abc' -replace (1..3)")).stderr).toContain('The -replace operator allows only two elements to follow it, not 3.');
    for (const rhs of ['(1..3)', "(1, 0, 'SimpleMatch,Multiline')"]) {
      const r = await run(`'a*c' -split ${rhs}`);
      expect(`${rhs}: ${r.stderr.includes('The combination of options with the -split operator is not valid.')}`).toBe(`${rhs}: true`);
    }
    expect(await out("('a1c' -split (1, 2, 'SimpleMatch')) -join ','; ('aXbxc' -split ('x', 0, 'SimpleMatch,IgnoreCase')) -join ','")).toBe('a,c\na,b,c');
  });

  test('-like refuses a wildcard set left open or empty', async () => {
    for (const pattern of ['a[', '[]a']) expect((await run(`'a' -like '${pattern}'`)).stderr).toContain(`The specified wildcard character pattern is not valid: ${pattern}`);
    expect(await out("try { 10 -like @(@(1, 2), 3) } catch { 'ERR' }; 'a1' -like 'a[0-9]'")).toBe('ERR\nTrue');
  });

  test("a set's ] right after [ is a member, as .NET reads it", async () => {
    expect(await out("'a]c' -match '[]a]'; 'b' -match '[^]a]'; ']' -replace '[]]', 'x'")).toBe('True\nTrue\nx');
    expect((await run("'abc' -match '[] 3'")).stderr).toContain('is not valid');
  });
});

describe('operators, third round', () => {
  test('a negative number is below $null, any other above it', async () => {
    expect(await out('$n = $null; (@(7, -3) -gt $n).Count; -3 -gt $n; -3 -lt $n; 0 -gt $n; 0 -lt $n')).toBe('1\nFalse\nTrue\nTrue\nFalse');
  });

  test('$null times anything is $null; a repetition count rounds half to even', async () => {
    expect(await out("($null * 5) -eq $null; ($null * 'x') -eq $null; (@(1, 2) * 1.5).Count; (@(1, 2) * 2.5).Count; 'ab' * 1.5; (@(@(1, 2), 3) * 0.1).Count")).toBe(
      'True\nTrue\n4\n4\nabab\n0',
    );
  });

  test('-split is Regex.Split: an empty match splits between characters and leaves empty ends', async () => {
    expect(await out("('' -split '').Count; ('abc' -split '') -join '|'; ('' -split ',').Count; ('a,b' -split $null).Count; ('a1b2' -split '(\\d)') -join '|'")).toBe(
      '2\n|a|b|c|\n1\n5\na|1|b|2|',
    );
  });

  test("String.Split gives a String[]", async () => {
    expect(await out("'{0}' -f ('hello').Split(','), 1; ('a b').Split().Count")).toBe('System.String[]\n2');
  });

  test('a Boolean and a Decimal have no +, - or /, but * converts', async () => {
    for (const op of ['+', '-', '/']) expect((await run(`$true ${op} [decimal]1`)).stderr).toContain("No coercion operator is defined between types 'System.Boolean' and 'System.Decimal'.");
    expect(await out('($true * [decimal]2).GetType().Name')).toBe('Decimal');
  });
});

describe('parse errors of the whole script', () => {
  test('() holds no expression wherever it stands', async () => {
    for (const [script, col] of [['$x = ()', 7], ['Write-Output a()', 16], ['$x = ( )', 7], ['function Twice($x) { 2 * $x }; Twice [bool]@()', 46]] as const) {
      const r = await run(`'before'; ${script}`);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain("An expression was expected after '('.");
      expect(r.stderr).toContain(`char:${col + 10}`);
    }
    expect(await out('function f() { 1 }; f; function g { param() 2 }; g; & { param() 3 }')).toBe('1\n2\n3');
  });

  test('!0x1F is a command name (a generic token), while !1 negates', async () => {
    expect(await out("try { !0x1F } catch { 'not a command' }; !1; (!1.5); $x = !10; $x")).toBe('not a command\nFalse\nFalse\nFalse');
  });
});
