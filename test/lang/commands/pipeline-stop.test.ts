/*
 * A downstream command that has all it needs (Select-Object -First, PowerShell's StopUpstreamCommandsException)
 * stops the commands before it, and that stop belongs to the pipeline: a cmdlet whose body catches every failure and
 * reports it as its own error (as the Dism cmdlets' session does) must not turn it into an error record, must not
 * keep producing, and its errors written after the stop are not shown. The same holds for a downstream terminating
 * error: it arrives as itself, not as the upstream command's failure.
 */
import type { CmdletDefinition } from '../../../src/lang/commands/cmdlet';
import type { CommandRegistry } from '../../../src/lang/commands/registry';
import { registry as wimshRegistry } from '../../../cmdlets/index';
import { runOver } from './helpers';

let produced = 0;

/** Writes 1..10, catching whatever its writes throw and reporting it as its own error (a catch-all wrapper). */
const swallowing: CmdletDefinition = {
  name: 'Get-Swallowed',
  className: 'Test.GetSwallowedCommand',
  parameters: [],
  async process(ctx) {
    try {
      for (let i = 1; i <= 10; i++) {
        produced = i;
        await ctx.writeObject(i);
      }
    } catch (e) {
      ctx.writeError(ctx.error('An internal error occurred.', 'Internal', 'NotSpecified'));
    }
  },
};

/** Writes 1..10 and keeps going after a failed write (ignores what writeObject throws), checking isStopping. */
const stubborn: CmdletDefinition = {
  name: 'Get-Stubborn',
  className: 'Test.GetStubbornCommand',
  parameters: [],
  async process(ctx) {
    for (let i = 1; i <= 10; i++) {
      if (ctx.isStopping) break;
      produced = i;
      try {
        await ctx.writeObject(i);
      } catch {
        /* a body that ignores failed writes */
      }
    }
  },
};

const registry: CommandRegistry = {
  ...wimshRegistry,
  modules: [
    ...wimshRegistry.modules,
    { name: 'Test.Stop', version: '1.0', cmdlets: { 'Get-Swallowed': () => ({ cmdlet: swallowing }), 'Get-Stubborn': () => ({ cmdlet: stubborn }) } },
  ],
};

async function run(script: string): Promise<{ out: string; err: string; exitCode: number }> {
  produced = 0;
  return runOver(registry, script);
}

describe('Select-Object -First stops the commands upstream', () => {
  it('stops a cmdlet that catches every failure, with no error record and nothing more produced', async () => {
    const r = await run(`$ErrorActionPreference = 'Stop'; Get-Swallowed | Select-Object -First 2; 'after'; $Error.Count`);
    expect(r).toEqual({ out: '1\n2\nafter\n0', err: '', exitCode: 0 });
    // Select-Object stops its upstream as soon as it has the Nth object, as 3.0 and later do.
    expect(produced).toBe(2);
  });

  it('stops through Where-Object and ForEach-Object in between', async () => {
    const r = await run(`Get-Swallowed | Where-Object { $_ % 2 } | ForEach-Object { $_ * 10 } | Select-Object -First 2; $?`);
    expect(r).toEqual({ out: '10\n30\nTrue', err: '', exitCode: 0 });
    expect(produced).toBe(3);
  });

  it('tells a cmdlet that ignores its failed writes that it is stopping (ctx.isStopping)', async () => {
    const r = await run(`(Get-Stubborn | Select-Object -First 1) + 100`);
    expect(r).toEqual({ out: '101', err: '', exitCode: 0 });
    expect(produced).toBe(1);
  });

  it('stops a function writing from a loop, running its finally block', async () => {
    const r = await run(`function Get-Many { try { foreach ($i in 1..100) { $i; $script:last = $i } } finally { 'cleanup' | Out-Host } }; $x = Get-Many | Select-Object -First 3; $x -join ','; $last`);
    // The stop arrives while the third object is being written: the statement after it never runs.
    expect(r).toEqual({ out: 'cleanup\n1,2,3\n2', err: '', exitCode: 0 });
  });

  it('ends the commands after Select-Object normally (their end blocks run)', async () => {
    const r = await run(`Get-Swallowed | Select-Object -First 3 | Measure-Object | ForEach-Object Count`);
    expect(r).toEqual({ out: '3', err: '', exitCode: 0 });
  });
});

describe('a downstream terminating error', () => {
  it('reaches the caller as itself, not as the upstream command\'s error', async () => {
    const r = await run(`try { Get-Swallowed | ForEach-Object { if ($_ -eq 2) { throw 'two' }; $_ } } catch { "caught: $_" }; $Error[0].Exception.Message`);
    expect(r).toEqual({ out: '1\ncaught: two\ntwo', err: '', exitCode: 0 });
    expect(produced).toBe(2);
  });

  it('lets break in a downstream script block leave the enclosing loop', async () => {
    const r = await run(`foreach ($n in 1..3) { Get-Swallowed | ForEach-Object { if ($_ -eq 2) { break }; "$n.$_" } }; 'done'`);
    expect(r).toEqual({ out: '1.1\ndone', err: '', exitCode: 0 });
  });
});
