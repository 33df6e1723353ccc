/*
 * Save-WindowsImage: saves the changes made in a mount directory into the WIM file and keeps the image mounted
 * (DISM's /Commit-Image): the same commit as Dismount-WindowsImage -Save, after which the mount's record holds the
 * WIM's new identity and the directory's snapshot, so the next save reads only what changes from now on.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { MountRegistry } from '../../src/dism/mounts';
import { DISM_SESSION_PARAMETERS, runDism } from './_dism';
import { imageObject, mountAt, saveMount } from './_mount';
import { sw } from '../_shared/common';

const CLASS = 'Microsoft.Dism.Commands.SaveWindowsImageCommand';

export const cmdlet = defineCmdlet({
  name: 'Save-WindowsImage',
  className: CLASS,
  module: 'Dism',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'Path', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the mount directory of the image.' },
    { name: 'CheckIntegrity', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Writes (and first checks) the integrity table of the WIM file.' },
    { name: 'Append', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Saves the changes as a new image of the WIM file instead of replacing the mounted one.' },
    { name: 'SupportEa', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Accepted for compatibility (extended attributes are not captured on this file system).' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Applies changes made to a mounted image to its WIM file.',
    description: ['Saves the changes made in the mount directory into the WIM file; the image stays mounted.'],
    examples: [{ title: 'Example 1: Save changes', code: 'Save-WindowsImage -Path C:\\mount', remarks: 'Saves the changes into the mounted image of the WIM file.' }],
  } },
  async process(ctx) {
    await runDism(ctx, 'Save-WindowsImage', CLASS, async (s) => {
      const reg = new MountRegistry();
      const pathArg = ctx.params.Path!;
      const m = mountAt(ctx, s, reg, pathArg);
      await saveMount(ctx, s, reg, m, { append: sw(ctx, 'Append'), checkIntegrity: sw(ctx, 'CheckIntegrity'), activity: 'Save-WindowsImage' });
      await ctx.writeObject(imageObject(s, pathArg));
    });
  },
});
