/*
 * The WINDOWS element of a captured Windows installation: facts read from a tree with a synthesized kernel32.dll and
 * hivex-made SOFTWARE and SYSTEM hives, written by the capture plan, and checked against wimlib (the oracle): wimlib
 * captures the same tree and `wimlib-imagex info` must report the same architecture, product, edition, type, suite,
 * languages, system root and version for both WIMs. Trees that are not Windows get no element; broken system files
 * cost only their facts; a commit's existing element keeps what it does not recompute.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { captureImage } from '../../../src/formats/wim/ops/capture';
import { commitImage } from '../../../src/formats/wim/ops/commit';
import { openWim } from '../../../src/formats/wim/wim';
import { formatLanguages, getImageInfo } from '../../../src/formats/wim/index';
import { findSystemRoot, languageName, readWindowsInfo, setWindowsElement } from '../../../src/formats/wim/windows-info';
import { child, element, parseImageElement, serializeXml } from '../../../src/formats/wim/xml';
import { makeWindowsTree } from '../hive/windows-tree';

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-wininfo-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function wimlib(...args: string[]): string {
  const r = spawnSync('wimlib-imagex', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wimlib-imagex ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

const WINDOWS_FIELDS = ['Architecture', 'Product Name', 'Edition ID', 'Installation Type', 'Product Type', 'Product Suite', 'Languages', 'Default Language', 'System Root', 'Major Version', 'Minor Version', 'Build', 'Service Pack Build', 'Service Pack Level'];

/** The Windows lines of `wimlib-imagex info WIM 1`. */
function windowsLines(wim: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of wimlib('info', wim, '1').split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m && WINDOWS_FIELDS.includes(m[1].trim())) out[m[1].trim()] = m[2].trim();
  }
  return out;
}

function tree(name: string): string {
  const root = path.join(work, name);
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'bootmgr'), 'not really');
  return root;
}

describe('readWindowsInfo', () => {
  it('reads architecture, product, edition, version and languages from the system files', () => {
    const root = tree('win');
    makeWindowsTree(root);
    expect(readWindowsInfo(root)).toEqual({
      arch: 9,
      productName: 'Windows 10 Pro',
      editionId: 'Professional',
      installationType: 'Client',
      productType: 'WinNT',
      productSuite: 'Terminal Server',
      hal: undefined,
      languages: ['en-US', 'zh-CN'],
      defaultLanguage: 'en-US',
      version: { major: 10, minor: 0, build: 26100, spBuild: 1742, spLevel: 0 },
      systemRoot: 'WINDOWS',
    });
  });

  it('finds a system root spelled in other case, and prefers "Windows" on a tie', () => {
    const root = tree('case');
    const sysroot = makeWindowsTree(root, { systemRoot: 'WINDOWS', machine: 0xaa64, version: [10, 0, 22631, 2861], installLanguage: '0804', languages: ['zh-CN'] });
    fs.renameSync(path.join(sysroot, 'System32'), path.join(sysroot, 'system32'));
    fs.renameSync(path.join(sysroot, 'system32', 'config', 'SOFTWARE'), path.join(sysroot, 'system32', 'config', 'software'));
    makeWindowsTree(path.join(root, 'Other'), { systemRoot: 'WinNT' });
    fs.renameSync(path.join(root, 'Other', 'WinNT'), path.join(root, 'WinNT'));
    const info = readWindowsInfo(root)!;
    expect(findSystemRoot(root)?.systemRootName).toBe('WINDOWS');
    expect(info.arch).toBe(12);
    expect(info.defaultLanguage).toBe('zh-CN');
    expect(info.version).toEqual({ major: 10, minor: 0, build: 22631, spBuild: 2861, spLevel: 0 });
  });

  it('gives nothing for a tree that is not a Windows installation', () => {
    const root = tree('plain');
    fs.mkdirSync(path.join(root, 'Windows', 'System32'), { recursive: true });
    fs.writeFileSync(path.join(root, 'Windows', 'System32', 'kernel32.dll'), 'MZ');
    expect(readWindowsInfo(root)).toBeUndefined();
    expect(readWindowsInfo(path.join(root, 'missing'))).toBeUndefined();
  });

  it('a broken hive costs its facts only, with a warning; the version then comes from kernel32.dll', () => {
    const root = tree('broken');
    const sysroot = makeWindowsTree(root, { noSystem: true });
    fs.writeFileSync(path.join(sysroot, 'System32', 'config', 'SOFTWARE'), 'regf but not really a hive');
    const warnings: string[] = [];
    const info = readWindowsInfo(root, (_l, m) => warnings.push(m))!;
    expect(info).toMatchObject({ arch: 9, systemRoot: 'WINDOWS', languages: [], version: { major: 10, minor: 0, build: 26100, spBuild: 1742, spLevel: 0 } });
    expect(info.editionId).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/SOFTWARE.*cannot be read/);
  });

  it('names the languages Windows installs by their LCIDs', () => {
    expect([0x0409, 0x0804, 0x0411, 0x0c0a, 0x0809, 0x0407].map(languageName)).toEqual(['en-US', 'zh-CN', 'ja-JP', 'es-ES', 'en-GB', 'de-DE']);
    expect(languageName(0x7777)).toBeUndefined();
  });
});

describe('setWindowsElement', () => {
  it("writes Windows' order, and on an existing element keeps what it does not compute", () => {
    const img = element('IMAGE', element('NAME', 'x'), element('DIRCOUNT', '1'));
    const old = element(
      'WINDOWS',
      element('SYSTEMROOT', 'OLD'),
      element('SERVICINGDATA', element('GDRDUREVISION', '0')),
      element('LANGUAGES', element('LANGUAGE', 'fr-FR'), { name: 'FALLBACK', attrs: { LANGUAGE: 'fr-FR' }, children: ['en-US'] }, element('DEFAULT', 'fr-FR')),
      element('HAL', 'acpiapic'),
    );
    img.children.push(old);
    setWindowsElement(img, { arch: 9, editionId: 'Core', languages: ['de-DE'], defaultLanguage: 'de-DE', systemRoot: 'WINDOWS', version: { major: 10, minor: 0, build: 1, spBuild: 2, spLevel: 0 } });
    expect(serializeXml(child(img, 'WINDOWS')!)).toBe(
      '<WINDOWS><ARCH>9</ARCH><EDITIONID>Core</EDITIONID><SERVICINGDATA><GDRDUREVISION>0</GDRDUREVISION></SERVICINGDATA>' +
        '<LANGUAGES><LANGUAGE>de-DE</LANGUAGE><FALLBACK LANGUAGE="fr-FR">en-US</FALLBACK><DEFAULT>de-DE</DEFAULT></LANGUAGES>' +
        '<VERSION><MAJOR>10</MAJOR><MINOR>0</MINOR><BUILD>1</BUILD><SPBUILD>2</SPBUILD><SPLEVEL>0</SPLEVEL></VERSION><SYSTEMROOT>WINDOWS</SYSTEMROOT></WINDOWS>',
    );
    // WINDOWS sits where WIMGAPI puts it: after the counts and times, before NAME.
    expect(img.children.map((c) => (typeof c === 'string' ? c : c.name))).toEqual(['DIRCOUNT', 'WINDOWS', 'NAME']);
    const before = serializeXml(img);
    setWindowsElement(img, undefined);
    expect(serializeXml(img)).toBe(before);
  });
});

describe('capture of a Windows installation', () => {
  it('fills the WINDOWS element as wimlib does, and Get-WindowsImage sees it', async () => {
    const root = tree('capture');
    makeWindowsTree(root);
    const ours = path.join(work, 'ours.wim');
    const theirs = path.join(work, 'theirs.wim');
    await captureImage({ sourceDir: root, imagePath: ours, name: 'Windows 10 Pro', compression: 'xpress' });
    wimlib('capture', root, theirs, 'Windows 10 Pro');
    expect(wimlib('verify', ours)).toMatch(/successfully verified/);
    const mine = windowsLines(ours);
    expect(mine).toEqual(windowsLines(theirs));
    expect(mine).toMatchObject({ Architecture: 'x86_64', 'Edition ID': 'Professional', Build: '26100', 'Service Pack Build': '1742', 'Default Language': 'en-US' });

    const wim = openWim(ours);
    try {
      const info = getImageInfo(wim, { index: 1 });
      expect(info).toMatchObject({ Architecture: 'x64', Version: '10.0.26100.1742', SPBuild: 1742, SPLevel: 0, EditionId: 'Professional', InstallationType: 'Client', ProductType: 'WinNT', ProductSuite: 'Terminal Server', SystemRoot: 'WINDOWS' });
      expect(formatLanguages(info)).toEqual(['en-US (Default)', 'zh-CN']);
      expect(parseImageElement(wim.xml.images[0].element, 1).windows?.productName).toBe('Windows 10 Pro');
    } finally {
      wim.close();
    }
  });

  it('a commit of the tree refreshes the element it keeps (an edition and build changed, the name kept)', async () => {
    const root = tree('commit');
    makeWindowsTree(root);
    const wimPath = path.join(work, 'commit.wim');
    await captureImage({ sourceDir: root, imagePath: wimPath, name: 'Windows 10 Pro', compression: 'xpress' });
    fs.rmSync(path.join(root, 'Windows'), { recursive: true });
    makeWindowsTree(root, { editionId: 'Enterprise', productName: 'Windows 10 Enterprise', version: [10, 0, 26100, 2033] });
    await commitImage({ imagePath: wimPath, index: 1, sourceDir: root });
    expect(wimlib('verify', wimPath)).toMatch(/successfully verified/);
    expect(windowsLines(wimPath)).toMatchObject({ 'Edition ID': 'Enterprise', 'Product Name': 'Windows 10 Enterprise', 'Service Pack Build': '2033' });
    const wim = openWim(wimPath);
    try {
      expect(wim.xml.images[0].name).toBe('Windows 10 Pro');
    } finally {
      wim.close();
    }
  });

  it('writes no WINDOWS element for a tree that is not Windows', async () => {
    const root = tree('nonwin');
    const wimPath = path.join(work, 'plain.wim');
    await captureImage({ sourceDir: root, imagePath: wimPath, name: 'Data', compression: 'none' });
    const wim = openWim(wimPath);
    try {
      expect(child(wim.xml.images[0].element, 'WINDOWS')).toBeUndefined();
    } finally {
      wim.close();
    }
  });
});
