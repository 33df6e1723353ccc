/*
 * Use-WindowsUnattend: applies an answer file (unattend.xml) to an offline Windows image by placing it where
 * offline servicing leaves it for Windows Setup, <Windows>\Panther\unattend.xml (the directory created when
 * missing, an answer file already there replaced, whatever the case of its name), as DISM /Apply-Unattend does for
 * an offline image. Nothing is written through a symbolic link of the image, so the file cannot land outside it.
 * -Online (the running Windows) stops with one clear error record: wimsh has no servicing stack.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { registerView } from '../../src/lang/format/format';
import { host } from '../../src/platform/host';
import { DismError, Win32, hresultFromWin32, needsServicingStack } from '../../src/dism/errors';
import { DISM_SESSION_PARAMETERS, runDism } from './_dism';
import { sw } from '../_shared/common';
import { OFFLINE_PARAMETERS, imageObject } from './Get-WindowsEdition';

const CLASS = 'Microsoft.Dism.Commands.UseWindowsUnattendCommand';
const IMAGE_OBJECT_TYPES = ['Microsoft.Dism.Commands.ImageObject', 'Microsoft.Dism.Commands.BaseDismObject', 'System.Object'];

/** What is at `p` itself (a link is not followed, a dangling one included), or undefined. */
function exists(p: string) {
  try {
    return host().fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

registerView('Microsoft.Dism.Commands.ImageObject', { kind: 'list', columns: ['Path', 'Online'] });

export const cmdlet = defineCmdlet({
  name: 'Use-WindowsUnattend',
  className: CLASS,
  module: 'Dism',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'UnattendPath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the answer file (unattend.xml) to apply to the image.' },
    { name: 'NoRestart', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Suppresses a restart (an offline image never needs one).' },
    ...OFFLINE_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Applies an unattended answer file to a Windows image.',
    description: [
      'Places the answer file into the Windows\\Panther folder of the offline image at -Path, where Windows Setup reads it on the image\'s first start.',
      'Applying an answer file to the running operating system (-Online) needs the Windows servicing stack; wimsh reports that with an error.',
    ],
    examples: [{ title: 'Example 1: Apply an answer file to a mounted image', code: 'Use-WindowsUnattend -Path C:\\offline -UnattendPath C:\\test\\answerfiles\\myunattend.xml', remarks: 'Copies myunattend.xml to C:\\offline\\Windows\\Panther\\unattend.xml.' }],
  } },
  async process(ctx) {
    await runDism(ctx, 'Use-WindowsUnattend', CLASS, async (s) => {
      if (sw(ctx, 'Online')) throw needsServicingStack('Use-WindowsUnattend', 'servicing the running operating system (-Online)');
      const info = require('../../src/formats/wim/windows-info') as typeof import('../../src/formats/wim/windows-info');
      const h = host();
      const unattend = ctx.resolvePath(ctx.params.UnattendPath!);
      // A missing answer file is the host's ENOENT, which the session reports as DISM's error 2.
      if (!h.fs.statSync(unattend).isFile()) throw new DismError(hresultFromWin32(Win32.FILE_NOT_FOUND));
      const data = h.fs.readFileSync(unattend);
      const path = ctx.params.Path!;
      const windows = info.resolveUnder(ctx.resolvePath(path), ctx.params.WindowsDirectory ?? 'Windows');
      if (!windows) throw new DismError(hresultFromWin32(Win32.PATH_NOT_FOUND));
      let panther = info.childPath(windows, 'Panther', 'dir');
      if (!panther) {
        panther = h.path.join(windows, 'Panther');
        if (exists(panther)) throw new DismError(hresultFromWin32(Win32.ACCESS_DENIED));
        h.fs.mkdirSync(panther);
      }
      // An answer file already there is replaced, whatever the case of its name; a link is never written through.
      let target = h.path.join(panther, 'unattend.xml');
      for (const n of h.fs.readdirSync(panther)) if (n.toLowerCase() === 'unattend.xml') target = h.path.join(panther, n);
      const existing = exists(target);
      if (existing && !existing.isFile()) throw new DismError(hresultFromWin32(Win32.ACCESS_DENIED));
      s.provider('DISM Unattend Manager', `Applying the answer file ${ctx.params.UnattendPath} to the offline image.`, 'CUnattendManager::Apply');
      h.fs.writeFileSync(target, data);
      s.provider('DISM Unattend Manager', `The answer file was placed at ${path.replace(/[\\/]+$/, '')}\\${h.path.relative(ctx.resolvePath(path), target).split('/').join('\\')}.`, 'CUnattendManager::Apply');
      await ctx.writeObject(imageObject(s, { Path: path }, IMAGE_OBJECT_TYPES));
    });
  },
});
