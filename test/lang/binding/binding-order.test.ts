/*
 * The order of the binder's steps and of their errors, as PowerShell's CmdletParameterBinderController has them:
 * reparse (pair names with values), named binding, positional binding position by position, the set check, the
 * remaining arguments, and only then the argument nothing took. Each expectation here was checked against the real
 * engine (the oracle) with the same script; messages are 5.1's texts.
 */
import { Binder, type BindableCommand, type CommandArg } from '../../../src/lang/binding/binder';
import { PSRuntimeError } from '../../../src/lang/runtime/errors';
import { out } from '../helpers';

const value = (v: unknown, at = 0): CommandArg => ({ kind: 'value', value: v, start: at, end: at + 1, text: String(v) });
const name = (n: string, at = 0): CommandArg => ({ kind: 'param', name: n, start: at, end: at + 1, text: `-${n}` });

function bindError(cmd: BindableCommand, args: CommandArg[]): { id: string; message: string } {
  try {
    new Binder(cmd, { source: { text: 'Test-Order' }, start: 0, end: 9, commandName: cmd.name }).bindCommandLine(args, false);
  } catch (e) {
    if (e instanceof PSRuntimeError) return { id: e.record.fullyQualifiedErrorId, message: e.record.message };
    throw e;
  }
  throw new Error('bound without error');
}

function bind(cmd: BindableCommand, args: CommandArg[]) {
  return new Binder(cmd, { source: { text: 'Test-Order' }, start: 0, end: 9, commandName: cmd.name }).bindCommandLine(args, false);
}

/** A compiled cmdlet: a conversion failure while binding positionally is not the end. */
const cmdlet: BindableCommand = {
  name: 'Test-Order',
  errorSuffix: 'Test.OrderCommand',
  isCmdlet: true,
  parameters: [
    { name: 'Count', type: 'Int32', sets: { ByCount: { position: 0 } } },
    { name: 'Label', type: 'String', sets: { ByLabel: { position: 0 } } },
  ],
};

const pair: BindableCommand = {
  name: 'Test-Pair',
  errorSuffix: 'Test.PairCommand',
  isCmdlet: true,
  parameters: [
    { name: 'Count', type: 'Int32', position: 0 },
    { name: 'Label', type: 'String', position: 1 },
  ],
};

async function outcome(script: string): Promise<string> {
  return out(`try { ${script} } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }`);
}

describe('binding order', () => {
  it('an unknown name is reported after the positional arguments were bound (their errors first)', async () => {
    const f = "function f { [CmdletBinding()] param([Parameter(Position=0)][int]$a) \"a=$a\" }; ";
    expect(await outcome(f + "f 'x' -Bogus 1")).toBe(
      'ParameterArgumentTransformationError,f\nCannot process argument transformation on parameter \'a\'. Cannot convert value "x" to type "System.Int32". Error: "Input string was not in a correct format."',
    );
    expect(await outcome(f + 'f 1 -Bogus 2')).toBe("NamedParameterNotFound,f\nA parameter cannot be found that matches parameter name 'Bogus'.");
  });

  it('a cmdlet whose positional argument does not convert tries the other parameters at that position', () => {
    const st = bind(cmdlet, [value('text')]);
    expect(st.setName).toBe('ByLabel');
    expect(st.params.Label).toBe('text');
  });

  it('a positional argument no parameter takes is reported with the conversion error it met last', () => {
    expect(bindError(pair, [value('x')])).toEqual({
      id: 'CannotConvertArgumentNoMessage,Test.PairCommand',
      message: 'Cannot bind parameter \'Count\'. Cannot convert value "x" to type "System.Int32". Error: "Input string was not in a correct format."',
    });
    // The next position takes the next argument; the one left over then met no error of its own's position.
    expect(bindError(pair, [value('x'), value('y')])).toEqual({
      id: 'PositionalParameterNotFound,Test.PairCommand',
      message: "A positional parameter cannot be found that accepts argument 'x'.",
    });
    expect(bindError(pair, [value(1), value('y'), value(null)]).message).toBe("A positional parameter cannot be found that accepts argument '$null'.");
  });

  it('the value after an unknown name is passed over by positional binding', () => {
    expect(bindError(pair, [name('Bogus'), value(5)])).toEqual({
      id: 'NamedParameterNotFound,Test.PairCommand',
      message: "A parameter cannot be found that matches parameter name 'Bogus'.",
    });
  });

  it('a ValueFromRemainingArguments parameter takes unknown names as text, with their values', async () => {
    expect(
      await out("function rr { [CmdletBinding()] param([Parameter(Position=0)][string]$First, [Parameter(ValueFromRemainingArguments)]$Rest) \"First=$First Rest=$($Rest -join '|')\" }; rr a b -Zip c -Zap:d"),
    ).toBe('First=a Rest=b|-Zip|c|-Zap:|d');
    expect(await out('Write-Output 1 -Bogus 2')).toBe('1\n-Bogus\n2');
  });

  it('a parameter followed by an unknown -Text takes the text; by a known name it misses its argument', async () => {
    const s1 = "function s1 { [CmdletBinding()] param([switch]$Quiet, [string]$Name) \"Quiet=$Quiet Name=$Name\" }; ";
    expect(await outcome(s1 + 's1 -Name -Quux')).toBe('Quiet=False Name=-Quux');
    expect(await outcome(s1 + 's1 -Name -Quiet')).toBe(
      "MissingArgument,s1\nMissing an argument for parameter 'Name'. Specify a parameter of type 'System.String' and try again.",
    );
  });

  it('ParameterAlreadyBound names the parameter as paired (its own name) or as typed with a colon', async () => {
    const s1 = "function s1 { [CmdletBinding()] param([switch]$Quiet, [string]$Name) \"Quiet=$Quiet Name=$Name\" }; ";
    const text = (n: string) =>
      `ParameterAlreadyBound,s1\nCannot bind parameter because parameter '${n}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, "-parameter value1,value2,value3".`;
    expect(await outcome(s1 + 's1 -Na a -Name b')).toBe(text('Name'));
    expect(await outcome(s1 + 's1 -Name:a -Na:b')).toBe(text('Na'));
  });

  it('a hashtable-splatted entry gives way to the same parameter named on the line', async () => {
    expect(
      await out("function s1 { [CmdletBinding()] param([switch]$Quiet, [string]$Name) \"Quiet=$Quiet Name=$Name\" }; $h = @{ Name = 'splat'; Quiet = $true }; s1 @h -Name explicit"),
    ).toBe('Quiet=True Name=explicit');
  });

  it('an abbreviation matching a declared parameter and common ones means the declared one', async () => {
    expect(await out("function h2 { [CmdletBinding()] param([int]$Index, [string]$b) \"Index=$Index\" }; h2 -In 3; h2 -I 3")).toBe('Index=3\nIndex=3');
  });

  it('implicit positions are off once a parameter names a set', async () => {
    expect(await outcome("function g { [CmdletBinding()] param([Parameter(ParameterSetName='One')][int]$a, [string]$b) 'bound' }; g 5")).toBe(
      "PositionalParameterNotFound,g\nA positional parameter cannot be found that accepts argument '5'.",
    );
    expect(await outcome('function g2 { [CmdletBinding(PositionalBinding=$false)] param([int]$a) "a=$a" }; g2 5')).toBe(
      "PositionalParameterNotFound,g2\nA positional parameter cannot be found that accepts argument '5'.",
    );
  });
});

describe('script parameters: conversion before the mandatory check', () => {
  it('a mandatory [int] takes $null as 0; a mandatory [string] refuses it as an empty string', async () => {
    expect(await out('function m { [CmdletBinding()] param([Parameter(Mandatory)][int]$i, [Parameter(Mandatory)][AllowEmptyString()][string]$s) "i=$i s=[$s]" }; m -i $null -s $null')).toBe(
      'i=0 s=[]',
    );
    expect(await outcome('function g { [CmdletBinding()] param([Parameter(Mandatory)][string]$s) $s }; g -s $null')).toBe(
      "ParameterArgumentValidationErrorEmptyStringNotAllowed,g\nCannot bind argument to parameter 's' because it is an empty string.",
    );
  });

  it('a mandatory [string[]] refuses null, an empty (or null, converted to empty) element and an empty array', async () => {
    const f = 'function hh { [CmdletBinding()] param([Parameter(Mandatory)][string[]]$s) "s=[$s]" }; ';
    expect(await outcome(f + "hh -s ''")).toBe("ParameterArgumentValidationErrorEmptyStringNotAllowed,hh\nCannot bind argument to parameter 's' because it is an empty string.");
    expect(await outcome(f + "hh -s 'a',$null")).toBe("ParameterArgumentValidationErrorEmptyStringNotAllowed,hh\nCannot bind argument to parameter 's' because it is an empty string.");
    expect(await outcome(f + 'hh -s @()')).toBe("ParameterArgumentValidationErrorEmptyArrayNotAllowed,hh\nCannot bind argument to parameter 's' because it is an empty array.");
    expect(await outcome(f + 'hh -s $null')).toBe("ParameterArgumentValidationErrorNullNotAllowed,hh\nCannot bind argument to parameter 's' because it is null.");
  });

  it('a switch or Boolean parameter takes only Booleans and numbers (a switch no number)', async () => {
    const s1 = 'function s1 { [CmdletBinding()] param([switch]$Quiet, [bool]$On) "Quiet=$Quiet On=$On" }; ';
    expect(await outcome(s1 + 's1 -Quiet:0')).toBe(
      'ParameterArgumentTransformationError,s1\nCannot process argument transformation on parameter \'Quiet\'. Cannot convert the "0" value of type "System.Int32" to type "System.Management.Automation.SwitchParameter".',
    );
    expect(await outcome(s1 + "s1 -Quiet:'yes'")).toBe(
      'ParameterArgumentTransformationError,s1\nCannot process argument transformation on parameter \'Quiet\'. Cannot convert value "System.String" to type "System.Management.Automation.SwitchParameter". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.',
    );
    expect(await outcome(s1 + 's1 -On $null')).toBe(
      'ParameterArgumentTransformationError,s1\nCannot process argument transformation on parameter \'On\'. Cannot convert value "" to type "System.Boolean". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.',
    );
    expect(await outcome(s1 + 's1 -Quiet:$null -On 2.5')).toBe('Quiet=False On=True');
  });

  it('a collection, even of one element, converts to no number or date; null converts to no date', async () => {
    const f = 'function s4 { param([int]$n, [datetime]$d) "ok" }; ';
    expect(await outcome(f + 's4 -n @(5)')).toBe(
      'ParameterArgumentTransformationError,s4\nCannot process argument transformation on parameter \'n\'. Cannot convert the "System.Object[]" value of type "System.Object[]" to type "System.Int32".',
    );
    expect(await outcome(f + 's4 -d $null')).toBe(
      'ParameterArgumentTransformationError,s4\nCannot process argument transformation on parameter \'d\'. Cannot convert null to type "System.DateTime".',
    );
  });

  it("an advanced function's [string] parameter refuses an array; a simple function's joins it", async () => {
    expect(await outcome("function s2 { [CmdletBinding()] param([string]$x) \"x=$x\" }; s2 -x 'a','b'")).toBe(
      "ParameterArgumentTransformationError,s2\nCannot process argument transformation on parameter 'x'. Cannot convert value to type System.String.",
    );
    expect(await out("function s3 { param([string]$x) \"x=$x\" }; s3 -x 'a','b'")).toBe('x=a b');
  });
});

describe('cmdlet parameters: what the binder refuses before converting', () => {
  const cmd: BindableCommand = {
    name: 'Test-Refuse',
    errorSuffix: 'Test.RefuseCommand',
    isCmdlet: true,
    parameters: [
      { name: 'Index', type: 'UInt32' },
      { name: 'Check', type: 'SwitchParameter' },
      { name: 'Paths', type: 'String[]' },
    ],
  };
  const colon = (n: string, v: unknown): CommandArg => ({ kind: 'param', name: n, hasColonValue: true, value: v, start: 0, end: 1 });

  it('a collection for a parameter that takes one value is CannotConvertArgument, even of one element', () => {
    for (const v of [[1, 2], [1]])
      expect(bindError(cmd, [colon('Index', v)])).toEqual({
        id: 'CannotConvertArgument,Test.RefuseCommand',
        message: "Cannot convert 'System.Object[]' to the type 'System.UInt32' required by parameter 'Index'. Specified method is not supported.",
      });
    expect(bind(cmd, [colon('Paths', ['a', 'b'])]).params.Paths).toEqual(['a', 'b']);
  });

  it('a switch takes Booleans and numbers, and refuses text', () => {
    expect(bindError(cmd, [colon('Check', 'yes')])).toEqual({
      id: 'CannotConvertArgument,Test.RefuseCommand',
      message: "Cannot convert 'System.String' to the type 'System.Management.Automation.SwitchParameter' required by parameter 'Check'. ",
    });
    expect(String(bind(cmd, [colon('Check', 0)]).params.Check)).toBe('False');
  });
});

describe('the pipeline plan before the first object', () => {
  it('sets found by property name count as found when there are several: no single set is latched onto', async () => {
    // Name is mandatory by property name in SetB and SetD, When mandatory by value in SetB only: by value finds
    // SetB, by property name finds two sets, so the plan chooses nothing and {Name=7} binds in SetD.
    const f =
      "function fz { [CmdletBinding()] param([Parameter(ParameterSetName='SetB', Mandatory=$true, ValueFromPipelineByPropertyName=$true)]" +
      "[Parameter(ParameterSetName='SetD', Mandatory=$true, ValueFromPipelineByPropertyName=$true)][uint32]$Name, " +
      "[Parameter(ParameterSetName='SetA', Position=1, ValueFromPipelineByPropertyName=$true)][Parameter(ParameterSetName='SetB', Mandatory=$true, Position=1, ValueFromPipeline=$true)]" +
      "[Parameter(ParameterSetName='SetC')][Parameter(ParameterSetName='SetD', Position=1, ValueFromPipeline=$true, ValueFromPipelineByPropertyName=$true)][uint32]$When) " +
      'process { "$($PSCmdlet.ParameterSetName) Name=$Name" } }; ';
    expect(await outcome(f + '[pscustomobject]@{Name=7} | fz')).toBe('SetD Name=7');
  });
});

describe('$PSBoundParameters across pipeline objects', () => {
  it('keeps what an object bound before its binding failed', async () => {
    // The first object binds Path (by value) and then misses Tags; the second binds Tags. PowerShell restores the
    // parameters' values between objects but not $PSBoundParameters' entries.
    const f =
      "function fz { [CmdletBinding(DefaultParameterSetName='SetC')] param([Parameter(ParameterSetName='SetC', Mandatory=$true, ValueFromPipelineByPropertyName=$true)][int]$Tags, " +
      "[Parameter(ParameterSetName='SetC', ValueFromPipeline=$true)][datetime]$Path) " +
      "process { \"$($PSBoundParameters.Keys | Sort-Object)\" } }; ";
    expect(await out(f + "'2020-01-02', [pscustomobject]@{Tags=1} | fz 2>$null; $Error[0].FullyQualifiedErrorId")).toBe('Path Tags\nInputObjectMissingMandatory,fz');
  });
});

describe('advanced functions and pipeline input', () => {
  it('an object no parameter takes is InputObjectNotBound, also without a process block', async () => {
    const r = await out(
      'function a1 { [CmdletBinding()] param($x) process { "run" } }; function a3 { [CmdletBinding()] param() end { "end $input" } }; ' +
        "1 | a1 2>$null; $Error[0].FullyQualifiedErrorId; $Error[0].Exception.Message; 1 | a3 2>$null; $Error[0].FullyQualifiedErrorId",
    );
    expect(r).toBe(
      'InputObjectNotBound,a1\nThe input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.\nend\nInputObjectNotBound,a3',
    );
  });

  it('a parameter bound from the pipeline is there for an end block', async () => {
    expect(await out('function a4 { [CmdletBinding()] param([Parameter(ValueFromPipeline)]$x) end { "x=$x" } }; 1, 2 | a4')).toBe('x=2');
  });
});
