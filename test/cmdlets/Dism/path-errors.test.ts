/*
 * Windows tells "file not found" (2) from "path not found" (3): a destination whose directory is missing, or whose
 * parent is a file, is 0x80070003 "The system cannot find the path specified.", and nothing is written.
 */
import * as fs from 'node:fs';
import { sandbox, Sandbox, makeTree, errorShape } from './helpers';

let sb: Sandbox;
beforeAll(() => {
  sb = sandbox('patherr');
  makeTree(sb.cpath('tree'));
  const r = sb.run("New-WindowsImage -CapturePath C:\\tree -ImagePath C:\\src.wim -Name 'Src' | Out-Null");
  expect(r.code).toBe(0);
  fs.writeFileSync(sb.cpath('afile'), 'not a directory');
});
afterAll(() => sb.cleanup());

test.each([
  ['a parent that is a file', 'C:\\afile\\x.wim'],
  ['a missing directory', 'C:\\nodir\\x.wim'],
])('a destination under %s is "The system cannot find the path specified."', (_what, dest) => {
  const r = sb.run(`Export-WindowsImage -SourceImagePath C:\\src.wim -SourceIndex 1 -DestinationImagePath ${dest}`);
  expect(r.code).toBe(1);
  expect(errorShape(r.stderr)).toEqual({
    message: 'Export-WindowsImage : The system cannot find the path specified.',
    category: 'NotSpecified: (:) [Export-WindowsImage], COMException',
    fqid: 'Microsoft.Dism.Commands.ExportWindowsImageCommand',
  });
  expect(fs.existsSync(sb.cpath('nodir'))).toBe(false);
});

test('a missing source file is "The system cannot find the file specified."', () => {
  const r = sb.run('Export-WindowsImage -SourceImagePath C:\\nope.wim -SourceIndex 1 -DestinationImagePath C:\\out.wim');
  expect(r.code).toBe(1);
  expect(errorShape(r.stderr).message).toBe('Export-WindowsImage : The system cannot find the file specified.');
  expect(fs.existsSync(sb.cpath('out.wim'))).toBe(false);
});
