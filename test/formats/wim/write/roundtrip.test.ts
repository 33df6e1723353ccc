/*
 * What wimlib cannot capture on Linux but every Windows image has: security descriptors, alternate data streams,
 * short names, attributes, tagged items (object IDs). A WIM holding them is written with the writer itself, checked by wimlib, then exported
 * (raw and recompressed); the exported metadata must read back identical.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportImage } from '../../../../src/formats/wim/ops/export';
import { imageStats, parseMetadata, serializeMetadata } from '../../../../src/formats/wim/metadata';
import { CompressionFormat } from '../../../../src/formats/codecs/codec';
import { hashHex, sha1 } from '../../../../src/formats/wim/sha1';
import { openWim } from '../../../../src/formats/wim/wim';
import {
  FILE_ATTRIBUTE_ARCHIVE,
  FILE_ATTRIBUTE_DIRECTORY,
  FILE_ATTRIBUTE_HIDDEN,
  FILE_ATTRIBUTE_SYSTEM,
  type Dentry,
  type OutDentry,
  type OutInode,
  dentryTaggedItems,
  sortTree,
  walkDentries,
} from '../../../../src/formats/wim/dentry';
import { bufferSource } from '../../../../src/formats/wim/io/write-resource';
import { WimWriter } from '../../../../src/formats/wim/write/writer';
import { makeImageElement } from '../../../../src/formats/wim/xml';
import { run, tmpDir } from './helpers';

/** A self-relative security descriptor: owner S-1-5-18, no DACL (SE_SELF_RELATIVE | SE_DACL_PRESENT unset). */
function securityDescriptor(rid: number): Uint8Array {
  const sd = new Uint8Array(20 + 12);
  const dv = new DataView(sd.buffer);
  sd[0] = 1; // revision
  dv.setUint16(2, 0x8000, true); // SE_SELF_RELATIVE
  dv.setUint32(4, 20, true); // owner offset
  sd.set([1, 1, 0, 0, 0, 0, 0, 5], 20); // SID revision 1, 1 sub-authority, NT authority
  dv.setUint32(28, rid, true);
  return sd;
}

const T = 132500000000000000n;

/** Tagged items after a dentry's names: an object ID (tag 1) and wimlib's UNIX data (tag 0x337DD873). */
const TAGGED_ITEMS = (() => {
  const b = Buffer.alloc(48);
  b.writeUInt32LE(1, 0);
  b.writeUInt32LE(16, 4);
  for (let i = 0; i < 16; i++) b[8 + i] = 0xa0 + i;
  b.writeUInt32LE(0x337dd873, 24);
  b.writeUInt32LE(16, 28);
  b.writeUInt32LE(1000, 32); // uid
  b.writeUInt32LE(1000, 36); // gid
  b.writeUInt32LE(0o100640, 40); // mode
  return new Uint8Array(b);
})();
const inode = (attributes: number, securityId: number, extra: Partial<OutInode> = {}): OutInode => ({
  attributes,
  securityId,
  creationTime: T,
  lastAccessTime: T + 10n,
  lastWriteTime: T + 20n,
  hardLinkGroupId: 0n,
  dataHash: null,
  dataSize: 0,
  namedStreams: [],
  ...extra,
});

function describe_(root: Dentry): string[] {
  const out: string[] = [];
  walkDentries(root, (d) => {
    const streams = d.streams
      .filter((s) => !(s.name === '' && s.hash.every((b) => b === 0)))
      .map((s) => `${s.type}:${s.name}:${hashHex(s.hash)}`)
      .sort();
    out.push([d.name, d.shortName, d.attributes, d.securityId, d.creationTime, d.lastAccessTime, d.lastWriteTime, d.hardLinkGroupId, streams.join(',')].join('|'));
  });
  return out.sort();
}

describe('metadata round trip', () => {
  let dir: string;
  beforeAll(() => (dir = tmpDir('roundtrip')));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps security descriptors, named streams, short names, attributes, tagged items and hard links through export', async () => {
    const src = path.join(dir, 'rich.wim');
    const w = WimWriter.createNew(src, CompressionFormat.None, 0, null);
    const blobs = [Buffer.from('main data of a file\n'), Buffer.from('[ZoneTransfer]\r\nZoneId=3\r\n'), Buffer.from('hard linked\n')];
    const hashes = blobs.map((b) => sha1(b));
    for (let i = 0; i < blobs.length; i++) await w.addBlob(bufferSource(blobs[i], hashes[i]), i === 2 ? 2 : 1, hashHex(hashes[i]));
    const linked = inode(FILE_ATTRIBUTE_ARCHIVE, 1, { dataHash: hashes[2], dataSize: blobs[2].length, hardLinkGroupId: 77n });
    const root: OutDentry = {
      name: '',
      shortName: '',
      inode: inode(FILE_ATTRIBUTE_DIRECTORY, 0),
      children: [
        {
          name: 'Program Files',
          shortName: 'PROGRA~1',
          inode: inode(FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_HIDDEN, 1),
          children: [
            {
              name: 'setup.exe',
              shortName: '',
              inode: inode(FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_SYSTEM, 2, {
                dataHash: hashes[0],
                dataSize: blobs[0].length,
                namedStreams: [{ name: 'Zone.Identifier', hash: hashes[1], size: blobs[1].length }],
                extra: TAGGED_ITEMS,
              }),
              children: null,
            },
            { name: 'a.txt', shortName: '', inode: linked, children: null },
          ],
        },
        { name: 'b.txt', shortName: '', inode: linked, children: null },
      ],
    };
    sortTree(root);
    await w.addMetadata(serializeMetadata([securityDescriptor(18), securityDescriptor(19), securityDescriptor(32)], root));
    const img = makeImageElement(undefined, { name: 'Rich', stats: imageStats(root), creationTime: T, lastModificationTime: T });
    await w.finish({ images: [img], bootIndex: 0, integrity: false });
    run('wimlib-imagex', ['verify', src]);
    const dirOut = run('wimlib-imagex', ['dir', src, '1', '--detailed']).out;
    expect(dirOut).toMatch(/Zone\.Identifier/);
    expect(dirOut).toMatch(/PROGRA~1/);

    const read = (p: string): { tree: string[]; sds: string[]; tagged: string[] } => {
      const wim = openWim(p);
      try {
        const entry = wim.metadataEntry(1);
        const buf = wim.reader.readAll(entry.res, entry.offsetInRes, entry.size, 1 << 30, 'metadata');
        const md = parseMetadata(buf);
        const tagged: string[] = [];
        walkDentries(md.root, (d) => {
          const t = dentryTaggedItems(buf, d.offset);
          if (t) tagged.push(`${d.name}:${Buffer.from(t).toString('hex')}`);
        });
        return { tree: describe_(md.root), sds: md.security.descriptors.map((d) => Buffer.from(d).toString('hex')), tagged };
      } finally {
        wim.close();
      }
    };
    const original = read(src);
    expect(original.sds).toHaveLength(3);
    expect(original.tagged).toEqual([`setup.exe:${Buffer.from(TAGGED_ITEMS).toString('hex')}`]);
    for (const compression of ['none', 'max'] as const) {
      const out = path.join(dir, `rich-${compression}.wim`);
      await exportImage({ source: src, sourceIndex: 1, destination: out, compression, threads: 1 });
      run('wimlib-imagex', ['verify', out]);
      run('7zz', ['t', out]);
      expect(read(out)).toEqual(original);
    }
  });
});
