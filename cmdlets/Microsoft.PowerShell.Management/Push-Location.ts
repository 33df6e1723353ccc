/*
 * Push-Location (Microsoft.PowerShell.Management): saves the current location on the stack and changes it; made in
 * _location.ts.
 */
import { locationCmdlet } from './_location';

export const cmdlet = locationCmdlet('Push');
