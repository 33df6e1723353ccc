/*
 * Torture slice, writers: mutated sources through Expand-, Export- (new file and append), Split-, Remove-,
 * Mount-/Dismount-WindowsImage and dism.exe /Export-Image. A write that succeeds leaves a file wimlib-imagex
 * verifies (an append one image more, its old ones intact); one that fails leaves the destination as it was. An
 * apply past the platform's path limit fails with the real reason (the path is too long).
 */
import { allZero, badColumns, SEED, torture } from './slice';

test('mutated sources through the writing cmdlets: no corrupt destination, leftover, crash or hang', async () => {
  const res = await torture.runTorture({
    seed: SEED,
    campaigns: ['expand', 'export', 'append', 'dism-export', 'split', 'remove', 'mount', 'long-path'],
    counts: torture.SLICE,
    keep: 0,
  });
  expect(res.total.trials).toBe(7 * torture.SLICE.writes + torture.SLICE.longPath);
  expect(badColumns(res)).toEqual(allZero(res));
}, 240000);
