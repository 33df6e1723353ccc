/*
 * -CompressionType as the Dism module's cmdlets take it: a string, case-insensitive, "none", "fast", "max" or
 * "maximum". "recovery" (solid LZMS, .esd) is dism.exe's alone: the cmdlet refuses it with its reference page's
 * words. Anything else is DISM's "The parameter is incorrect." refusal.
 */
import { DismFailure } from './_dism';

export type CmdletCompression = 'none' | 'fast' | 'max';

export function compressionArgument(value: string | undefined, cmdletName: string): CmdletCompression | undefined {
  if (value === undefined) return undefined;
  switch (value.trim().toLowerCase()) {
    case 'none':
      return 'none';
    case 'fast':
      return 'fast';
    case 'max':
    case 'maximum':
      return 'max';
    case 'recovery':
      throw new DismFailure(`The ${cmdletName} cmdlet does not support the "recovery" compression type. Use dism.exe instead.`, 0x80070057, true);
    default:
      throw new DismFailure('The parameter is incorrect.', 0x80070057, true);
  }
}
