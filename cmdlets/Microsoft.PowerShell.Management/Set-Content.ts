/*
 * Set-Content (Microsoft.PowerShell.Management): writes or replaces the content of a file; shares _content.ts with
 * Add-Content.
 */
import { contentCmdlet } from './_content';

export const cmdlet = contentCmdlet('Set');
