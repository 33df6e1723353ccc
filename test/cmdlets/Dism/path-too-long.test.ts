/*
 * Applying an image whose paths, under the target directory, are longer than the host allows (PATH_MAX): the
 * failure is the real one, ERROR_FILENAME_EXCED_RANGE (0x800700CE, "The filename or extension is too long."), not
 * a write fault, and the log names the path and how many entries were applied before it. Through the WIM core,
 * Expand-WindowsImage, Mount-WindowsImage and dism.exe /Apply-Image.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyImage } from '../../../src/formats/wim/ops/apply';
import { openWim } from '../../../src/formats/wim/index';
import { WimError, WimErrorCode } from '../../../src/formats/errors';
import { coreHresult, fromCoreError } from '../../../src/dism/errors';
import { type Sandbox, sandbox, wimlib } from './helpers';

const TOO_LONG = 'The filename or extension is too long.';
const DISM_BIN = path.join(__dirname, '../../../bin/wimsh-dism.js');

let sb: Sandbox;
let wim: string;
/** A target directory ~750 bytes deep: with the image's 18 levels of 200-byte names, past PATH_MAX (4096). */
let deep: string;

beforeAll(() => {
  sb = sandbox('toolong');
  let p = path.join(sb.dir, 'tree');
  fs.mkdirSync(p);
  for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(p, `f${i}.txt`), `file ${i}\n`);
  for (let i = 0; i < 18; i++) {
    p = path.join(p, 'd'.repeat(200) + i);
    fs.mkdirSync(p);
    fs.writeFileSync(path.join(p, 'file.txt'), `level ${i}\n`);
  }
  wim = path.join(sb.dir, 'long.wim');
  wimlib('capture', path.join(sb.dir, 'tree'), wim, 'Long');
  deep = path.join(sb.dir, 'x'.repeat(250), 'y'.repeat(250), 'z'.repeat(250));
});

afterAll(() => sb.cleanup());

const dismLog = (): string => fs.readFileSync(sb.cpath('Windows/Logs/DISM/dism.log'), 'utf8');

describe('a path longer than the host allows', () => {
  it('fails apply with PathTooLong naming the path and counting the entries applied, 0x800700CE in DISM terms', () => {
    const target = path.join(deep, 'core');
    const w = openWim(wim);
    let err: unknown;
    try {
      applyImage(w, 1, target);
    } catch (e) {
      err = e;
    } finally {
      w.close();
    }
    expect(err).toBeInstanceOf(WimError);
    const e = err as WimError;
    expect(e.code).toBe(WimErrorCode.PathTooLong);
    expect(e.path!.startsWith(target + '/')).toBe(true);
    expect(e.path!.length).toBeGreaterThan(4096);
    // The root's five files and the directories that fit were made before the one that did not.
    const made = Number(/(\d+) entries were applied before this failure\.$/.exec(e.message)![1]);
    expect(made).toBeGreaterThan(5);
    expect(e.message).toBe(`${e.path}: ${TOO_LONG} ${made} entries were applied before this failure.`);
    expect(coreHresult(e.code)).toBe(0x800700ce);
    expect(fromCoreError(e).message()).toBe(TOO_LONG);
    expect(fromCoreError(e).message('zh-CN')).toBe('文件名或扩展名太长。');
  });

  it('Expand-WindowsImage and Mount-WindowsImage: the record says the filename is too long; the log names the path and the count', () => {
    for (const [cmd, dir] of [
      ['Expand-WindowsImage -ApplyPath', 'expand'],
      ['Mount-WindowsImage -Path', 'mount'],
    ]) {
      const target = path.join(deep, dir);
      fs.mkdirSync(target, { recursive: true });
      const r = sb.run(`${cmd} '${target}' -ImagePath '${wim}' -Index 1`);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`: ${TOO_LONG}`);
      expect(r.stderr).not.toContain('cannot write to the specified device');
      expect(dismLog()).toMatch(new RegExp(`"${target.replace(/[/.]/g, '\\$&')}/d+0/.*: ${TOO_LONG.replace('.', '\\.')} \\d+ entries were applied before this failure\\." .*\\(hr:0x800700ce\\)`));
    }
  });

  it('dism.exe /Apply-Image exits with 206 and the same text', () => {
    const target = path.join(deep, 'dism');
    fs.mkdirSync(target, { recursive: true });
    const r = spawnSync(process.execPath, [DISM_BIN, '/Apply-Image', `/ImageFile:${wim}`, '/Index:1', `/ApplyDir:${target}`], {
      cwd: sb.dir,
      env: sb.env,
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(r.status).toBe(206);
    expect(r.stdout).toContain(`Error: 206\r\n\r\n${TOO_LONG}`);
  });
});
