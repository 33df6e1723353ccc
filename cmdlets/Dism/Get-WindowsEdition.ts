/*
 * Get-WindowsEdition: the edition of an offline Windows image (a mounted or applied directory), read from its
 * SOFTWARE registry hive (Microsoft\Windows NT\CurrentVersion\EditionID) by our own hive reader, as an EditionObject
 * whose console view is "Edition : Professional". -Online (the running Windows) and -Target (the editions the image
 * can be upgraded to, which the servicing stack computes) stop with one clear error record: wimsh has no servicing
 * stack to ask.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSEnumValue, PSObject } from '../../src/lang/types/values';
import { registerView } from '../../src/lang/format/format';
import { DismError, Win32, hresultFromWin32, needsServicingStack } from '../../src/dism/errors';
import { LOG_LEVEL_NAMES, offlineImageData } from '../../src/dism/results';
import { type CmdletSession, DISM_SESSION_PARAMETERS, LOG_LEVEL_TYPE, runDism } from './_dism';
import { sw } from '../_shared/common';

const CLASS = 'Microsoft.Dism.Commands.GetWindowsEditionCommand';
export const EDITION_OBJECT_TYPES = ['Microsoft.Dism.Commands.EditionObject', 'Microsoft.Dism.Commands.ImageObject', 'Microsoft.Dism.Commands.BaseDismObject', 'System.Object'];

/** An ImageObject (or a type derived from it): the command's own properties, then the base object's. */
export function imageObject(s: CmdletSession, extra: Record<string, unknown>, types: readonly string[]): PSObject {
  const data = offlineImageData(s, extra);
  data.LogLevel = new PSEnumValue(LOG_LEVEL_TYPE, LOG_LEVEL_NAMES[s.logLevel], s.logLevel);
  return new PSObject(data, [...types]);
}

registerView('Microsoft.Dism.Commands.EditionObject', { kind: 'list', columns: ['Edition'] });

/** -Path, -WindowsDirectory and -SystemDrive as the offline-servicing cmdlets share them. */
export const OFFLINE_PARAMETERS = [
  // The page's syntax shows [-Online] but its PARAMETERS block says Required: True for the Online set; the block is
  // the parameter's metadata (PowerShell itself would print a mandatory switch as -Online), as for every Dism cmdlet.
  { name: 'Online', type: 'SwitchParameter', sets: { Online: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the running operating system (not available in wimsh: it has no servicing stack).' },
  { name: 'Path', type: 'String', sets: { Offline: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the root directory of the offline Windows image (a mount or apply directory).' },
  { name: 'WindowsDirectory', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the Windows directory relative to the image path (default: Windows).' },
  { name: 'SystemDrive', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the partition of the BootMgr files (accepted; offline images do not need it).' },
] as const;

export const cmdlet = defineCmdlet({
  name: 'Get-WindowsEdition',
  className: CLASS,
  module: 'Dism',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.EditionObject'],
  parameters: [
    { name: 'Target', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Lists the editions the image can be changed to (needs the Windows servicing stack).' },
    ...OFFLINE_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Gets edition information about a Windows image.',
    description: [
      'Gets the current edition of an offline Windows image, read from the SOFTWARE registry hive of the directory given by -Path.',
      'The -Target editions and the running operating system (-Online) need the Windows servicing stack; wimsh reports that with an error.',
    ],
    examples: [{ title: 'Example 1: The edition of a mounted image', code: 'Get-WindowsEdition -Path C:\\offline', remarks: 'Shows the edition (Professional, Core, ServerDatacenter...) of the image mounted at C:\\offline.' }],
  } },
  async process(ctx) {
    await runDism(ctx, 'Get-WindowsEdition', CLASS, async (s) => {
      if (sw(ctx, 'Online')) throw needsServicingStack('Get-WindowsEdition', 'servicing the running operating system (-Online)');
      const info = require('../../src/formats/wim/windows-info') as typeof import('../../src/formats/wim/windows-info');
      const path = ctx.params.Path!;
      const root = ctx.resolvePath(path);
      const windows = info.resolveUnder(root, ctx.params.WindowsDirectory ?? 'Windows');
      if (!windows) throw new DismError(hresultFromWin32(Win32.PATH_NOT_FOUND));
      const files = info.systemFilesOf(windows);
      if (!files.software) throw new DismError(hresultFromWin32(Win32.FILE_NOT_FOUND));
      s.provider('DISM Provider Store', `Reading the edition of the image at ${path}.`, 'CDISMProviderStore::Internal_GetProvider');
      const software = info.openHiveFile(files.software, (_l, m) => s.warning(m));
      if (!software) throw new DismError(hresultFromWin32(Win32.INVALID_DATA));
      const edition = info.editionIdOf(software, (_l, m) => s.warning(m));
      if (edition === undefined) throw new DismError(hresultFromWin32(Win32.INVALID_DATA));
      s.provider('Edition Provider', `Current edition: ${edition}`, 'CEditionManager::GetCurrentEdition');
      if (sw(ctx, 'Target')) throw needsServicingStack('Get-WindowsEdition', 'the list of target editions (-Target)');
      await ctx.writeObject(imageObject(s, { Edition: edition, Path: path }, EDITION_OBJECT_TYPES));
    });
  },
});
