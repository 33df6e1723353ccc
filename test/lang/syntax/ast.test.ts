/*
 * The typed AST (src/lang/syntax/ast.ts) against what the grammar really builds: every node of a script that uses
 * every node kind has a declared kind and only the fields declared for it. The evaluator trusts these shapes (the
 * parser is the one place they are taken on trust), so a grammar change that adds or renames a field fails here.
 */
import { parseScript, parseExpandable } from '../../../src/lang/syntax/parser';

/** Fields per node kind, as ast.ts declares them (besides type, start and end); `?` marks optional ones. */
const FIELDS: Record<string, string[]> = {
  ScriptBlock: ['param', 'beginBlock', 'processBlock', 'endBlock', 'named'],
  ScriptBlockExpression: ['param', 'beginBlock', 'processBlock', 'endBlock', 'named', 'text'],
  ParamBlock: ['attributes', 'parameters'],
  Parameter: ['attributes', 'name', 'default', 'argument', 'colon'], // declaration and command-line parameter
  Attribute: ['name', 'args'],
  TypeConstraint: ['name'],
  If: ['clauses', 'else'],
  Foreach: ['variable', 'collection', 'body', 'label?'],
  For: ['init', 'cond', 'iter', 'body', 'label?'],
  While: ['cond', 'body', 'label?'],
  Do: ['body', 'cond', 'until', 'label?'],
  Switch: ['flags', 'subject', 'clauses', 'label?'],
  Default: [],
  FunctionDefinition: ['name', 'filter', 'body'],
  ClassDefinition: ['name', 'base', 'members'],
  ClassProperty: ['name', 'typeName', 'default', 'isStatic'],
  ClassMethod: ['name', 'returnType', 'params', 'body', 'baseArgs', 'isStatic'],
  EnumDefinition: ['name', 'members'],
  Try: ['body', 'catches', 'finally'],
  Trap: ['typeName', 'body'],
  Throw: ['pipeline'],
  Return: ['pipeline'],
  Exit: ['pipeline'],
  Break: ['label'],
  Continue: ['label'],
  Assignment: ['left', 'op', 'right'],
  Pipeline: ['elements'],
  ExpressionElement: ['expression', 'redirections'],
  Command: ['invocation', 'name', 'elements'],
  Redirection: ['stream', 'append', 'merge?', 'target?'],
  StopParsing: ['text'],
  EndOfParameters: [],
  Splat: ['name'],
  Number: ['value', 'text', 'real?', 'long?', 'decimal?'],
  String: ['value', 'expandable?', 'bareword?'],
  ExpandableString: ['parts'],
  ExpandableArgument: ['parts'],
  BarewordText: ['value'],
  Variable: ['name', 'scope'],
  Paren: ['pipeline'],
  SubExpression: ['statements'],
  ArrayExpression: ['statements'],
  ArrayLiteral: ['items'],
  Hashtable: ['entries'],
  TypeLiteral: ['name'],
  Cast: ['typeName', 'operand'],
  Unary: ['op', 'operand'],
  Binary: ['op', 'left', 'right', 'opStart'],
  Member: ['object', 'name', 'args', 'static'],
  Index: ['object', 'index'],
};

const SCRIPT = `
[CmdletBinding()] param([Parameter(Mandatory)][string]$Name = 'x', [switch]$Force)
function f([int]$a) { return $a + 1 }
filter g { $_ }
class Base { [int]$N = 1; static [string]$S; Base() { } [int] Twice([int]$x) { return $x * 2 } }
class Derived : Base { Derived([int]$n) : base() { $this.N = $n } }
enum Color { Red; Green = 5 }
if ($x -eq 1) { 'a' } elseif (-not $y) { 'b' } else { 'c' }
:outer foreach ($i in 1..3) { for ($j = 0; $j -lt 2; $j++) { if ($j) { continue outer } else { break } } }
while ($false) { } ; do { $k = 1 } until ($true)
switch -regex ($s) { 'a' { 1 } { $_ -like 'b*' } { 2 } default { 3 } }
try { throw 'e' } catch [System.Exception] { $_ } finally { exit 0 }
trap [System.IO.IOException] { continue }
$a, $b = 1, 2; [int]$c = '3'; $h = @{ k = 'v'; 'q' = $(1) }; $arr = @(1; 2); $h.k += 1; $arr[0] = ,2
Write-Output -Name:v "x$($a)y" $env:TEMP\\dir @h -- -z 2>&1 > $null 3>> log.txt
& $cmd --% raw text
. .\\lib.ps1
$x = [math]::Max(1, 2) + [string]::Empty.Length + (Get-Item .).Name + ++$n + $m-- + -1 + 0x10 + 1kb + 1.5 + 2d + 3l
"a {0}" -f $z | ForEach-Object { $_ }; $sb = { param($p) begin { } process { $p } end { } }; \${odd name} = $global:g
`;

function walk(v: unknown, visit: (n: { type: string; [k: string]: unknown }) => void): void {
  if (Array.isArray(v)) for (const x of v) walk(x, visit);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.type === 'string' && typeof o.start === 'number') visit(o as { type: string });
    for (const k of Object.keys(o)) walk(o[k], visit);
  }
}

describe('the typed AST', () => {
  it('declares every node kind the grammar builds, with exactly the fields it sets', () => {
    const seen = new Set<string>();
    const check = (n: { type: string; [k: string]: unknown }) => {
      seen.add(n.type);
      const declared = FIELDS[n.type];
      expect(declared).toBeDefined();
      const names = declared.map((f) => f.replace(/\?$/, ''));
      for (const k of Object.keys(n)) if (!['type', 'start', 'end', 'label'].includes(k)) expect([n.type, k, names.includes(k)]).toEqual([n.type, k, true]);
      // Required fields are present on every node of the kind (Parameter has two shapes; ScriptBlock bodies too).
      if (n.type !== 'Parameter') for (const f of declared.filter((x) => !x.endsWith('?'))) expect([n.type, f, f in n]).toEqual([n.type, f, true]);
    };
    walk(parseScript({ text: SCRIPT }), check);
    walk(parseExpandable('a $b $(c) d'), check);
    const missing = Object.keys(FIELDS).filter((k) => !seen.has(k));
    expect(missing).toEqual([]);
  });
});
