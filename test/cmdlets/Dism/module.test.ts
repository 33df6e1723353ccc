/*
 * The Dism module as a whole: Get-Command -Module Dism lists it, every servicing cmdlet binds (a wrong parameter is
 * PowerShell's binding error, not "not recognized") and then ends with the one record of _servicing.ts (its text,
 * HRESULT, FullyQualifiedErrorId, -ErrorAction and try/catch as on Windows), its DISM log session, its help, and the
 * module's aliases. In-process runs (test/lang/helpers.ts), C: mapped to a temporary directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { manifest } from '../../../cmdlets/Dism/manifest';
import { compiledCommand, fullTypeName } from '../../../src/lang/binding/compiled';
import type { CmdletDefinition } from '../../../src/lang/commands/cmdlet';
import { enumTypes } from '../../../src/lang/types/values';
import { lines, run, tempDrive } from '../../lang/helpers';

/** The Dism module of Windows 11 24H2 / Server 2025: one cmdlet per reference page. */
const MODULE = [
  'Add-AppxProvisionedPackage', 'Add-WindowsCapability', 'Add-WindowsDriver', 'Add-WindowsImage', 'Add-WindowsPackage',
  'Clear-WindowsCorruptMountPoint', 'Disable-WindowsOptionalFeature', 'Dismount-WindowsImage', 'Enable-WindowsOptionalFeature',
  'Expand-WindowsCustomDataImage', 'Expand-WindowsImage', 'Export-WindowsCapabilitySource', 'Export-WindowsDriver',
  'Export-WindowsImage', 'Get-AppxProvisionedPackage', 'Get-NonRemovableAppsPolicy', 'Get-WIMBootEntry',
  'Get-WindowsCapability', 'Get-WindowsDriver', 'Get-WindowsEdition', 'Get-WindowsImage', 'Get-WindowsImageContent',
  'Get-WindowsOptionalFeature', 'Get-WindowsPackage', 'Get-WindowsReservedStorageState', 'Mount-WindowsImage',
  'New-WindowsCustomImage', 'New-WindowsImage', 'Optimize-AppXProvisionedPackages', 'Optimize-WindowsImage',
  'Remove-AppxProvisionedPackage', 'Remove-WindowsCapability', 'Remove-WindowsDriver', 'Remove-WindowsImage',
  'Remove-WindowsPackage', 'Repair-WindowsImage', 'Save-WindowsImage', 'Set-AppXProvisionedDataFile',
  'Set-NonRemovableAppsPolicy', 'Set-WindowsEdition', 'Set-WindowsProductKey', 'Set-WindowsReservedStorageState',
  'Split-WindowsImage', 'Start-OSUninstall', 'Update-WIMBootEntry', 'Use-WindowsUnattend',
];

/** Cmdlets the other parts of issue 15 bring (the mount life cycle, Split/Remove/Add, editions, unattend). */
const PENDING = new Set([
  'Mount-WindowsImage', 'Dismount-WindowsImage', 'Save-WindowsImage', 'Clear-WindowsCorruptMountPoint', 'Repair-WindowsImage',
  'Split-WindowsImage', 'Remove-WindowsImage', 'Add-WindowsImage', 'Get-WindowsEdition', 'Use-WindowsUnattend',
]);

/** The servicing cmdlets: those whose file declares itself through servicingCmdlet. */
const SERVICING = Object.keys(manifest.cmdlets).filter((n) => /servicingCmdlet\(/.test(fs.readFileSync(path.join(__dirname, '../../../cmdlets/Dism', `${n}.ts`), 'utf8')));

function definition(name: string): CmdletDefinition {
  return manifest.cmdlets[name]().cmdlet;
}

/** A command line binding the cmdlet's default parameter set with a value of the right type for each mandatory parameter. */
function minimalCall(def: CmdletDefinition): string {
  const cc = compiledCommand({ name: def.name, errorSuffix: def.className, isCmdlet: true, parameters: def.parameters, defaultParameterSetName: def.defaultParameterSetName });
  const set = cc.setIndex.get(def.defaultParameterSetName ?? cc.setNames[0]) ?? 0;
  const args = cc.mandatoryBySet[set].map((p) => {
    const t = fullTypeName(p.def.type);
    const e = enumTypes.get(t.toLowerCase());
    if (t.endsWith('SwitchParameter')) return `-${p.name}`;
    if (e) return `-${p.name} ${e.members[e.members.length - 1][0]}`;
    if (p.def.validateSet) return `-${p.name} ${p.def.validateSet[0]}`;
    if (/Int\d+$/.test(t)) return `-${p.name} 1`;
    return `-${p.name} 'C:\\offline'`;
  });
  return [def.name, ...args].join(' ');
}

let drive: string;
beforeAll(() => {
  drive = tempDrive();
});
afterAll(() => {
  fs.rmSync(drive, { recursive: true, force: true });
});

describe('Get-Command -Module Dism', () => {
  it('lists the whole module: every cmdlet of the manifest, and only the other parts of issue 15 missing', async () => {
    const r = await run('Get-Command -Module Dism | ForEach-Object { $_.Name }');
    expect(r.stderr).toBe('');
    const listed = lines(r.stdout).split('\n');
    expect(listed).toEqual(Object.keys(manifest.cmdlets).sort((a, b) => a.localeCompare(b)));
    expect(listed.filter((n) => !MODULE.includes(n))).toEqual([]);
    expect(MODULE.filter((n) => !listed.includes(n) && !PENDING.has(n))).toEqual([]);
    // The whole module once every part has landed: 46 cmdlets.
    expect(MODULE.length).toBe(46);
    expect(listed.length + MODULE.filter((n) => !listed.includes(n)).length).toBe(46);
    expect(SERVICING.length).toBe(31);
  });

  it('shows each cmdlet as the Dism module 3.0', async () => {
    const r = await run("Get-Command Add-WindowsDriver, Get-WindowsPackage | ForEach-Object { '{0} {1} {2} {3}' -f $_.CommandType, $_.Name, $_.Source, $_.Version }");
    expect(lines(r.stdout)).toBe('Cmdlet Add-WindowsDriver Dism 3.0\nCmdlet Get-WindowsPackage Dism 3.0');
  });
});

describe('the servicing cmdlets', () => {
  it.each(SERVICING)('%s binds its mandatory parameters, then says it needs the Windows servicing stack', async (name) => {
    const def = definition(name);
    const script = `${minimalCall(def)}; "ok=$?"; $e = $Error[0]; $e.FullyQualifiedErrorId; '{0:x8}' -f $e.Exception.HResult; $e.Exception.GetType().FullName; $e.CategoryInfo.Activity`;
    const r = await run(script);
    const [ok, fqid, hr, type, activity] = lines(r.stdout).split('\n');
    expect([ok, fqid, hr, type, activity]).toEqual(['ok=False', `ServicingStackRequired,${def.className}`, '80070032', 'System.Runtime.InteropServices.COMException', name]);
    expect(r.stderr).toContain(`${name} : ${name} needs the Windows servicing stack, which is only available on Windows; wimsh cannot perform this operation. The request is not supported.`);
    expect(r.stderr).toContain(`FullyQualifiedErrorId : ServicingStackRequired,${def.className}`);
  });

  it.each(SERVICING)('%s refuses an unknown parameter with the binding error', async (name) => {
    const r = await run(`${minimalCall(definition(name))} -NoSuchParameter 1`);
    expect(r.stderr).toContain(`${name} : A parameter cannot be found that matches parameter name 'NoSuchParameter'.`);
    expect(r.stderr).toContain(`FullyQualifiedErrorId : NamedParameterNotFound,${definition(name).className}`);
    expect(r.stderr).not.toContain('is not recognized');
  });

  it('refuses a missing mandatory parameter, an ambiguous set, a value outside the set or the enum', async () => {
    const cases: [string, string][] = [
      ["Add-WindowsDriver -Driver 'C:\\drivers'", 'MissingMandatoryParameter,Microsoft.Dism.Commands.AddWindowsDriverCommand'],
      ["Get-WindowsPackage -Online -Path 'C:\\offline'", 'AmbiguousParameterSet,Microsoft.Dism.Commands.GetWindowsPackageCommand'],
      ["Optimize-WindowsImage -Path 'C:\\' -OptimizationTarget Other", 'ParameterArgumentValidationError,Microsoft.Dism.Commands.OptimizeWindowsImageCommand'],
      ['Set-WindowsReservedStorageState -State Off', 'CannotConvertArgumentNoMessage,Microsoft.Dism.Commands.SetWindowsReservedStorageStateCommand'],
      ['Get-WindowsDriver -Online -LogLevel Loud', 'CannotConvertArgumentNoMessage,Microsoft.Dism.Commands.GetWindowsDriverCommand'],
    ];
    for (const [script, fqid] of cases) {
      const r = await run(`${script}; $Error[0].FullyQualifiedErrorId`);
      expect([script, lines(r.stdout)]).toEqual([script, fqid]);
    }
  });

  it('binds -Online alone to the Online set, the switch sets and the enums by name, the aliases of the session parameters', async () => {
    const r = await run(
      [
        'Get-WindowsOptionalFeature -Online -ErrorAction SilentlyContinue',
        "Add-AppxProvisionedPackage -Online -PackagePath 'C:\\a.appx' -SkipLicense -StubPackageOption InstallStub -LL Debug -LP 'C:\\x.log' -ErrorAction SilentlyContinue",
        'Set-WindowsReservedStorageState -State enabled -ErrorAction SilentlyContinue',
        "Set-NonRemovableAppsPolicy -Online -PackageFamilyName 'App_1.0.0.0+x64__abc' -NonRemovable 1 -ErrorAction SilentlyContinue",
        '$Error.Count',
        '$Error | ForEach-Object { $_.FullyQualifiedErrorId.Split(",")[0] }',
      ].join('; '),
    );
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)).toBe(['4', ...Array(4).fill('ServicingStackRequired')].join('\n'));
    // -LP took the log path: the session logged there.
    expect(fs.readFileSync(path.join(drive, 'x.log'), 'utf8')).toContain('Parent process command line: wimsh Add-AppxProvisionedPackage');
  });

  it('takes its parameters from the pipeline by property name', async () => {
    const r = await run("[pscustomobject]@{ Path = 'C:\\offline'; Driver = 'C:\\drivers'; Recurse = $true } | Add-WindowsDriver; $Error[0].FullyQualifiedErrorId");
    expect(lines(r.stdout)).toBe('ServicingStackRequired,Microsoft.Dism.Commands.AddWindowsDriverCommand');
  });

  it('follows -ErrorAction, try/catch, -ErrorVariable and $ErrorActionPreference as a Dism failure does', async () => {
    const r = await run(
      [
        "Remove-WindowsDriver -Path 'C:\\offline' -Driver oem1.inf -ErrorAction SilentlyContinue -ErrorVariable ev",
        '"silent: $? $($ev.Count)"',
        "try { Enable-WindowsOptionalFeature -Online -FeatureName NetFx3 -ErrorAction Stop; 'not reached' } catch { \"caught: $($_.Exception.GetType().Name) $($_.FullyQualifiedErrorId)\" }",
        "$ErrorActionPreference = 'Stop'",
        "try { Get-WindowsCapability -Online; 'not reached' } catch [System.Runtime.InteropServices.COMException] { 'caught by type' }",
        "$ErrorActionPreference = 'Continue'",
        "Get-WindowsDriver -Path 'C:\\offline' 2>$null",
        '"continued after: $?"',
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)).toBe(
      [
        'silent: False 1',
        'caught: COMException ServicingStackRequired,Microsoft.Dism.Commands.EnableWindowsOptionalFeatureCommand',
        'caught by type',
        'continued after: False',
      ].join('\n'),
    );
  });

  it("writes the command's DISM log session, ending with ERROR_NOT_SUPPORTED", async () => {
    const log = path.join(drive, 'logs', 'servicing.log');
    await run("Set-WindowsProductKey -Path 'C:\\offline' -ProductKey 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE' -LogPath 'C:\\logs\\servicing.log' -LogLevel Debug -ErrorAction SilentlyContinue");
    const text = fs.readFileSync(log, 'utf8');
    expect(text).toContain('DISM   API: PID=');
    expect(text).toContain('Parent process command line: wimsh Set-WindowsProductKey');
    expect(text).toContain('DISM Provider Store: PID=');
    expect(text).toContain('Getting the collection of providers from a local provider store type. - CDISMProviderStore::GetProviderCollection');
    expect(text).toContain('Set-WindowsProductKey: parameter set __AllParameterSets, image C:\\offline, parameters Path, ProductKey, LogPath, LogLevel');
    expect(text).toMatch(/Error {17}DISM {3}.*Set-WindowsProductKey needs the Windows servicing stack.*\(hr:0x80070032\)\r\n/);
    expect(text).toContain('<----- Ending DismApi.dll session ----->');
  });

  it('resolves the module aliases of the provisioned-app cmdlets', async () => {
    const r = await run(
      [
        "Get-Command Add-ProvisionedAppxPackage, Get-AppProvisionedPackage, Set-ProvisionedAppPackageDataFile, Optimize-ProvisionedAppxPackages | ForEach-Object { '{0} {1}' -f $_.CommandType, $_.Name }",
        'Get-ProvisionedAppxPackage -Online -ErrorAction SilentlyContinue',
        '$Error[0].FullyQualifiedErrorId',
      ].join('; '),
    );
    expect(r.stderr).toBe('');
    const out = lines(r.stdout).split('\n');
    // Each alias resolves (Get-Command shows the alias or, as wimsh does today, the cmdlet it stands for).
    expect(out.length).toBe(5);
    for (const l of out.slice(0, 4)) expect(l).toMatch(/^(Alias|Cmdlet) \S*Prov\S*$/);
    expect(out[4]).toBe('ServicingStackRequired,Microsoft.Dism.Commands.GetAppxProvisionedPackageCommand');
    for (const [alias, target] of Object.entries(manifest.aliases ?? {})) expect([alias, target, target in manifest.cmdlets]).toEqual([alias, target, true]);
    expect(Object.keys(manifest.aliases ?? {}).length).toBeGreaterThanOrEqual(15);
  });

  it('has help: synopsis, parameters and the examples', async () => {
    const r = await run('Get-Help Add-WindowsDriver -Full');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Adds third-party driver packages to an offline Windows image.');
    expect(r.stdout).toContain('-ForceUnsigned');
    expect(r.stdout).toContain('Adds drivers without a digital signature to an x64 image.');
    expect(r.stdout).toContain('Add-WindowsDriver -Path "c:\\offline" -Driver "c:\\test\\drivers" -Recurse');
    for (const name of SERVICING) {
      const def = definition(name);
      expect([name, (def.help?.['en-US'].synopsis ?? '').length > 10, (def.help?.['en-US'].examples ?? []).length > 0]).toEqual([name, true, true]);
      for (const p of def.parameters) expect([name, p.name, (p.description ?? '').length > 10]).toEqual([name, p.name, true]);
    }
  });
});
