import { locationCmdlet } from './_location';

export const cmdlet = locationCmdlet('Pop');
