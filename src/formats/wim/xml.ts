/*
 * The XML data resource: UTF-16LE text with a byte order mark (U+FEFF), no declaration, root <WIM>, holding the
 * file-level <TOTALBYTES> and one <IMAGE INDEX="n"> per image (NAME, DESCRIPTION, DISPLAYNAME, DISPLAYDESCRIPTION,
 * FLAGS, DIRCOUNT, FILECOUNT, TOTALBYTES, HARDLINKBYTES, CREATIONTIME/LASTMODIFICATIONTIME as
 * <HIGHPART>0x..</HIGHPART><LOWPART>0x..</LOWPART> of a FILETIME, WIMBOOT, and WINDOWS {ARCH, PRODUCTNAME,
 * EDITIONID, INSTALLATIONTYPE, SERVICINGDATA, HAL, PRODUCTTYPE, PRODUCTSUITE, LANGUAGES {LANGUAGE*, FALLBACK,
 * DEFAULT}, VERSION {MAJOR, MINOR, BUILD, SPBUILD, SPLEVEL}, SYSTEMROOT}).
 *
 * The document is kept as an ordered element tree (XmlElement) with every element, known or not, so that the
 * writer can carry it over and re-serialize it (serializeXml / encodeWimXml); ImageXmlInfo is the typed view.
 *
 * Written (buildWimXml): no declaration, no whitespace, stored uncompressed (reshdr flag METADATA); the WIM-level
 * <TOTALBYTES> (= offset of the XML data = end of the blob table) first, then the IMAGE elements, whose children
 * run in WIMGAPI's order (WIM-FACTS §4.13): DIRCOUNT, FILECOUNT, TOTALBYTES, HARDLINKBYTES, CREATIONTIME,
 * LASTMODIFICATIONTIME, WIMBOOT, WINDOWS, NAME, DESCRIPTION, FLAGS, DISPLAYNAME, DISPLAYDESCRIPTION, then any other
 * element in its original order. Elements the writer does not manage (WINDOWS, unknown ones) go over verbatim.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { put16 } from '../bytes';
import { WimError, WimErrorCode } from '../errors';
import type { ImageStats } from './metadata';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  /** Child elements and text, in document order. */
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export interface ImageVersion {
  major: number;
  minor: number;
  build: number;
  spBuild: number;
  spLevel: number;
}

export interface WindowsXmlInfo {
  arch?: number;
  productName?: string;
  editionId?: string;
  installationType?: string;
  hal?: string;
  productType?: string;
  productSuite?: string;
  languages: string[];
  defaultLanguage?: string;
  version?: ImageVersion;
  systemRoot?: string;
}

export interface ImageXmlInfo {
  index: number;
  name?: string;
  description?: string;
  displayName?: string;
  displayDescription?: string;
  flags?: string;
  dirCount: number;
  fileCount: number;
  totalBytes: number;
  hardLinkBytes: number;
  /** FILETIME (100 ns since 1601-01-01 UTC). */
  creationTime?: bigint;
  lastModificationTime?: bigint;
  wimBoot: boolean;
  windows?: WindowsXmlInfo;
  /** The element itself, for the writer. */
  element: XmlElement;
}

export interface WimXml {
  root: XmlElement;
  /** File-level TOTALBYTES, when present. */
  totalBytes?: number;
  images: ImageXmlInfo[];
}

/** XML data larger than this is refused (real WIMs have a few hundred KiB at most). */
export const MAX_XML_SIZE = 32 << 20;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false as unknown as string,
});

/** Decodes the UTF-16LE bytes (BOM optional, trailing NULs ignored). */
export function decodeWimXmlText(bytes: Uint8Array): string {
  let start = 0;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) start = 2;
  let end = bytes.length & ~1;
  while (end - 2 >= start && bytes[end - 2] === 0 && bytes[end - 1] === 0) end -= 2;
  return new TextDecoder('utf-16le').decode(bytes.subarray(start, end));
}

type FxpNode = Record<string, unknown>;

function convert(nodes: FxpNode[], depth: number): XmlNode[] {
  if (depth > 64) throw new Error('XML nested too deeply');
  const out: XmlNode[] = [];
  for (const n of nodes) {
    let el: XmlElement | undefined;
    for (const k of Object.keys(n)) {
      if (k === ':@') continue;
      if (k === '#text') {
        out.push(String(n[k]));
        continue;
      }
      const attrs: Record<string, string> = {};
      const a = n[':@'] as Record<string, unknown> | undefined;
      if (a) for (const ak of Object.keys(a)) attrs[ak] = String(a[ak]);
      el = { name: k, attrs, children: convert((n[k] as FxpNode[]) ?? [], depth + 1) };
      out.push(el);
    }
  }
  return out;
}

export function childElements(e: XmlElement, name?: string): XmlElement[] {
  const r: XmlElement[] = [];
  for (const c of e.children) if (typeof c !== 'string' && (name === undefined || c.name.toUpperCase() === name)) r.push(c);
  return r;
}

export function child(e: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!e) return undefined;
  for (const c of e.children) if (typeof c !== 'string' && c.name.toUpperCase() === name) return c;
  return undefined;
}

export function textOf(e: XmlElement | undefined): string | undefined {
  if (!e) return undefined;
  let s = '';
  for (const c of e.children) if (typeof c === 'string') s += c;
  return s;
}

/** Sets (or with undefined removes) the text of child `name`, appending the child when missing. */
export function setChildText(e: XmlElement, name: string, value: string | undefined): void {
  const i = e.children.findIndex((c) => typeof c !== 'string' && c.name.toUpperCase() === name);
  if (value === undefined) {
    if (i >= 0) e.children.splice(i, 1);
    return;
  }
  const el: XmlElement = { name, attrs: {}, children: value === '' ? [] : [value] };
  if (i >= 0) e.children[i] = el;
  else e.children.push(el);
}

function num(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  if (t === '') return undefined;
  const v = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t.slice(2), 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  return Number.isFinite(v) ? v : undefined;
}

function filetime(e: XmlElement | undefined): bigint | undefined {
  if (!e) return undefined;
  const hi = num(textOf(child(e, 'HIGHPART')));
  const lo = num(textOf(child(e, 'LOWPART')));
  if (hi === undefined || lo === undefined || hi > 0xffffffff || lo > 0xffffffff) return undefined;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function parseWindows(w: XmlElement): WindowsXmlInfo {
  const t = (n: string): string | undefined => textOf(child(w, n));
  const langs = child(w, 'LANGUAGES');
  const v = child(w, 'VERSION');
  const info: WindowsXmlInfo = {
    arch: num(t('ARCH')),
    productName: t('PRODUCTNAME'),
    editionId: t('EDITIONID'),
    installationType: t('INSTALLATIONTYPE'),
    hal: t('HAL'),
    productType: t('PRODUCTTYPE'),
    productSuite: t('PRODUCTSUITE'),
    languages: langs ? childElements(langs, 'LANGUAGE').map((l) => textOf(l) ?? '') : [],
    defaultLanguage: langs ? textOf(child(langs, 'DEFAULT')) : undefined,
    systemRoot: t('SYSTEMROOT'),
  };
  if (v) {
    const g = (n: string): number => num(textOf(child(v, n))) ?? 0;
    info.version = { major: g('MAJOR'), minor: g('MINOR'), build: g('BUILD'), spBuild: g('SPBUILD'), spLevel: g('SPLEVEL') };
  }
  return info;
}

export function parseImageElement(e: XmlElement, fallbackIndex: number): ImageXmlInfo {
  const t = (n: string): string | undefined => textOf(child(e, n));
  const w = child(e, 'WINDOWS');
  return {
    index: num(e.attrs.INDEX ?? e.attrs.index) ?? fallbackIndex,
    name: t('NAME'),
    description: t('DESCRIPTION'),
    displayName: t('DISPLAYNAME'),
    displayDescription: t('DISPLAYDESCRIPTION'),
    flags: t('FLAGS'),
    dirCount: num(t('DIRCOUNT')) ?? 0,
    fileCount: num(t('FILECOUNT')) ?? 0,
    totalBytes: num(t('TOTALBYTES')) ?? 0,
    hardLinkBytes: num(t('HARDLINKBYTES')) ?? 0,
    creationTime: filetime(child(e, 'CREATIONTIME')),
    lastModificationTime: filetime(child(e, 'LASTMODIFICATIONTIME')),
    wimBoot: (num(t('WIMBOOT')) ?? 0) !== 0,
    windows: w ? parseWindows(w) : undefined,
    element: e,
  };
}

/** Parses the XML data resource bytes. */
export function parseWimXml(bytes: Uint8Array, path?: string): WimXml {
  if (bytes.length === 0) {
    return { root: { name: 'WIM', attrs: {}, children: [] }, images: [] };
  }
  const text = decodeWimXmlText(bytes);
  let root: XmlElement | undefined;
  try {
    const valid = XMLValidator.validate(text);
    if (valid !== true) {
      throw new WimError(WimErrorCode.InvalidXml, `The XML data is not well-formed: ${valid.err.msg} (line ${valid.err.line}).`, path);
    }
    const nodes = convert(parser.parse(text) as FxpNode[], 0);
    root = nodes.find((n): n is XmlElement => typeof n !== 'string' && n.name.toUpperCase() === 'WIM');
  } catch (e) {
    if (e instanceof WimError) throw e;
    throw new WimError(WimErrorCode.InvalidXml, `The XML data cannot be parsed: ${(e as Error)?.message ?? e}`, path, { cause: e });
  }
  if (!root) throw new WimError(WimErrorCode.InvalidXml, 'The XML data has no <WIM> element.', path);
  const images = childElements(root, 'IMAGE').map((e, i) => parseImageElement(e, i + 1));
  images.sort((a, b) => a.index - b.index);
  return { root, totalBytes: num(textOf(child(root, 'TOTALBYTES'))), images };
}

function esc(s: string, attr: boolean): string {
  let r = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (attr) r = r.replace(/"/g, '&quot;');
  return r;
}

/** Compact serialization (no declaration, no whitespace), as WIMGAPI writes it. */
export function serializeXml(e: XmlElement): string {
  let s = '<' + e.name;
  for (const k of Object.keys(e.attrs)) s += ` ${k}="${esc(e.attrs[k], true)}"`;
  s += '>';
  for (const c of e.children) s += typeof c === 'string' ? esc(c, false) : serializeXml(c);
  return s + '</' + e.name + '>';
}

/** The bytes of an XML data resource: BOM + UTF-16LE. */
export function encodeWimXml(root: XmlElement): Uint8Array {
  const text = serializeXml(root);
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) put16(out, 2 + i * 2, text.charCodeAt(i));
  return out;
}

/** FILETIME (100 ns ticks since 1601) to a JavaScript Date (ms precision). */
export function filetimeToDate(ft: bigint): Date {
  return new Date(Number((ft - 116444736000000000n) / 10000n));
}

export function element(name: string, ...children: XmlNode[]): XmlElement {
  return { name, attrs: {}, children };
}

/** Characters XML 1.0 does not allow (a name or description with them is refused, as wimlib does). */
export function hasIllegalXmlChars(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(s);
}

/** A FILETIME as WIM XML spells it: <HIGHPART>0x01DB5B07</HIGHPART><LOWPART>0xD2354269</LOWPART>. */
export function timeElement(name: string, filetime: bigint): XmlElement {
  const hex = (v: bigint): string => '0x' + v.toString(16).toUpperCase().padStart(8, '0');
  return element(name, element('HIGHPART', hex((filetime >> 32n) & 0xffffffffn)), element('LOWPART', hex(filetime & 0xffffffffn)));
}

/** Now as a FILETIME (100 ns ticks since 1601-01-01 UTC). */
export function nowFiletime(): bigint {
  return BigInt(Date.now()) * 10000n + 116444736000000000n;
}

const IMAGE_ORDER = [
  'DIRCOUNT',
  'FILECOUNT',
  'TOTALBYTES',
  'HARDLINKBYTES',
  'CREATIONTIME',
  'LASTMODIFICATIONTIME',
  'WIMBOOT',
  'WINDOWS',
  'NAME',
  'DESCRIPTION',
  'FLAGS',
  'DISPLAYNAME',
  'DISPLAYDESCRIPTION',
];

/** Puts an IMAGE element's children into WIMGAPI's order; unknown elements keep their relative order at the end. */
export function orderImageChildren(img: XmlElement): void {
  const rank = (n: XmlNode): number => {
    if (typeof n === 'string') return IMAGE_ORDER.length + 1;
    const i = IMAGE_ORDER.indexOf(n.name.toUpperCase());
    return i < 0 ? IMAGE_ORDER.length : i;
  };
  const kids = img.children.filter((c) => typeof c !== 'string' || c.trim() !== '');
  const ranked = kids.map((c, i) => ({ c, i, r: rank(c) }));
  ranked.sort((a, b) => a.r - b.r || a.i - b.i);
  img.children = ranked.map((x) => x.c);
}

/** Image fields the writer sets; undefined leaves an element as it is. */
export interface ImageXmlUpdate {
  /** '' removes NAME (an unnamed image). */
  name?: string;
  /** null removes DESCRIPTION. */
  description?: string | null;
  stats?: ImageStats;
  creationTime?: bigint;
  lastModificationTime?: bigint;
  /** Sets WIMBOOT to 1 / 0; undefined keeps it (and writes 0 where it is missing, as WIMGAPI always has it). */
  wimBoot?: boolean;
}

function cloneElement(e: XmlElement): XmlElement {
  return { name: e.name, attrs: { ...e.attrs }, children: e.children.map((c) => (typeof c === 'string' ? c : cloneElement(c))) };
}

/** A copy of `source` (or a new IMAGE) with the update applied, in WIMGAPI's order. */
export function makeImageElement(source: XmlElement | undefined, u: ImageXmlUpdate): XmlElement {
  const img = source ? cloneElement(source) : element('IMAGE');
  img.name = 'IMAGE';
  if (u.stats) {
    setChildText(img, 'DIRCOUNT', String(u.stats.dirCount));
    setChildText(img, 'FILECOUNT', String(u.stats.fileCount));
    setChildText(img, 'TOTALBYTES', String(u.stats.totalBytes));
    setChildText(img, 'HARDLINKBYTES', String(u.stats.hardLinkBytes));
  }
  const setTime = (name: string, t: bigint | undefined): void => {
    if (t === undefined) return;
    const i = img.children.findIndex((c) => typeof c !== 'string' && c.name.toUpperCase() === name);
    if (i >= 0) img.children[i] = timeElement(name, t);
    else img.children.push(timeElement(name, t));
  };
  setTime('CREATIONTIME', u.creationTime);
  setTime('LASTMODIFICATIONTIME', u.lastModificationTime);
  if (u.wimBoot !== undefined) setChildText(img, 'WIMBOOT', u.wimBoot ? '1' : '0');
  else if (!child(img, 'WIMBOOT')) setChildText(img, 'WIMBOOT', '0');
  if (u.name !== undefined) setChildText(img, 'NAME', u.name === '' ? undefined : u.name);
  if (u.description !== undefined) setChildText(img, 'DESCRIPTION', u.description === null ? undefined : u.description);
  orderImageChildren(img);
  return img;
}

/**
 * The XML data for a WIM holding `images` (INDEX renumbered 1..n) whose blob table ends at `totalBytes`.
 * WIM-level elements of `base` other than IMAGE and TOTALBYTES are kept after the images.
 */
export function buildWimXml(images: readonly XmlElement[], totalBytes: number, base?: XmlElement): Uint8Array {
  const wim = element('WIM', element('TOTALBYTES', String(totalBytes)));
  images.forEach((img, i) => {
    const attrs: Record<string, string> = { INDEX: String(i + 1) };
    for (const k of Object.keys(img.attrs)) if (k.toUpperCase() !== 'INDEX') attrs[k] = img.attrs[k];
    wim.children.push({ name: 'IMAGE', attrs, children: img.children });
  });
  if (base) {
    for (const c of base.children) {
      if (typeof c === 'string') continue;
      const n = c.name.toUpperCase();
      if (n !== 'IMAGE' && n !== 'TOTALBYTES') wim.children.push(c);
    }
  }
  return encodeWimXml(wim);
}
