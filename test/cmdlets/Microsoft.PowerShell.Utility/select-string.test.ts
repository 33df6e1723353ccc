/*
 * Select-String as 5.1 runs it: MatchInfo objects (Line, LineNumber, Matches, Path, Filename, Pattern), files from
 * -Path wildcards through the drive map or FileInfo objects from the pipeline, strings from the pipeline, and the
 * MatchInfo display (`path:n:line` relative to the current location; `> ` and `  ` with -Context).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { out, run, tempDrive } from '../../lang/helpers';

let C = '';
beforeEach(() => {
  C = tempDrive();
  fs.mkdirSync(path.join(C, 'x'));
  fs.writeFileSync(path.join(C, 'x', 'a.txt'), 'alpha\r\nbeta error one\r\ngamma\r\nERROR two error\r\n');
  fs.writeFileSync(path.join(C, 'x', 'b.log'), 'nothing here\n');
});

describe('Select-String', () => {
  it('finds lines in files named by wildcard, shown path:line:text relative to the location', async () => {
    expect(await out('Set-Location C:\\x; Select-String -Path C:\\x\\* -Pattern error')).toBe('a.txt:2:beta error one\na.txt:4:ERROR two error');
    expect(await out('Set-Location C:\\; Select-String -Path C:\\x\\a.txt -Pattern gamma')).toBe('x\\a.txt:3:gamma');
  });

  it('gives MatchInfo members: Line, LineNumber, Filename, Path, Pattern, Matches (-AllMatches: every match)', async () => {
    const script = "$m = Select-String -Path C:\\x\\a.txt -Pattern 'e(rr)or' -AllMatches; $m.Count; $m[1].Line; $m[1].LineNumber; $m[1].Filename; $m[1].Path; $m[1].Pattern; $m[1].Matches.Count; $m[1].Matches[0].Value; $m[1].Matches[0].Index; $m[1].Matches[0].Groups[1].Value; \"$($m[0])\"";
    expect(await out(script)).toBe('2\nERROR two error\n4\na.txt\nC:\\x\\a.txt\ne(rr)or\n2\nERROR\n0\nRR\nC:\\x\\a.txt:2:beta error one');
  });

  it('-CaseSensitive, -SimpleMatch, -NotMatch and -List', async () => {
    expect(await out("(Select-String -Path C:\\x\\a.txt -Pattern ERROR -CaseSensitive).LineNumber")).toBe('4');
    expect(await out("(Select-String -Path C:\\x\\a.txt -Pattern 'e.r' -SimpleMatch) -eq $null")).toBe('True');
    expect(await out("(Select-String -Path C:\\x\\a.txt -Pattern error -NotMatch).LineNumber")).toBe('1\n3');
    expect(await out("(Select-String -Path C:\\x\\a.txt -Pattern error -List).LineNumber")).toBe('2');
  });

  it('-Quiet answers True, or False when no file matched', async () => {
    expect(await out('Select-String -Path C:\\x\\* -Pattern beta -Quiet')).toBe('True');
    expect(await out('Select-String -Path C:\\x\\* -Pattern zzz -Quiet')).toBe('False');
  });

  it('-Context shows the lines around a match, the match marked with >', async () => {
    expect(await out('Set-Location C:\\x; Select-String -Path .\\a.txt -Pattern gamma -Context 1')).toBe(
      '  a.txt:2:beta error one\n> a.txt:3:gamma\n  a.txt:4:ERROR two error',
    );
    expect(await out('(Select-String -Path C:\\x\\a.txt -Pattern gamma -Context 2,0).Context.PreContext')).toBe('alpha\nbeta error one');
  });

  it('searches strings from the pipeline (numbered by input) and FileInfo objects from Get-ChildItem', async () => {
    expect(await out("'x1', 'y2', 'x3' | Select-String x")).toBe('x1\nx3');
    expect(await out("('x1', 'y2', 'x3' | Select-String x)[1].LineNumber")).toBe('3');
    expect(await out('(Get-ChildItem C:\\x\\*.txt | Select-String two).LineNumber')).toBe('4');
  });

  it('a path that names nothing is the path-not-found error', async () => {
    const r = await run('Select-String -Path C:\\x\\none.txt -Pattern a');
    expect(r.stderr).toContain("Cannot find path 'C:\\x\\none.txt' because it does not exist.");
  });
});

describe('Select-String -Context on pipeline text', () => {
  it('takes the context from the inputs before and after a match', async () => {
    expect(await out("'a', 'b', 'MATCH', 'c', 'd' | Select-String MATCH -Context 1,2")).toBe('  b\n> MATCH\n  c\n  d');
    expect(await out("('a', 'MATCH' | Select-String MATCH -Context 1,5).Context.PostContext.Count")).toBe('0');
  });
});
