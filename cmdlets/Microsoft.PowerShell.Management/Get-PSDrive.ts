/*
 * Get-PSDrive (Microsoft.PowerShell.Management): gets drives in the current session. wimsh's drives are its drive
 * map's FileSystem drives: C: always, every letter given a directory by $WIMSH_DRIVE_<L> or present under
 * $WIMSH_HOME/drives, and the letters of disk images attached with Mount-DiskImage. wimsh has no Env:, Variable:,
 * Function: or Alias: drives (those paths do not resolve), so none are listed. Shown as 5.1's "drive" table: Name
 * (10), Used (GB) and Free (GB) (13, right-aligned, two decimals), Provider (13), Root (35), CurrentLocation.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { PSObject } from '../../src/lang/types/values';
import { registerView } from '../../src/lang/format/format';
import { wildcardToRegExp } from '../../src/lang/runtime/operators';
import { driveRoot, wimshHome } from '../../src/vfs/drives';
import { readDiskImages } from '../../src/vfs/disk-images';
import { strings, hasWildcard } from '../_shared/common';

const DRIVE_INFO = 'System.Management.Automation.PSDriveInfo';

const gb = (v: unknown) => (typeof v === 'number' ? (v / 1073741824).toFixed(2) : '');

registerView(DRIVE_INFO, {
  kind: 'table',
  widths: [10, 13, 13, 13, 35],
  columns: [
    'Name',
    { label: 'Used (GB)', value: (o) => (o.get('Used')?.value !== null || o.get('Free')?.value !== null ? gb(o.get('Used')?.value) : ''), align: 'right' },
    { label: 'Free (GB)', value: (o) => (o.get('Used')?.value !== null || o.get('Free')?.value !== null ? gb(o.get('Free')?.value) : ''), align: 'right' },
    { label: 'Provider', value: (o) => (o.get('Provider')?.value as PSObject | undefined)?.get('Name')?.value },
    'Root',
    { label: 'CurrentLocation', value: (o) => o.get('CurrentLocation')?.value, align: 'right' },
  ],
});

function fileSystemProvider(): PSObject {
  const p = new PSObject({ Name: 'FileSystem', ModuleName: 'Microsoft.PowerShell.Core', PSSnapIn: 'Microsoft.PowerShell.Core', Description: '', Home: '' }, ['System.Management.Automation.ProviderInfo', 'System.Object']);
  (p as unknown as { toStringValue: string }).toStringValue = 'Microsoft.PowerShell.Core\\FileSystem';
  return p;
}

/** The letters of the drive map that exist, in order, with how each came to be. */
function driveLetters(): Map<string, { label: string; size?: number }> {
  const found = new Map<string, { label: string; size?: number }>([['C', { label: '' }]]);
  const env = host().env;
  for (const k of Object.keys(env)) {
    const m = /^WIMSH_DRIVE_([A-Za-z])$/.exec(k);
    if (m && env[k]) found.set(m[1].toUpperCase(), { label: '' });
  }
  try {
    for (const n of host().fs.readdirSync(host().path.join(wimshHome(), 'drives'))) if (/^[a-z]$/i.test(n)) found.set(n.toUpperCase(), { label: '' });
  } catch {
    /* no drives directory yet */
  }
  // An attached image's drive: a full read-only medium (all of it used, nothing free), described by its label.
  for (const r of readDiskImages()) if (r.letter) found.set(r.letter.toUpperCase(), { label: r.label || r.fileSystem, size: r.size });
  return new Map([...found.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export const cmdlet = defineCmdlet({
  name: 'Get-PSDrive',
  className: 'Microsoft.PowerShell.Commands.GetPSDriveCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'Name',
  outputType: [DRIVE_INFO],
  parameters: [
    { name: 'Name', type: 'String[]', sets: { Name: { position: 0, valueFromPipelineByPropertyName: true } }, description: 'The drive names (letters, no colon); wildcards allowed.' },
    { name: 'LiteralName', type: 'String[]', sets: { LiteralName: { mandatory: true, position: 0, valueFromPipelineByPropertyName: true } }, description: 'The drive names, taken as typed.' },
    { name: 'Scope', type: 'String', valueFromPipelineByPropertyName: true, description: 'Global, Script, Local, or a number of scopes up.' },
    { name: 'PSProvider', type: 'String[]', valueFromPipelineByPropertyName: true, description: 'Only drives of these providers (FileSystem).' },
  ],
  help: {
    'en-US': {
      synopsis: 'Gets drives in the current session.',
      description: ["Get-PSDrive lists wimsh's file system drives: C:, the letters mapped by WIMSH_DRIVE_<letter> or present under WIMSH_HOME\\drives, and the drives of attached disk images, with the free space of the directory behind each."],
      examples: [{ title: 'The drive of a mounted ISO', code: 'Get-PSDrive -Name E' }],
    },
  },
  async process(ctx) {
    const providers = strings(ctx.params.PSProvider);
    if (providers.length && !providers.some((p) => wildcardToRegExp(p).test('FileSystem') || /\\FileSystem$/i.test(p))) return;
    const letters = driveLetters();
    const location = ctx.currentLocation();
    const drive = (letter: string, info: { label: string; size?: number }) => {
      const root = `${letter}:\\`;
      const isImage = info.size !== undefined;
      // The host reports free space only; the used space of a mapped directory's file system is not known.
      const free = isImage ? 0 : host().fs.statfsFree?.(driveRoot(letter)) ?? null;
      const here = location.toUpperCase().startsWith(root) ? location.slice(3) : '';
      return new PSObject(
        { Used: isImage ? info.size : null, Free: free, CurrentLocation: here, Name: letter, Provider: fileSystemProvider(), Root: root, Description: info.label, MaximumSize: null, Credential: null, DisplayRoot: null },
        [DRIVE_INFO, 'System.Object'],
      );
    };
    const literal = ctx.params.LiteralName !== undefined;
    const names = strings(ctx.params.Name ?? ctx.params.LiteralName);
    if (!names.length) {
      for (const [l, info] of letters) await ctx.writeObject(drive(l, info));
      return;
    }
    for (const n of names) {
      const name = n.replace(/:$/, '');
      const matched = [...letters.keys()].filter((l) => (!literal && hasWildcard(name) ? wildcardToRegExp(name).test(l) : l.toLowerCase() === name.toLowerCase()));
      if (!matched.length && (literal || !hasWildcard(name))) {
        const rec = ctx.error(`Cannot find drive. A drive with the name '${name}' does not exist.`, 'GetLocationNoMatchingDrive', 'ObjectNotFound', 'DriveNotFoundException', name);
        rec.exception.fullName = 'System.Management.Automation.DriveNotFoundException';
        ctx.writeError(rec);
        continue;
      }
      for (const l of matched) await ctx.writeObject(drive(l, letters.get(l) ?? { label: '' }));
    }
  },
});
