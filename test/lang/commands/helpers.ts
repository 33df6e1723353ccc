/*
 * A runspace over a small test module (no real cmdlet), for the tests of command discovery and the processors:
 * Show-Resolved writes what the engine resolves a name to (ctx.engine.resolveCommand, discovery.ts) and the
 * CommandInfo object Get-Command would show for it.
 */
import { createRunspace } from '../../../src/lang/runtime/runspace';
import type { CmdletDefinition } from '../../../src/lang/commands/cmdlet';
import type { CommandRegistry } from '../../../src/lang/commands/registry';
import { capture, lines } from '../helpers';

const showResolved: CmdletDefinition = {
  name: 'Show-Resolved',
  className: 'Test.ShowResolvedCommand',
  parameters: [{ name: 'Name', type: 'String', position: 0 }],
  async process(ctx) {
    const info = ctx.engine.resolveCommand(String(ctx.params.Name));
    if (!info) return ctx.writeObject('none');
    const o = ctx.engine.commandInfoObject(info);
    await ctx.writeObject(`${info.kind} ${info.name} ${String(o.get('CommandType')?.value)} ${String(o.get('Source')?.value)}`);
  },
};

export const testRegistry: CommandRegistry = {
  modules: [
    {
      name: 'Test.Commands',
      version: '1.2.3',
      cmdlets: { 'Show-Resolved': () => ({ cmdlet: showResolved }) },
      aliases: { sr: 'Show-Resolved', loop1: 'loop2', loop2: 'loop1' },
    },
  ],
};

/**
 * Runs `script` (or the script file `file`) in a fresh runspace over `registry`; stdout normalised as the
 * conformance runner does.
 */
export async function runOver(
  registry: CommandRegistry | (() => CommandRegistry),
  script: string,
  file?: { path: string; args: string[] },
): Promise<{ out: string; err: string; exitCode: number }> {
  const cap = capture();
  try {
    const rs = createRunspace({ interactive: false, registry });
    const r = file ? await rs.runFile(file.path, file.args) : await rs.runScript(script);
    return { out: lines(cap.stdout()), err: cap.stderr(), exitCode: r.exitCode };
  } finally {
    cap.restore();
  }
}

/** Runs `script` in a fresh runspace over the test module (runOver with testRegistry). */
export function runTest(script: string, file?: { path: string; args: string[] }): Promise<{ out: string; err: string; exitCode: number }> {
  return runOver(testRegistry, script, file);
}
