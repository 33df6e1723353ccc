/* Pop-Location (Microsoft.PowerShell.Management): returns to the last pushed location; made in _location.ts. */
import { locationCmdlet } from './_location';

export const cmdlet = locationCmdlet('Pop');
