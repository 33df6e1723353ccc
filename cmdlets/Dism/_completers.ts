/*
 * Argument completers of the Dism cmdlets (the console's Tab): the names and indexes of the images of the WIM
 * already named on the line (-ImagePath / -SourceImagePath), read from its XML data as Get-WindowsImage reads it.
 * The WIM reader is loaded on the first Tab that needs it, never when a cmdlet's metadata is.
 */
import type { ArgumentCompleter } from '../../src/lang/commands/cmdlet';

/** The images of the file a parameter of the line names; [] when it names none or the file cannot be read. */
function imagesOf(bound: Readonly<Record<string, string>>, pathParam: string, resolvePath: (p: string) => string): Array<{ index: number; name: string }> {
  const typed = bound[pathParam];
  if (!typed) return [];
  try {
    const wimApi = require('../../src/formats/wim/index') as typeof import('../../src/formats/wim/index');
    const wim = wimApi.openWim(resolvePath(typed), { requireAllParts: false });
    try {
      return wimApi.listImages(wim).map((i) => ({ index: i.ImageIndex, name: i.ImageName }));
    } finally {
      wim.close();
    }
  } catch {
    return [];
  }
}

/** Image names of the WIM named by `pathParam`, for -Name / -SourceName. */
export function imageNameCompleter(pathParam: string): ArgumentCompleter {
  return (_word, bound, resolvePath) => imagesOf(bound, pathParam, resolvePath).map((i) => i.name);
}

/** Image indexes of the WIM named by `pathParam`, for -Index / -SourceIndex. */
export function imageIndexCompleter(pathParam: string): ArgumentCompleter {
  return (_word, bound, resolvePath) => imagesOf(bound, pathParam, resolvePath).map((i) => String(i.index));
}
