/*
 * openWim against `wimlib-imagex info`: header facts (GUID, version, image count, compression, chunk size, parts,
 * boot index) and each image's XML (name, description, directory/file counts, total and hard link bytes, times).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { openWim } from '../../../src/formats/wim/wim';
import { compressionName, guidString } from '../../../src/formats/wim/header';
import { filetimeToDate } from '../../../src/formats/wim/xml';
import { getFixtures, WimForm } from './fixtures/make-fixtures';

function wimlibInfo(file: string, image?: number): Record<string, string>[] {
  const out = execFileSync('wimlib-imagex', ['info', file, ...(image ? [String(image)] : [])], { encoding: 'utf8' });
  const blocks: Record<string, string>[] = [{}];
  for (const line of out.split('\n')) {
    if (line.startsWith('Index:')) blocks.push({});
    const m = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line);
    if (m) blocks[blocks.length - 1][m[1]] = m[2].trim();
  }
  return blocks;
}

const fx = getFixtures();

describe.each(fx.forms.map((f) => [f.file, f] as [string, WimForm]))('info of %s', (file, form) => {
  // Opening reads only the header, the blob tables and the XML, all stored uncompressed: no decoder needed.
  const p = path.join(fx.dir, file);
  test('header and images match wimlib-imagex info', () => {
    const [hdr, ...imgs] = wimlibInfo(p);
    const wim = openWim(p, { splitPattern: form.splitPattern });
    try {
      expect('0x' + guidString(wim.header.guid)).toBe(hdr['GUID']);
      expect(String(wim.header.version)).toBe(hdr['Version']);
      expect(String(wim.imageCount)).toBe(hdr['Image Count']);
      expect(compressionName(wim.header.compression)).toBe(hdr['Compression']);
      expect(`${wim.header.chunkSize} bytes`).toBe(hdr['Chunk Size']);
      expect(`${wim.header.partNumber}/${wim.header.totalParts}`).toBe(hdr['Part Number']);
      expect(String(wim.header.bootIndex)).toBe(hdr['Boot Index']);
      expect(wim.images).toHaveLength(form.images);
      wim.images.forEach((img, i) => {
        const w = imgs[i];
        expect(String(img.index)).toBe(w['Index']);
        expect(img.name ?? '').toBe(w['Name']);
        expect(img.description ?? '').toBe(w['Description']);
        expect(String(img.dirCount)).toBe(w['Directory Count']);
        expect(String(img.fileCount)).toBe(w['File Count']);
        expect(String(img.totalBytes)).toBe(w['Total Bytes']);
        expect(String(img.hardLinkBytes)).toBe(w['Hard Link Bytes']);
        // wimlib-imagex prints strftime's "%a %b %d %H:%M:%S %Y UTC": the day of the month zero-padded ("Dec 07").
        const fmt = (d: Date): string => d.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, (_, wd, dd, mo, yy, tt) => `${wd} ${mo} ${String(Number(dd)).padStart(2, '0')} ${tt} ${yy} UTC`);
        expect(fmt(filetimeToDate(img.creationTime as bigint))).toBe(w['Creation Time']);
        expect(fmt(filetimeToDate(img.lastModificationTime as bigint))).toBe(w['Last Modification Time']);
      });
      if (form.boot !== undefined) expect(wim.header.bootIndex).toBe(form.boot);
    } finally {
      wim.close();
    }
  });
});
