/*
 * Import-Module (Microsoft.PowerShell.Core): adds modules to the current session (Dism is built in; .psm1 files are
 * loaded as scripts).
 */
import { defineCmdlet } from '../../src/lang/commands/cmdlet';
import { host } from '../../src/platform/host';
import { ScriptBlock } from '../../src/lang/types/values';
import { toStr } from '../../src/lang/types/convert';
import { parseScript, decodeScript } from '../../src/lang/syntax/parser';
import { strings, exists, displayFull } from '../_shared/common';

// Modules whose commands wimsh provides (or that scripts import for commands wimsh has): importing them is a no-op.
const BUILT_IN = /^(dism|storage|microsoft\.powershell\.(management|utility|core|security)|bitstransfer)$/i;

export const cmdlet = defineCmdlet({
  name: 'Import-Module',
  className: 'Microsoft.PowerShell.Commands.ImportModuleCommand',
  module: 'Microsoft.PowerShell.Core',
  parameters: [
    { name: 'Name', type: 'String[]', mandatory: true, position: 0, valueFromPipeline: true, description: 'Module names or .psm1/.ps1 paths.' },
    { name: 'Force', type: 'SwitchParameter', description: 'Reloads the module.' },
    { name: 'Global', type: 'SwitchParameter', description: 'Imports into the global scope.' },
    { name: 'PassThru', type: 'SwitchParameter', description: 'Outputs the module.' },
    { name: 'DisableNameChecking', type: 'SwitchParameter', description: 'Suppresses the verb warning.' },
    { name: 'MinimumVersion', type: 'String', aliases: ['Version'], description: 'Minimum version.' },
  ],
  help: { 'en-US': { synopsis: 'Adds modules to the current session (Dism is built in; .psm1 files are loaded as scripts).' } },
  async process(ctx) {
    for (const name of strings(ctx.params.Name)) {
      if (BUILT_IN.test(name)) continue;
      if (/\.(psm1|ps1)$/i.test(name)) {
        const p = ctx.resolvePath(name);
        if (exists(p)) {
          const source = { text: decodeScript(host().fs.readFileSync(p)), path: displayFull(ctx, name) };
          const ast = parseScript(source);
          const sb = new ScriptBlock(ast, source);
          // A script module's functions land in the session (global) scope.
          await ctx.engine.runScript(sb.ast, source, { global: true, emit: () => undefined });
          continue;
        }
      }
      ctx.writeError(
        ctx.error(
          `The specified module '${toStr(name)}' was not loaded because no valid module file was found in any module directory.`,
          'Modules_ModuleNotFound',
          'ResourceUnavailable',
          'FileNotFoundException',
          name,
        ),
      );
    }
  },
});
