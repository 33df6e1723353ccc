/*
 * UDF 2.50 and 2.60 volumes with a metadata partition, holding files: built at test time by our own builder
 * (udf250-builder.ts; no tool on the machine writes files into one without mounting), then read by the reader as
 * 7-Zip reads them: listings equal `7zz l`, every file equal byte for byte to the tree and to what `7zz x` extracts,
 * and the setup script pattern (Mount-DiskImage, the letter from Get-Volume, Export-WindowsImage by name) run on one.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HostFile } from '../../../src/vfs/file';
import { ImageVolume } from '../../../src/vfs/image-volume';
import { hasUdf, readUdf } from '../../../src/formats/udf/udf';
import { buildIsoFixtures, flatten, listWith7z, readInPlace, removeFixtures, type IsoFixtures, DEEP, UNICODE } from '../iso9660/iso-fixtures';
import { buildUdf250, type Udf250Options } from './udf250-builder';
import { expectValidWim, sandbox, wimlib } from '../../cmdlets/Dism/helpers';

let fx: IsoFixtures;
const images: Record<string, string> = {};
const VARIANTS: Record<string, Udf250Options> = {
  // UDF 2.50, extended file entries, each file one extent.
  '2.50 extended entries': { label: 'UDF250_EFE', revision: 0x0250 },
  // UDF 2.60, plain file entries, files cut into 1 MiB extents, files up to 100 bytes embedded in their entry.
  '2.60 plain entries, many extents, embedded data': { label: 'UDF260_FE', revision: 0x0260, plainEntries: true, maxExtent: 1 << 20, embedUpTo: 100 },
  // 64 KiB extents: the 24 MiB file's 384 long_ads continue in allocation extent descriptors (tag 258), in the
  // metadata partition. 7-Zip 23 refuses those ("Unsupported Method"), so this one is checked against the tree only.
  '2.50 allocation extent descriptors': { label: 'UDF250_AED', revision: 0x0250, maxExtent: 64 << 10 },
};
/** The variants 7-Zip reads, checked against its listing and extraction too. */
const SEVEN_ZIP_READS = (variant: string) => !VARIANTS[variant].label.endsWith('_AED');

beforeAll(() => {
  fx = buildIsoFixtures();
  for (const [name, opts] of Object.entries(VARIANTS)) {
    images[name] = path.join(fx.dir, `${opts.label}.img`);
    buildUdf250(fx.tree, images[name], opts);
  }
});
afterAll(() => removeFixtures(fx));

describe.each(Object.keys(VARIANTS))('a UDF %s volume with a metadata partition', (variant) => {
  // (The extent-descriptor variant against 7-Zip's listing of the same tree in the first variant.)
  it('lists exactly as 7zz l lists it, with its label', () => {
    const image = images[variant];
    const file = new HostFile(image);
    try {
      expect(hasUdf(file)).toBe(true);
      const udf = readUdf(file, image);
      expect(udf.fileSystem).toBe('UDF');
      expect(udf.label).toBe(VARIANTS[variant].label);
      const listed = flatten(udf.root);
      expect(listed).toEqual(listWith7z(SEVEN_ZIP_READS(variant) ? image : images['2.50 extended entries']));
      expect(listed.map((e) => e.path)).toEqual(expect.arrayContaining([`${DEEP}/deep.txt`, `sources/${UNICODE}`, 'empty.txt', 'sources/install.wim']));
    } finally {
      file.close();
    }
  });

  it('reads every file byte for byte, equal to the tree and to what 7zz x extracts', () => {
    const image = images[variant];
    const out = path.join(fx.dir, `x-${VARIANTS[variant].label}`);
    if (SEVEN_ZIP_READS(variant)) execFileSync('7zz', ['x', '-y', '-bso0', '-bsp0', `-o${out}`, image]);
    const file = new HostFile(image);
    try {
      const vol = new ImageVolume(file, readUdf(file, image));
      const entries = flatten(vol.fs.root).filter((x) => !x.dir);
      expect(entries.length).toBe(7);
      for (const e of entries) {
        const want = fs.readFileSync(path.join(fx.tree, e.path));
        if (SEVEN_ZIP_READS(variant)) expect(fs.readFileSync(path.join(out, e.path)).equals(want)).toBe(true);
        expect(readInPlace(vol, e.path, want.length).equals(want)).toBe(true);
      }
    } finally {
      file.close();
    }
  });
});

test('the setup script pattern runs on a UDF 2.50 image: mount, find the letter, export by name, dismount', () => {
  const sb = sandbox('udf250');
  try {
    fs.copyFileSync(images['2.50 extended entries'], path.join(sb.c, 'bd.iso'));
    const r = sb.run(
      [
        "$isoPath = 'C:\\bd.iso'",
        '$iso = Mount-DiskImage -ImagePath $isoPath -PassThru',
        '$d = ($iso | Get-Volume).DriveLetter',
        '(Get-Volume -DriveLetter $d).FileSystemLabel',
        'Get-Content "${d}:\\readme.txt"',
        'Export-WindowsImage -SourceImagePath "${d}:\\sources\\install.wim" -SourceName "Windows 10 Home" -DestinationImagePath C:\\install.wim -CompressionType max | Out-Null',
        'Dismount-DiskImage -ImagePath $isoPath | Out-Null',
        '(Get-DiskImage -ImagePath $isoPath).Attached',
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('UDF250_EFE\nhello from the disc\nFalse\n');
    expectValidWim(sb.cpath('install.wim'));
    expect(wimlib('info', sb.cpath('install.wim'))).toMatch(/Name:\s+Windows 10 Home/);
  } finally {
    sb.cleanup();
  }
});
