/*
 * dism.exe's help: `DISM /?` (the usage page, its sections as 10.0.19041 prints them, research DISM-EXE.md §1
 * "Help") and `DISM /<Verb> /?` (the verb's syntax lines, a description, examples). The texts are written here in
 * DISM's layout; the wording of the descriptions is ours where no capture of the real page was available.
 */
import { DISM_EXE_VERSION } from './console';

/** Entries of the usage page: name, description (wrapped at column 28 as dism.exe wraps them). */
const GENERIC: [string, string][] = [
  ['/Split-Image', 'Splits an existing .wim file into multiple read-only split WIM (SWM) files.'],
  ['/Apply-Image', 'Applies an image.'],
  ['/Get-MountedImageInfo', 'Displays information about mounted WIM and VHD images.'],
  ['/Get-ImageInfo', 'Displays information about images in a WIM, a VHD or a FFU file.'],
  ['/Commit-Image', 'Saves changes to a mounted WIM or VHD image.'],
  ['/Unmount-Image', 'Unmounts a mounted WIM or VHD image.'],
  ['/Mount-Image', 'Mounts an image from a WIM or VHD file.'],
  ['/Remount-Image', 'Recovers an orphaned image mount directory.'],
  ['/Cleanup-Mountpoints', 'Deletes resources associated with corrupted mounted images.'],
];
const WIM: [string, string][] = [
  ['/Apply-CustomDataImage', 'Dehydrates files contained in the custom data image.'],
  ['/Capture-CustomImage', 'Captures customizations into a delta WIM file on a WIMBoot system. Captured directories include all subfolders and data.'],
  ['/Get-WIMBootEntry', 'Displays WIMBoot configuration entries for the specified disk volume.'],
  ['/Update-WIMBootEntry', 'Updates WIMBoot configuration entry for the specified disk volume.'],
  ['/List-Image', 'Displays a list of the files and folders in a specified image.'],
  ['/Delete-Image', 'Deletes the specified volume image from a WIM file that has multiple volume images.'],
  ['/Export-Image', 'Exports a copy of the specified image to another file.'],
  ['/Append-Image', 'Adds another image to a WIM file.'],
  ['/Capture-Image', 'Captures an image of a drive into a new WIM file. Captured directories include all subfolders and data.'],
  ['/Get-MountedWimInfo', 'Displays information about mounted WIM images.'],
  ['/Get-WimInfo', 'Displays information about images in a WIM file.'],
  ['/Commit-Wim', 'Saves changes to a mounted WIM image.'],
  ['/Unmount-Wim', 'Unmounts a mounted WIM image.'],
  ['/Mount-Wim', 'Mounts an image from a WIM file.'],
  ['/Remount-Wim', 'Recovers an orphaned WIM mount directory.'],
  ['/Cleanup-Wim', 'Deletes resources associated with mounted WIM images that are corrupted.'],
];
const FFU: [string, string][] = [
  ['/Capture-Ffu', 'Captures a physical disk image into a new FFU file.'],
  ['/Apply-Ffu', 'Applies an .ffu image.'],
  ['/Split-Ffu', 'Splits an existing .ffu file into multiple read-only split FFU files.'],
  ['/Optimize-Ffu', 'Optimizes a FFU file so that it can be applied to storage of a different size.'],
];
const SPECS: [string, string][] = [
  ['/Online', 'Targets the running operating system.'],
  ['/Image', 'Specifies the path to the root directory of an offline Windows image.'],
];
const OPTIONS: [string, string][] = [
  ['/English', 'Displays command line output in English.'],
  ['/Format', 'Specifies the report output format.'],
  ['/WinDir', 'Specifies the path to the Windows directory.'],
  ['/SysDriveDir', 'Specifies the path to the system-loader file named BootMgr.'],
  ['/LogPath', 'Specifies the logfile path.'],
  ['/LogLevel', 'Specifies the output level shown in the log (1-4).'],
  ['/NoRestart', 'Suppresses automatic reboots and reboot prompts.'],
  ['/Quiet', 'Suppresses all output except for error messages.'],
  ['/ScratchDir', 'Specifies the path to a scratch directory.'],
];

/** Wraps a description into lines of at most 79 columns, continuation lines indented to column 28. */
function entry(name: string, text: string): string[] {
  const head = `  ${name}`.padEnd(25) + ' - ';
  const width = 79 - 28;
  const lines: string[] = [];
  let cur = '';
  for (const w of text.split(' ')) {
    if (cur && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.map((l, i) => (i === 0 ? head.padEnd(28) + l : ' '.repeat(28) + l));
}

export function usagePage(): string[] {
  const section = (title: string, rows: [string, string][]) => [title, '', ...rows.flatMap(([n, t]) => entry(n, t)), ''];
  return [
    `DISM.exe [dism_options] {Imaging_command} [<Imaging_arguments>]`,
    `DISM.exe {/Image:<path_to_offline_image> | /Online} [dism_options]`,
    `         {servicing_command} [<servicing_arguments>]`,
    '',
    'DESCRIPTION:',
    '',
    '  DISM enumerates, installs, uninstalls, configures, and updates features',
    '  and packages in Windows images. The commands that are available depend',
    '  on the image being serviced and whether the image is offline or running.',
    `  (wimsh ${DISM_EXE_VERSION}: the imaging commands work on WIM files; the`,
    '  servicing commands need Windows and are refused.)',
    '',
    ...section('GENERIC IMAGING COMMANDS:', GENERIC),
    ...section('WIM COMMANDS:', WIM),
    ...section('FFU COMMANDS:', FFU),
    ...section('IMAGE SPECIFICATIONS:', SPECS),
    ...section('DISM OPTIONS:', OPTIONS),
    'For more information about these DISM options and their arguments, specify an',
    'option immediately before /?.',
    '',
    '  Examples:',
    '    DISM.exe /Mount-Wim /?',
    '    DISM.exe /ScratchDir /?',
    '    DISM.exe /Image:C:\\test\\offline /?',
    '    DISM.exe /Online /?',
    '',
  ];
}

/** Per-verb pages: syntax lines, a description, examples. */
const VERB_HELP: Record<string, { syntax: string[]; text: string[]; examples: string[] }> = {
  'export-image': {
    syntax: [
      '/Export-Image {/SourceImageFile:<path_to_image_file> | [/SWMFile:<pattern>]}',
      '  {/SourceIndex:<image_index> | /SourceName:<image_name>}',
      '  /DestinationImageFile:<path_to_image_file> [/DestinationName:<Name>]',
      '  [/Compress:{fast|max|none|recovery}] [/Bootable] [/WIMBoot] [/CheckIntegrity]',
    ],
    text: ['Exports a copy of the specified image to another file. The source and', 'destination files must use the same compression type when the destination', 'exists; /Compress applies to a new file only.'],
    examples: ['DISM.exe /Export-Image /SourceImageFile:C:\\Data.wim /SourceIndex:1', '  /DestinationImageFile:C:\\Export.wim /Compress:max /CheckIntegrity'],
  },
  'get-imageinfo': {
    syntax: ['/Get-ImageInfo /ImageFile:<path_to_image_file>', '  [{/Index:<image_index> | /Name:<image_name>}]'],
    text: ['Displays information about the images contained in a WIM file, or about one', 'image when an index or a name is given.'],
    examples: ['DISM.exe /Get-ImageInfo /ImageFile:C:\\test\\offline\\install.wim', 'DISM.exe /Get-ImageInfo /ImageFile:C:\\test\\offline\\install.wim /Index:1'],
  },
  'list-image': {
    syntax: ['/List-Image /ImageFile:<path_to_image_file>', '  {/Index:<image_index> | /Name:<image_name>}'],
    text: ['Lists the full path of every file and folder in the specified image, one per', 'line.'],
    examples: ['DISM.exe /List-Image /ImageFile:C:\\test\\images\\install.wim /Index:1'],
  },
  'get-wiminfo': {
    syntax: ['/Get-WimInfo /WimFile:<path_to_image.wim>', '  [{/Index:<image_index> | /Name:<image_name>}]'],
    text: ['Displays information about the images contained in a WIM file.'],
    examples: ['DISM.exe /Get-WimInfo /WimFile:C:\\test\\offline\\install.wim /Index:1'],
  },
  'apply-image': {
    syntax: [
      '/Apply-Image /ImageFile:<path_to_image_file> [/SWMFile:<pattern>]',
      '  /ApplyDir:<target_directory> {/Index:<image_index> | /Name:<image_name>}',
      '  [/CheckIntegrity] [/Verify] [/NoRpFix] [/ConfirmTrustedFile] [/WIMBoot] [/Compact] [/EA]',
    ],
    text: ['Applies an image to a specified directory.'],
    examples: ['DISM.exe /Apply-Image /ImageFile:C:\\Data.wim /Index:1 /ApplyDir:D:\\'],
  },
  'capture-image': {
    syntax: [
      '/Capture-Image /ImageFile:<path_to_image_file> /CaptureDir:<source_directory>',
      '  /Name:<image_name> [/Description:<image_description>] [/ConfigFile:<configuration_file.ini>]',
      '  {[/Compress:{max|fast|none}] [/Bootable] | [/WIMBoot]} [/CheckIntegrity] [/Verify] [/NoRpFix] [/EA]',
    ],
    text: ['Captures an image of a directory into a new WIM file. Captured directories', 'include all subfolders and data. The default compression is fast.'],
    examples: ['DISM.exe /Capture-Image /ImageFile:C:\\Data.wim /CaptureDir:D:\\ /Name:Drive-D'],
  },
  'append-image': {
    syntax: [
      '/Append-Image /ImageFile:<path_to_image_file> /CaptureDir:<source_directory>',
      '  /Name:<image_name> [/Description:<image_description>] [/ConfigFile:<configuration_file.ini>]',
      '  [/Bootable] [/WIMBoot] [/CheckIntegrity] [/Verify] [/NoRpFix] [/EA]',
    ],
    text: ['Adds an image of a directory to an existing WIM file.'],
    examples: ['DISM.exe /Append-Image /ImageFile:C:\\Data.wim /CaptureDir:E:\\ /Name:Drive-E'],
  },
  'split-image': {
    syntax: ['/Split-Image /ImageFile:<path_to_image_file> /SWMFile:<path_to_swm>', '  /FileSize:<MB-Size> [/CheckIntegrity]'],
    text: ['Splits an existing .wim file into multiple read-only split WIM (SWM) files.', 'The parts are named Data.swm, Data2.swm, Data3.swm and so on.'],
    examples: ['DISM.exe /Split-Image /ImageFile:C:\\install.wim /SWMFile:C:\\Data.swm /FileSize:100'],
  },
  'delete-image': {
    syntax: ['/Delete-Image /ImageFile:<path_to_image_file>', '  {/Index:<image_index> | /Name:<image_name>} [/CheckIntegrity]'],
    text: ['Deletes the specified volume image from a WIM file that has multiple volume', 'images. Only the metadata and XML entries are removed.'],
    examples: ['DISM.exe /Delete-Image /ImageFile:C:\\Data.wim /Index:1'],
  },
  'mount-image': {
    syntax: ['/Mount-Image /ImageFile:<path_to_image_file>', '  {/Index:<image_index> | /Name:<image_name>} /MountDir:<target_mount_directory>', '  [/ReadOnly] [/Optimize] [/CheckIntegrity]'],
    text: ['Mounts an image from a WIM file into an existing, empty directory.'],
    examples: ['DISM.exe /Mount-Image /ImageFile:C:\\Data.wim /Index:1 /MountDir:C:\\test\\offline'],
  },
  'mount-wim': {
    syntax: ['/Mount-Wim /WimFile:<path_to_WIM_file>', '  {/Index:<image_index> | /Name:<image_name>}', '  /MountDir:<target_mount_directory> [/readonly]'],
    text: ['Mounts an image from a WIM file.'],
    examples: ['DISM.exe /Mount-Wim /WimFile:C:\\test\\images\\install.wim /index:1 /MountDir:C:\\test\\offline'],
  },
  'unmount-image': {
    syntax: ['/Unmount-Image /MountDir:<path_to_mount_directory>', '  {/Commit | /Discard} [/CheckIntegrity] [/Append]'],
    text: ['Unmounts a mounted image. /Commit saves the changes first (/Append as a new', 'image); /Discard drops them.'],
    examples: ['DISM.exe /Unmount-Image /MountDir:C:\\test\\offline /Commit'],
  },
  'unmount-wim': {
    syntax: ['/Unmount-Wim /MountDir:<path_to_mount_directory> {/Commit | /Discard}'],
    text: ['Unmounts a mounted WIM image.'],
    examples: ['DISM.exe /Unmount-Wim /MountDir:C:\\test\\offline /Discard'],
  },
  'commit-image': {
    syntax: ['/Commit-Image /MountDir:<path_to_mount_directory> [/CheckIntegrity] [/Append]'],
    text: ['Saves the changes of a mounted image; the image stays mounted.'],
    examples: ['DISM.exe /Commit-Image /MountDir:C:\\test\\offline'],
  },
  'remount-image': {
    syntax: ['/Remount-Image /MountDir:<path_to_mount_directory>'],
    text: ['Recovers an orphaned image mount directory.'],
    examples: ['DISM.exe /Remount-Image /MountDir:C:\\test\\offline'],
  },
  'get-mountedimageinfo': { syntax: ['/Get-MountedImageInfo'], text: ['Displays information about mounted images.'], examples: ['DISM.exe /Get-MountedImageInfo'] },
  'cleanup-mountpoints': {
    syntax: ['/Cleanup-Mountpoints'],
    text: ['Deletes resources associated with corrupted mounted images. Mounted images', 'that are good or can be remounted are left as they are.'],
    examples: ['DISM.exe /Cleanup-Mountpoints'],
  },
};
VERB_HELP['commit-wim'] = VERB_HELP['commit-image'];
VERB_HELP['remount-wim'] = VERB_HELP['remount-image'];
VERB_HELP['get-mountedwiminfo'] = VERB_HELP['get-mountedimageinfo'];
VERB_HELP['cleanup-wim'] = VERB_HELP['cleanup-mountpoints'];

/** A verb's help page, or undefined for a verb without one here. */
export function verbHelp(lower: string): string[] | undefined {
  const h = VERB_HELP[lower];
  if (!h) return undefined;
  return [...h.syntax, '', ...h.text.map((l) => `    ${l}`), '', '    Examples:', '', ...h.examples.map((l) => `      ${l}`), ''];
}
