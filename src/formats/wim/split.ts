/*
 * Split WIM sets (.swm): every part has its own header (same GUID, part_number 1..total_parts, SPANNED flag) and
 * its own blob table listing the blobs stored in it; part 1 also holds the metadata resources, all parts the
 * XML data. The parts are found by a pattern: a glob such as "install*.swm" (matched
 * case-insensitively, vfs/glob.ts) in the directory of the pattern, or of the first part when it has none.
 * The directory is listed and the parts opened through the vfs, so a split set inside a mounted volume works too.
 */
import { host } from '../../platform/host';
import { canonicalPath, readDirectory } from '../../vfs/mounts';
import { WimError, WimErrorCode, fromHostError } from '../errors';
import { WIM_HEADER_SIZE, WimHeader, parseHeader, guidString } from './header';
import { WimFile } from './wimfile';

export interface OpenedPart {
  file: WimFile;
  header: WimHeader;
}

export function readPartHeader(file: WimFile): WimHeader {
  if (file.size < WIM_HEADER_SIZE) throw new WimError(WimErrorCode.NotAWim, 'The file is too small to be a WIM file.', file.path);
  return parseHeader(file.read(0, WIM_HEADER_SIZE), file.size, file.path);
}

/** The default pattern for a part "dir/base.swm": "dir/base*.swm" (wimlib names parts base.swm, base2.swm, ...). */
export function defaultSplitPattern(firstPath: string): string {
  const p = host().path;
  const ext = p.extname(firstPath);
  return p.join(p.dirname(firstPath), p.basename(firstPath, ext) + '*' + (ext || '.swm'));
}

/**
 * Finds and opens every part of the split set that `first` belongs to. Files that match the pattern but are not
 * WIMs, or belong to another set (other GUID), are ignored; a missing part is an error that names it (with
 * requireAll false only part 1 is required: enough for image information and content listings).
 */
export function resolveSplitParts(first: OpenedPart, pattern: string | undefined, requireAll = true): OpenedPart[] {
  const p = host().path;
  const pat = pattern ?? defaultSplitPattern(first.file.path);
  const hasDir = pat.includes('/') || pat.includes('\\');
  const dir = hasDir ? p.dirname(pat.replace(/\\/g, '/')) : p.dirname(first.file.path);
  const glob = p.basename(pat.replace(/\\/g, '/'));
  // Loaded here, not at the top: only a split set needs it, and every wimsh start would pay for it.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { nameMatcher } = require('../../vfs/glob') as typeof import('../../vfs/glob');
  const isMatch = nameMatcher(glob);
  let names: string[];
  try {
    names = readDirectory(dir).sort();
  } catch (e) {
    throw fromHostError(e, dir);
  }
  const total = first.header.totalParts;
  const guid = guidString(first.header.guid);
  const parts: (OpenedPart | undefined)[] = new Array(total + 1).fill(undefined);
  parts[first.header.partNumber] = first;
  const firstReal = safeRealpath(first.file.path);
  const opened: WimFile[] = [];
  try {
    for (const name of names) {
      if (!isMatch(name)) continue;
      const full = p.join(dir, name);
      if (safeRealpath(full) === firstReal) continue;
      let file: WimFile;
      try {
        file = new WimFile(full);
      } catch {
        continue;
      }
      let header: WimHeader;
      try {
        header = readPartHeader(file);
      } catch {
        file.close();
        continue;
      }
      if (guidString(header.guid) !== guid || header.totalParts !== total || parts[header.partNumber]) {
        file.close();
        continue;
      }
      opened.push(file);
      parts[header.partNumber] = { file, header };
    }
    for (let i = 1; i <= total; i++) {
      // Part 1 (metadata and XML) is always needed; the others only to read file data.
      if (!parts[i] && (requireAll || i === 1)) {
        throw new WimError(
          WimErrorCode.SplitPartMissing,
          `Part ${i} of ${total} of the split WIM is missing: no file matching "${pat}" has GUID ${guid} and part number ${i}.`,
          first.file.path,
        );
      }
    }
  } catch (e) {
    for (const f of opened) f.close();
    throw e;
  }
  return parts.filter((x): x is OpenedPart => x !== undefined);
}

function safeRealpath(path: string): string {
  try {
    return canonicalPath(path);
  } catch {
    return host().path.resolve(path);
  }
}
