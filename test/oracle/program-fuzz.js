/*
 * The differential program generator: random small PowerShell programs over the language itself (literals of each
 * type, variables, operators, casts, member and method calls, indexing, ranges, if/foreach/switch/for, functions,
 * pipelines through the core cmdlets), run by wimsh and by the real engine (the oracle); each statement prints one
 * line, `#k ` and the value it produced in a typed form (type name and value, arrays and hashtables element by
 * element), or `#k ERR` when it failed. The two outputs must agree line by line.
 *
 * Where Windows PowerShell 5.1 (wimsh's reference) and the oracle (PowerShell 7.6) differ by design, the comparison
 * normalizes or the generator avoids the construct; each such rule is named here:
 * - a Double is compared at 15 significant digits: 5.1 (.NET Framework) prints doubles with "G15", 7.x the shortest
 *   round-trip form (0.1+0.2 is 0.3 in 5.1, 0.30000000000000004 in 7);
 * - no `-replace` with a script block, no `??`, `?.`, ternaries or pipeline chains (7.x only);
 * - errors compare as "ERR" only: the error ids and texts are the conformance cases' business.
 *
 * Used by program-fuzz.test.ts (a fixed-seed sample in `npm test`) and scripts/oracle-fuzz-programs.js (large runs).
 */
'use strict';
const fc = require('fast-check');

/** Defines the variables the programs use and the printer of results. Same text on both sides. */
const PRELUDE = [
  '$a = 7; $b = -3; $d = 2.5; $s = \'Hello, World\'; $e = \'\'; $n = $null; $t = $true',
  '$arr = @(3, 1, 2); $words = @(\'pear\', \'Apple\', \'fig\'); $h = @{ one = 1; two = \'zwei\' }',
  'function Show($v) {',
  '  if ($null -eq $v) { return \'<null>\' }',
  '  if ($v -is [System.Collections.IDictionary]) { return \'{\' + ((@($v.Keys) | Sort-Object | ForEach-Object { "$_=" + (Show $v[$_]) }) -join \';\') + \'}\' }',
  '  if ($v -is [array]) { $parts = foreach ($x in $v) { Show $x }; return \'[\' + ($parts -join \',\') + \']\' }',
  '  return $v.GetType().Name + \':\' + [string]$v',
  '}',
  'function Twice([int]$x) { $x * 2 }',
  'function Greet { param([string]$Name = \'you\', [switch]$Loud) if ($Loud) { "HI $Name" } else { "hi $Name" } }',
].join('\n');

const INT = fc.constantFrom('0', '1', '2', '7', '-5', '10', '255', '2147483647', '0x1F', '1kb', '3');
const DBL = fc.constantFrom('2.5', '0.25', '-1.5', '1e3', '0.1', '3.0');
const STR = fc.constantFrom("'abc'", "'A,B,C'", "'10'", "' pad '", "''", '"x$a"', '"sum $($a + 1)"', "'Hello'", "'hello'", "'a*c'", "'2'");
const VAR = fc.constantFrom('$a', '$b', '$d', '$s', '$e', '$n', '$t', '$arr', '$words', '$h');
const ARR = fc.constantFrom('@(1, 2, 3)', '@()', '(1, \'two\', 3.5)', '(1..4)', '@($a, $b)', '$arr', '$words', '@(@(1, 2), 3)', "@('b', 'a', 'c')");

const BINARY = ['+', '-', '*', '/', '%', '-eq', '-ne', '-gt', '-lt', '-ge', '-le', '-ceq', '-like', '-notlike', '-match', '-notmatch', '-contains', '-notcontains', '-in', '-and', '-or', '-xor', '-band', '-bor', '-join', '-split', '-replace', '-f', '-is', '-as'];
const CASTS = ['[int]', '[string]', '[double]', '[bool]', '[long]', '[char]', '[array]', '[decimal]', '[byte]'];
const TYPES = ['[int]', '[string]', '[double]', '[array]', '[bool]', '[hashtable]'];
const METHODS = ['.ToUpper()', '.ToLower()', '.Length', '.Count', '.Trim()', ".Substring(1)", ".Split(',')", ".Replace('l', 'L')", ".Contains('l')", ".IndexOf('o')", ".StartsWith('H')", '.GetType().Name', '.ToString()', ".PadLeft(6, '*')"];

/** An expression of bounded depth. */
const exprArb = fc.letrec((tie) => ({
  leaf: fc.oneof(INT, DBL, STR, VAR, ARR, fc.constantFrom('$true', '$false', '$null', '@{ k = 1 }', '(1..3)')),
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.tuple(tie('leaf'), fc.constantFrom(...BINARY), tie('leaf')).map(([l, op, r]) => (op === '-is' || op === '-as' ? `(${l} ${op} ${TYPES[l.length % TYPES.length]})` : `(${l} ${op} ${r})`)),
    fc.tuple(fc.constantFrom(...CASTS), tie('leaf')).map(([c, e]) => `${c}${e}`),
    fc.tuple(tie('leaf'), fc.constantFrom(...METHODS)).map(([e, m]) => `(${e})${m}`),
    fc.tuple(fc.constantFrom('-', '!', '-not ', '-bnot '), tie('leaf')).map(([op, e]) => `${op}${e}`),
    fc.tuple(tie('leaf'), fc.constantFrom('[0]', '[-1]', '[1..2]', '[5]', "['one']", '.one')).map(([e, i]) => `(${e})${i}`),
    fc.tuple(tie('leaf'), tie('leaf')).map(([l, r]) => `(${l}, ${r})`),
    fc.tuple(fc.constantFrom('Max', 'Min', 'Abs', 'Round', 'Floor', 'Pow'), tie('leaf'), tie('leaf')).map(([m, x, y]) => (m === 'Abs' || m === 'Round' || m === 'Floor' ? `[math]::${m}(${x})` : `[math]::${m}(${x}, ${y})`)),
  ),
})).expr;

/** A statement whose output is the value printed. */
const stmtArb = fc.oneof(
  exprArb,
  fc.tuple(exprArb, exprArb, exprArb).map(([c, x, y]) => `if (${c}) { ${x} } else { ${y} }`),
  fc.tuple(ARR, exprArb).map(([a, x]) => `foreach ($i in ${a}) { ${x}; $i }`),
  fc.tuple(exprArb).map(([x]) => `switch (${x}) { 1 { 'one' } 'abc' { 'letters' } { $_ -is [string] } { 'string' } default { 'other' } }`),
  fc.tuple(ARR, fc.constantFrom('{ $_ -gt 1 }', '{ $_ }', "{ $_ -like '*a*' }", '{ -not $_ }')).map(([a, f]) => `${a} | Where-Object ${f}`),
  fc.tuple(ARR, fc.constantFrom('{ $_ * 2 }', '{ "$_!" }', '{ $_.GetType().Name }', '{ [string]$_ + 1 }')).map(([a, f]) => `${a} | ForEach-Object ${f}`),
  fc.tuple(ARR, fc.constantFrom('', ' -Descending', ' -Unique')).map(([a, o]) => `${a} | Sort-Object${o}`),
  fc.tuple(ARR, fc.constantFrom('Sum', 'Count', 'Maximum', 'Average')).map(([a, p]) => `(${a} | Measure-Object${p === 'Count' ? '' : ' -' + p}).${p}`),
  fc.tuple(ARR, fc.constantFrom('1', '2', '0')).map(([a, k]) => `${a} | Select-Object -First ${k}`),
  fc.tuple(exprArb).map(([x]) => `Twice ${x}`),
  fc.tuple(fc.constantFrom('', ' -Name Bob', ' Ann -Loud', ' -Loud:$false', " -Name ''")).map(([a]) => `Greet${a}`),
  fc.tuple(exprArb, exprArb).map(([x, y]) => `$x = ${x}; $x += ${y}; $x`),
  fc.tuple(fc.integer({ min: 0, max: 4 })).map(([k]) => `for ($j = 0; $j -lt ${k}; $j++) { $j * $j }`),
  fc.tuple(exprArb).map(([x]) => `"[${'$'}(${x})]"`),
  fc.tuple(exprArb).map(([x]) => `'{0}|{1,4}|{2:N2}' -f ${x}, 12, 3.14159`),
);

const programArb = fc.array(stmtArb, { minLength: 3, maxLength: 8 });

/** The program text: the prelude, then each statement wrapped so that it prints one line. */
function programScript(statements) {
  // $( ) gathers a statement list's output as PowerShell collects it (nothing: $null, one object: itself, more: an
  // array), the same way on both sides.
  const body = statements.map((st, k) => `try { $__r = $(${st}); '#${k} ' + (Show $__r) } catch { '#${k} ERR' }`);
  return PRELUDE + '\n' + body.join('\n') + '\n';
}

/** The `#k` lines of a run, by k. */
function outcomes(stdout) {
  const out = new Map();
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^#(\d+) (.*)$/.exec(line);
    if (m) out.set(Number(m[1]), normalize(m[2]));
  }
  return out;
}

/**
 * Doubles at 15 significant digits (5.1's "G15" against 7.x's round-trip form): a Double's own line, and a number of
 * more than 15 digits inside a text (a Double formatted by -f or "$x": 2.9833362924800827E+101 is 5.1's
 * 2.98333629248008E+101).
 */
function normalize(text) {
  return text
    .replace(/(Double|Single):(-?[0-9.]+(?:E[-+]?\d+)?)/g, (all, t, num) => {
      const v = Number(num);
      return Number.isFinite(v) ? `${t}:${Number(v.toPrecision(15))}` : all;
    })
    .replace(/(-?\d+\.\d+)(E[-+]\d+)?/g, (all, mantissa, exp) => {
      if (mantissa.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15) return all;
      return String(Number(Number(mantissa).toPrecision(15))) + (exp ?? '');
    });
}

function sample(seed, n) {
  return fc.sample(programArb, { seed, numRuns: n });
}

module.exports = { PRELUDE, programArb, programScript, outcomes, normalize, sample };
