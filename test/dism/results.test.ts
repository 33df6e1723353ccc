/*
 * The Dism module's result objects as plain data (src/dism/results.ts): property names and their order (Format-List *
 * and ConvertTo-Json show them in this order), and the type names the cmdlets give them.
 */
import type { ImageInfo } from '../../src/formats/wim/index';
import { LOG_LEVEL_NAMES, RESULT_TYPES, basicImageInfoData, imageInfoData, offlineImageData } from '../../src/dism/results';

const session = { logPathDisplay: 'C:\\Windows\\Logs\\DISM\\dism.log', scratchDirectory: undefined, logLevel: 3 as const };

test('an OfflineImageObject: the command\'s own properties first, then the base object\'s', () => {
  const o = offlineImageData(session, { ImagePath: 'C:\\out.wim', Name: 'Pro' });
  expect(Object.keys(o)).toEqual(['ImagePath', 'Name', 'Path', 'Online', 'WinPath', 'SysDrivePath', 'RestartNeeded', 'LogPath', 'ScratchDirectory', 'LogLevel']);
  expect(o).toEqual({
    ImagePath: 'C:\\out.wim',
    Name: 'Pro',
    Path: null,
    Online: false,
    WinPath: null,
    SysDrivePath: null,
    RestartNeeded: false,
    LogPath: 'C:\\Windows\\Logs\\DISM\\dism.log',
    ScratchDirectory: '',
    LogLevel: 3,
  });
  expect(LOG_LEVEL_NAMES[o.LogLevel as number]).toBe('WarningsInfo');
  // A command that has a Path (Expand-WindowsImage's apply directory) keeps it first.
  const e = offlineImageData({ ...session, scratchDirectory: 'C:\\s', logLevel: 4 }, { Path: 'C:\\apply' });
  expect(Object.keys(e)[0]).toBe('Path');
  expect(e).toMatchObject({ Path: 'C:\\apply', ScratchDirectory: 'C:\\s', LogLevel: 4 });
});

const info: ImageInfo = {
  ImagePath: '/native/x.wim',
  ImageIndex: 2,
  ImageName: 'Pro',
  ImageDescription: 'Windows Pro',
  ImageSize: 123456,
  WIMBoot: false,
  Architecture: 'x64',
  Hal: '',
  Version: '10.0.26100.1742',
  SPBuild: 1742,
  SPLevel: 0,
  EditionId: 'Professional',
  InstallationType: 'Client',
  ProductType: 'WinNT',
  ProductSuite: 'Terminal Server',
  ProductName: 'Microsoft Windows Operating System',
  SystemRoot: 'WINDOWS',
  DirectoryCount: 10,
  FileCount: 20,
  CreatedTime: new Date(0),
  ModifiedTime: undefined,
  Languages: ['en-US'],
  DefaultLanguageIndex: 0,
  ImageBootable: true,
  DisplayName: '',
  DisplayDescription: '',
  Flags: 'Professional',
};

test('Get-WindowsImage\'s line per image names the file as the user gave it', () => {
  expect(basicImageInfoData('C:\\x.wim', info, 'L')).toEqual({ ImagePath: 'C:\\x.wim', ImageIndex: 2, ImageName: 'Pro', ImageDescription: 'Windows Pro', ImageSize: 123456, LogPath: 'L' });
  expect(Object.keys(basicImageInfoData('C:\\x.wim', info, 'L'))).toEqual(['ImagePath', 'ImageIndex', 'ImageName', 'ImageDescription', 'ImageSize', 'LogPath']);
});

test('Get-WindowsImage\'s details of one image, in the module\'s order, missing times as null', () => {
  const d = imageInfoData('C:\\x.wim', info, ['en-US (Default)'], 'L');
  expect(Object.keys(d)).toEqual([
    'ImagePath', 'ImageIndex', 'ImageName', 'ImageDescription', 'ImageSize', 'WIMBoot', 'Architecture', 'Hal', 'Version', 'SPBuild', 'SPLevel',
    'EditionId', 'InstallationType', 'ProductType', 'ProductSuite', 'SystemRoot', 'DirectoryCount', 'FileCount', 'CreatedTime', 'ModifiedTime',
    'Languages', 'ImageBootable', 'LogPath',
  ]);
  expect(d).toMatchObject({ ImagePath: 'C:\\x.wim', Version: '10.0.26100.1742', CreatedTime: new Date(0), ModifiedTime: null, Languages: ['en-US (Default)'], ImageBootable: true });
});

test('the type names, most derived first', () => {
  expect(RESULT_TYPES.OfflineImageObject[0]).toBe('Microsoft.Dism.Commands.OfflineImageObject');
  expect(RESULT_TYPES.ImageInfoObject).toEqual(['Microsoft.Dism.Commands.ImageInfoObject', 'Microsoft.Dism.Commands.WimImageInfoObject', 'Microsoft.Dism.Commands.BaseDismObject', 'System.Object']);
  expect(RESULT_TYPES.BasicImageInfoObject.slice(1)).toEqual(['Microsoft.Dism.Commands.BaseDismObject', 'System.Object']);
});
