/*
 * Add-WindowsDriver: adds third-party driver packages to an offline Windows image. It binds as the Dism module's
 * cmdlet (the parameter sets, types and pipeline input of its reference page); the work needs the Windows servicing
 * stack, so it ends with the error record of _servicing.ts.
 */
import { OFFLINE_TARGET_PARAMETERS, servicingCmdlet } from './_servicing';
import { DISM_SESSION_PARAMETERS } from './_dism';

export const cmdlet = servicingCmdlet({
  name: 'Add-WindowsDriver',
  className: 'Microsoft.Dism.Commands.AddWindowsDriverCommand',
  outputType: ['Microsoft.Dism.Commands.BasicDriverObject', 'Microsoft.Dism.Commands.ImageObject'],
  parameters: [
    { name: 'Recurse', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Searches the subfolders of -Driver as well.' },
    { name: 'ForceUnsigned', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Adds drivers without a digital signature to an x64 image.' },
    { name: 'Driver', type: 'String', valueFromPipelineByPropertyName: true, description: 'Specifies a driver\'s .inf file, or a folder holding .inf files.' },
    { name: 'BasicDriverObject', type: 'Microsoft.Dism.Commands.BasicDriverObject', valueFromPipeline: true, description: 'Takes the driver to add from a BasicDriverObject (Get-WindowsDriver).' },
    { name: 'AdvancedDriverObject', type: 'Microsoft.Dism.Commands.AdvancedDriverObject', valueFromPipeline: true, description: 'Takes the driver to add from an AdvancedDriverObject (Get-WindowsDriver -Driver, Export-WindowsDriver).' },
    ...OFFLINE_TARGET_PARAMETERS,
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Adds third-party driver packages to an offline Windows image.',
    description: ['Adds the driver packages (.inf) of a file or folder to the image whose root is -Path. In a folder, .inf files that are not driver packages are reported and skipped.'],
    examples: [
      { title: 'Example 1', code: 'Add-WindowsDriver -Path "c:\\offline" -Driver "c:\\test\\drivers" -Recurse', remarks: 'Adds every driver found in c:\\test\\drivers and its subfolders to the image at c:\\offline.' },
      { title: 'Example 2', code: 'Add-WindowsDriver -Path "c:\\offline" -Driver "c:\\test\\drivers\\Usb\\Usb.inf" -ForceUnsigned', remarks: 'Adds an unsigned driver package to an x64 image.' },
    ],
  } },
});
