/*
 * [regex]'s static methods as .NET has them: case-sensitive unless a RegexOptions argument says IgnoreCase (unlike
 * the -match/-replace operators), and Matches listing every match with its Value, Index and Length. Each expected
 * line is what the real engine prints (checked with `npm run oracle`).
 */
import { out, tempDrive } from '../helpers';

beforeAll(() => {
  tempDrive();
});

test('IsMatch, Match, Replace and Split match case-sensitively by default', async () => {
  expect(await out('[regex]::IsMatch("A","a"); [regex]::Replace("Aa","a","x"); [regex]::Match("Ab","a").Success; [regex]::Split("aXbxc","x") -join ","')).toBe(
    'False\nAx\nFalse\naXb,c',
  );
  expect(await out('[regex]::IsMatch("A","a","IgnoreCase"); [regex]::Replace("Aa","a","x","IgnoreCase")')).toBe('True\nxx');
});

test('Matches lists every match with its value, index and length; none is an empty list', async () => {
  const script = [
    "$m = [regex]::Matches('a1b22c','\\d+')",
    '$m.Count',
    '$m[1].Value',
    '$m[1].Index',
    '$m[1].Length',
    "($m | ForEach-Object { $_.Value }) -join ','",
    "[regex]::Matches('ab','x').Count",
    "[regex]::Matches('A1a2','a\\d', 'IgnoreCase').Count",
    '$m[0].Success',
  ].join('\n');
  expect(await out(script)).toBe('2\n22\n3\n2\n1,22\n0\n2\nTrue');
});

test('an empty match moves on one character', async () => {
  expect(await out("([regex]::Matches('ab','x*') | ForEach-Object { $_.Index }) -join ','")).toBe('0,1,2');
});
