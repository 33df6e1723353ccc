/*
 * Torture slice, abused writers: exports and a capture killed with -9 mid-write (the file absent or verifying, the
 * next write succeeding at once, no temp file, lock or orphan tail after it); four writers at once on one
 * destination (each succeeds or gets the sharing violation; the file verifies with one image per success); a full
 * 20 MB tmpfs when running as root (skipped, with the reason in the row, otherwise).
 */
import { allZero, badColumns, SEED, torture } from './slice';

test('kill -9, concurrent writers and a full disk: no corrupt destination, leftover or blocked destination', async () => {
  const res = await torture.runTorture({ seed: SEED, campaigns: ['kill', 'concurrent', 'disk-full'], counts: torture.SLICE, keep: 0 });
  const kill = res.rows.find((r) => r.name === 'kill')!;
  expect(kill.trials).toBe(torture.SLICE.kill);
  // Two rounds (a new file, an existing one) of SLICE.writers writers each.
  expect(res.rows.find((r) => r.name === 'concurrent')!.trials).toBe(2 * torture.SLICE.writers);
  expect(badColumns(res)).toEqual(allZero(res));
}, 240000);
