/*
 * -CompressionType as the Dism module's cmdlets take it: a string, case-insensitive, "none", "fast", "max" or
 * "maximum". "recovery" (solid LZMS, .esd) is dism.exe's alone: the cmdlet refuses it with its reference page's
 * words. Anything else is DISM's "The parameter is incorrect." refusal.
 */
import { DismError, DismMessages, Win32, hresultFromWin32 } from '../../src/dism/errors';

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
      throw DismMessages.recoveryNotSupported(cmdletName);
    default:
      throw new DismError(hresultFromWin32(Win32.INVALID_PARAMETER), 'argument');
  }
}
