/*
 * A directory tree that looks like a Windows installation to whoever reads its system files: Windows\System32\
 * kernel32.dll (a PE synthesized by test/formats/pe/make-pe.ts) and Windows\System32\config\SOFTWARE and SYSTEM
 * (hives made by hivex), holding the values Windows keeps its edition, version and languages in.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makePe } from '../pe/make-pe';
import { dword, makeHive, multiSz, sz } from './hivex';

export interface WindowsTreeOptions {
  /** The system root's name (default "Windows"). */
  systemRoot?: string;
  machine?: number;
  version?: [number, number, number, number];
  productName?: string;
  editionId?: string;
  installationType?: string;
  productType?: string;
  productSuite?: string[];
  languages?: string[];
  /** InstallLanguage, an LCID in hex ("0409"). */
  installLanguage?: string;
  /** Leave out SYSTEM. */
  noSystem?: boolean;
}

export const WIN11_PRO: Required<Omit<WindowsTreeOptions, 'noSystem'>> = {
  systemRoot: 'Windows',
  machine: 0x8664,
  version: [10, 0, 26100, 1742],
  productName: 'Windows 10 Pro',
  editionId: 'Professional',
  installationType: 'Client',
  productType: 'WinNT',
  productSuite: ['Terminal Server'],
  languages: ['en-US', 'zh-CN'],
  installLanguage: '0409',
};

/** Writes the system files of a Windows installation under `root`; returns the system root's path. */
export function makeWindowsTree(root: string, options: WindowsTreeOptions = {}): string {
  const o = { ...WIN11_PRO, ...options };
  const sysroot = path.join(root, o.systemRoot);
  const config = path.join(sysroot, 'System32', 'config');
  fs.mkdirSync(config, { recursive: true });
  fs.writeFileSync(path.join(sysroot, 'System32', 'kernel32.dll'), makePe({ machine: o.machine, version: o.version }));
  const [major, minor, build, revision] = o.version;
  makeHive(path.join(config, 'SOFTWARE'), {
    'Microsoft\\Windows NT\\CurrentVersion': [
      sz('ProductName', o.productName),
      sz('EditionID', o.editionId),
      sz('InstallationType', o.installationType),
      sz('CurrentVersion', '6.3'),
      dword('CurrentMajorVersionNumber', major),
      dword('CurrentMinorVersionNumber', minor),
      sz('CurrentBuild', String(build)),
      sz('CurrentBuildNumber', String(build)),
      dword('UBR', revision),
    ],
  });
  if (!options.noSystem) {
    const spec: Record<string, ReturnType<typeof sz>[]> = {
      'ControlSet001\\Control\\Windows': [dword('CSDBuildNumber', revision), dword('CSDVersion', 0)],
      'ControlSet001\\Control\\ProductOptions': [sz('ProductType', o.productType), multiSz('ProductSuite', o.productSuite)],
      'ControlSet001\\Control\\Nls\\Language': [sz('InstallLanguage', o.installLanguage), sz('Default', o.installLanguage)],
    };
    for (const l of o.languages) spec[`ControlSet001\\Control\\MUI\\UILanguages\\${l}`] = [dword('Type', 0x92)];
    makeHive(path.join(config, 'SYSTEM'), spec);
  }
  return sysroot;
}
