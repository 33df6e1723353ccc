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

/** A program that exits with its first argument through ctx.setExitCode, as dism.exe does. */
const exiter: CmdletDefinition = {
  name: 'exiter',
  className: 'Test.Exiter',
  parameters: [{ name: 'Rest', type: 'String[]', valueFromRemainingArguments: true }],
  async process(ctx) {
    ctx.setExitCode(Number((ctx.params.Rest as string[] | undefined)?.[0] ?? 0));
  },
};

const startExiter: CmdletDefinition = {
  name: 'Start-Exiter',
  className: 'Test.StartExiter',
  parameters: [{ name: 'Args', type: 'String[]', position: 0 }],
  async process(ctx) {
    await ctx.writeObject(`code ${await ctx.engine.runNativeFrontEnd(exiter, 'exiter', (ctx.params.Args as string[]) ?? [], () => undefined)}`);
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
  modules: [{ name: 'Test.Cmdlets', version: '1.0', cmdlets: { 'Invoke-Noisy': () => ({ cmdlet: noisy }), 'Start-Tool': () => ({ cmdlet: startTool }), 'Start-Exiter': () => ({ cmdlet: startExiter }) } }],
  nativeFrontEnd: (name) => (/^tool(\.exe)?$/i.test(name) ? tool : /^exiter$/i.test(name) ? exiter : undefined),
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

describe('a native front end\'s exit code', () => {
  it('sets $LASTEXITCODE globally and $? as a program\'s exit does, with no error record', async () => {
    const r = await run(`exiter 0; "$LASTEXITCODE $?"; exiter -1052638937; "$LASTEXITCODE $?"; function f { exiter 87 }; f; "$LASTEXITCODE"; $Error.Count`);
    expect(r).toEqual({ out: '0 True\n-1052638937 False\n87\n0', err: '' });
  });

  it('is returned to a starter (Start-Process), leaving its $LASTEXITCODE and $? alone', async () => {
    const r = await run(`exiter 3; Start-Exiter 9; "$LASTEXITCODE $?"`);
    expect(r).toEqual({ out: 'code 9\n3 True', err: '' });
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
