/*
 * Split-WindowsImage and Remove-WindowsImage through the CLI, as scripts run them: parts named as DISM names them
 * and verified by wimlib with --ref, an export back from the set with -SplitImageFilePattern; an image removed
 * (the others renumbered, the boot index moved), the last image refused with DISM's error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorShape, expectValidWim, imageNames, makeTree, sandbox, wimInfo, wimlib, type Sandbox } from './helpers';
import { bytes } from '../../formats/wim/write/helpers';
import { expectSameTree, tmpDir } from '../../formats/wim/write/helpers';

let sb: Sandbox;
beforeAll(() => {
  sb = sandbox('split-remove');
  for (const v of ['a', 'b', 'c']) {
    makeTree(sb.cpath(`tree/${v}`), v);
    for (let k = 0; k < 4; k++) fs.writeFileSync(sb.cpath(`tree/${v}/noise${k}.bin`), bytes(400_000, k + v.charCodeAt(0) * 10));
  }
  wimlib('capture', sb.cpath('tree/a'), sb.cpath('three.wim'), 'Alpha', '--compress=LZX');
  wimlib('append', sb.cpath('tree/b'), sb.cpath('three.wim'), 'Beta');
  wimlib('append', sb.cpath('tree/c'), sb.cpath('three.wim'), 'Gamma');
});
afterAll(() => sb.cleanup());

const applyEquals = (wim: string, index: number, tree: string, ref?: string): void => {
  const out = tmpDir('cmd-apply');
  try {
    wimlib('apply', wim, String(index), path.join(out, 'x'), ...(ref ? [`--ref=${ref}`] : []));
    expectSameTree(tree, path.join(out, 'x'));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
};

describe('Split-WindowsImage', () => {
  test('-FileSize in MB: install.swm, install2.swm...; wimlib verifies the set; Export from it gives the images back', () => {
    fs.mkdirSync(sb.cpath('parts'));
    const r = sb.run(
      'Split-WindowsImage -ImagePath C:\\three.wim -SplitImagePath C:\\parts\\install.swm -FileSize 1 -CheckIntegrity | Out-Null; ' +
        'Export-WindowsImage -SourceImagePath C:\\parts\\install.swm -SplitImageFilePattern C:\\parts\\install*.swm -SourceIndex 2 -DestinationImagePath C:\\back.wim | Out-Null',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const names = fs.readdirSync(sb.cpath('parts')).sort();
    expect(names.length).toBeGreaterThan(2);
    expect(names).toEqual(['install.swm', ...names.slice(1).map((_, i) => `install${i + 2}.swm`)].sort());
    const ref = path.join(sb.cpath('parts'), 'install*.swm');
    expect(wimlib('verify', sb.cpath('parts/install.swm'), `--ref=${ref}`)).toMatch(/successfully verified/);
    expect(wimInfo(sb.cpath('parts/install.swm'))['Part Number']).toBe(`1/${names.length}`);
    expect(wimInfo(sb.cpath('parts/install.swm')).Attributes).toMatch(/Integrity info/);
    applyEquals(sb.cpath('parts/install.swm'), 3, sb.cpath('tree/c'), ref);
    expectValidWim(sb.cpath('back.wim'));
    applyEquals(sb.cpath('back.wim'), 1, sb.cpath('tree/b'));
  });

  test('binding: -FileSize is mandatory and a UInt64', () => {
    const r = sb.run('Split-WindowsImage -ImagePath C:\\three.wim -SplitImagePath C:\\x.swm -FileSize lots');
    expect(r.stderr).toMatch(/Cannot process argument transformation on parameter 'FileSize'|Cannot convert value "lots"/);
    expect(fs.existsSync(sb.cpath('x.swm'))).toBe(false);
    const g = sb.run("(Get-Command Split-WindowsImage).Parameters['FileSize'].ParameterType.Name");
    expect(g.stdout.trim()).toBe('UInt64');
  });

  test('an existing .swm is refused with DISM\'s error, nothing written', () => {
    fs.writeFileSync(sb.cpath('there.swm'), 'x');
    const r = sb.run('Split-WindowsImage -ImagePath C:\\three.wim -SplitImagePath C:\\there.swm -FileSize 1');
    expect(errorShape(r.stderr)).toMatchObject({ message: expect.stringMatching(/The file exists/), fqid: 'Microsoft.Dism.Commands.SplitWindowsImageCommand' });
    expect(fs.readFileSync(sb.cpath('there.swm'), 'utf8')).toBe('x');
  });
});

describe('Remove-WindowsImage', () => {
  test('by index and by name: the others renumbered and unchanged, the boot index moved', () => {
    fs.copyFileSync(sb.cpath('three.wim'), sb.cpath('rm.wim'));
    wimlib('info', sb.cpath('rm.wim'), '--boot', '3');
    const r = sb.run("Remove-WindowsImage -ImagePath C:\\rm.wim -Index 1 | Out-Null; Remove-WindowsImage -ImagePath C:\\rm.wim -Name 'gamma' -CheckIntegrity | Out-Null; (Get-WindowsImage -ImagePath C:\\rm.wim).ImageName");
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Beta\n');
    expect(imageNames(sb.cpath('rm.wim'))).toEqual(['Beta']);
    // Gamma, the boot image (3, then 2), is gone: no boot image is left.
    expect(wimInfo(sb.cpath('rm.wim'))['Boot Index']).toBe('0');
    expectValidWim(sb.cpath('rm.wim'), true);
    applyEquals(sb.cpath('rm.wim'), 1, sb.cpath('tree/b'));
    // Only Beta's data is left.
    expect(fs.statSync(sb.cpath('rm.wim')).size).toBeLessThan(fs.statSync(sb.cpath('three.wim')).size / 2);
  });

  test('the last image cannot be removed; a missing index is an argument error; the file stays as it was', () => {
    wimlib('capture', sb.cpath('tree/a'), sb.cpath('one.wim'), 'Only');
    const before = fs.readFileSync(sb.cpath('one.wim'));
    const r = sb.run('Remove-WindowsImage -ImagePath C:\\one.wim -Index 1');
    expect(errorShape(r.stderr)).toMatchObject({ message: expect.stringMatching(/The parameter is incorrect/), category: expect.stringMatching(/\[Remove-WindowsImage\]/) });
    const m = sb.run('Remove-WindowsImage -ImagePath C:\\one.wim -Index 5');
    expect(errorShape(m.stderr).category).toMatch(/InvalidArgument/);
    expect(fs.readFileSync(sb.cpath('one.wim')).equals(before)).toBe(true);
    const b = sb.run('Remove-WindowsImage -ImagePath C:\\one.wim -Index 1 -Name Only');
    expect(b.stderr).toMatch(/Parameter set cannot be resolved/);
  });
});
