/*
 * The seam between the engine and its modules: a runspace runs only what the registry it was given provides (cmdlets
 * loaded on first use, the modules' aliases and script functions, the command `-?` runs), and a cmdlet body reaches
 * the engine through ctx.engine and keeps its per-invocation state in ctx.state.
 */
import type { CmdletDefinition } from '../../../src/lang/commands/cmdlet';
import type { CommandRegistry, ModuleManifest } from '../../../src/lang/commands/registry';
import { CommandTable } from '../../../src/lang/commands/registry';
import { runOver } from './helpers';

/** Counts per input the objects it saw, in its state slot; writes the total at the end. */
const counter: CmdletDefinition = {
  name: 'Measure-Thing',
  className: 'Test.MeasureThingCommand',
  parameters: [{ name: 'InputObject', type: 'Object', valueFromPipeline: true }],
  async process(ctx) {
    ctx.state((): { n: number } => ({ n: 0 })).n++;
  },
  async end(ctx) {
    await ctx.writeObject(`count=${ctx.state((): { n: number } => ({ n: 0 })).n}`);
  },
};

/** Writes what the engine resolves a name to, and the modules' version of what it finds. */
const resolver: CmdletDefinition = {
  name: 'Resolve-Thing',
  className: 'Test.ResolveThingCommand',
  module: 'Test.Things',
  parameters: [{ name: 'Name', type: 'String', position: 0 }],
  async process(ctx) {
    const info = ctx.engine.resolveCommand(String(ctx.params.Name));
    if (!info) return ctx.writeObject('none');
    const o = ctx.engine.commandInfoObject(info);
    await ctx.writeObject(`${info.kind} ${info.name} ${String(o.get('Version')?.value)} ${String(o.get('Source')?.value)}`);
  },
};

/** Stands in for Get-Help: writes the name it was given. */
const helper: CmdletDefinition = {
  name: 'Show-Help',
  className: 'Test.ShowHelpCommand',
  parameters: [{ name: 'Name', type: 'String', position: 0 }],
  async process(ctx) {
    await ctx.writeObject(`help for ${String(ctx.params.Name)}`);
  },
};

function testRegistry(loads: string[]): CommandRegistry {
  const load = (def: CmdletDefinition) => () => {
    loads.push(def.name);
    return { cmdlet: def };
  };
  const things: ModuleManifest = {
    name: 'Test.Things',
    version: '9.8.7',
    cmdlets: { 'Measure-Thing': load(counter), 'Resolve-Thing': load(resolver), 'Show-Help': load(helper) },
    aliases: { mt: 'Measure-Thing' },
    functions: { 'Get-Answer': 'param($Plus = 0) 42 + $Plus' },
  };
  return { modules: [things], helpCommand: 'Show-Help' };
}

async function runWith(registry: CommandRegistry | (() => CommandRegistry), script: string): Promise<{ out: string; err: string }> {
  const { out, err } = await runOver(registry, script);
  return { out, err };
}

describe('the module registry', () => {
  it('loads a cmdlet on its first use only, and only the cmdlets a script runs', async () => {
    const loads: string[] = [];
    const r = await runWith(testRegistry(loads), '1,2,3 | Measure-Thing; 4 | mt');
    expect(r).toEqual({ out: 'count=3\ncount=1', err: '' });
    expect(loads).toEqual(['Measure-Thing']);
  });

  it('asks a lazy registry for nothing when the script resolves no command', async () => {
    let asked = 0;
    const r = await runWith(() => (asked++, testRegistry([])), '1+1');
    expect(r.out).toBe('2');
    expect(asked).toBe(0);
    await runWith(() => (asked++, testRegistry([])), 'mt');
    expect(asked).toBe(1);
  });

  it("runs the modules' script functions, and knows no command the registry does not give", async () => {
    const r = await runWith(testRegistry([]), 'Get-Answer; Get-Answer -Plus 1; Write-Output x');
    expect(r.out).toBe('42\n43');
    expect(r.err).toContain("The term 'Write-Output' is not recognized");
  });

  it("answers 'Name -?' with the registry's help command", async () => {
    const r = await runWith(testRegistry([]), 'Measure-Thing -?');
    expect(r).toEqual({ out: 'help for Measure-Thing', err: '' });
  });

  it('gives cmdlets the engine: command resolution through aliases, with the version from the manifest', async () => {
    const r = await runWith(testRegistry([]), 'Resolve-Thing mt; Resolve-Thing Get-Answer; Resolve-Thing nothing-here');
    expect(r.out).toBe('cmdlet Measure-Thing 9.8.7 Test.Things\nfunction Get-Answer\nnone');
  });

  it('indexes names case-insensitively and lists every cmdlet, loaded or not', () => {
    const loads: string[] = [];
    const t = new CommandTable(testRegistry(loads));
    expect(t.cmdletNames()).toEqual(['Measure-Thing', 'Resolve-Thing', 'Show-Help']);
    expect(t.findCmdlet('measure-THING')?.name).toBe('Measure-Thing');
    expect(t.findCmdlet('Measure-Thing')).toBe(counter);
    expect(loads).toEqual(['Measure-Thing']);
    expect(t.moduleOf('resolve-thing')?.name).toBe('Test.Things');
    expect(t.moduleVersion('test.things')).toBe('9.8.7');
    expect(t.aliases.get('mt')).toBe('Measure-Thing');
    expect(t.findFunction('get-answer')?.name).toBe('Get-Answer');
    expect(t.helpCommand).toBe('Show-Help');
  });
});
