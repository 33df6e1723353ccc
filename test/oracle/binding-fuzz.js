/*
 * The differential binding generator: random command shapes and random invocations of them, as PowerShell script
 * text that both wimsh and the oracle (the real engine) run; what each prints per invocation is the binding outcome
 * (the chosen set and the bound parameters with their values, or the binding error's FullyQualifiedErrorId).
 *
 * The shapes are advanced functions, not compiled cmdlets: the oracle compiles its C# module once at build time and
 * cannot add cmdlets per request, while a function is defined by the script itself. Functions go through the same
 * binder as cmdlets for names, positions, sets and pipeline input (PowerShell's CmdletParameterBinderController
 * serves both); only their error ids differ (ParameterArgumentTransformationError where a cmdlet says
 * CannotConvertArgumentNoMessage, the function's name after the comma), the same on both sides here.
 *
 * Used by binding-fuzz.test.ts (a fixed-seed sample in `npm test`) and scripts/oracle-fuzz-binding.js (large runs).
 */
'use strict';
const fc = require('fast-check');

const SETS = ['SetA', 'SetB', 'SetC', 'SetD'];
// Names with shared prefixes, so abbreviations can be unique (-Ind) or ambiguous (-Pa: Path, PathType).
const NAMES = ['Path', 'PathType', 'Name', 'Index', 'Count', 'Force', 'When', 'Tags'];
const TYPES = ['string', 'int', 'uint32', 'string[]', 'switch', 'datetime'];

/** PowerShell literal text for values a parameter or a property may get. */
const VALUES = ["'text'", "'12'", '7', '-3', '0', "'a','b'", "[datetime]'2020-01-02'", '$true', '$null', "''", "'2020-01-02'"];

/** One parameter: type, sets it declares (empty: all sets), per-set flags, a unique position or none. */
const parameterArb = (setCount) =>
  fc.record({
    type: fc.constantFrom(...TYPES),
    sets: fc.subarray(SETS.slice(0, setCount), { minLength: 0, maxLength: setCount }),
    flags: fc.array(
      fc.record({ mandatory: fc.boolean(), byValue: fc.boolean(), byName: fc.boolean(), positional: fc.boolean() }),
      { minLength: setCount, maxLength: setCount },
    ),
  });

const shapeArb = fc
  .integer({ min: 2, max: 4 })
  .chain((setCount) =>
    fc.record({
      setCount: fc.constant(setCount),
      defaultSet: fc.option(fc.constantFrom(...SETS.slice(0, setCount)), { nil: undefined }),
      params: fc.uniqueArray(fc.tuple(fc.constantFrom(...NAMES), parameterArb(setCount)), { minLength: 2, maxLength: 5, selector: (t) => t[0] }),
    }),
  )
  .map(({ setCount, defaultSet, params }) => {
    let position = 0;
    const out = params.map(([name, p]) => {
      const sets = p.sets.length ? p.sets : ['__AllParameterSets'];
      // One position per parameter (positions must be unique within a set); switches never positional.
      const pos = p.type !== 'switch' && p.flags.some((f) => f.positional) ? position++ : undefined;
      return { name, type: p.type, decl: sets.map((s, i) => ({ set: s, ...p.flags[i], position: p.flags[i].positional ? pos : undefined })) };
    });
    return { setCount, defaultSet, params: out };
  });

/** An argument list entry: a named parameter (full, abbreviated, or unknown), or a positional value. */
const argArb = fc.oneof(
  fc.record({ kind: fc.constant('named'), name: fc.constantFrom(...NAMES, 'Bogus'), abbrev: fc.integer({ min: 0, max: 3 }), value: fc.constantFrom(...VALUES), colon: fc.boolean() }),
  fc.record({ kind: fc.constant('value'), value: fc.constantFrom(...VALUES) }),
);

/** A pipeline object: a scalar, or a [pscustomobject] with some parameters' names as properties. */
const inputArb = fc.oneof(
  fc.constantFrom(...VALUES.filter((v) => v !== "'a','b'")),
  fc.dictionary(fc.constantFrom(...NAMES), fc.constantFrom(...VALUES), { minKeys: 1, maxKeys: 4 }).map((props) => ({ props })),
);

const invocationArb = fc.record({
  args: fc.array(argArb, { maxLength: 3 }),
  input: fc.option(fc.array(inputArb, { minLength: 1, maxLength: 2 }), { nil: undefined }),
});

const caseArb = fc.record({ shape: shapeArb, invocations: fc.array(invocationArb, { minLength: 2, maxLength: 4 }) });

function psType(t) {
  return { string: '[string]', int: '[int]', uint32: '[uint32]', 'string[]': '[string[]]', switch: '[switch]', datetime: '[datetime]' }[t];
}

/** The function's text: its param block from the shape, a process block that prints the binding. */
function functionText(shape) {
  const cb = shape.defaultSet ? `[CmdletBinding(DefaultParameterSetName='${shape.defaultSet}')]` : '[CmdletBinding()]';
  const params = shape.params.map((p) => {
    const attrs = p.decl.map((d) => {
      const a = [];
      if (d.set !== '__AllParameterSets') a.push(`ParameterSetName='${d.set}'`);
      if (d.mandatory) a.push('Mandatory=$true');
      if (d.position !== undefined) a.push(`Position=${d.position}`);
      if (d.byValue) a.push('ValueFromPipeline=$true');
      if (d.byName) a.push('ValueFromPipelineByPropertyName=$true');
      return `[Parameter(${a.join(', ')})]`;
    });
    return `${attrs.join('')}${psType(p.type)}$${p.name}`;
  });
  return (
    `function Test-Fz { ${cb} param(${params.join(', ')}) process { ` +
    '$b = foreach ($k in ($PSBoundParameters.Keys | Sort-Object)) { $v = $PSBoundParameters[$k]; ' +
    'if ($v -is [datetime]) { "$k=[date]" } elseif ($null -eq $v) { "$k=null" } else { "$k=$($v -join \',\')" } }; ' +
    '"$($PSCmdlet.ParameterSetName)|$($b -join \';\')" } }'
  );
}

function argText(a) {
  if (a.kind === 'value') return a.value;
  const name = a.abbrev && a.name.length > a.abbrev + 1 ? a.name.slice(0, a.abbrev + 1) : a.name;
  return a.colon ? `-${name}:${a.value}` : `-${name} ${a.value}`;
}

function inputText(i) {
  if (typeof i === 'string') return i;
  return `([pscustomobject]@{${Object.entries(i.props).map(([k, v]) => `${k}=${v}`).join('; ')}})`;
}

/** The invocation as a statement that prints its outcome: output lines, then each error's id as "ERR <id>". */
function invocationText(inv) {
  const call = ['Test-Fz', ...inv.args.map(argText)].join(' ');
  const line = inv.input ? `${inv.input.map(inputText).join(', ')} | ${call}` : call;
  return `$Error.Clear(); try { ${line} 2>$null } catch { "ERR " + $_.FullyQualifiedErrorId }; foreach ($e in @($Error)) { if ($e.FullyQualifiedErrorId -and $e.FullyQualifiedErrorId -notlike 'NativeCommand*') { "ERR " + $e.FullyQualifiedErrorId } }; '--'`;
}

/** A whole case as one script: the function, then each invocation. */
function caseScript(c) {
  return [functionText(c.shape), ...c.invocations.map(invocationText)].join('\n');
}

/** A case's outcome per invocation (the lines between the '--' separators). */
function outcomes(stdout) {
  const out = [];
  let cur = [];
  for (const raw of stdout.split('\n')) {
    const l = raw.trimEnd();
    if (l === '--') {
      out.push(cur);
      cur = [];
    } else if (l) cur.push(l);
  }
  return out;
}

/** What kind of difference two outcomes show, for the summary. */
function differenceKind(ours, theirs) {
  const err = (o) => o.filter((l) => l.startsWith('ERR ')).map((l) => l.slice(4).split(',')[0]);
  const e1 = err(ours).join(' ');
  const e2 = err(theirs).join(' ');
  if (e1 !== e2) return `error ${e1 || 'none'} vs ${e2 || 'none'}`;
  const sets = (o) => o.filter((l) => !l.startsWith('ERR ')).map((l) => l.split('|')[0]).join(' ');
  if (sets(ours) !== sets(theirs)) return 'set';
  return 'bound parameters';
}

/** `n` cases from a seed. */
function sample(seed, n) {
  return fc.sample(caseArb, { seed, numRuns: n });
}

module.exports = { caseArb, sample, caseScript, outcomes, differenceKind, functionText, invocationText };
