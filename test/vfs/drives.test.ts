import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolvePath, expandWindowsEnv, driveRoot, isDrivePath, DriveMapEnv } from '../../src/vfs/drives';

describe('drive map', () => {
  let tmp: string;
  let e: DriveMapEnv;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-drives-'));
    e = { env: { WIMSH_DRIVE_D: path.join(tmp, 'dvd'), WIMSH_HOME: path.join(tmp, 'home') }, homedir: '/home/nobody', cwd: tmp };
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('a mapped drive letter resolves through WIMSH_DRIVE_<L>', () => {
    expect(resolvePath('D:\\sources\\install.esd', e)).toBe(path.join(tmp, 'dvd', 'sources', 'install.esd'));
    expect(resolvePath('d:/sources/install.esd', e)).toBe(path.join(tmp, 'dvd', 'sources', 'install.esd'));
  });

  test('an unmapped drive resolves under $WIMSH_HOME/drives/<letter>', () => {
    expect(resolvePath('C:\\out\\install.wim', e)).toBe(path.join(tmp, 'home', 'drives', 'c', 'out', 'install.wim'));
    expect(driveRoot('Z', e)).toBe(path.join(tmp, 'home', 'drives', 'z'));
  });

  test('WIMSH_HOME defaults to ~/.wimsh', () => {
    const bare = { env: {}, homedir: '/home/u', cwd: '/' };
    expect(resolvePath('C:\\x\\y.wim', bare)).toBe('/home/u/.wimsh/drives/c/x/y.wim');
  });

  test('components match case-insensitively where no exact match exists', () => {
    fs.mkdirSync(path.join(tmp, 'dvd', 'Sources'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'dvd', 'Sources', 'Install.WIM'), '');
    expect(resolvePath('D:\\SOURCES\\install.wim', e)).toBe(path.join(tmp, 'dvd', 'Sources', 'Install.WIM'));
    // a component that matches nothing is kept as written, and so is everything after it
    expect(resolvePath('D:\\sources\\New\\Out.wim', e)).toBe(path.join(tmp, 'dvd', 'Sources', 'New', 'Out.wim'));
  });

  test('an exact match wins over a case-insensitive one', () => {
    fs.mkdirSync(path.join(tmp, 'dvd', 'a'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'dvd', 'A'), { recursive: true });
    expect(resolvePath('D:\\A', e)).toBe(path.join(tmp, 'dvd', 'A'));
    expect(resolvePath('D:\\a', e)).toBe(path.join(tmp, 'dvd', 'a'));
  });

  test('.. never climbs above the drive root', () => {
    expect(resolvePath('D:\\..\\..\\etc\\passwd', e)).toBe(path.join(tmp, 'dvd', 'etc', 'passwd'));
    expect(resolvePath('D:\\x\\..\\y', e)).toBe(path.join(tmp, 'dvd', 'y'));
  });

  test('POSIX and relative paths are used as they are', () => {
    expect(resolvePath('/tmp/x.wim', e)).toBe('/tmp/x.wim');
    expect(resolvePath('out/x.wim', e)).toBe(path.join(tmp, 'out', 'x.wim'));
  });

  test('Windows-form relative paths use backslash as the separator', () => {
    expect(resolvePath('.\\a.wim', e)).toBe(path.join(tmp, 'a.wim'));
    expect(resolvePath('sub\\a.wim', e)).toBe(path.join(tmp, 'sub', 'a.wim'));
    expect(resolvePath('..\\a.wim', e)).toBe(path.join(path.dirname(tmp), 'a.wim'));
  });

  test('%WINDIR% is C:\\Windows', () => {
    expect(expandWindowsEnv('%WINDIR%\\Logs\\DISM\\dism.log', {})).toBe('C:\\Windows\\Logs\\DISM\\dism.log');
    expect(expandWindowsEnv('%windir%', {})).toBe('C:\\Windows');
    expect(resolvePath('%WINDIR%\\Logs\\DISM\\dism.log', e)).toBe(
      path.join(tmp, 'home', 'drives', 'c', 'Windows', 'Logs', 'DISM', 'dism.log'),
    );
  });

  test('other %NAME% references come from the environment, unknown ones stay', () => {
    expect(expandWindowsEnv('%FOO%\\x', { FOO: 'D:' })).toBe('D:\\x');
    expect(expandWindowsEnv('%NOPE%\\x', {})).toBe('%NOPE%\\x');
  });

  test('isDrivePath recognises drive-qualified paths only', () => {
    expect(isDrivePath('C:\\x')).toBe(true);
    expect(isDrivePath('c:')).toBe(true);
    expect(isDrivePath('/c/x')).toBe(false);
    expect(isDrivePath('.\\x')).toBe(false);
  });
});
