import * as fs from 'node:fs';
import * as path from 'node:path';
import { lockDestination } from '../../../../src/formats/wim/write/lock';
import { tmpDir } from './helpers';

describe('lockDestination', () => {
  it('keeps a long-held lock fresh (not compromised), refuses a second holder, and releases it', async () => {
    const dir = tmpDir('lock');
    try {
      const wim = path.join(dir, 'x.wim');
      const compromised: Error[] = [];
      const release = await lockDestination(wim, { staleMs: 5000, onCompromised: (e) => compromised.push(e) });
      expect(fs.existsSync(wim + '.lock')).toBe(true);
      await expect(lockDestination(wim, { staleMs: 5000 })).rejects.toThrow(/being used by another process/);
      // The lock's mtime is refreshed every 2.5 s; hold it past one refresh.
      await new Promise((r) => setTimeout(r, 3200));
      expect(compromised).toEqual([]);
      await release();
      expect(fs.existsSync(wim + '.lock')).toBe(false);
      const again = await lockDestination(wim);
      await again();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over a lock left by a killed writer once it is stale', async () => {
    const dir = tmpDir('stale');
    try {
      const wim = path.join(dir, 'x.wim');
      fs.mkdirSync(wim + '.lock');
      const old = new Date(Date.now() - 60_000);
      fs.utimesSync(wim + '.lock', old, old);
      const release = await lockDestination(wim, { staleMs: 5000 });
      await release();
      expect(fs.existsSync(wim + '.lock')).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
