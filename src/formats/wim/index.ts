/*
 * The public API of the WIM core: open a WIM/ESD/split set, describe it and its images the way Windows' image
 * tools do (ImageInfo: the fields of the XML data), list an image's content, verify it, extract, export and
 * capture images. Every long operation takes the same onProgress(done, total) and AbortSignal (progress.ts).
 * The WIM structures themselves (header, reshdr, blob table, dentries...) live in their own units.
 */
import type { ProgressReporter } from '../progress';
import type { ApplyOptions, ApplyResult } from './ops/apply';
import type { CaptureOptions, CaptureResult } from './ops/capture';
import type { ExportOptions, ExportResult } from './ops/export';
import { walkDentries, isDirectory, dentryPath } from './dentry';
import { WimError, WimErrorCode } from '../errors';
import { HeaderFlag, WIM_VERSION_SOLID, compressionName, guidString } from './header';
import { IntegrityResult } from './integrity';
import { isZeroReshdr } from './reshdr';
import { Wim, openWim, OpenWimOptions, resolveImage } from './wim';
import { ImageXmlInfo, filetimeToDate } from './xml';

export { Wim, openWim, resolveImage, WimError, WimErrorCode };
export type { ExportOptions, ExportResult } from './ops/export';
export type { CaptureOptions, CaptureResult } from './ops/capture';
export type { OpenWimOptions, ApplyOptions, ApplyResult, IntegrityResult, ImageXmlInfo };
export { isWimError } from '../errors';
export type { OperationControl, ProgressReporter } from '../progress';

// Extracting, exporting and capturing are loaded on first call: a listing of images would otherwise compile the
// writer, the compressors' pool and the extractor for nothing (13-16 ms of every such start, measured).
/* eslint-disable @typescript-eslint/no-var-requires */

/** Extracts image `index` of `wim` into `target` (apply.ts). */
export function applyImage(wim: Wim, index: number, target: string, opts?: ApplyOptions): ApplyResult {
  return (require('./ops/apply') as typeof import('./ops/apply')).applyImage(wim, index, target, opts);
}

/** Exports an image into a new or an existing WIM (export.ts). */
export function exportImage(opts: ExportOptions): Promise<ExportResult> {
  return (require('./ops/export') as typeof import('./ops/export')).exportImage(opts);
}

/** Captures a directory tree as a new image (capture.ts). */
export function captureImage(opts: CaptureOptions): Promise<CaptureResult> {
  return (require('./ops/capture') as typeof import('./ops/capture')).captureImage(opts);
}
/* eslint-enable @typescript-eslint/no-var-requires */

/** What `wimlib-imagex info` shows of the file itself. */
export interface WimInfo {
  path: string;
  /** 32 hex digits, as wimlib prints it after "0x". */
  guid: string;
  version: number;
  imageCount: number;
  compression: 'None' | 'XPRESS' | 'LZX' | 'LZMS';
  chunkSize: number;
  partNumber: number;
  totalParts: number;
  /** 0 when no image is bootable. */
  bootIndex: number;
  fileSize: number;
  hasIntegrityTable: boolean;
  /** Version 0xE00 (solid resources possible: an ESD). */
  solid: boolean;
  readOnly: boolean;
  rpFix: boolean;
  spanned: boolean;
}

export function getWimInfo(wim: Wim): WimInfo {
  const h = wim.header;
  const first = wim.parts.find((p) => p.header.partNumber === 1) ?? wim.parts[0];
  return {
    path: wim.path,
    guid: guidString(h.guid),
    version: h.version,
    imageCount: h.imageCount,
    compression: compressionName(h.compression) as WimInfo['compression'],
    chunkSize: h.chunkSize,
    partNumber: h.partNumber,
    totalParts: h.totalParts,
    bootIndex: h.bootIndex,
    fileSize: first.file.size,
    hasIntegrityTable: !isZeroReshdr(h.integrityTable),
    solid: h.version === WIM_VERSION_SOLID,
    readOnly: (h.flags & HeaderFlag.ReadOnly) !== 0,
    rpFix: (h.flags & HeaderFlag.RpFix) !== 0,
    spanned: (h.flags & HeaderFlag.Spanned) !== 0 || h.totalParts > 1,
  };
}

/** One image as Windows' image tools describe it (the properties of their image information object). */
export interface ImageInfo {
  ImagePath: string;
  ImageIndex: number;
  ImageName: string;
  ImageDescription: string;
  /** TOTALBYTES of the image's XML. */
  ImageSize: number;
  WIMBoot: boolean;
  /** "x86", "x64", "arm", "ia64", "arm64", or "" when the XML has no WINDOWS/ARCH. */
  Architecture: string;
  Hal: string;
  /** MAJOR.MINOR.BUILD.SPBUILD, or "" without VERSION. */
  Version: string;
  SPBuild: number;
  SPLevel: number;
  EditionId: string;
  InstallationType: string;
  ProductType: string;
  ProductSuite: string;
  ProductName: string;
  SystemRoot: string;
  DirectoryCount: number;
  FileCount: number;
  CreatedTime: Date | undefined;
  ModifiedTime: Date | undefined;
  /** Language tags in XML order. */
  Languages: string[];
  /** Index of the default language in Languages, -1 when none. */
  DefaultLanguageIndex: number;
  /** True for the header's boot image. */
  ImageBootable: boolean;
  DisplayName: string;
  DisplayDescription: string;
  /** The XML FLAGS element (e.g. the edition, or "WindowsPE"). */
  Flags: string;
}

const ARCH: Record<number, string> = { 0: 'x86', 5: 'arm', 6: 'ia64', 9: 'x64', 12: 'arm64' };

export function architectureName(code: number | undefined): string {
  if (code === undefined) return '';
  return ARCH[code] ?? String(code);
}

function toImageInfo(wim: Wim, img: ImageXmlInfo): ImageInfo {
  const w = img.windows;
  const v = w?.version;
  const langs = w?.languages ?? [];
  return {
    ImagePath: wim.path,
    ImageIndex: img.index,
    ImageName: img.name ?? '',
    ImageDescription: img.description ?? '',
    ImageSize: img.totalBytes,
    WIMBoot: img.wimBoot,
    Architecture: architectureName(w?.arch),
    Hal: w?.hal ?? '',
    Version: v ? `${v.major}.${v.minor}.${v.build}.${v.spBuild}` : '',
    SPBuild: v?.spBuild ?? 0,
    SPLevel: v?.spLevel ?? 0,
    EditionId: w?.editionId ?? '',
    InstallationType: w?.installationType ?? '',
    ProductType: w?.productType ?? '',
    ProductSuite: w?.productSuite ?? '',
    ProductName: w?.productName ?? '',
    SystemRoot: w?.systemRoot ?? '',
    DirectoryCount: img.dirCount,
    FileCount: img.fileCount,
    CreatedTime: img.creationTime !== undefined ? filetimeToDate(img.creationTime) : undefined,
    ModifiedTime: img.lastModificationTime !== undefined ? filetimeToDate(img.lastModificationTime) : undefined,
    Languages: langs,
    DefaultLanguageIndex: w?.defaultLanguage !== undefined ? langs.indexOf(w.defaultLanguage) : -1,
    ImageBootable: wim.header.bootIndex === img.index,
    DisplayName: img.displayName ?? '',
    DisplayDescription: img.displayDescription ?? '',
    Flags: img.flags ?? '',
  };
}

/** Languages as Windows' image tools print them: "en-US (Default)", one per language. */
export function formatLanguages(info: ImageInfo): string[] {
  return info.Languages.map((l, i) => (i === info.DefaultLanguageIndex ? `${l} (Default)` : l));
}

export function listImages(wim: Wim): ImageInfo[] {
  return wim.images.map((img) => toImageInfo(wim, img));
}

export function getImageInfo(wim: Wim, sel: number | { index?: number; name?: string }): ImageInfo {
  const index = resolveImage(wim, typeof sel === 'number' ? { index: sel } : sel);
  return toImageInfo(wim, wim.images[index - 1]);
}

export interface ContentEntry {
  /** "\dir\file", as Windows' image tools print paths. */
  path: string;
  isDirectory: boolean;
  attributes: number;
}

/** Every file and directory of an image (root excluded), parents before children, children in on-disk order. */
export function listImageContent(wim: Wim, index: number): ContentEntry[] {
  const md = wim.loadImage(index);
  const out: ContentEntry[] = [];
  walkDentries(md.root, (d) => {
    if (!d.parent) return;
    out.push({ path: '\\' + dentryPath(d, '\\'), isDirectory: isDirectory(d), attributes: d.attributes });
  });
  return out;
}

/** Reads every blob and metadata resource, checking SHA-1s, then the integrity table when there is one. */
export function verifyWim(wim: Wim, onProgress?: ProgressReporter): void {
  if (wim.checkIntegrity() === 'mismatch') {
    throw new WimError(WimErrorCode.IntegrityCheckFailed, 'The WIM file is corrupt: its contents do not match its integrity table.', wim.path);
  }
  wim.verify(onProgress);
}

export function checkIntegrity(wim: Wim, onProgress?: ProgressReporter): IntegrityResult {
  return wim.checkIntegrity(onProgress);
}
