/*
 * Start-OSUninstall: rolls Windows back to its previous version. It binds as the Dism module's cmdlet (the parameter
 * sets, types and pipeline input of its reference page); the work needs the Windows servicing stack, so it ends with
 * the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS, TARGET_TEXT, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Start-OSUninstall',
  className: 'Microsoft.Dism.Commands.StartOSUninstallCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.BaseDismObject'],
  parameters: [
    { name: 'NoRestart', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: TARGET_TEXT.NoRestart },
    ...TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Rolls Windows back to its previous version.',
    description: ['Starts the uninstall of the current Windows version, returning to the one it was upgraded from, while that is still possible.'],
    examples: [
      { title: 'Example 1', code: 'Start-OSUninstall -Online', remarks: 'Rolls the running system back to its previous Windows version.' },
    ],
  } },
});
