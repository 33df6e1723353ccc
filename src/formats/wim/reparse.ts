/*
 * Reparse data of symbolic links and junctions. A WIM stores a reparse point's tag in the dentry and its data
 * (the reparse buffer without its 8-byte {tag, data length, reserved} header) as a blob:
 *   u16 SubstituteNameOffset, u16 SubstituteNameLength, u16 PrintNameOffset, u16 PrintNameLength,
 *   [u32 Flags: symlinks only, SYMLINK_FLAG_RELATIVE = 1], PathBuffer (UTF-16LE; offsets are from its start).
 * The substitute name is an NT path: "\??\C:\dir\file" for absolute links, or a relative path.
 */
import { u16, u32, utf16le } from '../bytes';
import { IO_REPARSE_TAG_MOUNT_POINT, IO_REPARSE_TAG_SYMLINK } from './dentry';
import { WimError, WimErrorCode } from '../errors';

export const REPARSE_DATA_MAX_SIZE = 16384 - 8;
export const SYMLINK_FLAG_RELATIVE = 1;

export interface LinkReparsePoint {
  tag: number;
  substituteName: string;
  printName: string;
  relative: boolean;
}

export function parseLinkReparseData(tag: number, data: Uint8Array, path?: string): LinkReparsePoint {
  const bad = (why: string): WimError => new WimError(WimErrorCode.InvalidReparseData, `Invalid reparse data: ${why}.`, path);
  if (tag !== IO_REPARSE_TAG_SYMLINK && tag !== IO_REPARSE_TAG_MOUNT_POINT) throw bad(`tag 0x${tag.toString(16)} is not a link`);
  const header = tag === IO_REPARSE_TAG_SYMLINK ? 12 : 8;
  if (data.length < header) throw bad('too short');
  const subOff = u16(data, 0);
  const subLen = u16(data, 2);
  const prOff = u16(data, 4);
  const prLen = u16(data, 6);
  if ((subOff | subLen | prOff | prLen) & 1) throw bad('misaligned names');
  if (header + subOff + subLen > data.length || header + prOff + prLen > data.length) throw bad('names overrun the buffer');
  const flags = tag === IO_REPARSE_TAG_SYMLINK ? u32(data, 8) : 0;
  return {
    tag,
    substituteName: utf16le(data, header + subOff, subLen),
    printName: utf16le(data, header + prOff, prLen),
    relative: tag === IO_REPARSE_TAG_SYMLINK && (flags & SYMLINK_FLAG_RELATIVE) !== 0,
  };
}

const NT_ROOTS = ['\\??\\', '\\DosDevices\\', '\\Device\\'];

/**
 * The POSIX target of a link, as wimlib's Unix extraction makes it: relative links keep their path; absolute ones
 * lose their NT device prefix ("\??\C:"); "fixed" absolute links (captured relative to the image root) are
 * re-rooted at `fixRoot` when given. Backslashes and slashes swap (a "/" in a Windows name stays a character).
 */
export function posixLinkTarget(link: LinkReparsePoint, fixed: boolean, fixRoot?: string): string {
  let t = link.substituteName;
  if (!link.relative) {
    for (const root of NT_ROOTS) {
      if (t.startsWith(root)) {
        let i = root.length;
        while (t[i] === '\\') i++;
        while (i < t.length && t[i] !== '\\') i++;
        t = t.slice(i);
        break;
      }
    }
  }
  let out = '';
  for (const ch of t) out += ch === '\\' ? '/' : ch === '/' ? '\\' : ch;
  if (!link.relative && fixed && fixRoot !== undefined) return fixRoot.replace(/\/+$/, '') + out;
  if (out === '') return '/';
  return out;
}
