/*
 * Help text of Export-WindowsImage, in the cultures wimsh ships: en-US (written by us from DISM's behaviour) and
 * zh-CN (the Dism module's reference page the product was specified from). Get-Help picks one by $PSUICulture/LANG.
 * Parameter metadata (types, aliases, sets, pipeline input) comes from the cmdlet itself, not from here.
 */

import type { HelpText } from '../../src/lang/commands/cmdlet';

const RELATED = ['Dismount-WindowsImage', 'Get-WindowsImage', 'Mount-WindowsImage', 'New-WindowsImage', 'Remove-WindowsImage',
  'Repair-WindowsImage', 'Save-WindowsImage', 'Split-WindowsImage'];

export const help: { 'en-US': HelpText & { parameters: Record<string, string> }; 'zh-CN': HelpText } = {
  'en-US': {
    synopsis: 'Exports a copy of the specified image to another image file.',
    description: [
      'The Export-WindowsImage cmdlet exports a copy of the specified image to another image file. When the destination file exists, the image is appended to it; otherwise a new file is created.',
      'You can also optimize an image by exporting it to a new image file: exporting leaves behind the resource files that modifications to an image accumulate. Each file is stored once in the destination, however many images share it.',
      'This cmdlet does not apply to virtual hard disk (VHD) files.',
    ],
    parameters: {
      CheckIntegrity:
        'Verifies the integrity table of the source image file before exporting, and stops if the file is corrupted. An integrity table is written to the destination.',
      CompressionType:
        'Specifies the compression of a new destination file: "max" or "maximum" (LZX; the smallest files, the slowest), "fast" (XPRESS), or "none". When omitted, a new file gets the source\'s compression ("max" for a solid .esd source). When the destination already exists, its compression is kept and this parameter does not apply. This cmdlet does not support the "recovery" compression type; use dism.exe instead.',
      DestinationImagePath: 'Specifies the location of the exported image file. An existing file receives the image as a new index.',
      DestinationName: 'Specifies the name of the exported image in the destination file. The default is the source image\'s name. A name already used in the destination is refused.',
      LogLevel:
        'Specifies the maximum output level shown in the log. The default log level is 3. The accepted values are: 1 = Errors only; 2 = Errors and warnings; 3 = Errors, warnings, and information; 4 = All of the information listed previously, plus debug output.',
      LogPath:
        'Specifies the full path and file name to log to. If not set, the default is %WINDIR%\\Logs\\Dism\\dism.log. The log file is archived automatically: the archived log is saved with .bak appended to its name and a new log file is started. Each time the log is archived, the .bak file is overwritten.',
      ScratchDirectory:
        'Specifies a temporary directory for files extracted during servicing. The directory must exist locally. If not specified, the system temporary directory is used.',
      Setbootable: 'Marks the exported image as the bootable image of the destination file. Only one image in a .wim file can be bootable; this applies to Windows PE images.',
      SourceImagePath: 'Specifies the location of the source image file. Must be used with -SourceIndex or -SourceName. If the source is a split (.swm) file, -SplitImageFilePattern is also required.',
      SourceIndex: 'Specifies the index number of the image in the source file.',
      SourceName: 'Specifies the name of the image in the source file.',
      SplitImageFilePattern: 'Specifies the location and name pattern of the parts of a split image (for example, C:\\split\\install*.swm).',
      WIMBoot: 'Specifies that the image will be formatted to install on a Windows image file boot (WIMBoot) system.',
    },
    examples: [
      {
        title: 'Example 1: Export an image',
        code: 'PS C:\\> Export-WindowsImage -SourceImagePath C:\\imagestore\\custom.wim -SourceIndex 1 -DestinationImagePath c:\\imagestore\\export.wim -DestinationName "Exported Image"',
        remarks: 'This command exports the image at index 1 of C:\\imagestore\\custom.wim to c:\\imagestore\\export.wim and names it "Exported Image".',
      },
      {
        title: 'Example 2: Convert an edition of an install.esd to a WIM',
        code: 'PS C:\\> Export-WindowsImage -SourceImagePath D:\\sources\\install.esd -SourceName "Windows 11 Pro" -DestinationImagePath C:\\out\\install.wim -CompressionType max',
        remarks: 'This command exports the "Windows 11 Pro" image of a solid .esd file to a new LZX-compressed WIM file.',
      },
    ],
    inputs: ['System.String[]', 'Microsoft.Dism.Commands.ImageObject', 'Microsoft.Dism.Commands.ImageObjectWithState'],
    outputs: ['Microsoft.Dism.Commands.OfflineImageObject'],
    notes: [],
    relatedLinks: RELATED,
    defaults: {
      CompressionType: "The source's compression (max for a solid .esd source)",
      DestinationName: "The source image's name",
      LogLevel: 'WarningsInfo',
      LogPath: '%WINDIR%\\Logs\\Dism\\dism.log',
      ScratchDirectory: 'The system temporary directory',
    },
  },
  'zh-CN': {
    synopsis: '将指定的图像复制到另一个图像文件中。',
    description: [
      '`Export-WindowsImage` cmdlet 将指定的 Windows 映像文件复制到另一个图像文件中。源文件和目标文件必须使用相同的压缩格式。',
      '您还可以使用 `Export-WindowsImage` 命令将图像导出为新的图像文件来优化它。当您修改图像时，DISM 会存储额外的资源文件，这些文件会增加图像的总大小。通过导出图像，可以删除不必要的资源文件。',
      '此cmdlet不适用于虚拟硬盘（VHD）文件。',
    ],
    parameters: {
      CheckIntegrity:
        '当与 `Add-WindowsImage`、`Dismount-WindowsImage` 或 `Save-WindowsImage` cmdlet 一起使用时，该工具能够检测并跟踪 `.wim` 文件是否损坏。如果在使用 `Expand-WindowsImage` 或 `Mount-WindowsImage` cmdlet 时 DISM 发现 `.wim` 文件已损坏，`CheckIntegrity` 会立即停止相关操作。',
      CompressionType:
        '指定用于初始捕获操作的压缩类型。可选值包括："max" 或 "maximum"（压缩率高，但捕获时间较长）、"fast"（压缩较快，但文件比 maximum 选项的大）、"none"（不压缩）。该cmdlet不支持“recovery”压缩类型，请使用 `dism.exe` 代替。当你将图像导出到现有的.wim文件时，CompressionType参数是无效的；只有在你将图像导出到一个新的.wim文件时，才能使用这个压缩类型。',
      DestinationImagePath: '指定导出图像文件的位置。',
      DestinationName: '指定导出图像文件中导出图像的名称。',
      LogLevel: '用于指定日志中显示的最大输出级别。默认的日志级别为 3。可接受的值如下：1 = 仅显示错误信息；2 = 显示错误信息和警告信息；3 = 显示错误信息、警告信息以及详细信息；4 = 显示上述所有信息，还包括调试输出',
      LogPath:
        '指定用于记录日志的完整路径和文件名。如果未设置，默认值为 `%WINDIR%\\Logs\\Dism\\dism.log`。日志文件会自动被归档；归档后的日志文件名称会在原文件名后加上 `.bak` 扩展名，并生成一个新的日志文件。每次日志文件被归档时，对应的 `.bak` 文件都会被覆盖。',
      ScratchDirectory:
        '指定一个临时目录，用于在维护过程中提取文件。该目录必须存在于本地系统中。如果未指定临时目录，则会使用系统临时目录。每次操作完成后，临时目录中的文件都会被删除。',
      Setbootable: '将卷图像标记为可启动图像。此参数仅适用于 Windows PE 图像。在一个.wim 文件中，只能有一个卷图像被标记为可启动图像。',
      SourceImagePath: '指定源图像文件的位置。必须与 `-SourceIndex` 或 `-SourceName` 一起使用。如果源文件是 SWM 文件，则还需要使用 `-SplitImageFilePattern`。',
      SourceIndex: '指定 Windows 镜像在 WIM 或 VHD 文件中的索引编号。对于 VHD 文件，该索引编号必须为 1。',
      SourceName: '指定源图像文件中源图像的名称。',
      SplitImageFilePattern: '指定基础分割图像文件的位置和名称。',
      WIMBoot: '指定该图像将被格式化，以便用于安装在基于 Windows 映像文件启动（WIMBoot）的系统上。',
    },
    examples: [
      {
        title: '示例 1：导出一张图片',
        code: 'PS C:\\> Export-WindowsImage -SourceImagePath C:\\imagestore\\custom.wim -SourceIndex 1 -DestinationImagePath c:\\imagestore\\export.wim -DestinationName "Exported Image"',
        remarks: '该命令将文件 C:\\imagestore\\custom.wim 中索引为 1 的镜像导出到文件 c:\\imagestore\\export.wim 中，并将其命名为 “Exported Image”。',
      },
    ],
    inputs: ['System.String[]', 'Microsoft.DismCommands.ImageObject', 'Microsoft.DismCommands.ImageObjectWithState'],
    outputs: ['Microsoft.Dism Commands.OfflineImageObject'],
    notes: [],
    relatedLinks: RELATED,
    defaults: {
      CompressionType: '源文件的压缩类型（固实 .esd 源为 max）',
      DestinationName: '源映像的名称',
      LogLevel: 'WarningsInfo',
      LogPath: '%WINDIR%\\Logs\\Dism\\dism.log',
      ScratchDirectory: '系统临时目录',
    },
  },
};
