/*
 * Select-Object -Unique compares what it writes (5.1's FilteredWriteObject), so with -ExpandProperty each value comes
 * once; the comparison is case-sensitive in 5.1.
 */
import { out, tempDrive } from '../../lang/helpers';

beforeAll(() => {
  tempDrive();
});

test('-ExpandProperty X -Unique gives each value of X once, in first-seen order', async () => {
  const objs = "$o = @([pscustomobject]@{E='.wim'; N=1}, [pscustomobject]@{E='.esd'; N=2}, [pscustomobject]@{E='.wim'; N=3}, [pscustomobject]@{E='.WIM'; N=4}); ";
  expect(await out(objs + '$o | Select-Object -ExpandProperty E -Unique')).toBe('.wim\n.esd\n.WIM');
  expect(await out(objs + '($o | Select-Object -ExpandProperty N -Unique).Count')).toBe('4');
});

test('-Unique on plain values and with -First still works', async () => {
  expect(await out("1, 2, 2, 3, 1 | Select-Object -Unique; 'a', 'b', 'a' | Select-Object -Unique -First 2")).toBe('1\n2\n3\na\nb');
});
