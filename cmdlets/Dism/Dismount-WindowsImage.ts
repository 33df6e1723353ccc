/*
 * Dismount-WindowsImage: ends a mount (Mount-WindowsImage). -Save first captures the directory back into the WIM
 * (ops/commit.ts through the write transaction: the image replaced, or with -Append added as a new image; only
 * new or changed files are read), -Discard drops the changes; then the directory is emptied and the mount record
 * removed. A save that fails or is killed before it commits leaves the WIM as it was and the directory and record
 * as they were; one killed after it committed leaves a record that says so (src/dism/mounts.ts), and the next
 * Dismount -Save only finishes the unmount.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { MountMessages } from '../../src/dism/errors';
import { MountRegistry } from '../../src/dism/mounts';
import { unmountImage } from '../../src/dism/mount-ops';
import { DISM_SESSION_PARAMETERS, runDism } from './_dism';
import { baseObject, mountAt, saveMount } from './_mount';
import { sw } from '../_shared/common';

const CLASS = 'Microsoft.Dism.Commands.DismountWindowsImageCommand';

export const cmdlet = defineCmdlet({
  name: 'Dismount-WindowsImage',
  className: CLASS,
  module: 'Dism',
  outputType: ['Microsoft.Dism.Commands.BaseDismObject'],
  parameters: [
    { name: 'Path', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the mount directory of the image.' },
    { name: 'Discard', type: 'SwitchParameter', sets: { DismountDiscard: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Unmounts the image without saving its changes.' },
    { name: 'Save', type: 'SwitchParameter', sets: { DismountSave: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Saves the changes into the WIM file, then unmounts the image.' },
    { name: 'CheckIntegrity', type: 'SwitchParameter', sets: { DismountSave: { valueFromPipelineByPropertyName: true } }, description: 'Writes (and first checks) the integrity table of the WIM file.' },
    { name: 'Append', type: 'SwitchParameter', sets: { DismountSave: { valueFromPipelineByPropertyName: true } }, description: 'Saves the changes as a new image of the WIM file instead of replacing the mounted one.' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Dismounts a Windows image from the directory it is mapped to.',
    description: ['Saves (-Save) or discards (-Discard) the changes made in the mount directory of an image mounted with Mount-WindowsImage, then empties the directory and forgets the mount.'],
    examples: [
      { title: 'Example 1: Save and dismount', code: 'Dismount-WindowsImage -Path C:\\mount -Save', remarks: 'Saves the changes into the image, then dismounts it.' },
      { title: 'Example 2: Discard and dismount', code: 'Dismount-WindowsImage -Path C:\\mount -Discard', remarks: 'Dismounts the image without saving its changes.' },
    ],
  } },
  async process(ctx) {
    await runDism(ctx, 'Dismount-WindowsImage', CLASS, async (s) => {
      const reg = new MountRegistry();
      const pathArg = ctx.params.Path!;
      const m = mountAt(ctx, s, reg, pathArg);
      const save = sw(ctx, 'Save');
      if (save) {
        await saveMount(ctx, s, reg, m, { append: sw(ctx, 'Append'), checkIntegrity: sw(ctx, 'CheckIntegrity'), activity: 'Dismount-WindowsImage', dismount: true });
      } else if (!sw(ctx, 'Discard')) {
        // -Save:$false -Discard:$false: DISM needs one of them.
        throw MountMessages.cannotCommit('neither -Save nor -Discard was given');
      }
      await unmountImage(s, reg, m, { afterSave: save });
      await ctx.writeObject(baseObject(s));
    });
  },
});
