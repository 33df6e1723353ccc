/*
 * Add-Content (Microsoft.PowerShell.Management): appends to a file; Set-Content's parameters and body, in
 * _content.ts.
 */
import { contentCmdlet } from './_content';

export const cmdlet = contentCmdlet('Add');
