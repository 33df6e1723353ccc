/*
 * Set-WindowsReservedStorageState: enables or disables reserved storage on this system. It binds as the Dism module's
 * cmdlet (the parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing
 * stack, so it ends with the error record of _servicing.ts.
 */
import { RESERVED_STORAGE_STATE_TYPE, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Set-WindowsReservedStorageState',
  className: 'Microsoft.Dism.Commands.SetWindowsReservedStorageStateCommand',
  outputType: ['Microsoft.Dism.Commands.ReservedStorageStateObject'],
  parameters: [
    { name: 'State', type: RESERVED_STORAGE_STATE_TYPE, mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the state to set: Enabled or Disabled.' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Enables or disables reserved storage on this system.',
    description: ['Sets the state of the storage Windows reserves for updates and temporary files.'],
    examples: [
      { title: 'Example 1', code: 'Set-WindowsReservedStorageState -State Enabled -Online', remarks: 'Enables reserved storage.' },
    ],
  } },
});
