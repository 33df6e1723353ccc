/*
 * Mount-WindowsImage: "mounts" an image of a WIM file into a directory, without a file-system driver: the image is
 * applied into the directory (it must exist and be empty, as DISM requires), and a record in the mounted-image
 * registry (src/dism/mounts.ts) remembers the WIM, index, directory and mode, so that Dismount-/Save-WindowsImage
 * (in this or another wimsh process) can save the directory back or discard it. The record is written before the
 * apply and marked complete after it: a mount killed half-way shows as Invalid. -Remount takes back a mount whose
 * WIM changed (NeedsRemount). -Optimize and -SupportEa are accepted: there is no mount to optimize, and extended
 * attributes are not applied on this file system.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { MountRegistry } from '../../src/dism/mounts';
import { mountImage, remountImage } from '../../src/dism/mount-ops';
import { DISM_SESSION_PARAMETERS, progressReporter, runDism } from './_dism';
import { imageObject, mountAt } from './_mount';
import { sw } from '../_shared/common';
import { imageIndexCompleter, imageNameCompleter } from './_completers';

const CLASS = 'Microsoft.Dism.Commands.MountWindowsImageCommand';
const OFFLINE = { OfflineIndex: {}, OfflineName: {} };

export const cmdlet = defineCmdlet({
  name: 'Mount-WindowsImage',
  className: CLASS,
  module: 'Dism',
  defaultParameterSetName: 'OfflineIndex',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'Path', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the directory to mount the image into (it must exist and be empty).' },
    {
      name: 'ImagePath',
      type: 'String',
      valueFromPipelineByPropertyName: true,
      sets: { OfflineIndex: { mandatory: true, valueFromPipelineByPropertyName: true }, OfflineName: { mandatory: true, valueFromPipelineByPropertyName: true } },
      description: 'Specifies the location of the WIM file.',
    },
    { name: 'Index', argumentCompleter: imageIndexCompleter('ImagePath'), type: 'UInt32', sets: { OfflineIndex: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the index of the image to mount.' },
    { name: 'Name', argumentCompleter: imageNameCompleter('ImagePath'), type: 'String', sets: { OfflineName: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the name of the image to mount.' },
    { name: 'ReadOnly', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, sets: OFFLINE, description: 'Mounts the image read-only: its changes cannot be saved.' },
    { name: 'Optimize', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, sets: OFFLINE, description: 'Accepted for compatibility (an applied image has nothing to optimize).' },
    { name: 'CheckIntegrity', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, sets: OFFLINE, description: 'Checks the integrity table of the WIM file first and stops when the file is corrupt.' },
    { name: 'Remount', type: 'SwitchParameter', sets: { Remount: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Takes back a mount whose image file changed (status NeedsRemount).' },
    { name: 'SupportEa', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Accepted for compatibility (extended attributes are not applied on this file system).' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Mounts a Windows image in a WIM file to a directory on the local computer.',
    description: [
      'Applies an image of a WIM file into an empty directory and records the mount, so that Dismount-WindowsImage or Save-WindowsImage can save the changes made in the directory back into the WIM file, or discard them.',
      'Use -ReadOnly to mount an image whose changes must not be saved. Get-WindowsImage -Mounted lists the mounts.',
    ],
    examples: [
      { title: 'Example 1: Mount an image', code: 'Mount-WindowsImage -ImagePath C:\\images\\install.wim -Index 1 -Path C:\\mount', remarks: 'Mounts the first image of install.wim into C:\\mount.' },
      { title: 'Example 2: Mount an image read-only', code: 'Mount-WindowsImage -ImagePath C:\\images\\install.wim -Name "Windows 11 Pro" -Path C:\\mount -ReadOnly', remarks: 'Mounts the image by name; its changes cannot be saved.' },
      { title: 'Example 3: Remount an image', code: 'Mount-WindowsImage -Path C:\\mount -Remount', remarks: 'Takes back a mount whose status is NeedsRemount.' },
    ],
  } },
  async process(ctx) {
    await runDism(ctx, 'Mount-WindowsImage', CLASS, async (s) => {
      const reg = new MountRegistry();
      const pathArg = ctx.params.Path!;
      if (sw(ctx, 'Remount')) {
        await remountImage(s, reg, mountAt(ctx, s, reg, pathArg));
        await ctx.writeObject(imageObject(s, pathArg));
        return;
      }
      // The work is src/dism/mount-ops.ts's, which dism.exe's /Mount-Image calls too.
      const imageArg = ctx.params.ImagePath!;
      const progress = progressReporter(ctx, 'Mount-WindowsImage', (pct) => `Mounting image ${pct}%`);
      await mountImage(s, reg, {
        imagePath: ctx.resolvePath(imageArg),
        imagePathDisplay: imageArg,
        index: ctx.params.Index,
        name: ctx.params.Name ?? undefined,
        mountPath: ctx.resolvePath(pathArg),
        mountPathDisplay: pathArg,
        readOnly: sw(ctx, 'ReadOnly'),
        checkIntegrity: sw(ctx, 'CheckIntegrity'),
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.complete();
      await ctx.writeObject(imageObject(s, pathArg));
    });
  },
});
