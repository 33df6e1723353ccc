/*
 * The public API: WIM facts, DISM-shaped image info, image selection errors, content listing against
 * `wimlib-imagex dir`, integrity tables (checked, recomputed, mismatched) and full verification.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getWimInfo, listImages, getImageInfo, resolveImage, listImageContent, verifyWim, checkIntegrity, openWim, WimError, WimErrorCode } from '../../../src/formats/wim/index';
import { computeIntegrityTable, readIntegrityTable } from '../../../src/formats/wim/integrity';
import { getFixtures } from './fixtures/make-fixtures';
import { canRead } from './helpers';
import { coreHresult, printedCode, systemMessage } from '../../../src/dism/errors';

const fx = getFixtures();
const P = (f: string): string => path.join(fx.dir, f);
let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-api-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function expectWimError(fn: () => unknown, code: WimErrorCode, hresult?: number): WimError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WimError);
    expect((e as WimError).code).toBe(code);
    if (hresult !== undefined) expect(coreHresult((e as WimError).code)).toBe(hresult);
    return e as WimError;
  }
  throw new Error(`expected WimError ${code}`);
}

test('getWimInfo describes the file as wimlib does', () => {
  const wim = openWim(P('multi-solid.esd'));
  try {
    const info = getWimInfo(wim);
    expect(info).toMatchObject({ imageCount: 2, version: 0xe00, solid: true, compression: 'LZMS', bootIndex: 2, partNumber: 1, totalParts: 1, hasIntegrityTable: false });
    expect(info.guid).toMatch(/^[0-9a-f]{32}$/);
    expect(info.fileSize).toBe(fs.statSync(P('multi-solid.esd')).size);
  } finally {
    wim.close();
  }
});

test('listImages gives the Get-WindowsImage fields from the XML', () => {
  const wim = openWim(P('multi-xpress.wim'));
  try {
    const [a, b] = listImages(wim);
    expect(a).toMatchObject({ ImageIndex: 1, ImageName: 'Image One', ImageDescription: 'First image', ImageBootable: false, WIMBoot: false, Architecture: '', Version: '' });
    expect(b).toMatchObject({ ImageIndex: 2, ImageName: 'Image Two', ImageDescription: 'Second image, modified', ImageBootable: true });
    expect(a.ImageSize).toBe(wim.images[0].totalBytes);
    expect(a.DirectoryCount).toBe(wim.images[0].dirCount);
    expect(a.CreatedTime).toBeInstanceOf(Date);
    expect(Math.abs((a.CreatedTime as Date).getTime() - Date.now())).toBeLessThan(7 * 24 * 3600 * 1000);
    expect(getImageInfo(wim, { name: 'image two' }).ImageIndex).toBe(2);
  } finally {
    wim.close();
  }
});

test('a missing image is ImageNotFound with DISM 0x80070057 "The parameter is incorrect."', () => {
  const wim = openWim(P('none.wim'));
  try {
    const e = expectWimError(() => resolveImage(wim, { index: 3 }), WimErrorCode.ImageNotFound, 0x80070057);
    expect(systemMessage(coreHresult(e.code))).toBe('The parameter is incorrect.');
    expect(printedCode(coreHresult(e.code))).toBe('87');
    expectWimError(() => resolveImage(wim, { name: 'nope' }), WimErrorCode.ImageNotFound);
    expectWimError(() => wim.loadImage(0), WimErrorCode.ImageNotFound);
  } finally {
    wim.close();
  }
});

test.each(['none.wim', 'xpress.wim', 'split.swm'])('listImageContent of %s lists what wimlib-imagex dir lists', (file) => {
  const form = fx.forms.find((f) => f.file === file)!;
  const wim = openWim(P(file), { splitPattern: form.splitPattern });
  try {
    const ours = listImageContent(wim, 1).map((e) => e.path);
    const theirs = execFileSync('wimlib-imagex', ['dir', P(file), '1', ...(form.splitPattern ? [`--ref=${form.splitPattern}`] : [])], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l && l !== '/')
      .map((l) => l.replace(/\//g, '\\'));
    expect(ours).toEqual(theirs);
    expect(listImageContent(wim, 1).find((e) => e.path === '\\dir1\\dir2')?.isDirectory).toBe(true);
  } finally {
    wim.close();
  }
});

test('an integrity table is checked, and recomputed byte for byte', () => {
  const wim = openWim(P('check.wim'), { checkIntegrity: true });
  try {
    expect(checkIntegrity(wim)).toBe('ok');
    const part = wim.parts[0];
    const table = readIntegrityTable(part.file, part.header)!;
    const end = part.header.blobTable.offsetInWim + part.header.blobTable.sizeInWim;
    const again = computeIntegrityTable((buf, len, pos) => part.file.readInto(buf, 0, len, pos), end, table.chunkSize);
    const stored = part.file.read(part.header.integrityTable.offsetInWim, part.header.integrityTable.sizeInWim);
    expect(Buffer.from(again).equals(Buffer.from(stored))).toBe(true);
  } finally {
    wim.close();
  }
  const plain = openWim(P('xpress.wim'), { checkIntegrity: true });
  expect(checkIntegrity(plain)).toBe('none');
  plain.close();
});

test('a flipped byte under the integrity table fails -CheckIntegrity', () => {
  const copy = path.join(work, 'check-flipped.wim');
  const buf = fs.readFileSync(P('check.wim'));
  buf[1000] ^= 0x40;
  fs.writeFileSync(copy, buf);
  expectWimError(() => openWim(copy, { checkIntegrity: true }), WimErrorCode.IntegrityCheckFailed, 0x8007000d);
  const wim = openWim(copy);
  expect(checkIntegrity(wim)).toBe('mismatch');
  wim.close();
});

test.each(fx.forms.filter(canRead).map((f) => f.file))('verifyWim reads every blob of %s', (file) => {
  const form = fx.forms.find((f) => f.file === file)!;
  const wim = openWim(P(file), { splitPattern: form.splitPattern });
  try {
    let last = 0;
    verifyWim(wim, (done) => (last = done));
    expect(last).toBeGreaterThan(1_000_000);
  } finally {
    wim.close();
  }
});
