/*
 * The cmdlet processor (src/lang/commands/cmdlet-processor.ts) and what it shares with the function processor
 * (command-processor.ts): the common parameters added to every cmdlet, a non-terminating error routed by
 * -ErrorAction / $ErrorActionPreference and collected by -ErrorVariable, -OutVariable and -WarningAction, and a
 * native front end (a definition standing in for a program) run with string arguments.
 */
import type { CmdletDefinition } from '../../../src/lang/commands/cmdlet';
import type { CommandRegistry } from '../../../src/lang/commands/registry';
import { withCommon, NO_COMMAND } from '../../../src/lang/commands/command-processor';
import { runOver } from './helpers';

/** Writes its input, a warning, and a non-terminating error for input 2. */
const noisy: CmdletDefinition = {
  name: 'Invoke-Noisy',
  className: 'Test.InvokeNoisyCommand',
  parameters: [{ name: 'InputObject', type: 'Object', valueFromPipeline: true }],
  async process(ctx) {
    ctx.writeWarning(`saw ${String(ctx.params.InputObject)}`);
    if (ctx.params.InputObject === 2) ctx.writeError(ctx.error('two is bad', 'TwoIsBad', 'InvalidData'));
    else await ctx.writeObject(ctx.params.InputObject);
  },
};

/** A program the module implements itself (as dism.exe is), run directly or through ctx.engine.runNativeFrontEnd. */
const tool: CmdletDefinition = {
  name: 'tool',
  className: 'Test.Tool',
  parameters: [{ name: 'Rest', type: 'String[]', valueFromRemainingArguments: true }],
  async process(ctx) {
    await ctx.writeObject(`tool got ${(ctx.params.Rest as string[] | undefined)?.join('|') ?? ''}`);
    ctx.setVariable('LASTEXITCODE', 7);
  },
};

const startTool: CmdletDefinition = {
  name: 'Start-Tool',
  className: 'Test.StartTool',
  parameters: [{ name: 'Args', type: 'String[]', position: 0 }],
  async process(ctx) {
    await ctx.engine.runNativeFrontEnd(tool, 'tool.exe', (ctx.params.Args as string[]) ?? [], (v) => ctx.writeObject(v));
  },
};

const registry: CommandRegistry = {
  modules: [{ name: 'Test.Cmdlets', version: '1.0', cmdlets: { 'Invoke-Noisy': () => ({ cmdlet: noisy }), 'Start-Tool': () => ({ cmdlet: startTool }) } }],
  nativeFrontEnd: (name) => (/^tool(\.exe)?$/i.test(name) ? tool : undefined),
};

async function run(script: string): Promise<{ out: string; err: string }> {
  const { out, err } = await runOver(registry, script);
  return { out, err };
}

describe('the cmdlet processor', () => {
  it('routes a non-terminating error by -ErrorAction and collects it with -ErrorVariable', async () => {
    const r = await run(`$x = 1,2,3 | Invoke-Noisy -ErrorAction SilentlyContinue -ErrorVariable ev -WarningAction SilentlyContinue -OutVariable ov; $x -join ','; $ev.Count; $ev[0].FullyQualifiedErrorId; $ov -join ','; $Error.Count`);
    expect(r).toEqual({ out: '1,3\n1\nTwoIsBad,Test.InvokeNoisyCommand\n1,3\n1', err: '' });
  });

  it('stops the statement on -ErrorAction Stop, and shows warnings unless told not to', async () => {
    const r = await run(`try { 1,2,3 | Invoke-Noisy -ErrorAction Stop } catch { "caught $($_.FullyQualifiedErrorId)" }`);
    expect(r).toEqual({ out: 'WARNING: saw 1\n1\nWARNING: saw 2\ncaught TwoIsBad,Test.InvokeNoisyCommand', err: '' });
  });

  it('runs a native front end directly and through ctx.engine, with the arguments as strings', async () => {
    const r = await run(`tool /Get-Info:x 3; $LASTEXITCODE; Start-Tool a,/b`);
    expect(r).toEqual({ out: 'tool got /Get-Info:x|3\n7\ntool got a|/b', err: '' });
  });
});

describe('what every command processor shares', () => {
  it('adds the common parameters after a command\'s own, and -WhatIf/-Confirm with ShouldProcess', () => {
    const own = [{ name: 'Path', type: 'String' }];
    const plain = withCommon({ parameters: own }).map((p) => p.name);
    expect(plain[0]).toBe('Path');
    expect(plain).toEqual(expect.arrayContaining(['Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'ErrorVariable', 'OutVariable', 'PipelineVariable']));
    expect(plain).not.toContain('WhatIf');
    expect(withCommon({ parameters: own, supportsShouldProcess: true }).map((p) => p.name).slice(-2)).toEqual(['WhatIf', 'Confirm']);
    expect(NO_COMMAND).toMatchObject({ type: 'Command', start: 0, end: 0, elements: [] });
  });
});
