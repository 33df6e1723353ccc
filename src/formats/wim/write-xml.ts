/*
 * The XML data resource as the writer emits it: UTF-16LE with a byte order mark, no declaration, no whitespace,
 * stored uncompressed (reshdr flag METADATA). Element order follows WIMGAPI/DISM (WIM-FACTS §4.13): the WIM-level
 * <TOTALBYTES> (= offset of the XML data = end of the blob table) first, then <IMAGE INDEX="n"> elements whose
 * children run DIRCOUNT, FILECOUNT, TOTALBYTES, HARDLINKBYTES, CREATIONTIME, LASTMODIFICATIONTIME, WIMBOOT,
 * WINDOWS, NAME, DESCRIPTION, FLAGS, DISPLAYNAME, DISPLAYDESCRIPTION, then any other element in its original
 * order. Elements the writer does not manage (WINDOWS, unknown ones) are carried over verbatim. The element tree
 * is the reader's (xml.ts).
 */
import type { ImageStats } from './write-metadata';
import { type XmlElement, type XmlNode, child, encodeWimXml, setChildText } from './xml';

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

/** Puts an IMAGE element's children into DISM's order; unknown elements keep their relative order at the end. */
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
  /** Sets WIMBOOT to 1 / 0; undefined keeps it (and writes 0 where it is missing, as DISM always has it). */
  wimBoot?: boolean;
}

function cloneElement(e: XmlElement): XmlElement {
  return { name: e.name, attrs: { ...e.attrs }, children: e.children.map((c) => (typeof c === 'string' ? c : cloneElement(c))) };
}

/** A copy of `source` (or a new IMAGE) with the update applied, in DISM's order. */
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
