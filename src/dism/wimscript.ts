/*
 * DISM's configuration list (WimScript.ini, the -ConfigFilePath of New-WindowsImage and Add-WindowsImage, dism.exe's
 * /ConfigFile): which files a capture leaves out and which it stores uncompressed.
 *
 *   [ExclusionList]              paths left out of the image (a directory with all it holds)
 *   \pagefile.sys
 *   "\System Volume Information"
 *   [ExclusionException]         paths kept although an exclusion covers them (and the directories above them)
 *   \Windows\CSC\keep.txt
 *   [CompressionExclusionList]   files stored uncompressed
 *   *.mp3
 *
 * A pattern that starts with "\" (or a drive, "C:\") is a path from the root of the captured directory; one with
 * no "\" matches a file or directory name at any depth; other patterns are paths from the root as well. "*" and
 * "?" are wildcards inside one path component; case does not matter (Windows file names); quotes around a pattern
 * are dropped; a line starting with ";" or "#" is a comment. Without a configuration file DISM applies its default
 * list (DEFAULT_WIMSCRIPT): the page file, the hibernation file, the NTFS log, the recycle bin, System Volume
 * Information and the offline files cache (files are then all compressed: a compression exclusion list, such as
 * the "*.mp3 *.zip *.cab" of Microsoft's sample WimScript.ini, applies only when a configuration file gives one).
 *
 * The parsed list answers the capture's question for each path (src/formats/wim/ops/capture.ts CaptureFilter):
 * keep it, leave it out, or keep a directory only as the way to an exception below it.
 */
import type { CaptureFilter } from '../formats/wim/ops/capture';
import { host } from '../platform/host';
import { DismError, Win32, hresultFromWin32 } from './errors';
import type { DismSession } from './session';

export const DEFAULT_WIMSCRIPT = [
  '[ExclusionList]',
  '\\$ntfs.log',
  '\\hiberfil.sys',
  '\\pagefile.sys',
  '\\swapfile.sys',
  '"\\System Volume Information"',
  '\\RECYCLER',
  '\\$Recycle.Bin',
  '\\Windows\\CSC',
].join('\r\n');

/** One pattern: its components (each a matcher), anchored at the root or matching the last component anywhere. */
interface Pattern {
  text: string;
  anchored: boolean;
  parts: RegExp[];
}

export interface WimScript {
  exclusions: Pattern[];
  exceptions: Pattern[];
  compressionExclusions: Pattern[];
}

function componentMatcher(c: string): RegExp {
  let re = '^';
  for (const ch of c) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  return new RegExp(re + '$', 'is');
}

function parsePattern(line: string): Pattern | undefined {
  let t = line.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1).trim();
  t = t.replace(/\//g, '\\');
  if (/^[A-Za-z]:\\/.test(t)) t = t.slice(2);
  if (t === '' || t === '\\') return undefined;
  const anchored = t.includes('\\');
  const parts = t.split('\\').filter((c) => c !== '' && c !== '.');
  if (!parts.length) return undefined;
  return { text: t, anchored, parts: parts.map(componentMatcher) };
}

/** Parses a configuration list; an unknown section or a line outside any section is DISM's error 87. */
export function parseWimScript(text: string): WimScript {
  const out: WimScript = { exclusions: [], exceptions: [], compressionExclusions: [] };
  let section: Pattern[] | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const sec = /^\[(.*)\]$/.exec(line);
    if (sec) {
      const name = sec[1].trim().toLowerCase();
      section =
        name === 'exclusionlist' ? out.exclusions : name === 'exclusionexception' ? out.exceptions : name === 'compressionexclusionlist' ? out.compressionExclusions : undefined;
      if (!section) throw new DismError(hresultFromWin32(Win32.INVALID_PARAMETER), 'argument');
      continue;
    }
    if (!section) throw new DismError(hresultFromWin32(Win32.INVALID_PARAMETER), 'argument');
    const p = parsePattern(line);
    if (p) section.push(p);
  }
  return out;
}

/**
 * A configuration file's bytes as text: UTF-16 LE with its BOM (as Notepad saves "Unicode"), UTF-8 with or without
 * one, else the ASCII/ANSI most lists are written in (a byte per character).
 */
export function decodeWimScript(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    let s = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
    return s;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return s;
  }
}

/** Whether `p` matches the path whose components are `comps` (from the root). */
function matches(p: Pattern, comps: readonly string[]): boolean {
  if (!p.anchored) return comps.length > 0 && p.parts[0].test(comps[comps.length - 1]);
  if (p.parts.length !== comps.length) return false;
  for (let i = 0; i < comps.length; i++) if (!p.parts[i].test(comps[i])) return false;
  return true;
}

/** Whether an anchored pattern could match something below the directory `comps`. */
function mayMatchBelow(p: Pattern, comps: readonly string[]): boolean {
  if (!p.anchored) return true;
  if (p.parts.length <= comps.length) return false;
  for (let i = 0; i < comps.length; i++) if (!p.parts[i].test(comps[i])) return false;
  return true;
}

/** The capture's filter for a parsed list. Paths are "\a\b" from the captured root. */
export function captureFilter(script: WimScript): CaptureFilter {
  const split = (path: string): string[] => path.split('\\').filter(Boolean);
  return {
    decide(path, isDirectory, parentExcluded) {
      const comps = split(path);
      if (script.exceptions.some((p) => matches(p, comps))) return 'keep';
      const excluded = parentExcluded || script.exclusions.some((p) => matches(p, comps));
      if (!excluded) return 'keep';
      if (isDirectory && script.exceptions.some((p) => mayMatchBelow(p, comps))) return 'through';
      return 'exclude';
    },
    storeUncompressed(path) {
      const comps = split(path);
      return script.compressionExclusions.some((p) => matches(p, comps));
    },
  };
}

/**
 * The capture filter of a command: the configuration file the user named (read through the front end's drive map;
 * Error 2 when it is missing), or DISM's default exclusions without one. New-/Add-WindowsImage and dism.exe's
 * /Capture-Image and /Append-Image share it.
 */
export function captureFilterFor(configPath: string | undefined, s: DismSession, resolve: (p: string) => string): CaptureFilter {
  if (configPath === undefined) return captureFilter(parseWimScript(DEFAULT_WIMSCRIPT));
  let bytes: Uint8Array;
  try {
    bytes = host().fs.readFileSync(resolve(configPath));
  } catch {
    throw new DismError(hresultFromWin32(Win32.FILE_NOT_FOUND));
  }
  s.verbose(`Using the configuration list ${configPath}`);
  return captureFilter(parseWimScript(decodeWimScript(bytes)));
}
