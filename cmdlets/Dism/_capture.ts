/*
 * What New-WindowsImage and Add-WindowsImage share: the capture's configuration list (-ConfigFilePath, a
 * WimScript.ini read and parsed by src/dism/wimscript.ts; without one, DISM's default exclusion list) and the
 * parameters both declare beyond their own.
 */
import type { ParameterDefinition } from '../../src/lang/commands/cmdlet';
import type { CaptureFilter } from '../../src/formats/wim/ops/capture';
import type { CmdletSession } from './_dism';

/** The capture parameters New-WindowsImage and Add-WindowsImage both have (reference pages), after their own. */
export const CAPTURE_PARAMETERS = [
  { name: 'ConfigFilePath', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the location of a configuration file (WimScript.ini) that lists exclusions for image capture and compress commands.' },
  { name: 'CheckIntegrity', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Writes an integrity table into the file (and, for an existing file, stops when it does not match its table).' },
  { name: 'NoRpFix', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Disables the reparse point tag fix (symlink targets are stored as they are).' },
  { name: 'Verify', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Checks for errors and file duplication: each file is hashed again as it is written, and the image read back.' },
  { name: 'WIMBoot', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Marks the image as a WIMBoot image.' },
  { name: 'SupportEa', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Enables capture of extended attributes (Linux has none Windows knows: nothing to capture).' },
] as const satisfies readonly ParameterDefinition[];

/** The capture filter: the configuration file's lists, or DISM's default exclusions (src/dism/wimscript.ts captureFilterFor). */
export function captureFilterArgument(configPath: string | undefined, s: CmdletSession, resolve: (p: string) => string): CaptureFilter {
  const { captureFilterFor } = require('../../src/dism/wimscript') as typeof import('../../src/dism/wimscript');
  return captureFilterFor(configPath, s, resolve);
}
