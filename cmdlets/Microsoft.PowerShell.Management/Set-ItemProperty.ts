/*
 * Set-ItemProperty (Microsoft.PowerShell.Management): creates or changes the value of a property of an item. On the
 * file system the settable properties are those Windows lets a script set: IsReadOnly and Attributes (ReadOnly,
 * through the write permission bits), LastWriteTime and LastAccessTime (the file times); CreationTime cannot be set
 * on the host file systems wimsh runs on and says so. Any other name is 5.1's "Property X does not exist" error.
 */
import { defineCmdlet, type CmdletContext } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { PSObject } from '../../src/lang/types/values';
import { toStr, toBool, convertTo, typeNameOf } from '../../src/lang/types/convert';
import { statPath } from '../../src/vfs/vfs-fs';
import { sw, itemObject, writeProtected } from '../_shared/common';
import { namedItems, noSuchProperty, addProviderProperties } from './_itemproperty';

/** A value's type as PowerShell's member definitions print it (int, string, bool...). */
function shortTypeName(v: unknown): string {
  const t = typeNameOf(v);
  const short: Record<string, string> = { 'System.String': 'string', 'System.Int32': 'int', 'System.Int64': 'long', 'System.Double': 'double', 'System.Boolean': 'bool' };
  return v === null || v === undefined ? 'object' : short[t] ?? t.slice(t.lastIndexOf('.') + 1);
}

/** Sets one property; false (with the provider's error written) when the item has no such property. */
function setOne(ctx: CmdletContext, hostPath: string, display: string, name: string, value: unknown): boolean {
  const key = name.toLowerCase();
  const st = statPath(hostPath);
  const setReadOnly = (ro: boolean) => {
    host().fs.chmodSync(hostPath, ro ? st.mode & ~0o222 & 0o7777 : (st.mode | 0o200) & 0o7777);
  };
  if (key === 'isreadonly' && !st.isDirectory()) {
    setReadOnly(toBool(value));
    return true;
  }
  if (key === 'attributes') {
    // A flags string or number: ReadOnly decides the write bits; Archive, Hidden, System... have no POSIX meaning.
    const text = typeof value === 'number' ? ((value & 1) !== 0 ? 'ReadOnly' : '') : toStr(value);
    setReadOnly(/\bReadOnly\b/i.test(text));
    return true;
  }
  if (key === 'lastwritetime' || key === 'lastaccesstime' || key === 'lastwritetimeutc' || key === 'lastaccesstimeutc') {
    const d = convertTo(value, 'System.DateTime') as Date;
    const write = key.startsWith('lastwrite') ? d : new Date(st.mtimeMs);
    const access = key.startsWith('lastaccess') ? d : new Date(st.atimeMs);
    host().fs.utimesSync(hostPath, access, write);
    return true;
  }
  if (key === 'creationtime' || key === 'creationtimeutc') {
    const rec = ctx.error(`The creation time of '${display}' cannot be changed on this file system.`, 'SetPropertyError', 'NotImplemented', 'NotSupportedException', display);
    ctx.writeError(rec);
    return false;
  }
  // The provider's message shows the note property as PowerShell prints one: `<short type> <name>=<value>`.
  const shown = `${shortTypeName(value)} ${name}=${toStr(value)}`;
  const rec = noSuchProperty(ctx, shown, 'SetPropertyError', shown);
  rec.targetName = shown;
  rec.targetType = 'PSNoteProperty';
  ctx.writeError(rec);
  return false;
}

export const cmdlet = defineCmdlet({
  name: 'Set-ItemProperty',
  className: 'Microsoft.PowerShell.Commands.SetItemPropertyCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'propertyValuePathSet',
  supportsShouldProcess: true,
  parameters: [
    { name: 'Path', type: 'String[]', sets: { propertyPSObjectPathSet: { mandatory: true, position: 0, valueFromPipelineByPropertyName: true }, propertyValuePathSet: { mandatory: true, position: 0, valueFromPipelineByPropertyName: true } }, description: 'The items (wildcards allowed).' },
    { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath'], sets: { propertyPSObjectLiteralPathSet: { mandatory: true, valueFromPipelineByPropertyName: true }, propertyValueLiteralPathSet: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'The items, taken as typed.' },
    { name: 'Name', type: 'String', aliases: ['PSProperty'], sets: { propertyValuePathSet: { mandatory: true, position: 1, valueFromPipelineByPropertyName: true }, propertyValueLiteralPathSet: { mandatory: true, position: 1, valueFromPipelineByPropertyName: true } }, description: 'The property to set.' },
    { name: 'Value', type: 'Object', allowNull: true, sets: { propertyValuePathSet: { position: 2, valueFromPipelineByPropertyName: true }, propertyValueLiteralPathSet: { position: 2, valueFromPipelineByPropertyName: true } }, description: 'The new value.' },
    { name: 'InputObject', type: 'PSObject', sets: { propertyPSObjectPathSet: { mandatory: true, valueFromPipeline: true, valueFromPipelineByPropertyName: true }, propertyPSObjectLiteralPathSet: { mandatory: true, valueFromPipeline: true, valueFromPipelineByPropertyName: true } }, description: 'An object whose properties are set on the item.' },
    { name: 'PassThru', type: 'SwitchParameter', description: 'Writes the changed item.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Sets properties a user could not otherwise.' },
    { name: 'Filter', type: 'String', description: 'A provider filter.' },
    { name: 'Include', type: 'String[]', description: 'Items to include.' },
    { name: 'Exclude', type: 'String[]', description: 'Items to exclude.' },
    { name: 'Credential', type: 'Object', description: 'An account (not used on this file system).' },
  ],
  help: {
    'en-US': {
      synopsis: 'Creates or changes the value of a property of an item.',
      examples: [{ title: 'Make an image file read-only', code: 'Set-ItemProperty -Path C:\\images\\install.wim -Name IsReadOnly -Value $true' }],
    },
  },
  async process(ctx) {
    const props: Array<[string, unknown]> = [];
    if (ctx.params.InputObject instanceof PSObject) for (const p of ctx.params.InputObject.props.values()) props.push([p.name, p.value]);
    else if (ctx.params.Name !== undefined && ctx.params.Name !== null) props.push([ctx.params.Name, ctx.params.Value ?? null]);
    for (const it of namedItems(ctx)) {
      if (writeProtected(ctx, it.host, it.display, 'SetItemPropertyIOError')) continue;
      if (!ctx.shouldProcess(`Item: ${it.display} Property: ${props.map(([n]) => n).join(', ')}`, 'Set Property')) continue;
      const set = new PSObject();
      for (const [n, v] of props) {
        try {
          if (setOne(ctx, it.host, it.display, n, v)) set.set(n, v);
        } catch {
          const rec = ctx.error(`Access to the path '${it.display}' is denied.`, 'SetPropertyUnauthorizedAccessError', 'PermissionDenied', 'UnauthorizedAccessException', it.display);
          rec.exception.fullName = 'System.UnauthorizedAccessException';
          ctx.writeError(rec);
        }
      }
      // -PassThru writes what the provider set: the properties and values, with the PS* properties of the item.
      if (sw(ctx, 'PassThru') && set.props.size) {
        addProviderProperties(set, itemObject(it.host, it.display));
        await ctx.writeObject(set);
      }
    }
  },
});
