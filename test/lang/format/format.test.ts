/* Default output as the 5.1 console shows it, and the NormalView layout of error records. */
import { formatObjects } from '../../../src/lang/format/format';
import { formatErrorRecord, makeError } from '../../../src/lang/runtime/errors';
import { PSObject, PSHashtable } from '../../../src/lang/types/values';
import { out, run, lines, tempDrive } from '../helpers';

beforeAll(() => {
  tempDrive();
});

describe('formatting', () => {
  it('shows up to four properties as a table: numbers right-aligned, dashes as long as the header', () => {
    const rows = [new PSObject({ Index: 1, Name: 'Windows 10 Home', Size: 10 }), new PSObject({ Index: 12, Name: 'Pro', Size: 2000 })];
    expect(lines(formatObjects(rows))).toBe(
      ['Index Name            Size', '----- ----            ----', '    1 Windows 10 Home   10', '   12 Pro             2000'].join('\n'),
    );
  });

  it('shows five or more properties as a list, names padded to the longest', () => {
    expect(lines(formatObjects([new PSObject({ A: 1, B: 2, C: 3, D: 4, Long: 'x' })]))).toBe('A    : 1\nB    : 2\nC    : 3\nD    : 4\nLong : x');
  });

  it('separates list entries with a blank line', () => {
    const o = () => new PSObject({ A: 1, B: 2, C: 3, D: 4, E: 5 });
    expect(lines(formatObjects([o(), o()]))).toContain('E : 5\n\nA : 1');
  });

  it('shows hashtables as Name/Value with a 30-wide Name column', () => {
    const h = new PSHashtable();
    h.set('Key', 'v');
    expect(lines(formatObjects([h]))).toBe(`${'Name'.padEnd(31)}Value\n${'----'.padEnd(31)}-----\n${'Key'.padEnd(31)}v`);
  });

  it('prints scalars one per line, arrays element by element, $null as nothing, booleans as True/False', async () => {
    expect(await out("'a'; 1, 2; $null; $true; 0.1 + 0.2; 1e20")).toBe('a\n1\n2\nTrue\n0.3\n1E+20');
  });

  it('shows arrays inside a table cell in braces', () => {
    expect(lines(formatObjects([new PSObject({ L: [1, 2] })]))).toBe('L\n-\n{1, 2}');
  });

  it('objects of the same shape share one table', async () => {
    expect(await out('[pscustomobject]@{ A = 1 }; [pscustomobject]@{ A = 22 }')).toBe(' A\n -\n 1\n22');
  });

  it('shows $PWD with the PathInfo view (Path only)', async () => {
    expect((await out('$PWD')).split('\n').slice(0, 2)).toEqual(['Path', '----']);
  });

  it('prints WARNING:, VERBOSE: and DEBUG: lines', async () => {
    expect(await out("Write-Warning 'w'; Write-Verbose 'v' -Verbose; $DebugPreference = 'Continue'; Write-Debug 'd'")).toBe('WARNING: w\nVERBOSE: v\nDEBUG: d');
  });

  it('lays out an error record in NormalView', () => {
    const rec = makeError('Cannot find path.', 'PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand', 'ObjectNotFound', 'ItemNotFoundException', 'C:\\x');
    rec.invocation = { source: { text: "  Get-Item 'C:\\x'" }, start: 2, end: 17, commandName: 'Get-Item' };
    expect(formatErrorRecord(rec)).toBe(
      [
        'Get-Item : Cannot find path.',
        'At line:1 char:3',
        "+   Get-Item 'C:\\x'",
        '+   ~~~~~~~~~~~~~~~',
        '    + CategoryInfo          : ObjectNotFound: (C:\\x:String) [Get-Item], ItemNotFoundException',
        '    + FullyQualifiedErrorId : PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand',
        ' ',
        '',
      ].join('\n'),
    );
  });

  it('Write-Error at top level prefixes the invocation', async () => {
    const r = await run("Write-Error 'bad'");
    expect(lines(r.stderr)).toBe(
      [
        "Write-Error 'bad' : bad",
        'At line:1 char:1',
        "+ Write-Error 'bad'",
        '+ ~~~~~~~~~~~~~~~~~',
        '    + CategoryInfo          : NotSpecified: (:) [Write-Error], WriteErrorException',
        '    + FullyQualifiedErrorId : Microsoft.PowerShell.Commands.WriteErrorException',
      ].join('\n'),
    );
  });

  it('reports errors on the second line of a script with that line', async () => {
    const r = await run("'ok'\n  Get-Nope -x");
    expect(lines(r.stderr).split('\n').slice(1, 4)).toEqual(['At line:2 char:3', '+   Get-Nope -x', '+   ~~~~~~~~']);
  });
});
