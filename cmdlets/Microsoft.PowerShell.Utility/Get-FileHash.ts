/*
 * Get-FileHash (Microsoft.PowerShell.Utility): computes the hash value for a file by using a specified hash
 * algorithm. The file is read in 1 MiB pieces through the vfs (a mounted ISO's files too) into the platform's digest
 * door; the result is a FileHash object (Algorithm, Hash in upper-case hex, Path) shown as 5.1's table.
 */
import { defineCmdlet, type CmdletContext } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import type { DigestAlgorithm } from '../../src/platform/types';
import { PSObject } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { registerView } from '../../src/lang/format/format';
import { openFile } from '../../src/vfs/mounts';
import { statPath } from '../../src/vfs/vfs-fs';
import { strings, expandPath, displayFull, pathNotFound } from '../_shared/common';

const FILE_HASH = 'Microsoft.Powershell.Utility.FileHash';

// The FileHash view: Algorithm in 15 columns, Hash in 70 (room for SHA-256's 64 digits), then Path.
registerView(FILE_HASH, { kind: 'table', widths: [15, 70], columns: ['Algorithm', 'Hash', 'Path'] });

const ALGORITHMS = ['SHA1', 'SHA256', 'SHA384', 'SHA512', 'MACTripleDES', 'MD5', 'RIPEMD160'];

/** The hex digest of a file, or undefined when the host lacks the algorithm. */
export function hashFile(hostPath: string, algorithm: DigestAlgorithm): string | undefined {
  const d = host().createDigest(algorithm);
  if (!d) return undefined;
  const f = openFile(hostPath, 'r');
  try {
    const buf = new Uint8Array(1 << 20);
    for (let pos = 0; ; ) {
      const n = f.read(buf, 0, buf.length, pos);
      if (n <= 0) break;
      d.update(buf, 0, n);
      pos += n;
    }
  } finally {
    f.close();
  }
  let hex = '';
  for (const b of d.digest()) hex += b.toString(16).padStart(2, '0');
  return hex.toUpperCase();
}

function unavailable(ctx: CmdletContext, algorithm: string): void {
  const rec = ctx.error(`The ${algorithm} algorithm is not available in wimsh on this platform.`, 'AlgorithmNotSupported', 'NotImplemented', 'NotSupportedException', algorithm);
  rec.exception.fullName = 'System.NotSupportedException';
  ctx.throwTerminating(rec);
}

export const cmdlet = defineCmdlet({
  name: 'Get-FileHash',
  className: 'Microsoft.PowerShell.Commands.GetFileHashCommand',
  module: 'Microsoft.PowerShell.Utility',
  defaultParameterSetName: 'Path',
  outputType: [FILE_HASH],
  parameters: [
    { name: 'Path', type: 'String[]', sets: { Path: { mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'The files to hash; wildcards allowed.' },
    { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath'], sets: { LiteralPath: { mandatory: true, position: 0, valueFromPipelineByPropertyName: true } }, description: 'The files to hash, taken as typed.' },
    { name: 'InputStream', type: 'Object', sets: { StreamParameterSet: { mandatory: true, position: 0 } }, description: 'A stream to hash (not available in wimsh).' },
    { name: 'Algorithm', type: 'String', position: 1, validateSet: ALGORITHMS, description: 'SHA256 (the default), SHA1, SHA384, SHA512 or MD5.' },
  ],
  help: {
    'en-US': {
      synopsis: 'Computes the hash value for a file by using a specified hash algorithm.',
      description: ['Get-FileHash reads each file and writes an object with the algorithm, the hash as upper-case hexadecimal, and the full path. SHA256 is the default.'],
      examples: [{ title: 'Check a downloaded image against its published SHA-256', code: '(Get-FileHash D:\\sources\\install.wim).Hash' }],
    },
  },
  async process(ctx) {
    const algorithm = (ctx.params.Algorithm ?? 'SHA256').toUpperCase();
    if (ctx.params.InputStream !== undefined) {
      const rec = ctx.error('Hashing a stream (-InputStream) is not available in wimsh; give -Path.', 'StreamNotSupported', 'NotImplemented', 'NotSupportedException');
      ctx.throwTerminating(rec);
    }
    if (algorithm === 'MACTRIPLEDES' || algorithm === 'RIPEMD160') unavailable(ctx, algorithm);
    const literal = ctx.params.LiteralPath !== undefined;
    for (const p of strings(ctx.params.Path ?? ctx.params.LiteralPath)) {
      const items = expandPath(ctx, p, literal);
      if (!items.length) {
        ctx.writeError(pathNotFound(ctx, displayFull(ctx, p)));
        continue;
      }
      for (const it of items) {
        // 5.1 skips directories silently (it hashes only what it can open as a file).
        if (statPath(it.host).isDirectory()) continue;
        const hash = hashFile(it.host, algorithm as DigestAlgorithm);
        if (hash === undefined) unavailable(ctx, algorithm);
        await ctx.writeObject(new PSObject({ Algorithm: algorithm, Hash: hash, Path: toStr(it.display) }, [FILE_HASH, 'System.Object']));
      }
    }
  },
});
