/* File-name wildcards, as -SplitImageFilePattern matches them. */
import { nameMatcher } from '../../src/vfs/glob';

test('case-insensitive, dots ordinary, names only', () => {
  const m = nameMatcher('install*.swm');
  expect(['install.swm', 'INSTALL2.SWM', 'install-part3.swm'].every((n) => m(n))).toBe(true);
  expect(['install.wim', 'xinstall.swm', 'install.swm.bak'].some((n) => m(n))).toBe(false);
  expect(nameMatcher('*.swm')('.hidden.swm')).toBe(true);
  expect(nameMatcher('part?.swm')('part2.swm')).toBe(true);
  expect(nameMatcher('part?.swm')('part12.swm')).toBe(false);
  expect(['a.swm', 'b.wim'].filter(nameMatcher('*.SWM'))).toEqual(['a.swm']); // usable as a filter callback
});
