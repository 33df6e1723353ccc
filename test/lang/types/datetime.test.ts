/*
 * DateTime and TimeSpan as Windows PowerShell 5.1 shows them in en-US (src/lang/types/datetime.ts): "$date" is the
 * invariant text, ToString() the culture's, the console the long form; subtraction gives a TimeSpan with 5.1's list
 * view; ToString(format), ParseExact, [timespan] casts and New-TimeSpan.
 */
import { run, out, tempDrive } from '../helpers';

beforeAll(() => {
  tempDrive();
});

const D = "$d = [datetime]'2024-03-05 14:07:09'; ";

describe('DateTime texts', () => {
  test('"$date" is invariant, ToString() is en-US, the console shows the long form', async () => {
    expect(await out(D + '"$d"; $d.ToString(); [string]$d')).toBe('03/05/2024 14:07:09\n3/5/2024 2:07:09 PM\n03/05/2024 14:07:09');
    const r = await run(D + '$d');
    expect(r.stdout).toBe('\nTuesday, March 5, 2024 2:07:09 PM\n\n');
  });

  test('custom and standard formats, through ToString, -f and Get-Date-style patterns', async () => {
    expect(await out(D + "$d.ToString('yyyy-MM-dd'); $d.ToString('yyyyMMdd_HHmmss'); $d.ToString('dddd d MMM yy h:mm tt'); '{0:yyyy/MM/dd}' -f $d; $d.ToString('s'); $d.ToString('d')")).toBe(
      '2024-03-05\n20240305_140709\nTuesday 5 Mar 24 2:07 PM\n2024/03/05\n2024-03-05T14:07:09\n3/5/2024',
    );
  });

  test('a table cell shows a date in the culture form', async () => {
    expect(await out(D + '$d | Select-Object Year, DayOfWeek, Date')).toBe('Year DayOfWeek Date\n---- --------- ----\n2024 Tuesday   3/5/2024 12:00:00 AM');
  });

  test('casts read ISO and month-first dates as local time; bad text is the conversion error', async () => {
    expect(await out("([datetime]'2024-03-05').Hour; ([datetime]'03/05/2024 2:07 PM').ToString('s')")).toBe('0\n2024-03-05T14:07:00');
    const r = await run("[datetime]'2024-02-30'");
    expect(r.stderr).toContain('Cannot convert value "2024-02-30" to type "System.DateTime". Error: "String was not recognized as a valid DateTime."');
  });

  test('ParseExact reads a custom pattern and fails with .NET\'s FormatException text', async () => {
    expect(await out("[datetime]::ParseExact('20240305-1407', 'yyyyMMdd-HHmm', $null).ToString('s'); [datetime]::ParseExact('05.03.2024', 'dd.MM.yyyy', [Globalization.CultureInfo]::InvariantCulture).Month")).toBe(
      '2024-03-05T14:07:00\n3',
    );
    const r = await run("[datetime]::ParseExact('x', 'yyyyMMdd', $null)");
    expect(r.stderr).toContain('Exception calling "ParseExact" with "3" argument(s): "String was not recognized as a valid DateTime."');
  });

  test('Write-Host and Export-Csv write a date in the culture form, as its ToString does', async () => {
    expect(await out(D + 'Write-Host $d')).toBe('3/5/2024 2:07:09 PM');
    expect(await out(D + "[pscustomobject]@{When = $d} | Export-Csv C:\\d.csv -NoTypeInformation; Get-Content C:\\d.csv")).toBe('"When"\n"3/5/2024 2:07:09 PM"');
  });

  test('a number converts as ticks ([datetime]0 is 1/1/0001); a negative one is .NET\'s error', async () => {
    expect(await out("([datetime]0).ToString('yyyy-MM-dd HH:mm'); ([datetime]864000000000).Day")).toBe('0001-01-01 00:00\n2');
    const r = await run('[datetime]-3');
    expect(r.stderr).toContain('Cannot convert value "-3" to type "System.DateTime". Error: "Ticks must be between DateTime.MinValue.Ticks and DateTime.MaxValue.Ticks.');
  });

  test('Add* methods return new dates; AddMonths clamps to the month end as .NET does', async () => {
    expect(await out(D + "$d.AddDays(30).ToString('d'); $d.AddHours(-2).Hour; ([datetime]'2024-01-31').AddMonths(1).ToString('d'); $d.Hour")).toBe('4/4/2024\n12\n2/29/2024\n14');
  });
});

describe('TimeSpan', () => {
  test('DateTime - DateTime is a TimeSpan with its members', async () => {
    expect(await out(D + "$ts = $d - [datetime]'2024-03-05 12:00:00'; $ts.GetType().FullName; $ts.TotalMinutes; $ts.Hours; \"$ts\"; $d.Subtract([datetime]'2024-03-04').Days")).toBe(
      'System.TimeSpan\n127.15\n2\n02:07:09\n1',
    );
  });

  test("the console shows 5.1's TimeSpan list", async () => {
    expect(await out('New-TimeSpan -Hours 2 -Minutes 7 -Seconds 9')).toBe(
      [
        'Days              : 0',
        'Hours             : 2',
        'Minutes           : 7',
        'Seconds           : 9',
        'Milliseconds      : 0',
        'Ticks             : 76290000000',
        'TotalDays         : 0.0882986111111111',
        'TotalHours        : 2.11916666666667',
        'TotalMinutes      : 127.15',
        'TotalSeconds      : 7629',
        'TotalMilliseconds : 7629000',
      ].join('\n'),
    );
  });

  test('date and span arithmetic and comparison', async () => {
    expect(await out(D + "($d - (New-TimeSpan -Hours 1)).ToString('s'); ($d + [timespan]'1.00:00:00').Day; (New-TimeSpan -Minutes 10) -gt (New-TimeSpan -Minutes 5); ([timespan]'00:01:00' + [timespan]'00:00:30').TotalSeconds; [timespan]'01:30:00' -eq (New-TimeSpan -Minutes 90)")).toBe(
      '2024-03-05T13:07:09\n6\nTrue\n90\nTrue',
    );
  });

  test('New-TimeSpan between dates, from a file by LastWriteTime, and with its 5.1 parameters only', async () => {
    expect(await out("(New-TimeSpan -Start '2024-03-05 12:00' -End '2024-03-05 14:30').TotalHours; (New-TimeSpan '2024-03-01' '2024-03-05').Days")).toBe('2.5\n4');
    expect(await out("Set-Content C:\\f.txt x; (Get-Item C:\\f.txt | New-TimeSpan).TotalMinutes -lt 5")).toBe('True');
    const r = await run('New-TimeSpan -Milliseconds 5');
    expect(r.stderr).toContain("A parameter cannot be found that matches parameter name 'Milliseconds'.");
  });

  test('[timespan] statics, casts and ToString formats', async () => {
    expect(await out("[timespan]::FromMinutes(90).ToString('hh\\:mm'); [timespan]::FromSeconds(3725).ToString(); [timespan]::Zero.Ticks; ([timespan]'1.02:03:04').TotalHours; [timespan]::new(1, 2, 3).TotalSeconds")).toBe(
      '01:30\n01:02:05\n0\n26.0511111111111\n3723',
    );
  });
});
