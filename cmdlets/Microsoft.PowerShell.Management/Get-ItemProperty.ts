/*
 * Get-ItemProperty (Microsoft.PowerShell.Management): gets the properties of a specified item. On the file system:
 * without -Name the item itself (a FileInfo or DirectoryInfo, shown as Get-Item shows it); with -Name an object of
 * just those properties plus the provider's PSPath, PSParentPath, PSChildName, PSDrive and PSProvider.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject } from '../../src/lang/types/values';
import { wildcardToRegExp } from '../../src/lang/runtime/operators';
import { strings, itemObject, hasWildcard } from '../_shared/common';
import { namedItems, addProviderProperties, noSuchProperty } from './_itemproperty';

export const cmdlet = defineCmdlet({
  name: 'Get-ItemProperty',
  className: 'Microsoft.PowerShell.Commands.GetItemPropertyCommand',
  module: 'Microsoft.PowerShell.Management',
  defaultParameterSetName: 'Path',
  parameters: [
    { name: 'Path', type: 'String[]', sets: { Path: { mandatory: true, position: 0, valueFromPipelineByPropertyName: true } }, description: 'The items (wildcards allowed).' },
    { name: 'LiteralPath', type: 'String[]', aliases: ['PSPath'], sets: { LiteralPath: { mandatory: true, valueFromPipelineByPropertyName: true } }, description: 'The items, taken as typed.' },
    { name: 'Name', type: 'String[]', position: 1, aliases: ['PSProperty'], description: 'The properties to get (wildcards allowed); all when left out.' },
    { name: 'Filter', type: 'String', description: 'A provider filter.' },
    { name: 'Include', type: 'String[]', description: 'Items to include.' },
    { name: 'Exclude', type: 'String[]', description: 'Items to exclude.' },
    { name: 'Credential', type: 'Object', description: 'An account (not used on this file system).' },
  ],
  help: {
    'en-US': {
      synopsis: 'Gets the properties of a specified item.',
      examples: [{ title: 'Is the image read-only?', code: '(Get-ItemProperty C:\\images\\install.wim -Name IsReadOnly).IsReadOnly' }],
    },
  },
  async process(ctx) {
    const names = strings(ctx.params.Name);
    for (const it of namedItems(ctx)) {
      const item = itemObject(it.host, it.display);
      if (!names.length) {
        await ctx.writeObject(item);
        continue;
      }
      const o = new PSObject();
      for (const n of names) {
        const hits = hasWildcard(n) ? item.names().filter((x) => wildcardToRegExp(n).test(x)) : item.get(n) ? [item.get(n)!.name] : [];
        if (!hits.length && !hasWildcard(n)) {
          ctx.writeError(noSuchProperty(ctx, n, 'GetValueError', n));
          continue;
        }
        for (const h of hits) o.set(h, item.get(h)?.value);
      }
      if (!o.props.size) continue;
      addProviderProperties(o, item);
      await ctx.writeObject(o);
    }
  },
});
