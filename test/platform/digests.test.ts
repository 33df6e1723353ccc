/*
 * The platform's digest door beyond SHA-1 (Get-FileHash): the Node.js adapter's SHA1/SHA256/SHA384/SHA512/MD5 match
 * node:crypto in pieces and whole; the browser adapter has SHA1 only and says so with undefined. And chmodSync, the
 * other addition for Set-ItemProperty, on both adapters' file systems.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { createNodeHost } from '../../src/platform/node/node-host';
import { createBrowserHost } from '../../src/platform/browser/browser-host';
import type { DigestAlgorithm } from '../../src/platform/types';

const data = new Uint8Array(70000).map((_, i) => (i * 7 + 3) & 255);

describe('createDigest', () => {
  const node = createNodeHost();
  it.each([
    ['SHA1', 'sha1'],
    ['SHA256', 'sha256'],
    ['SHA384', 'sha384'],
    ['SHA512', 'sha512'],
    ['MD5', 'md5'],
  ])('Node.js %s equals node:crypto, fed in pieces', (alg, nodeName) => {
    const d = node.createDigest(alg as DigestAlgorithm)!;
    d.update(data, 0, 10);
    d.update(data, 10, 50000);
    d.update(data, 50010, data.length - 50010);
    expect(Buffer.from(d.digest())).toEqual(createHash(nodeName).update(data).digest());
  });

  it('the browser adapter has SHA1 only', () => {
    const b = createBrowserHost();
    const d = b.createDigest('SHA1')!;
    d.update(data, 0, data.length);
    expect(Buffer.from(d.digest())).toEqual(createHash('sha1').update(data).digest());
    expect(b.createDigest('SHA256')).toBeUndefined();
  });
});

describe('chmodSync', () => {
  it('sets the permission bits on the host file system and in the browser memory file system', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-chmod-'));
    const f = path.join(dir, 'f');
    fs.writeFileSync(f, 'x');
    createNodeHost().fs.chmodSync(f, 0o444);
    expect(fs.statSync(f).mode & 0o777).toBe(0o444);
    const b = createBrowserHost();
    b.fs.writeFileSync('/f', 'x');
    b.fs.chmodSync('/f', 0o400);
    expect(b.fs.statSync('/f').mode & 0o7777).toBe(0o400);
    expect(b.fs.statSync('/f').isFile()).toBe(true);
  });
});
