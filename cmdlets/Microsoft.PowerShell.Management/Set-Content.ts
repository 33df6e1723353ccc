import { contentCmdlet } from './_content';

export const cmdlet = contentCmdlet('Set');
