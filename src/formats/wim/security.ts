/*
 * Security data, at the start of every image's metadata resource:
 *   u32 total_length (8-byte aligned; 0 means 8), u32 num_entries, u64 sizes[num_entries],
 *   then the self-relative SECURITY_DESCRIPTORs back to back, zero-padded to total_length.
 * A dentry's security_id indexes this table (-1: none). The dentries start at total_length.
 * Read by parseSecurityData (descriptors as views into the resource), written by serializeSecurityData.
 */
import { align8, put32, put64, u32, u64 } from '../bytes';
import { WimError, WimErrorCode } from '../errors';

export interface SecurityData {
  /** Aligned length: the offset of the root dentry. */
  totalLength: number;
  descriptors: Uint8Array[];
}

export function parseSecurityData(buf: Uint8Array, path?: string): SecurityData {
  const bad = (why: string): WimError => new WimError(WimErrorCode.InvalidSecurityData, `Invalid security data: ${why}.`, path);
  if (buf.length < 8) throw bad('the metadata resource is too short');
  let totalLength = align8(u32(buf, 0));
  if (totalLength === 0) totalLength = 8;
  const n = u32(buf, 4);
  if (totalLength > buf.length) throw bad(`total length ${totalLength} exceeds the metadata resource`);
  const fixed = 8 + n * 8;
  if (fixed > totalLength) throw bad(`${n} entries do not fit in ${totalLength} bytes`);
  const descriptors: Uint8Array[] = [];
  let p = fixed;
  for (let i = 0; i < n; i++) {
    const size = u64(buf, 8 + i * 8);
    if (size > totalLength - p) throw bad(`descriptor ${i} (${size} bytes) overruns the security data`);
    descriptors.push(buf.subarray(p, p + size));
    p += size;
  }
  return { totalLength, descriptors };
}

/** Security data: the descriptors an image's dentries index by security_id. */
export function serializeSecurityData(descriptors: readonly Uint8Array[]): Uint8Array {
  let len = 8 + 8 * descriptors.length;
  for (const d of descriptors) len += d.length;
  const total = align8(len);
  const out = new Uint8Array(total);
  put32(out, 0, total);
  put32(out, 4, descriptors.length);
  let p = 8;
  for (const d of descriptors) {
    put64(out, p, d.length);
    p += 8;
  }
  for (const d of descriptors) {
    out.set(d, p);
    p += d.length;
  }
  return out;
}
