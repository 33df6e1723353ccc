/*
 * Remove-WindowsCapability: uninstalls a Windows capability from an image or from the running system. It binds as the
 * Dism module's cmdlet (the parameter sets, types and pipeline input of its reference page); the work needs the
 * Windows servicing stack, so it ends with the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS_ONLINE_FIRST, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Remove-WindowsCapability',
  className: 'Microsoft.Dism.Commands.RemoveWindowsCapabilityCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'Name', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the identity of the capability to remove.' },
    ...TARGET_PARAMETERS_ONLINE_FIRST,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Uninstalls a Windows capability from an image or from the running system.',
    description: ['Removes the capability named by -Name from an offline image or the running system.'],
    examples: [
      { title: 'Example 1', code: 'Remove-WindowsCapability -Name "Language.TextToSpeech~~~fr-FR~0.0.1.0" -Path "C:\\offline"', remarks: 'Removes the capability from the image at C:\\offline.' },
      { title: 'Example 2', code: 'Remove-WindowsCapability -Name "Language.TextToSpeech~~~fr-FR~0.0.1.0" -Online', remarks: 'Removes the capability from the running system.' },
    ],
  } },
});
