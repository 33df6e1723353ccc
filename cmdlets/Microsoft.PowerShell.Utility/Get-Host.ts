/*
 * Get-Host (Microsoft.PowerShell.Utility): gets an object that represents the current host program: the session's
 * $Host (Name ConsoleHost, Version, UI...), completed on first use with the members 5.1's InternalHost shows
 * (InstanceId, PrivateData, DebuggerEnabled, IsRunspacePushed, Runspace) and shown as its list.
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { PSObject } from '../../src/lang/types/values';
import { registerView } from '../../src/lang/format/format';

const INTERNAL_HOST = 'System.Management.Automation.Internal.Host.InternalHost';

registerView(INTERNAL_HOST, {
  kind: 'list',
  columns: ['Name', 'Version', 'InstanceId', 'UI', 'CurrentCulture', 'CurrentUICulture', 'PrivateData', 'DebuggerEnabled', 'IsRunspacePushed', 'Runspace'],
});

/** A random version-4 GUID string (the host's InstanceId, fixed for the session). */
function newGuid(): string {
  const hex = [...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(Math.random() * 4)]}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Text a nested object shows as in the list: its .NET type name, as 5.1 shows objects without a string form. */
function shownAs(typeName: string, props: Record<string, unknown> = {}): PSObject {
  const o = new PSObject(props, [typeName, 'System.Object']);
  (o as unknown as { toStringValue: string }).toStringValue = typeName;
  return o;
}

export const cmdlet = defineCmdlet({
  name: 'Get-Host',
  className: 'Microsoft.PowerShell.Commands.GetHostCommand',
  module: 'Microsoft.PowerShell.Utility',
  outputType: ['System.Management.Automation.Host.PSHost'],
  parameters: [],
  help: {
    'en-US': {
      synopsis: 'Gets an object that represents the current host program.',
      description: ['Get-Host writes the same object as $Host: the host name (ConsoleHost), its version, its culture and its user interface.'],
      examples: [{ title: 'The host version', code: '(Get-Host).Version' }],
    },
  },
  async end(ctx) {
    const h = ctx.getVariable('Host');
    if (!(h instanceof PSObject)) return;
    if (h.typeNames[0] !== INTERNAL_HOST) {
      h.typeNames = [INTERNAL_HOST, 'System.Management.Automation.Host.PSHost', 'System.Object'];
      const ui = h.get('UI')?.value;
      if (ui instanceof PSObject) ui.typeNames = ['System.Management.Automation.Internal.Host.InternalHostUserInterface', 'System.Management.Automation.Host.PSHostUserInterface', 'System.Object'];
      if (!h.get('InstanceId')) h.set('InstanceId', newGuid());
      if (!h.get('PrivateData')) h.set('PrivateData', shownAs('Microsoft.PowerShell.ConsoleHost+ConsoleColorProxy'));
      if (!h.get('DebuggerEnabled')) h.set('DebuggerEnabled', true);
      if (!h.get('IsRunspacePushed')) h.set('IsRunspacePushed', false);
      if (!h.get('Runspace')) h.set('Runspace', shownAs('System.Management.Automation.Runspaces.LocalRunspace'));
    }
    await ctx.writeObject(h);
  },
});
