/* Set-Location (Microsoft.PowerShell.Management): changes the current location; made in _location.ts. */
import { locationCmdlet } from './_location';

export const cmdlet = locationCmdlet('Set');
