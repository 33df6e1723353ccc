/*
 * [ref] (PSReference): `[ref]$x` refers to the variable itself, so a .NET out parameter ([int]::TryParse) and a
 * function's [ref] parameter write the caller's variable; `[ref]5` holds a value of its own. Expected lines are what
 * the real engine prints (checked with `npm run oracle`).
 */
import { out, tempDrive } from '../helpers';

beforeAll(() => {
  tempDrive();
});

test('TryParse writes through [ref]: the value when it parses, the type zero and $false when not', async () => {
  expect(await out("$n = 0; [int]::TryParse('42', [ref]$n); $n; $m = 7; [int]::TryParse('x', [ref]$m); $m")).toBe('True\n42\nFalse\n0');
  expect(await out("$l = 0L; [long]::TryParse('9000000000', [ref]$l); $l")).toBe('True\n9000000000');
});

test('a reference to a value, and a function writing its caller\'s variable through a [ref] parameter', async () => {
  expect(await out('$r = [ref]5; $r.Value; $r.Value = 6; $r.Value; $r.GetType().FullName')).toBe('5\n6\nSystem.Management.Automation.PSReference');
  expect(await out("function Set-It([ref]$target) { $target.Value = 'set' }; $s = 'old'; Set-It ([ref]$s); $s")).toBe('set');
});
