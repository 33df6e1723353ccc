/*
 * Get-Location, Set-Location, Push-Location, Pop-Location: the current location is the host's working directory, or
 * a directory inside an attached disk image's drive (kept by the vfs: the process cannot chdir into an image).
 */
import { defineCmdlet, type CmdletContext } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { toStr } from '../../src/lang/types/convert';
import { PSPathInfo } from '../../src/lang/runtime/evaluator';
import { pathNotFound, displayFull, exists } from '../_shared/common';
import { statPath } from '../../src/vfs/vfs-fs';
import { currentDirectory, setCurrentDirectory } from '../../src/vfs/drives';

function setLocation(ctx: CmdletContext, p: string): boolean {
  const target = ctx.resolvePath(p);
  if (!exists(target) || !statPath(target).isDirectory()) {
    ctx.writeError(pathNotFound(ctx, displayFull(ctx, p)));
    return false;
  }
  setCurrentDirectory(target);
  return true;
}

export function locationCmdlet(kind: 'Get' | 'Set' | 'Push' | 'Pop') {
  return defineCmdlet({
    name: `${kind}-Location`,
    className: `Microsoft.PowerShell.Commands.${kind}LocationCommand`,
    module: 'Microsoft.PowerShell.Management',
    parameters:
      kind === 'Get'
        ? [{ name: 'Stack', type: 'SwitchParameter', description: 'The location stack.' }]
        : kind === 'Pop'
          ? [{ name: 'PassThru', type: 'SwitchParameter', description: 'Outputs the location.' }]
          : [
              { name: 'Path', type: 'String', position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true, description: 'The new location.' },
              { name: 'LiteralPath', type: 'String', aliases: ['PSPath', 'LP'], description: 'The location, no wildcards.' },
              { name: 'PassThru', type: 'SwitchParameter', description: 'Outputs the location.' },
            ],
    help: { 'en-US': { synopsis: { Get: 'Gets information about the current working location.', Set: 'Sets the current working location to a specified location.', Push: 'Adds the current location to the top of a location stack.', Pop: 'Changes the current location to the location most recently pushed onto the stack.' }[kind] } },
    async process(ctx) {
      if (kind === 'Get') {
        await ctx.writeObject(new PSPathInfo(ctx.currentLocation()));
        return;
      }
      if (kind === 'Pop') {
        const prev = ctx.engine.locationStack.pop();
        if (prev !== undefined) setCurrentDirectory(prev);
        return;
      }
      const p = ctx.params.Path ?? ctx.params.LiteralPath;
      const before = currentDirectory();
      const ok = setLocation(ctx, p === undefined ? host().homedir() : toStr(p));
      if (ok && kind === 'Push') ctx.engine.locationStack.push(before);
      if (ok && ctx.params.PassThru?.isPresent) await ctx.writeObject(new PSPathInfo(ctx.currentLocation()));
    },
  });
}
