/*
 * WimScript.ini configuration lists: sections, quoting, comments, encodings, anchored and name-only patterns,
 * wildcards inside a component, exceptions below an excluded directory, and DISM's default exclusions.
 */
import { DEFAULT_WIMSCRIPT, captureFilter, decodeWimScript, parseWimScript } from '../../src/dism/wimscript';
import { DismError } from '../../src/dism/errors';

const filter = (text: string) => captureFilter(parseWimScript(text));

test('anchored paths, names at any depth, wildcards within one component, case-insensitive', () => {
  const f = filter('[ExclusionList]\r\n\\Temp\r\n*.tmp\r\n"\\Program Files\\Big App"\r\n; a comment\r\n# another\r\n\\Users\\*\\Cache\r\n');
  expect(f.decide('\\Temp', true, false)).toBe('exclude');
  expect(f.decide('\\sub\\Temp', true, false)).toBe('keep');
  expect(f.decide('\\a\\b\\x.TMP', false, false)).toBe('exclude');
  expect(f.decide('\\a\\b\\x.tmpx', false, false)).toBe('keep');
  expect(f.decide('\\program files\\big app', true, false)).toBe('exclude');
  expect(f.decide('\\Users\\bob\\cache', true, false)).toBe('exclude');
  expect(f.decide('\\Users\\bob\\x\\Cache', true, false)).toBe('keep');
  // Inside an excluded directory everything is excluded.
  expect(f.decide('\\Temp\\a.txt', false, true)).toBe('exclude');
});

test('an exception keeps a path under an excluded directory, and the directories on its way', () => {
  const f = filter('[ExclusionList]\n\\Windows\\CSC\n[ExclusionException]\n\\Windows\\CSC\\keep\\me.txt\n');
  expect(f.decide('\\Windows\\CSC', true, false)).toBe('through');
  expect(f.decide('\\Windows\\CSC\\keep', true, true)).toBe('through');
  expect(f.decide('\\Windows\\CSC\\keep\\me.txt', false, true)).toBe('keep');
  expect(f.decide('\\Windows\\CSC\\keep\\other.txt', false, true)).toBe('exclude');
  expect(f.decide('\\Windows\\CSC\\v2.0.6', true, true)).toBe('exclude');
});

test('the compression exclusion list', () => {
  const f = filter('[CompressionExclusionList]\n*.mp3\nC:\\WINDOWS\\inf\\*.pnf\n');
  expect(f.storeUncompressed!('\\music\\a.MP3')).toBe(true);
  expect(f.storeUncompressed!('\\Windows\\INF\\x.pnf')).toBe(true);
  expect(f.storeUncompressed!('\\Windows\\INF\\sub\\x.pnf')).toBe(false);
  expect(f.decide('\\music\\a.mp3', false, false)).toBe('keep');
});

test('a line outside a section, or an unknown section, is error 87', () => {
  expect(() => parseWimScript('\\pagefile.sys\n')).toThrow(DismError);
  expect(() => parseWimScript('[Exclusions]\n\\x\n')).toThrow(DismError);
});

test('UTF-16 LE with a BOM, UTF-8, and single-byte files decode', () => {
  const text = '[ExclusionList]\r\n\\größe\r\n';
  const u16 = new Uint8Array(2 + text.length * 2);
  u16[0] = 0xff;
  u16[1] = 0xfe;
  for (let i = 0; i < text.length; i++) u16[2 + 2 * i] = text.charCodeAt(i);
  expect(decodeWimScript(u16)).toBe(text);
  expect(decodeWimScript(new TextEncoder().encode('\uFEFF' + text))).toBe(text);
  expect(decodeWimScript(Uint8Array.from([0x5c, 0x67, 0xf6]))).toBe('\\g\u00f6');
});

test("DISM's default list leaves out the page file, hibernation file and System Volume Information at the root only", () => {
  const f = filter(DEFAULT_WIMSCRIPT);
  for (const p of ['\\pagefile.sys', '\\hiberfil.sys', '\\swapfile.sys', '\\System Volume Information', '\\$Recycle.Bin', '\\Windows\\CSC']) {
    expect(f.decide(p, false, false)).toBe('exclude');
  }
  expect(f.decide('\\sub\\pagefile.sys', false, false)).toBe('keep');
  expect(f.decide('\\Windows\\System32', true, false)).toBe('keep');
});
