/* The grammar: both parsing modes, extents, and PowerShell's parse errors. */
import { parseScript, isIncomplete } from '../../../src/lang/syntax/parser';
import { PSRuntimeError } from '../../../src/lang/runtime/errors';
import type { AstNode } from '../../../src/lang/syntax/ast';
import { run, lines } from '../helpers';

function firstCommand(text: string): AstNode {
  const ast = parseScript({ text });
  return ast.endBlock[0].elements[0];
}

function parseError(text: string): { id: string; message: string; start: number; end: number } {
  try {
    parseScript({ text });
  } catch (e) {
    if (e instanceof PSRuntimeError) return { id: e.record.fullyQualifiedErrorId, message: e.record.message, start: e.record.invocation!.start, end: e.record.invocation!.end };
    throw e;
  }
  throw new Error('parsed');
}

describe('parser', () => {
  it('parses a command in argument mode with parameters, colon values and barewords', () => {
    const c = firstCommand('Export-WindowsImage -SourceImagePath C:\\sources\\install.wim -SourceIndex 6 -CompressionType:max .\\a.wim');
    expect(c.type).toBe('Command');
    expect(c.name.value).toBe('Export-WindowsImage');
    const kinds = c.elements.map((e: AstNode) => e.type);
    expect(kinds).toEqual(['Parameter', 'String', 'Parameter', 'Number', 'Parameter', 'String']);
    expect(c.elements[1].value).toBe('C:\\sources\\install.wim');
    expect(c.elements[4]).toMatchObject({ name: 'CompressionType', colon: true, argument: { value: 'max' } });
  });

  it('glues adjacent pieces into one argument', () => {
    const c = firstCommand('Write-Output $MEDIA"\\sources\\install.wim" $a$b $PWD\\x.esd');
    expect(c.elements.map((e: AstNode) => e.type)).toEqual(['ExpandableArgument', 'ExpandableArgument', 'ExpandableArgument']);
  });

  it('takes member access, method calls and indexes on a parenthesized, sub- or array expression or a string as one argument; text after it is the next', async () => {
    const r = await run(`Write-Output ('abc').Length (1,2,3)[1] 'abc'.Length @(1,2)[0] $(1,2)[1]; Write-Output ("a").ToUpper()x; function f($x) { "[$x]" }; f (0x1F).one; f (Get-Item /).Name.Length`);
    expect(lines(r.stdout)).toBe('3\n2\n3\n1\n2\nA\nx\n[]\n[1]');
  });

  it('comma makes an array argument; numbers stay numbers only when whole', () => {
    const c = firstCommand('Select-Object -Property A,B 10abc 4GB');
    expect(c.elements[1].type).toBe('ArrayLiteral');
    expect(c.elements[2]).toMatchObject({ type: 'String', value: '10abc' });
    expect(c.elements[3]).toMatchObject({ type: 'Number', value: 4294967296 });
  });

  it('records source extents on nodes', () => {
    const text = "Write-Output 'hi'";
    const c = firstCommand(text);
    expect(text.slice(c.start, c.end)).toBe(text);
    expect(text.slice(c.elements[0].start, c.elements[0].end)).toBe("'hi'");
  });

  it('starts expression mode for values and operators', () => {
    const ast = parseScript({ text: '-5 + 2; [int]"3"; $x.Count; !$y' });
    expect(ast.endBlock.map((s: AstNode) => s.elements[0].type)).toEqual(['ExpressionElement', 'ExpressionElement', 'ExpressionElement', 'ExpressionElement']);
  });

  it('parses functions with attributes, param blocks and named blocks', () => {
    const ast = parseScript({
      text: "function Get-X {\n [CmdletBinding(SupportsShouldProcess)]\n param(\n  [Parameter(Mandatory, Position = 0)][ValidateSet('a','b')][string]$Name = 'a'\n )\n begin { } process { $_ } end { }\n}",
    });
    const fn = ast.endBlock[0];
    expect(fn.type).toBe('FunctionDefinition');
    expect(fn.body.param.attributes[0].name).toBe('CmdletBinding');
    const p = fn.body.param.parameters[0];
    expect(p.name).toBe('Name');
    expect(p.attributes.map((a: AstNode) => a.name)).toEqual(['Parameter', 'ValidateSet', 'string']);
    expect(fn.body.processBlock).toHaveLength(1);
  });

  it('reports PowerShell\'s parse errors at their positions', () => {
    expect(parseError('if ($true) { "x"')).toMatchObject({ id: 'MissingEndCurlyBrace', message: "Missing closing '}' in statement block or type definition.", start: 11 });
    expect(parseError('"abc')).toMatchObject({ id: 'TerminatorExpectedAtEndOfString', message: 'The string is missing the terminator: ".', start: 0 });
    expect(parseError("'a' | | 'b'")).toMatchObject({ id: 'EmptyPipeElement', message: 'An empty pipe element is not allowed.', start: 5 });
    expect(parseError('(1 + 2')).toMatchObject({ id: 'MissingEndParenthesisInExpression', message: "Missing closing ')' in expression." });
    expect(parseError('1 +')).toMatchObject({ message: "You must provide a value expression following the '+' operator." });
    expect(parseError('-not')).toMatchObject({ message: "Missing expression after unary operator '-not'." });
    expect(parseError('1 2')).toMatchObject({ id: 'UnexpectedToken', message: "Unexpected token '2' in expression or statement." });
  });

  it('prints a parse error in 5.1\'s layout (position first) and exits 1', async () => {
    const r = await run('if ($true) { "x"');
    expect(r.exitCode).toBe(1);
    expect(lines(r.stderr)).toBe(
      [
        'At line:1 char:12',
        '+ if ($true) { "x"',
        '+            ~',
        "Missing closing '}' in statement block or type definition.",
        '    + CategoryInfo          : ParserError: (:) [], ParentContainsErrorRecordException',
        '    + FullyQualifiedErrorId : MissingEndCurlyBrace',
      ].join('\n'),
    );
  });

  it('knows when the REPL needs more lines', () => {
    expect(isIncomplete('if ($x) {')).toBe(true);
    expect(isIncomplete('"open')).toBe(true);
    expect(isIncomplete("@'\nx")).toBe(true);
    expect(isIncomplete('Get-Item x |')).toBe(true);
    expect(isIncomplete('Write-Output `')).toBe(true);
    expect(isIncomplete("'done'")).toBe(false);
    expect(isIncomplete('1 2')).toBe(false);
  });
});
