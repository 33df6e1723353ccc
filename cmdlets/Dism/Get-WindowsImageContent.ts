/*
 * Get-WindowsImageContent: the paths of every file and directory in one image, as DISM /List-Image prints them.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { DISM_SESSION_PARAMETERS, runDism } from './_dism';
import { imageIndexCompleter, imageNameCompleter } from './_completers';

const CLASS = 'Microsoft.Dism.Commands.GetWindowsImageContentCommand';

export const cmdlet = defineCmdlet({
  name: 'Get-WindowsImageContent',
  className: CLASS,
  module: 'Dism',
  defaultParameterSetName: 'InputByFilePathAndIndex',
  outputType: ['System.String[]'],
  parameters: [
    { name: 'ImagePath', type: 'String', mandatory: true, valueFromPipelineByPropertyName: true, description: 'Specifies the location of the WIM, ESD or split (.swm) file.' },
    { name: 'Index', argumentCompleter: imageIndexCompleter('ImagePath'), type: 'UInt32', sets: { InputByFilePathAndIndex: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the index of the image.' },
    { name: 'Name', argumentCompleter: imageNameCompleter('ImagePath'), type: 'String', sets: { InputByFilePathAndName: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the name of the image.' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Displays a list of the files and folders in a specified image.',
    examples: [{ title: 'Example 1', code: 'Get-WindowsImageContent -ImagePath c:\\imagestore\\install.wim -Index 1', remarks: 'Lists the paths in the first image.' }],
  } },
  async process(ctx) {
    await runDism(ctx, 'Get-WindowsImageContent', CLASS, async () => {
      const wimApi = require('../../src/formats/wim/index') as typeof import('../../src/formats/wim/index');
      const wim = wimApi.openWim(ctx.resolvePath(ctx.params.ImagePath!), { requireAllParts: false });
      try {
        const index = wimApi.resolveImage(wim, { index: ctx.params.Index, name: ctx.params.Name ?? undefined });
        for (const e of wimApi.listImageContent(wim, index)) await ctx.writeObject(e.path);
      } finally {
        wim.close();
      }
    });
  },
});
