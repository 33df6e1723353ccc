/*
 * Get-WindowsReservedStorageState: gets whether reserved storage is enabled on this system. It binds as the Dism
 * module's cmdlet (the parameter sets, types and pipeline input of its reference page); the work needs the Windows
 * servicing stack, so it ends with the error record of _servicing.ts.
 */
import { servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Get-WindowsReservedStorageState',
  className: 'Microsoft.Dism.Commands.GetWindowsReservedStorageStateCommand',
  outputType: ['Microsoft.Dism.Commands.ReservedStorageStateObject'],
  parameters: [
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Gets whether reserved storage is enabled on this system.',
    description: ['Gets the state (Enabled or Disabled) of the storage Windows reserves for updates and temporary files.'],
    examples: [
      { title: 'Example 1', code: 'Get-WindowsReservedStorageState', remarks: 'Shows the reserved storage state.' },
    ],
  } },
});
