/*
 * Get-WindowsCapability: lists the Windows capabilities of an image or of the running system. It binds as the Dism
 * module's cmdlet (the parameter sets, types and pipeline input of its reference page); the work needs the Windows
 * servicing stack, so it ends with the error record of _servicing.ts.
 */
import { TARGET_PARAMETERS, TARGET_TEXT, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Get-WindowsCapability',
  className: 'Microsoft.Dism.Commands.GetWindowsCapabilityCommand',
  defaultParameterSetName: 'Offline',
  outputType: ['Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'Name', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies the identity of a capability to get.' },
    { name: 'LimitAccess', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: TARGET_TEXT.LimitAccess },
    { name: 'Source', type: 'String[]', valueFromPipelineByPropertyName: true, description: TARGET_TEXT.Source },
    ...TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Lists the Windows capabilities of an image or of the running system.',
    description: ['Gets the capabilities (Features on Demand) an offline image or the running system has or can install, and their state.'],
    examples: [
      { title: 'Example 1', code: 'Get-WindowsCapability -Path "C:\\offline" -Name "Language.TextToSpeech~~~fr-FR~0.0.1.0"', remarks: 'Gets one capability of the image at C:\\offline.' },
      { title: 'Example 2', code: 'Get-WindowsCapability -Online', remarks: 'Lists the capabilities of the running system.' },
    ],
  } },
});
