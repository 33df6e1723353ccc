/*
 * The Storage module: disk images (Mount-, Dismount-, Get-DiskImage) and volumes (Get-Volume), for the ISO images
 * Windows ships on. Its cmdlets are loaded on first use. Loading the manifest installs the disk image opener, so
 * that a drive an earlier process attached (recorded under $WIMSH_HOME) resolves in this one before any Storage
 * cmdlet runs; the disc readers themselves are required on the first access to such a drive.
 */
import type { ModuleManifest } from '../../src/lang/commands/registry';
import { installDiskImageOpener } from '../../src/vfs/disk-images';

/* eslint-disable @typescript-eslint/no-var-requires */
installDiskImageOpener((file, displayPath) =>
  (require('../../src/formats/iso9660/open') as typeof import('../../src/formats/iso9660/open')).discVolumeOf(file, displayPath),
);

export const manifest: ModuleManifest = {
  name: 'Storage',
  version: '2.0.0.0',
  cmdlets: {
    'Dismount-DiskImage': () => require('./Dismount-DiskImage'),
    'Get-DiskImage': () => require('./Get-DiskImage'),
    'Get-Volume': () => require('./Get-Volume'),
    'Mount-DiskImage': () => require('./Mount-DiskImage'),
  },
};
/* eslint-enable @typescript-eslint/no-var-requires */
