/*
 * Torture slice, readers: mutated WIMs, split sets and ESDs through Get-WindowsImage, Get-WindowsImageContent and
 * dism.exe /Get-WimInfo; mutated ISOs through Mount-DiskImage and the volume; a mutated SOFTWARE hive through a
 * capture that reads it; images with path-traversal names through Expand, Mount and Export. Every trial ends in
 * success or a clean error record, within 10 s, writing nothing outside its target.
 */
import { allZero, badColumns, SEED, torture } from './slice';

test('mutated inputs through the reading cmdlets: no unclean error, stack trace, crash, hang, escape or leftover', async () => {
  const s = torture.SLICE;
  const res = await torture.runTorture({
    seed: SEED,
    campaigns: ['get', 'content', 'dism-info', 'iso', 'hive', 'traversal'],
    counts: s,
    keep: 0,
  });
  const rows = res.rows.filter((r) => !r.skipped);
  // Every campaign ran its trials (a campaign skipped for a missing tool says so in the table instead).
  expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['get', 'content', 'dism-info', 'traversal']));
  expect(rows.find((r) => r.name === 'get')!.trials).toBe(s.reads);
  expect(badColumns(res)).toEqual(allZero(res));
}, 240000);
