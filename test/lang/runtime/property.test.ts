/*
 * Property tests: random token soups and random argument lists never produce a JavaScript stack trace or an
 * internal error, only PowerShell error records (and the runspace always returns an exit code).
 */
import fc from 'fast-check';
import { run, tempDrive } from '../helpers';
import { parseScript, isIncomplete } from '../../../src/lang/syntax/parser';
import { PSRuntimeError } from '../../../src/lang/runtime/errors';

beforeAll(() => {
  tempDrive();
});

// Tokens of the language; loops that could run forever and commands that change files are left out.
const TOKENS = [
  'Write-Output', 'Where-Object', 'ForEach-Object', 'Select-Object', 'Sort-Object', 'Measure-Object', 'Get-Nope', 'Join-Path',
  'Split-Path', 'Test-Path', 'Format-Table', 'Out-String', 'Group-Object', '%', '?', 'if', 'else', 'elseif', 'foreach', 'in',
  'switch', 'function', 'f', 'param', 'try', 'catch', 'finally', 'throw', 'return', 'break', 'continue', 'trap', 'begin', 'process',
  '$x', '$_', '$null', '$true', '$args', '$env:PATH', '${y}', '$x.Count', '$x[0]', '@x', '1', '0', '-1', '2.5', '0x1F', '4GB', "'s'",
  '"a$x"', '"$(1)"', "@'\nh\n'@", '(', ')', '{', '}', '[', ']', '@(', '@{', '[int]', '[string]', '[pscustomobject]', '[math]::Round',
  '::', '.', '..', ',', ';', '|', '\n', '=', '+=', '++', '+', '-', '*', '/', '%', '-eq', '-ne', '-like', '-match', '-replace', '-split',
  '-join', '-f', '-and', '-or', '-not', '!', '-is', '-as', '-contains', '-in', '2>&1', '> $null', '`', '#c', '<# c #>', '-Name', '-Path:',
  '-ErrorAction', 'Stop', 'a.wim', 'C:\\x\\y.wim', '.\\z.wim', '&', '. ', 'class', 'enum', 'C', '[C]::new()', 'static', 'hidden', '$this', 'base', ':',
];

function clean(stderr: string): string | undefined {
  if (/^\s+at .+[:(]\d+/m.test(stderr)) return 'stack trace';
  if (/wimsh\.InternalError|TypeError|ReferenceError|RangeError|SyntaxError:|is not a function|Cannot read propert/.test(stderr)) return 'internal error';
  // Every error that reaches stderr is a record: it ends with a FullyQualifiedErrorId line.
  if (stderr.trim() && !/\+ FullyQualifiedErrorId : /.test(stderr)) return 'not an error record';
  return undefined;
}

describe('robustness', () => {
  it('random token soups give error records, never JavaScript errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 14 }), async (tokens) => {
        const script = tokens.join(' ');
        const r = await run(script);
        const why = clean(r.stderr);
        if (why) throw new Error(`${why} for script:\n${script}\n---\n${r.stderr}`);
        expect(typeof r.exitCode).toBe('number');
      }),
      { numRuns: Number(process.env.WIMSH_FC_RUNS ?? 300) },
    );
  });

  it('random character soups parse or fail with a ParseException record', () => {
    const chars = [...'"\'`$(){}[]@,;|&<>#-+*/%!=.:?\n\t 0123456789abcxyzABC_\\'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 40 }), (cs) => {
        const text = cs.join('');
        try {
          parseScript({ text });
        } catch (e) {
          if (!(e instanceof PSRuntimeError)) throw new Error(`not a record for ${JSON.stringify(text)}: ${String(e)}`);
          expect(e.record.category).toBe('ParserError');
          expect(e.record.invocation).toBeDefined();
        }
        expect(typeof isIncomplete(text)).toBe('boolean');
      }),
      { numRuns: Number(process.env.WIMSH_FC_RUNS ?? 2000) },
    );
  });

  it('random argument lists to a cmdlet and an advanced function give binding records', async () => {
    const names = ['-SourceImagePath', '-SourceIndex', '-SourceName', '-DestinationImagePath', '-Destination', '-DN', '-SI', '-CompressionType', '-Setbootable', '-CheckIntegrity', '-LogLevel', '-LL', '-Bogus', '-S', '-', '--', '-Verbose', '-ErrorAction', '-WhatIf'];
    const values = ['a.wim', 'Q:\\none\\x.wim', '6', "'6'", '0x6', '-1', '99999999999', 'max', 'recovery', 'Debug', '7', '$true', '$false', '$null', '@()', "'x','y'", 'Stop'];
    const arg = fc.oneof(fc.constantFrom(...names), fc.constantFrom(...values), fc.tuple(fc.constantFrom(...names), fc.constantFrom(...values)).map(([n, v]) => `${n}:${v}`));
    await fc.assert(
      fc.asyncProperty(fc.array(arg, { maxLength: 8 }), fc.boolean(), async (args, useFunction) => {
        const cmd = useFunction
          ? "function T { [CmdletBinding(DefaultParameterSetName='I')] param([Parameter(Mandatory, ParameterSetName='I')][uint32]$SourceIndex, [Parameter(Mandatory, ParameterSetName='N')][string]$SourceName, [ValidateSet('max','fast')][string]$CompressionType, [switch]$Setbootable, [string]$SourceImagePath) 'bound' }; T "
          : 'Export-WindowsImage -SourceImagePath Q:\\none\\src.wim ';
        const script = cmd + args.join(' ');
        const r = await run(script);
        const why = clean(r.stderr);
        if (why) throw new Error(`${why} for script:\n${script}\n---\n${r.stderr}`);
      }),
      { numRuns: Number(process.env.WIMSH_FC_RUNS ?? 200) },
    );
  });
});
