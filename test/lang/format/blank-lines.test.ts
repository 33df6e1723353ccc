/*
 * The blank lines and grouping of Windows PowerShell 5.1's Out-Default (BaseOutputtingCommand in the 5.1 sources;
 * PowerShell 6.2 removed the group start/end lines, so 7.x shows fewer): a table has one blank line before and two
 * after, a list two before, one between entries and three after; strings arriving while a table is open are
 * written in place without closing it; objects of the same type share the first one's columns; an object of
 * another type's view inside an open format is written out of band as a list.
 */
import { formatObjects, formatAsTable, registerView, OutDefault } from '../../../src/lang/format/format';
import { PSObject } from '../../../src/lang/types/values';
import { out, run, tempDrive } from '../helpers';

beforeAll(() => {
  tempDrive();
});

describe("5.1's blank lines", () => {
  it('a table: one blank line before, two after', () => {
    expect(formatObjects([new PSObject({ A: 1, B: 'x' })])).toBe('\nA B\n- -\n1 x\n\n\n');
  });

  it('a list: two blank lines before, one between entries, three after', () => {
    const o = (n: number) => new PSObject({ A: n, B: 2, C: 3, D: 4, E: 5 });
    expect(formatObjects([o(1), o(2)])).toBe('\n\nA : 1\nB : 2\nC : 3\nD : 4\nE : 5\n\nA : 2\nB : 2\nC : 3\nD : 4\nE : 5\n\n\n\n');
  });

  it('Format-Table and Format-List write the same layout', async () => {
    expect((await run("[pscustomobject]@{A=1} | Format-Table; 'end'")).stdout).toBe('\nA\n-\n1\n\n\nend\n');
    expect((await run("[pscustomobject]@{A=1} | Format-List; 'end'")).stdout).toBe('\n\nA : 1\n\n\n\nend\n');
  });
});

describe("5.1's grouping", () => {
  it('a string inside an open table is written in place; the table ends after it', () => {
    const t = formatObjects([new PSObject({ A: 1 }), 'between', new PSObject({ A: 2 })]);
    expect(t).toBe('\nA\n-\n1\nbetween\n2\n\n\n');
  });

  it('a later object of the same type keeps the first columns, even with other properties', () => {
    const t = formatObjects([new PSObject({ A: 1, B: 'x' }), new PSObject({ A: 2, B: 'y', C: 3, D: 4, E: 5 })]);
    expect(t).toBe('\nA B\n- -\n1 x\n2 y\n\n\n');
  });

  it('an object of another type inside an open table is written out of band as a list', () => {
    const other = new PSObject({ Count: 2, Name: 'n' }, ['Some.Other.Type', 'System.Object']);
    expect(formatObjects([new PSObject({ A: 1 }), other])).toBe('\nA\n-\n1\n\nCount : 2\nName  : n\n\n\n\n');
  });
});

describe('Format-Table without properties', () => {
  it("makes a table of a type whose default view is a list (a Dism result), from the view's properties", () => {
    registerView('Test.ListViewed', { kind: 'list', columns: ['ImageIndex', 'ImageName'] });
    const image = (i: number, n: string) => new PSObject({ ImageIndex: i, ImageName: n, Extra: 'x' }, ['Test.ListViewed', 'System.Object']);
    expect(formatObjects([image(1, 'Home')])).toBe('\n\nImageIndex : 1\nImageName  : Home\n\n\n\n');
    expect(formatAsTable([image(1, 'Home'), image(2, 'Pro')])).toBe('\nImageIndex ImageName\n---------- ---------\n         1 Home\n         2 Pro\n\n\n');
  });

  it('Measure-Object | Format-Table gives the measure as a table row', async () => {
    expect(await out('1,2 | Measure-Object | Format-Table')).toBe('Count Average Sum Maximum Minimum Property\n----- ------- --- ------- ------- --------\n    2');
  });

  it('makes a table of an object with five or more properties', () => {
    expect(formatAsTable([new PSObject({ A: 1, B: 2, C: 3, D: 4, E: 5 })])).toBe('\nA B C D E\n- - - - -\n1 2 3 4 5\n\n\n');
  });
});

describe("Group-Object's table", () => {
  it('Count right-aligned in 5 columns, Name in 25', async () => {
    expect(await out("'b','a','b' | Group-Object")).toBe(
      ['Count Name                      Group', '----- ----                      -----', '    2 b                         {b, b}', '    1 a                         {a}'].join('\n'),
    );
  });
});

describe('Out-Default writes as output comes', () => {
  it('a list entry is written when it arrives; the end lines at flush', () => {
    let text = '';
    const sink = new OutDefault((t) => (text += t));
    sink.push(new PSObject({ A: 1, B: 2, C: 3, D: 4, E: 5 }));
    expect(text).toBe('\n\nA : 1\nB : 2\nC : 3\nD : 4\nE : 5\n\n');
    sink.push('between');
    expect(text.endsWith('\nbetween\n')).toBe(true);
    sink.flush();
    expect(text.endsWith('between\n\n\n')).toBe(true);
  });

  it('a table gathers its rows for a moment (widths fit them), then streams with those widths', async () => {
    let text = '';
    const sink = new OutDefault((t) => (text += t));
    sink.push(new PSObject({ Name: 'a', Size: 1 }));
    sink.push(new PSObject({ Name: 'bbbb', Size: 22 }));
    expect(text).toBe('');
    await new Promise((r) => setTimeout(r, 350));
    sink.push('working...');
    expect(text).toBe('\nName Size\n---- ----\na       1\nbbbb   22\nworking...\n');
    sink.push(new PSObject({ Name: 'c', Size: 3 }));
    sink.flush();
    expect(text.endsWith('working...\nc       3\n\n\n')).toBe(true);
  });
});
