/*
 * Get-WindowsImage: the images of a WIM/ESD/split set, from its XML data. Without -Index/-Name, a
 * BasicImageInfoObject per image (ImageIndex, ImageName, ImageDescription, ImageSize); with one, the
 * ImageInfoObject with DISM's long list (Architecture, Version, EditionId, Languages, counts, times...).
 * Each object carries ImagePath, so `Get-WindowsImage x | Export-WindowsImage -DestinationImagePath y` works.
 * -Mounted: a MountedImageInfoObject per mount of Mount-WindowsImage (Path, ImagePath, ImageIndex, MountMode,
 * MountStatus).
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject } from '../../src/lang/types/values';
import { RESULT_TYPES, basicImageInfoData, imageInfoData } from '../../src/dism/results';
import { DISM_SESSION_PARAMETERS, runDism } from './_dism';
import { sw } from '../_shared/common';
import { imageIndexCompleter, imageNameCompleter } from './_completers';

const CLASS = 'Microsoft.Dism.Commands.GetWindowsImageCommand';

export const cmdlet = defineCmdlet({
  name: 'Get-WindowsImage',
  className: CLASS,
  module: 'Dism',
  defaultParameterSetName: 'InputByFilePath',
  outputType: ['Microsoft.Dism.Commands.ImageInfoObject', 'Microsoft.Dism.Commands.MountedImageInfoObject', 'Microsoft.Dism.Commands.BasicImageInfoObject'],
  parameters: [
    {
      name: 'ImagePath',
      type: 'String',
      valueFromPipelineByPropertyName: true,
      sets: {
        InputByFilePath: { mandatory: true, valueFromPipelineByPropertyName: true },
        InputByFilePathAndIndex: { mandatory: true, valueFromPipelineByPropertyName: true },
        InputByFilePathAndName: { mandatory: true, valueFromPipelineByPropertyName: true },
      },
      description: 'Specifies the location of a WIM, ESD or split (.swm) image file.',
    },
    { name: 'Index', argumentCompleter: imageIndexCompleter('ImagePath'), type: 'UInt32', sets: { InputByFilePathAndIndex: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the index of an image in the file: gets its detailed information.' },
    { name: 'Name', argumentCompleter: imageNameCompleter('ImagePath'), type: 'String', sets: { InputByFilePathAndName: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Specifies the name of an image in the file: gets its detailed information.' },
    {
      name: 'SplitImageFilePattern',
      type: 'String',
      valueFromPipelineByPropertyName: true,
      sets: { InputByFilePath: {}, InputByFilePathAndIndex: {}, InputByFilePathAndName: {} },
      description: 'Specifies the location and name pattern of the parts of a split image (install*.swm).',
    },
    { name: 'CheckIntegrity', type: 'SwitchParameter', valueFromPipelineByPropertyName: true, description: 'Checks the integrity table of the file first and stops when the file is corrupt.' },
    { name: 'Mounted', type: 'SwitchParameter', sets: { InputByMounted: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'Gets the images mounted with Mount-WindowsImage: mount directory, image file, index, mode and status.' },
    ...DISM_SESSION_PARAMETERS,
  ],
  help: { 'en-US': {
    synopsis: 'Gets information about a Windows image in a WIM or VHD file.',
    description: ['Gets a list of the images in a .wim, .esd or split .swm file; with -Index or -Name, detailed information about one image.'],
    examples: [
      { title: 'Example 1: List the images of a file', code: 'Get-WindowsImage -ImagePath D:\\sources\\install.wim', remarks: 'Lists each image with its index, name, description and size.' },
      { title: 'Example 2: Details of one image', code: 'Get-WindowsImage -ImagePath D:\\sources\\install.wim -Name "Windows 11 Pro"', remarks: 'Shows the architecture, version, edition, languages and counts of that image.' },
    ],
  } },
  async process(ctx) {
    await runDism(ctx, 'Get-WindowsImage', CLASS, async (s) => {
      if (ctx.parameterSetName === 'InputByMounted') {
        // The mounted-image registry (src/dism/mounts.ts), each mount with its status as it is now.
        const { MountRegistry } = require('../../src/dism/mounts') as typeof import('../../src/dism/mounts');
        const { mountedImageInfoObject } = require('./_mount') as typeof import('./_mount');
        s.provider('DISM WIM Provider', 'Getting the mounted images', 'CWimManager::GetMountedImageInfo');
        for (const m of new MountRegistry().list()) await ctx.writeObject(mountedImageInfoObject(m, s.logPathDisplay));
        return;
      }
      const wimApi = require('../../src/formats/wim/index') as typeof import('../../src/formats/wim/index');
      const imagePath = ctx.params.ImagePath!;
      const split = ctx.params.SplitImageFilePattern ?? undefined;
      s.provider('DISM Imaging Provider', 'WIM image specified', 'CGenericImagingManager::GetImageInfoCollection');
      const wim = wimApi.openWim(ctx.resolvePath(imagePath), {
        splitPattern: split !== undefined ? ctx.resolvePath(split) : undefined,
        checkIntegrity: sw(ctx, 'CheckIntegrity'),
        requireAllParts: false,
        onWarning: (m) => s.warning(m),
      });
      try {
        const one = ctx.boundParameters.has('Index') || ctx.boundParameters.has('Name');
        const infos = one
          ? [wimApi.getImageInfo(wim, { index: ctx.params.Index, name: ctx.params.Name ?? undefined })]
          : wimApi.listImages(wim);
        for (const info of infos) {
          const o = one
            ? new PSObject(imageInfoData(imagePath, info, wimApi.formatLanguages(info), s.logPathDisplay), [...RESULT_TYPES.ImageInfoObject])
            : new PSObject(basicImageInfoData(imagePath, info, s.logPathDisplay), [...RESULT_TYPES.BasicImageInfoObject]);
          await ctx.writeObject(o);
        }
      } finally {
        wim.close();
      }
    });
  },
});
