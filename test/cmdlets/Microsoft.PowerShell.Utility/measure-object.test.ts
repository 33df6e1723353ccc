/*
 * Measure-Object as Windows PowerShell 5.1 computes it: statistics are Doubles; a value -Sum or -Average cannot
 * convert is a non-terminating "is not numeric" error and empties both; -Maximum/-Minimum compare anything and
 * keep strings as strings (GenericObjectMeasureInfo); -Property with wildcards, a missing property's error; the
 * text set's lines, words and characters. Each expectation was checked against the real engine (the oracle).
 */
import { out, run } from '../../lang/helpers';

describe('Measure-Object', () => {
  it('gives Double statistics, whatever the inputs\' type', async () => {
    expect(await out(`$m = 1..4 | Measure-Object -Sum -Average -Maximum -Minimum; $m.Sum.GetType().Name; $m.Average.GetType().Name; $m.Maximum.GetType().Name; $m.Count.GetType().Name; $m.Sum`)).toBe('Double\nDouble\nDouble\nInt32\n10');
  });

  it('writes "is not numeric" for a value -Sum cannot convert, goes on, and leaves Sum and Average empty', async () => {
    const r = await run(`$m = 1, 'two', 3.5 | Measure-Object -Sum -Average; $null -eq $m.Sum; $null -eq $m.Average; $m.Count; 'after'`);
    expect(r.stdout).toBe('True\nTrue\n3\nafter\n');
    expect(r.stderr).toContain('Input object "two" is not numeric.');
    expect(r.stderr).toContain('NonNumericInputObject,Microsoft.PowerShell.Commands.MeasureObjectCommand');
  });

  it('takes the extremes of strings case-insensitively, kept as strings; mixed kinds compare as strings', async () => {
    expect(await out(`$m = 'pear', 'Apple', 'fig' | Measure-Object -Maximum -Minimum; $m.Maximum; $m.Minimum; $m.GetType().FullName`)).toBe(
      'pear\nApple\nMicrosoft.PowerShell.Commands.GenericObjectMeasureInfo',
    );
    expect(await out(`(1, 'two', 3.5 | Measure-Object -Maximum).Maximum; (@(@(1, 2), 3) | Measure-Object -Maximum).Maximum.GetType().Name`)).toBe('two\nDouble');
  });

  it('measures properties by name and by wildcard, and reports a property no object had', async () => {
    expect(await out(`$r = [pscustomobject]@{ Len = 3; Lx = 4 }, [pscustomobject]@{ Len = 5; Lx = 1 } | Measure-Object -Property L* -Maximum; $r | ForEach-Object { "$($_.Property)=$($_.Maximum)" }`)).toBe('Len=5\nLx=4');
    const r = await run(`1, 2 | Measure-Object -Property Nope`);
    expect(r.stderr).toContain('The property "Nope" cannot be found in the input for any objects.');
    expect(r.stderr).toContain('GenericMeasurePropertyNotFound');
  });

  it('counts nothing for no input, and lines, words and characters in the text set', async () => {
    expect(await out(`(Measure-Object).Count; ($null | Measure-Object).Count`)).toBe('0\n0');
    expect(await out('$t = "a b`nc d e" | Measure-Object -Line -Word -Character; "$($t.Lines) $($t.Words) $($t.Characters)"; ("a b`nc d e" | Measure-Object -Character -IgnoreWhiteSpace).Characters')).toBe('2 5 9\n5');
  });
});
