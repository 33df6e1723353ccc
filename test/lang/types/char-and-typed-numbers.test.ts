/*
 * System.Char and the numeric types other than Int32 and Double (Int64, Decimal, Byte, UInt64...), and the overload
 * of System.Math that PowerShell's method binder picks: each expected line is what the real engine prints
 * (checked with `npm run oracle`; the same in Windows PowerShell 5.1, whose binder and conversions these are).
 */
import { out, run, tempDrive } from '../helpers';

beforeAll(() => {
  tempDrive();
});

/** `Type:value` of each expression, one line each. */
const typed = (exprs: string[]): string => exprs.map((e) => `$v = ${e}; $v.GetType().Name + ':' + [string]$v`).join('\n');

describe('System.Char', () => {
  test('indexing a string, ToCharArray and [char[]] give Chars, not one-letter strings', async () => {
    expect(await out(typed(["'Hello'[1]", "'Hello'[-1]"]))).toBe('Char:e\nChar:o');
    expect(await out("('abc'[0..1] | ForEach-Object { $_.GetType().Name }) -join ','; ('ab'.ToCharArray()).GetType().FullName; ([char[]]'ab').Count")).toBe(
      'Char,Char\nSystem.Char[]\n2',
    );
    expect(await out("'abc'[0] -is [string]; 'abc'[0] -is [char]; \"$('abc'[2])\"; ('abc'[0]).ToString()")).toBe('False\nTrue\nc\na');
  });

  test('[char] takes a one-letter string, an integer code or $null; a Double, a Boolean or a longer string fail', async () => {
    expect(await out(typed(['[char]97', "[char]'a'"]))).toBe('Char:a\nChar:a');
    expect(await out('[int][char]$null; [int][char]\'a\'')).toBe('0\n97');
    for (const bad of ['[char]2.5', '[char]3.0', '[char]$true', "[char]'97'", '[char]1e3']) {
      const r = await run(`try { ${bad} } catch { 'ERR' }`);
      expect(`${bad} -> ${r.stdout.trim()}`).toBe(`${bad} -> ERR`);
    }
    expect((await run('[char]2.5')).stderr).toContain('Cannot convert value "2.5" to type "System.Char". Error: "Invalid cast from \'Double\' to \'Char\'."');
  });

  test('-eq compares a Char as a character, case-insensitively; ordering is by code', async () => {
    expect(await out("$c = [char]'a'; $c -eq 'A'; $c -ceq 'A'; $c -eq 'ab'; $c -eq 97; 97 -eq $c; 'A' -eq $c; $c -lt 'b'; $c -gt 'B'")).toBe(
      'True\nFalse\nFalse\nTrue\nTrue\nTrue\nTrue\nTrue',
    );
  });

  test('a Char on the left of + concatenates; on the right of a number it is its code; * is not defined', async () => {
    expect(await out(typed(["[char]'a' + 1", "1 + [char]'a'", "[char]'a' + [char]'a'", "[char]'a' - 1", "$false + [char]'a'"]))).toBe(
      'String:a1\nInt32:98\nString:aa\nInt32:96\nInt32:97',
    );
    const r = await run("[char]'a' * 2");
    expect(r.stderr).toContain("The operation '[System.Char] * [System.Int32]' is not defined.");
    expect(r.stderr).toContain('InvalidOperation: (a:Char) [], RuntimeException');
  });

  test('a Char is true unless it is code 0, and is a key of its own in a hashtable', async () => {
    expect(await out("[bool][char]0; [bool][char]'a'; $h = @{ a = 1 }; $null -eq $h[[char]'a']")).toBe('False\nTrue\nTrue');
  });

  test('switch matches a Char against a string clause', async () => {
    expect(await out("switch ([char]'a') { 'a' { 'is a' } default { 'other' } }; switch (' pad '[0]) { { $_ -is [string] } { 'string' } default { 'other' } }")).toBe('is a\nother');
  });
});

describe('typed numbers', () => {
  test('casts keep the type they name', async () => {
    expect(await out(typed(['[long]5', "[long]'5'", "[decimal]'2.5'", '[decimal]$true', "[byte]'7'", '[byte]$null', '[uint64]3', '[int16]2']))).toBe(
      'Int64:5\nInt64:5\nDecimal:2.5\nDecimal:1\nByte:7\nByte:0\nUInt64:3\nInt16:2',
    );
  });

  test('arithmetic widens as .NET does: Decimal over everything, Double over Int64, the small types to Int32', async () => {
    expect(
      await out(typed(['[long]5 + 1', '[int]5 + [long]1', "[long]5 + '10'", '[long]7 / 2', '[long]6 / 2', '[long]5 * 2.5', '[byte]5 + 1', '[byte]5 + [byte]1', '[decimal]1 + 1.5', '1.5 + [decimal]1', '[decimal]1 / 4', '[decimal]5 % 3', '-[long]5'])),
    ).toBe('Int64:6\nInt64:6\nInt64:15\nDouble:3.5\nInt64:3\nDouble:12.5\nInt32:6\nInt32:6\nDecimal:2.5\nDecimal:2.5\nDecimal:0.25\nDecimal:2\nInt64:-5');
    expect(await out("'10' + [long]5; [long]5 -eq 5; [decimal]2.5 -gt 2; $x = [long]1; $x++; $x.GetType().Name; $x += [long]$false; $x.GetType().Name")).toBe('105\nTrue\nTrue\nInt64\nInt64');
  });

  test('a Decimal keeps its scale: literals as written, casts from a Double or a string without trailing zeros', async () => {
    // Each line as the real engine prints it (npm run oracle); .NET's Decimal shows every digit of its scale.
    expect(await out('2.5d; 1.0d; 2.50d; -2.50d; [decimal]2.5; [decimal]\'2.50\'; [decimal]1e3; [decimal]\'1e3\'; (1.50d).ToString(); "$(1.50d)"; [string]2.50d')).toBe(
      '2.5\n1.0\n2.50\n-2.50\n2.5\n2.5\n1000\n1000\n1.50\n1.50\n2.50',
    );
    expect(await out('"{0}" -f 2.50d; @{a = 2.50d}.a; (5L).GetType().Name; (2.5d).GetType().Name')).toBe('2.50\n2.50\nInt64\nDecimal');
  });

  test('Decimal arithmetic: + - % take the larger scale, * their sum, / the exact quotient', async () => {
    expect(await out('[decimal]2 * 2.5; 2.5d * 2; 1.10d + 1; 3.00d - 1; 1.5d * 1.25d; 1.1d * 1.1d; [decimal]0.1 + 0.2; 2.5d % 1; $d = 1.5d; $d++; $d')).toBe(
      '5.0\n5.0\n2.10\n2.00\n1.875\n1.21\n0.3\n0.5\n2.5',
    );
    expect(await out('10d / 4; 7.0d / 2; 4.00d / 2; 6d / 1.50; 1.0d / 0.5; [decimal]10 / [decimal]4')).toBe('2.5\n3.5\n2.00\n4\n2\n2.5');
    // A quotient that does not end has as many digits as a Decimal holds (28 after the point, a 96-bit mantissa).
    expect(await out('1d / 3; 2d / 3; 10d / 3; 100d / 3; -1d / 3; 1.5d / 7; "$(1d / 3)"')).toBe(
      '0.3333333333333333333333333333\n0.6666666666666666666666666667\n3.3333333333333333333333333333\n33.333333333333333333333333333\n-0.3333333333333333333333333333\n0.2142857142857142857142857143\n0.3333333333333333333333333333',
    );
  });

  test('bitwise operators: Int64 stays Int64, a Double operand rounds half to even and gives UInt64', async () => {
    expect(await out(typed(['5 -band 3', '[long]5 -band 3', '2.5 -band 1', '0.25 -bor 0.25', '-bnot [long]5', '-bnot 2.5', '-bnot -1.5']))).toBe(
      'Int32:1\nInt64:1\nUInt64:0\nUInt64:0\nInt64:-6\nInt32:-3\nInt32:1',
    );
  });

  test('a collection never converts to a number, not even one of one element', async () => {
    for (const cast of ['[int]@(5)', '[int]@(2.5)', '[double](,1e3)', '[long]@(1, 2)']) {
      const r = await run(cast);
      expect(`${cast}: ${/Cannot convert the "System.Object\[\]" value of type "System.Object\[\]" to type "System\.\w+"\./.test(r.stderr)}`).toBe(`${cast}: true`);
    }
    expect(await out("function Twice([int]$x) { $x * 2 }; try { Twice @(5) } catch { 'ERR' }; [string]@(5); @(5) -eq 5")).toBe('ERR\n5\n5');
  });

  test('an out-of-range cast is a conversion error', async () => {
    expect((await run('[byte]300')).stderr).toContain('Cannot convert value "300" to type "System.Byte". Error: "Value was either too large or too small for an unsigned byte."');
  });
});

describe('[math] overloads as the method binder picks them', () => {
  test('Round, Floor, Ceiling and Truncate of an integer take the Decimal overload, of anything else the Double one', async () => {
    expect(await out(typed(['[math]::Round(5)', '[math]::Floor(0x1F)', '[math]::Ceiling([long]5)', "[math]::Floor('2.5')", '[math]::Floor($null)', '[math]::Round(2.5)', '[math]::Truncate(-1.5)']))).toBe(
      'Decimal:5\nDecimal:31\nDecimal:5\nDouble:2\nDouble:0\nDouble:2\nDouble:-1',
    );
  });

  test('Max, Min and Abs: an integer argument decides unless a Double takes part', async () => {
    expect(await out(typed(["[math]::Max('', 2147483647)", "[math]::Max('10', 3)", '[math]::Min(2147483647, $null)', '[math]::Max($true, 5)', '[math]::Max(2.5, 5)', "[math]::Max('2', '3')", '[math]::Max($null, $null)', "[math]::Min($true, '2')", "[math]::Abs('5')", '[math]::Abs(-5)', '[math]::Pow(255, 3.0)']))).toBe(
      'Int32:2147483647\nInt32:10\nInt32:0\nInt32:5\nDouble:5\nDouble:3\nDouble:0\nDouble:1\nDouble:5\nInt32:5\nDouble:16581375',
    );
  });

  test('the first numeric argument decides between the Int32 and the Double overload of Max and Min', async () => {
    expect(await out(typed(['[math]::Max(10, 1e3)', '[math]::Max(10, 2.5)', '[math]::Max(1, 2.5)', '[math]::Max(2.5, 10)', '[math]::Min($null, 2.5)']))).toBe(
      'Int32:1000\nInt32:10\nInt32:2\nDouble:10\nDouble:0',
    );
  });

  test('Booleans alone are ambiguous; a collection fits no overload (MethodException, MethodCountCouldNotFindBest)', async () => {
    const r = await run('[math]::Round($true)');
    expect(r.stderr).toContain('Multiple ambiguous overloads found for "Round" and the argument count: "1".');
    expect(r.stderr).toContain('FullyQualifiedErrorId : MethodCountCouldNotFindBest');
    expect((await run('[math]::Max($true, $false)')).stderr).toContain('Multiple ambiguous overloads found for "Max" and the argument count: "2".');
    expect((await run('[math]::Abs(@())')).stderr).toContain('Cannot find an overload for "Abs" and the argument count: "1".');
  });
});
