/*
 * The function and script processor (src/lang/commands/function-processor.ts): a simple function's unbound
 * arguments go to $args, an advanced function binds as a cmdlet does (common parameters included), a script file
 * run by -File binds its param block from strings, `function -?` shows the generated syntax, and dot-sourcing
 * shares the caller's scope but gives back its automatic variables.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTest } from './helpers';

describe('functions and scripts', () => {
  it("puts what a simple function cannot bind into $args", async () => {
    const r = await runTest(`function f($a) { "$a|$($args -join ',')" }; f 1 2; f -a 1 -x; f -a:3`);
    expect(r).toEqual({ out: '1|2\n1|-x\n3|', err: '', exitCode: 0 });
  });

  it('puts an unknown parameter and the value after it into $args, everything unbound in the order written', async () => {
    const r = await runTest(
      `function f($a) { "[$a]|$($args -join ',')|$($args.Count)" }; f -zz 5; f -zz 5 6; f 1 2 -x -s; f -zz:5; function Twice([int]$x) { $x * 2 }; Twice -not 2`,
    );
    // As PowerShell's binder does (checked with the oracle): -zz takes 5 along; a colon value is its own element.
    expect(r).toEqual({ out: '[]|-zz,5|2\n[6]|-zz,5|2\n[1]|2,-x,-s|3\n[]|-zz:,5|2\n0', err: '', exitCode: 0 });
  });

  it('keeps every position free when only a switch is named (a switch has no position)', async () => {
    const r = await runTest(
      `function Greet { param([string]$Name = 'you', [switch]$Loud) "$Name $Loud [$($args -join ',')]" }; Greet Ann -Loud; Greet -Loud Ann; Greet Ann Bob -Loud; Greet -Name Ann Bob`,
    );
    expect(r).toEqual({ out: 'Ann True []\nAnn True []\nAnn True [Bob]\nAnn False [Bob]', err: '', exitCode: 0 });
  });

  it('binds an advanced function like a cmdlet: mandatory and typed parameters, common parameters, $PSCmdlet', async () => {
    const r = await runTest(
      `function g { [CmdletBinding()] param([Parameter(Mandatory=$true, Position=0)][int]$N, [switch]$B)
         "$($N * 2) $($PSCmdlet.ParameterSetName) $($PSBoundParameters.Count)"; $PSCmdlet.WriteVerbose('v') }; g 21; g -N '1' -B -Verbose; g 1 2`,
    );
    // -Verbose turns on $PSCmdlet.WriteVerbose for that call only; the host writes it to the console.
    expect(r.out).toBe('42 __AllParameterSets 1\n2 __AllParameterSets 3\nVERBOSE: v');
    expect(r.err).toContain("A positional parameter cannot be found that accepts argument '2'.");
  });

  it('runs a script file as -File does: strings bound to its param block, the rest in $args', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-function-'));
    try {
      const script = path.join(dir, 'p.ps1');
      fs.writeFileSync(script, 'param([string]$Name, [int]$Count = 1, [switch]$Loud) "$Name x$Count $($Loud.IsPresent) [$($args -join \',\')] $([IO.Path]::GetFileName($PSCommandPath))"');
      const r = await runTest('', { path: script, args: ['-Name', 'v', '-Count:3', 'extra', '-Loud'] });
      expect(r).toEqual({ out: 'v x3 True [extra] p.ps1', err: '', exitCode: 0 });
      const r2 = await runTest('', { path: script, args: ['w'] });
      expect(r2).toEqual({ out: 'w x1 False [] p.ps1', err: '', exitCode: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers 'function -?' with its generated syntax", async () => {
    const r = await runTest('function h([string]$Path, [switch]$Force) { }; h -?');
    const l = r.out.split('\n');
    expect(l.slice(0, 4)).toEqual(['NAME', '    h', '', 'SYNTAX']);
    expect(l[4]).toMatch(/^ {4}h \[\[-Path\] <string>\] \[-Force\]$/i);
    expect(l.slice(5)).toEqual(['', 'ALIASES', '    None', '', 'REMARKS', '    None']);
  });

  it('dot-sources into the caller scope but restores its automatic variables', async () => {
    const r = await runTest(`function k { . { $x = 5; $args = 'inner' } 'dot'; "$x $args" }; k outer`);
    expect(r.out).toBe('5 outer');
  });
});
