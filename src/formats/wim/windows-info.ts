/*
 * The Windows-specific part of an image's XML (the WINDOWS element), worked out from a directory tree of the host
 * when that tree is a Windows installation: <root>\System32\config\SOFTWARE and <root>\System32\kernel32.dll, where
 * <root> is the top-level directory holding most of kernel32.dll, SOFTWARE and SYSTEM (a tie goes to "Windows"),
 * compared case-insensitively, as wimlib chooses it. Capture (ops/capture.ts) and commit call it on the tree they
 * store; the facts come from where Windows keeps them:
 *
 *   ARCH                kernel32.dll's COFF machine type (src/formats/pe)
 *   PRODUCTNAME, EDITIONID, INSTALLATIONTYPE
 *                       SOFTWARE  Microsoft\Windows NT\CurrentVersion  ProductName, EditionID, InstallationType
 *   VERSION MAJOR/MINOR CurrentMajorVersionNumber/CurrentMinorVersionNumber (Windows 10 on; CurrentVersion there is
 *                       frozen at 6.3), else CurrentVersion "6.1"; else kernel32.dll's file version
 *   VERSION BUILD       CurrentBuild (CurrentBuildNumber when CurrentBuild has a '.', as in XP), else kernel32.dll's
 *   VERSION SPBUILD     kernel32.dll's file version revision (10.0.26100.1742 -> 1742), else SYSTEM
 *                       ControlSet001\Control\Windows CSDBuildNumber, else SOFTWARE UBR
 *   VERSION SPLEVEL     SYSTEM ControlSet001\Control\Windows CSDVersion >> 8 (0 when absent)
 *   PRODUCTTYPE, PRODUCTSUITE
 *                       SYSTEM  ControlSet001\Control\ProductOptions  ProductType, ProductSuite (its first string)
 *   HAL                 SYSTEM  ControlSet001\Control\Class\{4D36E966-...}\0000  MatchingDeviceId
 *   LANGUAGES           SYSTEM  ControlSet001\Control\MUI\UILanguages's subkeys; DEFAULT from
 *                       ControlSet001\Control\Nls\Language InstallLanguage (an LCID in hex, "0409" -> en-US)
 *   SYSTEMROOT          <root>'s name in upper case ("WINDOWS")
 *
 * A missing or broken hive or DLL costs only the facts it holds (a warning through `log`), never the capture.
 */
import { host } from '../../platform/host';
import type * as PeModule from '../pe/pe';
import type * as RegfModule from '../hive/regf';
import type { Hive } from '../hive/regf';

// The hive and PE readers are loaded when a tree turns out to be a Windows installation: a capture of any other
// tree (and every start) does not compile them.
let regfModule: typeof RegfModule | undefined;
let peModule: typeof PeModule | undefined;
// eslint-disable-next-line @typescript-eslint/no-var-requires
const regf = (): typeof RegfModule => (regfModule ??= require('../hive/regf') as typeof RegfModule);
// eslint-disable-next-line @typescript-eslint/no-var-requires
const pe = (): typeof PeModule => (peModule ??= require('../pe/pe') as typeof PeModule);
import { type WindowsXmlInfo, type XmlElement, child, element, orderImageChildren, setChildText } from './xml';

type Log = (level: 'info' | 'warning' | 'error', msg: string) => void;

/** Hives larger than this are not read (a real SOFTWARE hive is a few hundred MiB at most). */
const MAX_HIVE_SIZE = 1 << 30;
const MAX_PE_SIZE = 256 << 20;

const CURRENT_VERSION = 'Microsoft\\Windows NT\\CurrentVersion';
const CONTROL = 'ControlSet001\\Control';

/** Where a Windows installation's facts are in a tree: host paths, each undefined when missing. */
export interface WindowsSystemFiles {
  /** The system root directory's name as the tree spells it ("Windows"). */
  systemRootName: string;
  systemRoot: string;
  kernel32?: string;
  software?: string;
  system?: string;
}

/**
 * The entry of `dir` called `name`, compared case-insensitively (an exact match first), or undefined. A symbolic
 * link is not followed (undefined): what is read or written stays inside the tree.
 */
export function childPath(dir: string, name: string, want: 'file' | 'dir'): string | undefined {
  const h = host();
  let names: string[];
  try {
    names = h.fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  const upper = name.toUpperCase();
  const found = names.includes(name) ? name : names.find((n) => n.toUpperCase() === upper);
  if (found === undefined) return undefined;
  const p = h.path.join(dir, found);
  try {
    const st = h.fs.lstatSync(p);
    return (want === 'dir' ? st.isDirectory() : st.isFile()) ? p : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The directory at `relative` ('\\' or '/' separated, each part matched case-insensitively) under `root`, or
 * undefined when a part is missing or the path would leave `root` ('..', an absolute path).
 */
export function resolveUnder(root: string, relative: string): string | undefined {
  let dir = root;
  for (const part of relative.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..' || part.includes(':')) return undefined;
    const next = childPath(dir, part, 'dir');
    if (!next) return undefined;
    dir = next;
  }
  return dir;
}

/** The files of the Windows installation in `systemRoot` (a Windows directory). */
export function systemFilesOf(systemRoot: string): WindowsSystemFiles {
  const h = host();
  const system32 = childPath(systemRoot, 'System32', 'dir');
  const config = system32 && childPath(system32, 'config', 'dir');
  return {
    systemRootName: h.path.basename(systemRoot),
    systemRoot,
    kernel32: system32 && childPath(system32, 'kernel32.dll', 'file'),
    software: config && childPath(config, 'SOFTWARE', 'file'),
    system: config && childPath(config, 'SYSTEM', 'file'),
  };
}

/** The top-level directory of `rootDir` that is a Windows installation's system root, or undefined. */
export function findSystemRoot(rootDir: string): WindowsSystemFiles | undefined {
  const h = host();
  let names: string[];
  try {
    names = h.fs.readdirSync(rootDir).sort();
  } catch {
    return undefined;
  }
  let best: WindowsSystemFiles | undefined;
  let bestScore = 0;
  for (const name of names) {
    const dir = h.path.join(rootDir, name);
    try {
      if (!h.fs.lstatSync(dir).isDirectory()) continue;
    } catch {
      continue;
    }
    const f = systemFilesOf(dir);
    const score = (f.kernel32 ? 1 : 0) + (f.software ? 1 : 0) + (f.system ? 1 : 0);
    if (score > bestScore || (score > 0 && score === bestScore && name.toUpperCase() === 'WINDOWS')) {
      best = f;
      bestScore = score;
    }
  }
  // A Windows installation needs its SOFTWARE hive and kernel32.dll; a stray System32 folder is not one.
  return best && best.software && best.kernel32 ? best : undefined;
}

function readLimited(path: string, max: number): Uint8Array {
  const fs = host().fs;
  const size = fs.statSync(path).size;
  if (size > max) throw new Error(`it is larger than ${max} bytes`);
  return fs.readFileSync(path);
}

/** Opens a hive file of the tree; undefined (with a warning) when it cannot be read or is not a hive. */
export function openHiveFile(path: string, log?: Log): Hive | undefined {
  try {
    return regf().Hive.open(readLimited(path, MAX_HIVE_SIZE));
  } catch (e) {
    log?.('warning', `The registry hive "${path}" cannot be read: ${(e as Error).message}`);
    return undefined;
  }
}

/** Reads one fact; a value of the wrong type or a broken structure under it costs that fact only. */
function fact<T>(what: string, log: Log | undefined, read: () => T | undefined): T | undefined {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof regf().HiveError)) throw e;
    log?.('warning', `${what}: ${e.message}`);
    return undefined;
  }
}

/** A string value (REG_SZ, REG_EXPAND_SZ, or the first string of a REG_MULTI_SZ). */
function text(h: Hive, keyPath: string, name: string): string | undefined {
  const k = h.key(keyPath);
  const v = k && h.value(k, name);
  if (!v) return undefined;
  if (v.type === regf().REG_MULTI_SZ) return h.multiString(v)[0] ?? '';
  if (v.type === regf().REG_SZ || v.type === regf().REG_EXPAND_SZ) return regf().decodeRegString(h.data(v));
  throw new (regf().HiveError)(`${keyPath}\\${name} is not a string (type ${v.type}).`);
}

/** The EditionID of the SOFTWARE hive ("Professional", "ServerDatacenter"), or undefined. */
export function editionIdOf(software: Hive, log?: Log): string | undefined {
  return fact('EditionID', log, () => text(software, CURRENT_VERSION, 'EditionID'));
}

/** The WINDOWS facts of the tree at `rootDir`, or undefined when it is not a Windows installation. */
export function readWindowsInfo(rootDir: string, log?: Log): WindowsXmlInfo | undefined {
  const files = findSystemRoot(rootDir);
  if (!files) return undefined;
  const info: WindowsXmlInfo = { languages: [], systemRoot: files.systemRootName.toUpperCase() };

  let peInfo;
  if (files.kernel32) {
    try {
      peInfo = pe().readPeInfo(readLimited(files.kernel32, MAX_PE_SIZE));
      if (!peInfo) log?.('warning', `"${files.kernel32}" is not a PE file.`);
    } catch (e) {
      log?.('warning', `"${files.kernel32}" cannot be read: ${(e as Error).message}`);
    }
  }
  info.arch = peInfo?.arch;
  const fileVersion = peInfo?.fileVersion;

  let major: number | undefined;
  let minor: number | undefined;
  let build: number | undefined;
  let spBuild: number | undefined;
  let spLevel: number | undefined;

  const software = files.software ? openHiveFile(files.software, log) : undefined;
  if (software) {
    const s = (name: string): string | undefined => fact(name, log, () => text(software, CURRENT_VERSION, name));
    const n = (name: string): number | undefined => fact(name, log, () => software.getNumber(CURRENT_VERSION, name));
    info.productName = s('ProductName');
    info.editionId = s('EditionID');
    info.installationType = s('InstallationType');
    major = n('CurrentMajorVersionNumber');
    minor = n('CurrentMinorVersionNumber');
    if (major === undefined || minor === undefined) {
      const m = /^(\d+)\.(\d+)/.exec(s('CurrentVersion') ?? '');
      if (m) {
        major = Number(m[1]);
        minor = Number(m[2]);
      }
    }
    let b = s('CurrentBuild');
    if (b !== undefined && b.includes('.')) b = s('CurrentBuildNumber');
    if (b !== undefined && /^\d+$/.test(b.trim())) build = Number(b.trim());
    spBuild = fileVersion ? undefined : n('UBR');
  }

  const system = files.system ? openHiveFile(files.system, log) : undefined;
  if (system) {
    const csdBuild = fact('CSDBuildNumber', log, () => system.getNumber(`${CONTROL}\\Windows`, 'CSDBuildNumber'));
    if (!fileVersion && csdBuild !== undefined) spBuild = csdBuild;
    const csd = fact('CSDVersion', log, () => system.getNumber(`${CONTROL}\\Windows`, 'CSDVersion'));
    if (csd !== undefined) spLevel = csd >>> 8;
    info.productType = fact('ProductType', log, () => text(system, `${CONTROL}\\ProductOptions`, 'ProductType'));
    info.productSuite = fact('ProductSuite', log, () => text(system, `${CONTROL}\\ProductOptions`, 'ProductSuite'));
    info.hal = fact('HAL', log, () => text(system, `${CONTROL}\\Class\\{4D36E966-E325-11CE-BFC1-08002BE10318}\\0000`, 'MatchingDeviceId'));
    info.languages = fact('UILanguages', log, () => system.listSubkeys(`${CONTROL}\\MUI\\UILanguages`)) ?? [];
    const install = fact('InstallLanguage', log, () => text(system, `${CONTROL}\\Nls\\Language`, 'InstallLanguage'));
    if (install !== undefined) {
      info.defaultLanguage = /^[0-9a-f]{1,8}$/i.test(install.trim()) ? languageName(parseInt(install.trim(), 16)) : undefined;
      if (info.defaultLanguage === undefined) log?.('warning', `InstallLanguage "${install}" is not a language wimsh knows.`);
    }
  }

  if (fileVersion) {
    major ??= fileVersion.major;
    minor ??= fileVersion.minor;
    build ??= fileVersion.build;
    spBuild = fileVersion.revision;
  }
  if (major !== undefined) {
    info.version = { major, minor: minor ?? 0, build: build ?? 0, spBuild: spBuild ?? 0, spLevel: spLevel ?? 0 };
  }
  return info;
}

/**
 * Puts `info` into the IMAGE element `img` as its WINDOWS element: the children it knows are set (or removed when
 * the tree no longer has them), the others (SERVICINGDATA, FALLBACK languages...) kept; the IMAGE's children are
 * put back in their order. `info` undefined leaves the element as it is.
 */
export function setWindowsElement(img: XmlElement, info: WindowsXmlInfo | undefined): void {
  if (!info) return;
  let w = child(img, 'WINDOWS');
  if (!w) {
    w = element('WINDOWS');
    img.children.push(w);
  }
  const str = (v: number | string | undefined): string | undefined => (v === undefined ? undefined : String(v));
  setChildText(w, 'ARCH', str(info.arch));
  setChildText(w, 'PRODUCTNAME', info.productName);
  setChildText(w, 'EDITIONID', info.editionId);
  setChildText(w, 'INSTALLATIONTYPE', info.installationType);
  setChildText(w, 'HAL', info.hal);
  setChildText(w, 'PRODUCTTYPE', info.productType);
  setChildText(w, 'PRODUCTSUITE', info.productSuite);
  const oldLangs = child(w, 'LANGUAGES');
  const langs = element('LANGUAGES', ...info.languages.map((l) => element('LANGUAGE', l)));
  for (const c of oldLangs?.children ?? []) if (typeof c !== 'string' && !['LANGUAGE', 'DEFAULT'].includes(c.name.toUpperCase())) langs.children.push(c);
  if (info.defaultLanguage !== undefined) langs.children.push(element('DEFAULT', info.defaultLanguage));
  replaceChild(w, 'LANGUAGES', langs.children.length ? langs : undefined);
  const v = info.version;
  replaceChild(
    w,
    'VERSION',
    v && element('VERSION', element('MAJOR', String(v.major)), element('MINOR', String(v.minor)), element('BUILD', String(v.build)), element('SPBUILD', String(v.spBuild)), element('SPLEVEL', String(v.spLevel))),
  );
  setChildText(w, 'SYSTEMROOT', info.systemRoot);
  orderWindowsChildren(w);
  orderImageChildren(img);
}

function replaceChild(parent: XmlElement, name: string, el: XmlElement | undefined): void {
  const i = parent.children.findIndex((c) => typeof c !== 'string' && c.name.toUpperCase() === name);
  if (i >= 0) {
    if (el) parent.children[i] = el;
    else parent.children.splice(i, 1);
  } else if (el) {
    parent.children.push(el);
  }
}

/** WINDOWS' children in the order Windows' own images have them; others keep their place after. */
const WINDOWS_ORDER = ['ARCH', 'PRODUCTNAME', 'EDITIONID', 'INSTALLATIONTYPE', 'SERVICINGDATA', 'HAL', 'PRODUCTTYPE', 'PRODUCTSUITE', 'LANGUAGES', 'VERSION', 'SYSTEMROOT'];
const LANGUAGES_ORDER = ['LANGUAGE', 'FALLBACK', 'DEFAULT'];

function orderBy(e: XmlElement, order: string[]): void {
  const rank = (c: XmlElement | string): number => (typeof c === 'string' ? order.length + 1 : ((i) => (i < 0 ? order.length : i))(order.indexOf(c.name.toUpperCase())));
  e.children = e.children
    .filter((c) => typeof c !== 'string' || c.trim() !== '')
    .map((c, i) => ({ c, i, r: rank(c) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.c);
}

function orderWindowsChildren(w: XmlElement): void {
  orderBy(w, WINDOWS_ORDER);
  const langs = child(w, 'LANGUAGES');
  if (langs) orderBy(langs, LANGUAGES_ORDER);
}

/**
 * Windows' language identifiers (LCIDs) of the languages Windows installs as its default, to their names: the
 * language packs of Windows 7 to 11 and Windows Server, and their regional variants.
 */
const LANGUAGE_NAMES: Record<number, string> = {
  0x0401: 'ar-SA', 0x0402: 'bg-BG', 0x0403: 'ca-ES', 0x0404: 'zh-TW', 0x0405: 'cs-CZ', 0x0406: 'da-DK', 0x0407: 'de-DE',
  0x0408: 'el-GR', 0x0409: 'en-US', 0x040a: 'es-ES_tradnl', 0x040b: 'fi-FI', 0x040c: 'fr-FR', 0x040d: 'he-IL',
  0x040e: 'hu-HU', 0x040f: 'is-IS', 0x0410: 'it-IT', 0x0411: 'ja-JP', 0x0412: 'ko-KR', 0x0413: 'nl-NL', 0x0414: 'nb-NO',
  0x0415: 'pl-PL', 0x0416: 'pt-BR', 0x0418: 'ro-RO', 0x0419: 'ru-RU', 0x041a: 'hr-HR', 0x041b: 'sk-SK', 0x041c: 'sq-AL',
  0x041d: 'sv-SE', 0x041e: 'th-TH', 0x041f: 'tr-TR', 0x0420: 'ur-PK', 0x0421: 'id-ID', 0x0422: 'uk-UA', 0x0423: 'be-BY',
  0x0424: 'sl-SI', 0x0425: 'et-EE', 0x0426: 'lv-LV', 0x0427: 'lt-LT', 0x0429: 'fa-IR', 0x042a: 'vi-VN', 0x042b: 'hy-AM',
  0x042d: 'eu-ES', 0x042f: 'mk-MK', 0x0436: 'af-ZA', 0x0437: 'ka-GE', 0x0439: 'hi-IN', 0x043e: 'ms-MY', 0x043f: 'kk-KZ',
  0x0441: 'sw-KE', 0x0443: 'uz-Latn-UZ', 0x0445: 'bn-IN', 0x0446: 'pa-IN', 0x0447: 'gu-IN', 0x0449: 'ta-IN',
  0x044a: 'te-IN', 0x044b: 'kn-IN', 0x044c: 'ml-IN', 0x044e: 'mr-IN', 0x0456: 'gl-ES', 0x045e: 'am-ET', 0x0461: 'ne-NP',
  0x0464: 'fil-PH', 0x0801: 'ar-IQ', 0x0804: 'zh-CN', 0x0807: 'de-CH', 0x0809: 'en-GB', 0x080a: 'es-MX', 0x080c: 'fr-BE',
  0x0810: 'it-CH', 0x0813: 'nl-BE', 0x0814: 'nn-NO', 0x0816: 'pt-PT', 0x081a: 'sr-Latn-CS', 0x0c01: 'ar-EG',
  0x0c04: 'zh-HK', 0x0c07: 'de-AT', 0x0c09: 'en-AU', 0x0c0a: 'es-ES', 0x0c0c: 'fr-CA', 0x0c1a: 'sr-Cyrl-CS',
  0x1004: 'zh-SG', 0x1009: 'en-CA', 0x100c: 'fr-CH', 0x1409: 'en-NZ', 0x1809: 'en-IE', 0x1c09: 'en-ZA', 0x2009: 'en-JM',
  0x241a: 'sr-Latn-RS', 0x281a: 'sr-Cyrl-RS', 0x4009: 'en-IN', 0x4809: 'en-SG',
};

/** The name of a language identifier, or undefined for one not in the table. */
export function languageName(lcid: number): string | undefined {
  return LANGUAGE_NAMES[lcid];
}
