/*
 * Get-Location (Microsoft.PowerShell.Management): the current location; the location cmdlets are made in
 * _location.ts.
 */
import { locationCmdlet } from './_location';

export const cmdlet = locationCmdlet('Get');
