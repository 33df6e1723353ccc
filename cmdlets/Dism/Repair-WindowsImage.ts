/*
 * Repair-WindowsImage: the health of a Windows image's component store is known only to the Windows servicing
 * stack (CBS), which wimsh does not have. What can be known offline is answered: -CheckHealth checks that the
 * mounted image's record is good and its metadata reads back with its SHA-1; -ScanHealth also reads every blob of
 * the WIM file against its SHA-1. Both say so in a warning and return the ImageObjectWithState (Healthy when the
 * checks pass; a corrupt file is an error). -RestoreHealth, -StartComponentCleanup, -ResetBase and -Online stop
 * with an error naming what needs the servicing stack.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSEnumValue, registerEnum } from '../../src/lang/types/values';
import { MountMessages, needsServicingStack } from '../../src/dism/errors';
import { MountRegistry } from '../../src/dism/mounts';
import { DISM_SESSION_PARAMETERS, runDism } from './_dism';
import { imageObject, mountAt } from './_mount';
import { sw } from '../_shared/common';

const CLASS = 'Microsoft.Dism.Commands.RepairWindowsImageCommand';
const HEALTH_TYPE = 'Microsoft.Dism.Commands.ImageHealthState';
registerEnum({ fullName: HEALTH_TYPE, members: [['Healthy', 0], ['Repairable', 1], ['NonRepairable', 2]] });

const any = { valueFromPipelineByPropertyName: true } as const;

export const cmdlet = defineCmdlet({
  name: 'Repair-WindowsImage',
  className: CLASS,
  module: 'Dism',
  outputType: ['Microsoft.Dism.Commands.ImageObjectWithState'],
  parameters: [
    { name: 'CheckHealth', type: 'SwitchParameter', ...any, description: 'Checks whether the image has been flagged as corrupted (offline: its record and metadata).' },
    { name: 'ScanHealth', type: 'SwitchParameter', ...any, description: 'Scans the image for corruption (offline: every blob of the WIM file against its SHA-1).' },
    { name: 'RestoreHealth', type: 'SwitchParameter', ...any, description: 'Repairs the component store (needs the Windows servicing stack).' },
    { name: 'StartComponentCleanup', type: 'SwitchParameter', ...any, description: 'Cleans up superseded components (needs the Windows servicing stack).' },
    { name: 'LimitAccess', type: 'SwitchParameter', ...any, description: 'Does not use Windows Update as a repair source.' },
    { name: 'ResetBase', type: 'SwitchParameter', ...any, description: 'Resets the base of superseded components (needs the Windows servicing stack).' },
    { name: 'Defer', type: 'SwitchParameter', ...any, description: 'Defers long-running cleanup operations to the next automatic maintenance.' },
    { name: 'Source', type: 'String[]', ...any, description: 'Specifies the locations of files to restore the component store from.' },
    { name: 'NoRestart', type: 'SwitchParameter', ...any, description: 'Suppresses reboots.' },
    { name: 'Path', type: 'String', sets: { Offline: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the mount directory of an offline Windows image.' },
    { name: 'Online', type: 'SwitchParameter', sets: { Online: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the running operating system (needs Windows).' },
    { name: 'WindowsDirectory', type: 'String', ...any, description: 'Specifies the Windows directory relative to the image root.' },
    { name: 'SystemDrive', type: 'String', ...any, description: 'Specifies the system drive of the image.' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Repairs a Windows image in a WIM or VHD file.',
    description: [
      'Checks a mounted offline image. wimsh answers what can be known without the Windows servicing stack: -CheckHealth checks the mount and the image metadata, -ScanHealth reads every blob of the WIM file against its SHA-1.',
      '-RestoreHealth, -StartComponentCleanup, -ResetBase and -Online need the Windows servicing stack and stop with an error.',
    ],
    examples: [{ title: 'Example 1: Scan an offline image', code: 'Repair-WindowsImage -Path C:\\mount -ScanHealth', remarks: 'Checks the mounted image and its WIM file.' }],
  } },
  async process(ctx) {
    await runDism(ctx, 'Repair-WindowsImage', CLASS, async (s) => {
      if (sw(ctx, 'Online')) throw needsServicingStack('Repair-WindowsImage', 'servicing the running operating system (-Online)');
      for (const p of ['RestoreHealth', 'StartComponentCleanup', 'ResetBase'] as const) {
        if (sw(ctx, p)) throw needsServicingStack('Repair-WindowsImage', `-${p}`);
      }
      const reg = new MountRegistry();
      const pathArg = ctx.params.Path!;
      const m = mountAt(ctx, s, reg, pathArg);
      if (m.status !== 'Ok') throw MountMessages.cannotCommit(m.reason ?? m.status);
      const wimApi = require('../../src/formats/wim/index') as typeof import('../../src/formats/wim/index');
      const wim = wimApi.openWim(m.imagePath, { onWarning: (w) => s.warning(w) });
      try {
        wim.loadImage(m.index);
        if (sw(ctx, 'ScanHealth')) wimApi.verifyWim(wim);
      } finally {
        wim.close();
      }
      s.warning(
        `The component store of the image can only be checked by the Windows servicing stack; wimsh checked ${sw(ctx, 'ScanHealth') ? 'the image metadata and every blob of' : 'the mount and the image metadata of'} ${m.imagePathDisplay}.`,
      );
      await ctx.writeObject(imageObject(s, pathArg, { ImageHealthState: new PSEnumValue(HEALTH_TYPE, 'Healthy', 0), RestartNeeded: false }, true));
    });
  },
});
