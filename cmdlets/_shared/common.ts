/*
 * Helpers shared by the built-in cmdlets: switch values, path display and wildcard expansion over the drive map,
 * file-system item objects (FileInfo/DirectoryInfo as PowerShell shows them), and the standard path errors.
 */
import type { CmdletContext } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { PSObject, SwitchParameter } from '../../src/lang/types/values';
import { FileSystemItem } from '../../src/lang/types/file-info';
import { toStr } from '../../src/lang/types/convert';
import { wildcardToRegExp } from '../../src/lang/runtime/operators';
import { displayPath } from '../../src/lang/runtime/session';
import { registerView } from '../../src/lang/format/format';
import type { ErrorCategory, ErrorRecord } from '../../src/lang/runtime/errors';
import { isReadOnlyVolumePath, listDirectory, lstatPath, readWholeFile, statPath, windowsIoError } from '../../src/vfs/vfs-fs';
import { currentDirectory } from '../../src/vfs/drives';

/**
 * Input held until end: cmdlets that need all their input before writing anything (Sort-Object, Format-Table,
 * Measure-Object, ConvertTo-Json...) keep it here, one list per running command.
 */
const heldInput = new WeakMap<CmdletContext, unknown[]>();

/** The input this command has held so far (an empty list before the first). */
export function held(ctx: CmdletContext): unknown[] {
  let items = heldInput.get(ctx);
  if (!items) heldInput.set(ctx, (items = []));
  return items;
}

/**
 * A `process` that holds each pipeline object for `end` (read it with held). `direct`: an -InputObject given as an
 * argument is held too, as one item (ConvertTo-Json, Export-Csv); else only pipeline input is.
 */
export function holdInput(direct = false): (ctx: CmdletContext) => Promise<void> {
  return async (ctx) => {
    if (direct || ctx.expectingInput) held(ctx).push(ctx.params.InputObject);
  };
}

/** A switch's value: true when present (a SwitchParameter, or a truthy value a caller set). `name` must be declared. */
export function sw<P extends object>(ctx: { readonly params: P }, name: keyof P & string): boolean {
  const v: unknown = ctx.params[name];
  return v instanceof SwitchParameter ? v.isPresent : !!v;
}

export function strings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => toStr(x));
}

export function hasWildcard(p: string): boolean {
  return /[*?[]/.test(p);
}

/** The path as PowerShell would print it: drive paths normalised, relative paths made absolute from the location. */
export function displayFull(ctx: CmdletContext, p: string): string {
  if (/^[A-Za-z]:/.test(p)) {
    const parts: string[] = [];
    for (const c of p.slice(2).split(/[\\/]+/)) {
      if (!c || c === '.') continue;
      if (c === '..') parts.pop();
      else parts.push(c);
    }
    return `${p[0].toUpperCase()}:\\${parts.join('\\')}`;
  }
  if (p.startsWith('/')) return p;
  const loc = ctx.currentLocation();
  if (/^[A-Za-z]:/.test(loc)) return displayFull(ctx, loc.replace(/\\$/, '') + '\\' + p);
  return host().path.resolve(currentDirectory(), p.replace(/\\/g, '/'));
}

/** Host path -> the display form (C:\... when under a drive root). */
export function displayOf(hostPath: string): string {
  return displayPath(hostPath);
}

export function exists(hostPath: string): boolean {
  try {
    // Through the vfs: a mounted disc image's drive has no host directory behind it.
    lstatPath(hostPath);
    return true;
  } catch {
    return false;
  }
}

export interface ResolvedItem {
  host: string;
  display: string;
}

/** Expands a user path (wildcards in the last component and in directories) to existing items. */
export function expandPath(ctx: CmdletContext, p: string, literal = false): ResolvedItem[] {
  if (literal || !hasWildcard(p)) {
    const h = ctx.resolvePath(p);
    return exists(h) ? [{ host: h, display: displayFull(ctx, p) }] : [];
  }
  const m = /^(.*?)([^\\/]*[*?[][^\\/]*)((?:[\\/].*)?)$/.exec(p);
  if (!m) return [];
  const [, dirPart, pattern, rest] = m;
  const dirHost = ctx.resolvePath(dirPart === '' ? '.' : dirPart);
  let names: string[];
  try {
    names = listDirectory(dirHost);
  } catch {
    return [];
  }
  const re = wildcardToRegExp(pattern);
  const out: ResolvedItem[] = [];
  for (const n of names.filter((x) => re.test(x)).sort((a, b) => a.localeCompare(b))) {
    const child = dirPart + n + rest;
    if (rest && hasWildcard(rest)) out.push(...expandPath(ctx, child));
    else {
      const h = ctx.resolvePath(child);
      if (exists(h)) out.push({ host: h, display: displayFull(ctx, child) });
    }
  }
  return out;
}

// The FileSystem view of 5.1: Mode (7), LastWriteTime (25, right), Length (14, right), Name; grouped by directory.
const fileView = {
  kind: 'table' as const,
  shape: 'System.IO.FileSystemInfo',
  groupBy: (o: PSObject) => toStr(o.get('PSParentPath')?.value).replace(/^Microsoft\.PowerShell\.Core\\FileSystem::/, ''),
  groupHeader: (dir: string) => `\n    Directory: ${dir}\n\n`,
  widths: [7, 25, 14],
  columns: [
    'Mode',
    { label: 'LastWriteTime', value: (o: PSObject) => lastWrite(o.get('LastWriteTime')?.value as Date), align: 'right' as const },
    { label: 'Length', value: (o: PSObject) => (o.get('PSIsContainer')?.value ? '' : o.get('Length')?.value), align: 'right' as const },
    'Name',
  ],
};
registerView('System.IO.FileInfo', fileView);
registerView('System.IO.DirectoryInfo', fileView);

function lastWrite(d: Date | undefined): string {
  if (!d) return '';
  const h = d.getHours() % 12 || 12;
  const date = `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()}`.padStart(10);
  const time = `${h}:${String(d.getMinutes()).padStart(2, '0')} ${d.getHours() < 12 ? 'AM' : 'PM'}`.padStart(8);
  return `${date}  ${time}`;
}

/**
 * A FileInfo / DirectoryInfo object for a host path (src/lang/types/file-info.ts). `enumerated`: listed from its
 * directory by Get-ChildItem, so that it stringifies to its name as 5.1's do; else to its full name.
 */
export function itemObject(hostPath: string, display?: string, enumerated = false): PSObject {
  return new FileSystemItem(hostPath, display ?? displayOf(hostPath), enumerated);
}

/**
 * When `hostPath` lies on a read-only medium (a mounted ISO's drive), writes Windows' error for it ("The media is
 * write protected.", an IOException) and returns true: write cmdlets call it before touching the path.
 */
export function writeProtected(ctx: CmdletContext, hostPath: string, display: string, errorId: string): boolean {
  if (!isReadOnlyVolumePath(hostPath)) return false;
  const rec = ctx.error('The media is write protected.', errorId, 'WriteError', 'IOException', display);
  rec.exception.fullName = 'System.IO.IOException';
  ctx.writeError(rec);
  return true;
}

/**
 * A host file-system failure of a FileSystem provider operation as 5.1 reports it: .NET's exception and Windows' text
 * for it (vfs-fs windowsIoError), never Node's, with the provider's error id for the operation `op` (`CopyFileInfoItem`
 * gives CopyFileInfoItemUnauthorizedAccessError or CopyFileInfoItemIOError). `notFoundIds`: the operation has ids of
 * its own for a missing directory or file (the content writer's GetContentWriterDirectoryNotFoundError). Anything that
 * is not a file-system failure is rethrown.
 */
export function fileSystemError(
  ctx: CmdletContext,
  e: unknown,
  display: string,
  hostPath: string,
  op: string,
  category: ErrorCategory = 'WriteError',
  notFoundIds = false,
): ErrorRecord {
  const io = windowsIoError(e, display, hostPath);
  if (!io) throw e;
  let suffix = 'IOError';
  let cat: ErrorCategory = category;
  if (io.type === 'UnauthorizedAccessException') {
    suffix = 'UnauthorizedAccessError';
    cat = 'PermissionDenied';
  } else if (notFoundIds && (io.type === 'DirectoryNotFoundException' || io.type === 'FileNotFoundException')) {
    suffix = io.type === 'DirectoryNotFoundException' ? 'DirectoryNotFoundError' : 'FileNotFoundError';
    cat = 'ObjectNotFound';
  }
  const rec = ctx.error(io.message, op + suffix, cat, io.type, display);
  rec.exception.fullName = io.fullName;
  return rec;
}

/** `Access to the path 'X' is denied.`: what .NET says for a directory opened as a file (5.1's Get-Content C:\dir). */
export function accessDenied(ctx: CmdletContext, display: string, errorId: string): ErrorRecord {
  const rec = ctx.error(`Access to the path '${display}' is denied.`, errorId, 'PermissionDenied', 'UnauthorizedAccessException', display);
  rec.exception.fullName = 'System.UnauthorizedAccessException';
  return rec;
}

/** `Cannot find path 'X' because it does not exist.` */
export function pathNotFound(ctx: CmdletContext, display: string, className?: string): ErrorRecord {
  const rec = ctx.error(`Cannot find path '${display}' because it does not exist.`, 'PathNotFound', 'ObjectNotFound', 'ItemNotFoundException', display);
  if (className) rec.fullyQualifiedErrorId = `PathNotFound,${className}`;
  rec.exception.fullName = 'System.Management.Automation.ItemNotFoundException';
  rec.exception.baseTypes = ['System.Management.Automation.SessionStateException', 'System.Management.Automation.RuntimeException', 'System.Exception'];
  return rec;
}

/** The host path behind a pipeline item or a string. */
export function pathOfInput(v: unknown): string | undefined {
  if (v instanceof PSObject) {
    const hp = (v as unknown as { hostPath?: string }).hostPath;
    if (hp) return undefined;
    const fn = v.get('FullName')?.value ?? v.get('Path')?.value;
    return fn === undefined ? undefined : toStr(fn);
  }
  return v === undefined || v === null ? undefined : toStr(v);
}

export function readText(hostPath: string): string {
  const data = readWholeFile(hostPath);
  const text = host().text;
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return text.utf16leDecode(data.subarray(2));
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return text.utf16beDecode(data.subarray(2));
  const s = text.utf8Decode(data);
  return s.replace(/^\ufeff/, '');
}

/** Encodes text for Set-Content/Out-File: 5.1's defaults (Out-File: UTF-16LE with BOM; Set-Content: ANSI ~ UTF-8). */
export function encodeText(text: string, encoding: string | undefined, fallback: 'unicode' | 'default'): Uint8Array {
  const e = (encoding ?? fallback).toLowerCase();
  const t = host().text;
  if (e === 'unicode' || e === 'utf16' || e === 'utf-16') return withBom([0xff, 0xfe], t.utf16leEncode(text));
  if (e === 'utf8' || e === 'utf-8') return withBom([0xef, 0xbb, 0xbf], t.utf8Encode(text));
  if (e === 'ascii') return t.latin1Encode(text);
  return t.utf8Encode(text);
}

function withBom(bom: number[], body: Uint8Array): Uint8Array {
  const out = new Uint8Array(bom.length + body.length);
  out.set(bom);
  out.set(body, bom.length);
  return out;
}

export const ENCODINGS = ['Unknown', 'String', 'Unicode', 'BigEndianUnicode', 'UTF8', 'UTF7', 'UTF32', 'Ascii', 'Default', 'Oem', 'Byte'];

/**
 * Copy-Item and Move-Item: each item that -Path/-LiteralPath names, with where it goes (into -Destination when that
 * is a directory, else to -Destination itself). A path that names nothing is PowerShell's path-not-found error.
 */
export async function forEachItemAndTarget(
  ctx: CmdletContext,
  each: (item: ResolvedItem, target: string, destDisplay: string) => Promise<void>,
): Promise<void> {
  const literal = ctx.params.LiteralPath !== undefined;
  const destRaw = ctx.params.Destination === undefined ? '.' : toStr(ctx.params.Destination);
  const dest = ctx.resolvePath(destRaw);
  const destDisplay = displayFull(ctx, destRaw);
  for (const p of strings(ctx.params.Path ?? ctx.params.LiteralPath)) {
    const items = expandPath(ctx, p, literal);
    if (!items.length) {
      ctx.writeError(pathNotFound(ctx, displayFull(ctx, p)));
      continue;
    }
    for (const it of items) {
      const destIsDir = exists(dest) && statPath(dest).isDirectory();
      await each(it, destIsDir ? host().path.join(dest, host().path.basename(it.host)) : dest, destDisplay);
    }
  }
}
