/*
 * Export-Csv and Import-Csv: the record splitting (csv-parse) and quoting (csv-stringify) with Windows PowerShell
 * 5.1's rules on top (#TYPE line, every field quoted, header names, missing fields), through the engine with drive
 * C: on a temporary directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { out, run, tempDrive } from '../../lang/helpers';
import { parseCsv, splitTypeLine } from '../../../cmdlets/Microsoft.PowerShell.Utility/Import-Csv';
import { csvLines } from '../../../cmdlets/Microsoft.PowerShell.Utility/Export-Csv';

let C = '';
beforeEach(() => {
  C = tempDrive();
});

const file = (name: string): string => fs.readFileSync(path.join(C, name), 'utf8');
const put = (name: string, text: string): void => fs.writeFileSync(path.join(C, name), text);

describe('parseCsv', () => {
  it('keeps the delimiter, doubled quotes and line breaks inside quoted fields', () => {
    expect(parseCsv('a,b\r\n"x,1","say ""hi"""\r\n"two\r\nlines",2\r\n', ',')).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"'],
      ['two\r\nlines', '2'],
    ]);
  });

  it('skips blank lines, ignores blanks before a field, keeps a stray quote in an unquoted field', () => {
    expect(parseCsv('a,b\n\n  x,\t"y"\n""\np"q,r\n', ',')).toEqual([
      ['a', 'b'],
      ['x', 'y'],
      ['p"q', 'r'],
    ]);
  });

  it('reads an unclosed quote to the end of the text, and splits on another delimiter', () => {
    expect(parseCsv('a,"b\nc', ',')).toEqual([['a', 'b\nc']]);
    expect(parseCsv('a;b\r"1;2";3', ';')).toEqual([
      ['a', 'b'],
      ['1;2', '3'],
    ]);
  });
});

describe('splitTypeLine', () => {
  it('cuts the #TYPE line and reads its name, case-insensitively', () => {
    expect(splitTypeLine('#TYPE System.Foo\r\n"a"\r\n')).toEqual({ body: '"a"\r\n', typeName: 'System.Foo' });
    expect(splitTypeLine('\ufeff#type  Bar \n"a"')).toEqual({ body: '"a"', typeName: 'Bar' });
  });

  it('cuts any other leading # line without a type, and leaves a text without one alone', () => {
    expect(splitTypeLine('#TYPE\n"a"')).toEqual({ body: '"a"', typeName: undefined });
    expect(splitTypeLine('# note\na\n1')).toEqual({ body: 'a\n1', typeName: undefined });
    expect(splitTypeLine('a,#b\n1,2')).toEqual({ body: 'a,#b\n1,2' });
  });
});

describe('csvLines', () => {
  it('quotes every field, empty ones too, doubles quotes, ends each record with CRLF', () => {
    expect(csvLines([['a', 'b"c', ''], ['x;y', 'l\r\nm', '1']], ';')).toBe('"a";"b""c";""\r\n"x;y";"l\r\nm";"1"\r\n');
    expect(csvLines([[]], ',')).toBe('\r\n');
    expect(csvLines([], ',')).toBe('');
  });
});

describe('Export-Csv', () => {
  it('writes #TYPE, then the header and every field quoted; $null is an empty quoted field', async () => {
    await out("[pscustomobject]@{ A = 'say \"hi\"'; B = $null; C = \"x,`r`ny\" } | Export-Csv C:\\e.csv");
    expect(file('e.csv')).toBe('#TYPE System.Management.Automation.PSCustomObject\r\n"A","B","C"\r\n"say ""hi""","","x,\r\ny"\r\n');
  });

  it('takes the columns from the first object', async () => {
    await out('[pscustomobject]@{ A = 1; B = 2 }, [pscustomobject]@{ B = 3; Z = 9 } | Export-Csv C:\\f.csv -NoTypeInformation');
    expect(file('f.csv')).toBe('"A","B"\r\n"1","2"\r\n"","3"\r\n');
  });

  it('-Delimiter and -Append (no header when the file exists)', async () => {
    await out("[pscustomobject]@{ A = 'p;q'; B = 2 } | Export-Csv C:\\g.csv -NoTypeInformation -Delimiter ';'");
    await out("[pscustomobject]@{ A = 'r'; B = 3 } | Export-Csv C:\\g.csv -NoTypeInformation -Delimiter ';' -Append");
    expect(file('g.csv')).toBe('"A";"B"\r\n"p;q";"2"\r\n"r";"3"\r\n');
  });

  it('strings export their Length; arrays as System.Object[]', async () => {
    await out("'abc' | Export-Csv C:\\h.csv; [pscustomobject]@{ L = 1, 2 } | Export-Csv C:\\i.csv -NoTypeInformation");
    expect(file('h.csv')).toBe('#TYPE System.String\r\n"Length"\r\n"3"\r\n');
    expect(file('i.csv')).toBe('"L"\r\n"System.Object[]"\r\n');
  });
});

describe('Import-Csv', () => {
  it('skips the #TYPE line and reads quoted fields with commas, quotes and line breaks', async () => {
    put('a.csv', '#TYPE System.Management.Automation.PSCustomObject\r\n"N","V"\r\n"a,b","say ""hi"""\r\n"c","x\r\ny"\r\n');
    expect(await out("Import-Csv C:\\a.csv | ForEach-Object { $_.N + '|' + $_.V.Replace(\"`r`n\", '/') }")).toBe('a,b|say "hi"\nc|x/y');
  });

  it('fills missing trailing fields with $null and ignores extra ones', async () => {
    put('b.csv', 'a,b,c\n1\n4,5,6,7\n');
    expect(await out('Import-Csv C:\\b.csv | ForEach-Object { "$($_.a)-$($null -eq $_.c)-$($_.psobject.Properties.Count)" }')).toBe(
      '1-True-3\n4-False-3',
    );
  });

  it('-Header takes the first line as data; -Delimiter splits on another character', async () => {
    put('c.csv', 'x;y\n1;2\n');
    expect(await out("Import-Csv C:\\c.csv -Header p, q -Delimiter ';' | ForEach-Object { $_.p + $_.q }")).toBe('xy\n12');
  });

  it('names empty header fields H1, H2... with one warning, and drops trailing empty ones', async () => {
    put('d.csv', 'a,,b,,\n1,2,3,4,5\n6,7,8\n');
    const r = await run("Import-Csv C:\\d.csv | ForEach-Object { ($_.psobject.Properties | ForEach-Object { $_.Name + '=' + $_.Value }) -join ' ' }");
    // The warning stream shows on the console before the objects, once for the command.
    expect(r.stdout.replace(/\r\n/g, '\n')).toBe(
      'WARNING: One or more headers were not specified. Default names starting with "H" have been used in place of any missing headers.\n' +
        'a=1 H1=2 b=3\na=6 H1=7 b=8\n',
    );
  });

  it('a repeated header name ends the command', async () => {
    put('e.csv', 'a,A\n1,2\n');
    const r = await run("Import-Csv C:\\e.csv; 'after'");
    expect(r.stderr).toContain('The member "A" is already present.');
    expect(r.stdout).toBe('after\n');
  });

  it('round trip: Export-Csv | Import-Csv gives back the strings', async () => {
    const script = [
      "$in = [pscustomobject]@{ Name = 'a,b'; Note = 'say \"hi\"'; Text = \"one`r`ntwo\"; Empty = '' },",
      "  [pscustomobject]@{ Name = ' lead'; Note = '\"'; Text = ';'; Empty = $null }",
      '$in | Export-Csv C:\\rt.csv',
      '$back = Import-Csv C:\\rt.csv',
      '$back.Count',
      "for ($i = 0; $i -lt 2; $i++) { foreach ($p in 'Name', 'Note', 'Text', 'Empty') { ([string]$in[$i].$p) -ceq $back[$i].$p } }",
    ].join('\n');
    expect(await out(script)).toBe(['2', ...Array(8).fill('True')].join('\n'));
  });
});
