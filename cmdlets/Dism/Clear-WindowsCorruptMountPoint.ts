/*
 * Clear-WindowsCorruptMountPoint: removes what is left of invalid mounts (DISM's /Cleanup-Mountpoints): a mount
 * killed before its apply finished, or whose directory or WIM file is gone. Their directories are emptied (so the
 * image can be mounted there again) and their records removed. Good mounts and mounts that only need a remount
 * are left alone, as DISM leaves them.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { MountRegistry } from '../../src/dism/mounts';
import { cleanupMountpoints } from '../../src/dism/mount-ops';
import { DISM_SESSION_PARAMETERS, runDism } from './_dism';
import { baseObject } from './_mount';

const CLASS = 'Microsoft.Dism.Commands.ClearWindowsCorruptMountPointCommand';

export const cmdlet = defineCmdlet({
  name: 'Clear-WindowsCorruptMountPoint',
  className: CLASS,
  module: 'Dism',
  outputType: ['Microsoft.Dism.Commands.BaseDismObject'],
  parameters: [...DISM_SESSION_PARAMETERS],
  help: { 'en-US': {
    synopsis: 'Deletes all of the resources associated with a mounted image that has been corrupted.',
    description: ['Removes the records of invalid mounts (a mount that did not finish, or whose directory or image file is gone) and empties their directories. Mounts whose status is Ok or NeedsRemount are not touched.'],
    examples: [{ title: 'Example 1: Clean up corrupt mounts', code: 'Clear-WindowsCorruptMountPoint', remarks: 'Removes every invalid mount.' }],
  } },
  async process(ctx) {
    await runDism(ctx, 'Clear-WindowsCorruptMountPoint', CLASS, async (s) => {
      const reg = new MountRegistry();
      await cleanupMountpoints(s, reg);
      await ctx.writeObject(baseObject(s));
    });
  },
});
