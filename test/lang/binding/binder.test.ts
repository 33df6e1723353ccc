/* The parameter binder: PowerShell 5.1's binding order, texts, categories and FullyQualifiedErrorIds. */
import { Binder, type BindableCommand, type CommandArg } from '../../../src/lang/binding/binder';
import { PSRuntimeError } from '../../../src/lang/runtime/errors';
import { PSObject, SwitchParameter, PSEnumValue, registerEnum } from '../../../src/lang/types/values';
import { run, out, lines, tempDrive } from '../helpers';

registerEnum({ fullName: 'Test.Level', members: [['Errors', 1], ['Warnings', 2], ['WarningsInfo', 3], ['Debug', 4]] });

const cmd: BindableCommand = {
  name: 'Test-Bind',
  errorSuffix: 'Test.BindCommand',
  isCmdlet: true,
  defaultParameterSetName: 'ByIndex',
  parameters: [
    { name: 'Path', type: 'String', aliases: ['SIP'], mandatory: true, valueFromPipelineByPropertyName: true },
    { name: 'Index', type: 'UInt32', aliases: ['SI'], sets: { ByIndex: { mandatory: true, valueFromPipelineByPropertyName: true } } },
    { name: 'Name', type: 'String', aliases: ['SN'], sets: { ByName: { mandatory: true, valueFromPipelineByPropertyName: true } } },
    { name: 'DestinationPath', type: 'String', valueFromPipelineByPropertyName: true },
    { name: 'DestinationName', type: 'String' },
    { name: 'Level', type: 'Test.Level', aliases: ['LL'] },
    { name: 'Check', type: 'SwitchParameter' },
    { name: 'Kind', type: 'String', validateSet: ['fast', 'max'] },
    { name: 'Count', type: 'Int32', validateRange: [1, 10] },
  ],
};

const src = { text: 'Test-Bind ...' };
const named = (name: string, value?: unknown): CommandArg[] =>
  value === undefined ? [{ kind: 'param', name, start: 0, end: 1 }] : [{ kind: 'param', name, start: 0, end: 1 }, { kind: 'value', value, start: 2, end: 3 }];

function bind(args: CommandArg[], input = false) {
  return new Binder(cmd, { source: src, start: 0, end: 9, commandName: 'Test-Bind' }).bindCommandLine(args, input);
}

function bindError(args: CommandArg[]): { id: string; message: string; category: string; type: string } {
  try {
    bind(args);
  } catch (e) {
    if (e instanceof PSRuntimeError)
      return { id: e.record.fullyQualifiedErrorId, message: e.record.message, category: e.record.category, type: e.record.exception.typeName };
    throw e;
  }
  throw new Error('bound without error');
}

describe('binder', () => {
  it('matches names case-insensitively, by unique prefix and by alias', () => {
    const st = bind([...named('path', 'a.wim'), ...named('Ind', '6'), ...named('ll', 'debug')]);
    expect(st.params.Path).toBe('a.wim');
    expect(st.params.Index).toBe(6);
    expect(st.params.Level).toBeInstanceOf(PSEnumValue);
    expect((st.params.Level as PSEnumValue).value).toBe(4);
    expect(st.setName).toBe('ByIndex');
  });

  it('an exact name wins over prefixes; an ambiguous prefix lists the candidates in declaration order', () => {
    expect(bindError([...named('Path', 'a'), ...named('Index', 1), ...named('Destination', 'x')])).toEqual({
      id: 'AmbiguousParameter,Test.BindCommand',
      message: "Parameter cannot be processed because the parameter name 'Destination' is ambiguous. Possible matches include: -DestinationPath -DestinationName.",
      category: 'InvalidArgument',
      type: 'ParameterBindingException',
    });
  });

  it('converts UInt32 from "6", 0x6 and 6.0, and enums by name or number', () => {
    expect(bind([...named('Path', 'a'), ...named('Index', '0x6')]).params.Index).toBe(6);
    expect(bind([...named('Path', 'a'), ...named('Index', 6.0)]).params.Index).toBe(6);
    expect((bind([...named('Path', 'a'), ...named('Index', 1), ...named('Level', 2)]).params.Level as PSEnumValue).name).toBe('Warnings');
  });

  it('reports conversion failures as CannotConvertArgumentNoMessage for cmdlets', () => {
    const e = bindError([...named('Path', 'a'), ...named('Index', 'abc')]);
    expect(e.id).toBe('CannotConvertArgumentNoMessage,Test.BindCommand');
    expect(e.message).toBe('Cannot bind parameter \'Index\'. Cannot convert value "abc" to type "System.UInt32". Error: "Input string was not in a correct format."');
    const en = bindError([...named('Path', 'a'), ...named('Index', 1), ...named('Level', 'loud')]);
    expect(en.message).toContain('Unable to match the identifier name loud to a valid enumerator name. Specify one of the following enumerator names and try again:\nErrors, Warnings, WarningsInfo, Debug"');
    // A number no member has: LanguagePrimitives' own text, with no inner "Error:".
    expect(bindError([...named('Path', 'a'), ...named('Index', 1), ...named('Level', 9)]).message).toBe(
      'Cannot bind parameter \'Level\'. Cannot convert value "9" to type "Test.Level" due to enumeration values that are not valid. Specify one of the following enumeration values and try again. The possible enumeration values are "Errors,Warnings,WarningsInfo,Debug".',
    );
  });

  it('switches take $true/$false with a colon', () => {
    expect((bind([...named('Path', 'a'), ...named('Index', 1), ...named('Check')]).params.Check as SwitchParameter).isPresent).toBe(true);
    const st = bind([...named('Path', 'a'), ...named('Index', 1), { kind: 'param', name: 'Check', hasColonValue: true, value: false, start: 0, end: 1 }]);
    expect((st.params.Check as SwitchParameter).isPresent).toBe(false);
  });

  it('validates ValidateSet and ValidateRange after conversion', () => {
    const s = bindError([...named('Path', 'a'), ...named('Index', 1), ...named('Kind', 'slow')]);
    expect(s.id).toBe('ParameterArgumentValidationError,Test.BindCommand');
    expect(s.category).toBe('InvalidData');
    expect(s.message).toBe(
      'Cannot validate argument on parameter \'Kind\'. The argument "slow" does not belong to the set "fast,max" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.',
    );
    expect(bind([...named('Path', 'a'), ...named('Index', 1), ...named('Kind', 'MAX')]).params.Kind).toBe('MAX');
    expect(bindError([...named('Path', 'a'), ...named('Index', 1), ...named('Count', 11)]).message).toBe(
      "Cannot validate argument on parameter 'Count'. The 11 argument is greater than the maximum allowed range of 10. Supply an argument that is less than or equal to 10 and then try the command again.",
    );
  });

  it('resolves parameter sets: default, by bound parameters, or ambiguous', () => {
    expect(bind([...named('Path', 'a'), ...named('Name', 'Pro')]).setName).toBe('ByName');
    expect(bindError([...named('Path', 'a'), ...named('Name', 'Pro'), ...named('Index', 1)])).toMatchObject({
      id: 'AmbiguousParameterSet,Test.BindCommand',
      message: 'Parameter set cannot be resolved using the specified named parameters.',
    });
  });

  it('reports missing mandatory parameters (never prompts)', () => {
    expect(bindError(named('DestinationPath', 'b'))).toMatchObject({
      id: 'MissingMandatoryParameter,Test.BindCommand',
      message: 'Cannot process command because of one or more missing mandatory parameters: Path Index.',
    });
  });

  it('reports unknown names, missing arguments, duplicates and stray positionals', () => {
    expect(bindError(named('Bogus', 1)).id).toBe('NamedParameterNotFound,Test.BindCommand');
    expect(bindError([...named('Path', 'a'), ...named('Index')]).message).toBe(
      "Missing an argument for parameter 'Index'. Specify a parameter of type 'System.UInt32' and try again.",
    );
    expect(bindError([...named('Path', 'a'), ...named('Path', 'b')]).id).toBe('ParameterAlreadyBound,Test.BindCommand');
    expect(bindError([{ kind: 'value', value: 'x.wim', start: 0, end: 1 }]).message).toBe(
      "A positional parameter cannot be found that accepts argument 'x.wim'.",
    );
  });

  it('binds pipeline input by property name (names and aliases), per object', () => {
    const b = new Binder(cmd, { source: src, start: 0, end: 9 });
    const base = b.bindCommandLine(named('DestinationPath', 'out.wim'), true);
    const st = b.bindPipelineObject(base, new PSObject({ SIP: 'in.wim', Index: '3' }));
    expect(st).not.toBeInstanceOf(Error);
    expect((st as { params: Record<string, unknown> }).params).toMatchObject({ Path: 'in.wim', Index: 3, DestinationPath: 'out.wim' });
    const st2 = b.bindPipelineObject(base, new PSObject({ Path: 'x.wim', Name: 'Home' }));
    expect((st2 as { setName: string }).setName).toBe('ByName');
    const none = b.bindPipelineObject(base, 42) as { fullyQualifiedErrorId: string; message: string };
    expect(none.fullyQualifiedErrorId).toBe('InputObjectNotBound,Test.BindCommand');
  });

  it('honours hidden pipelineAliases by property name, but not as names on the command line', () => {
    const hidden: BindableCommand = {
      ...cmd,
      parameters: cmd.parameters.map((p) =>
        p.name === 'Path' ? { ...p, pipelineAliases: ['ImagePath'] } : p.name === 'Index' ? { ...p, pipelineAliases: ['ImageIndex'] } : p,
      ),
    };
    const b = new Binder(hidden, { source: src, start: 0, end: 9 });
    const base = b.bindCommandLine(named('DestinationPath', 'out.wim'), true);
    const st = b.bindPipelineObject(base, new PSObject({ ImagePath: 'in.wim', ImageIndex: 2, ImageName: 'Pro' }));
    expect((st as { params: Record<string, unknown> }).params).toMatchObject({ Path: 'in.wim', Index: 2 });
    // The parameter's own name wins over a pipeline alias.
    const st2 = b.bindPipelineObject(base, new PSObject({ ImagePath: 'alias.wim', Path: 'name.wim', Index: 1 }));
    expect((st2 as { params: Record<string, unknown> }).params.Path).toBe('name.wim');
    let id = '';
    try {
      new Binder(hidden, { source: src, start: 0, end: 9 }).bindCommandLine(named('ImagePath', 'x.wim'), false);
    } catch (e) {
      id = (e as PSRuntimeError).record.fullyQualifiedErrorId;
    }
    expect(id).toBe('NamedParameterNotFound,Test.BindCommand');
  });
});

describe('binding through the engine', () => {
  beforeAll(() => {
    tempDrive();
  });

  it('prints 5.1\'s record for a wrong parameter name', async () => {
    const r = await run('Export-WindowsImage -SourceImagePath a.wim -SourceIndex 1 -DestinationImagePath b.wim -Bogus');
    expect(lines(r.stderr)).toBe(
      [
        "Export-WindowsImage : A parameter cannot be found that matches parameter name 'Bogus'.",
        'At line:1 char:87',
        '+ Export-WindowsImage -SourceImagePath a.wim -SourceIndex 1 -DestinationImagePath b.wim -Bogus',
        '+                                                                                       ~~~~~~',
        '    + CategoryInfo          : InvalidArgument: (:) [Export-WindowsImage], ParameterBindingException',
        '    + FullyQualifiedErrorId : NamedParameterNotFound,Microsoft.Dism.Commands.ExportWindowsImageCommand',
      ].join('\n'),
    );
    expect(r.exitCode).toBe(1);
  });

  it('mandatory parameters refuse $null and empty strings (the undefined-variable bug)', async () => {
    const r = await run('Export-WindowsImage -SourceImagePath $undefinedVar -SourceIndex 1 -DestinationImagePath b.wim');
    expect(r.stderr).toContain("Export-WindowsImage : Cannot bind argument to parameter 'SourceImagePath' because it is null.");
    expect(r.stderr).toContain('InvalidData: (:) [Export-WindowsImage], ParameterBindingValidationException');
    expect(r.stderr).toContain('ParameterArgumentValidationErrorNullNotAllowed,Microsoft.Dism.Commands.ExportWindowsImageCommand');
    expect((await run("function m { param([Parameter(Mandatory)][string]$s) $s }; m -s ''")).stderr).toContain(
      "Cannot bind argument to parameter 's' because it is an empty string.",
    );
    expect(await out("function m { param([Parameter(Mandatory)][AllowEmptyString()][string]$s) \"[$s]\" }; m -s ''")).toBe('[]');
  });

  it('script functions report ParameterArgumentTransformationError', async () => {
    const r = await run('function g { param([int]$n) $n }; g -n x1');
    expect(r.stderr).toContain("Cannot process argument transformation on parameter 'n'. Cannot convert value \"x1\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"");
    expect(r.stderr).toContain('InvalidData: (:) [g], ParameterBindingArgumentTransformationException');
    expect(r.stderr).toContain('FullyQualifiedErrorId : ParameterArgumentTransformationError,g');
  });

  it('advanced functions reject unknown parameters; simple ones collect them in $args', async () => {
    expect((await run('function a { [CmdletBinding()] param($x) }; a -y 1')).stderr).toContain("A parameter cannot be found that matches parameter name 'y'.");
    // The unknown -y takes the 1 after it along into $args (the real engine's answer), leaving $x unbound.
    expect(await out('function s { param($x) "$x|$args" }; s -y 1')).toBe('|-y 1');
  });

  it('common parameters: -ErrorAction, -ErrorVariable, -OutVariable, -Verbose, -WhatIf', async () => {
    expect(await out("Get-Item C:\\nope -ea SilentlyContinue -ErrorVariable ev; $ev.Count")).toBe('1');
    expect(await out("Write-Output 5 -OutVariable ov | Out-Null; $ov")).toBe('5');
    expect(await out("function v { [CmdletBinding()] param() Write-Verbose 'vv' }; v -Verbose")).toBe('VERBOSE: vv');
    expect(await out("New-Item C:\\w.txt -WhatIf; Test-Path C:\\w.txt")).toMatch(/^What if: Performing the operation "Create File" on target "Destination: C:\\w.txt".\nFalse$/);
    expect(await out("Write-Warning 'w1' -WarningVariable wv -WarningAction SilentlyContinue; $wv")).toBe('w1');
    expect(await out("1, 2 | Write-Output -PipelineVariable pv | ForEach-Object { \"$pv\" }")).toBe('1\n2');
    expect((await run('New-Item C:\\c.txt -Confirm')).stderr).toContain('NonInteractive mode');
    // Write-Output has no -WhatIf: its InputObject collects the remaining arguments, the unknown name's text among
    // them (the real engine prints 1 and -WhatIf).
    expect(await out('Write-Output 1 -WhatIf')).toBe('1\n-WhatIf');
  });

  it('splatting binds hashtable keys as names', async () => {
    const r = await run("$p = @{ SourceImagePath = 'a.wim'; DestinationImagePath = 'b.wim' }; Export-WindowsImage @p");
    expect(r.stderr).toContain('Cannot process command because of one or more missing mandatory parameters: SourceIndex.');
  });

  it('pipeline input by property name rebinds per object', async () => {
    const script =
      "function f { [CmdletBinding()] param([Parameter(ValueFromPipelineByPropertyName)][Alias('N')]$Name, [Parameter(ValueFromPipelineByPropertyName)][int]$Size) process { \"$Name=$Size\" } }\n" +
      "[pscustomobject]@{ N = 'a'; Size = '1' }, [pscustomobject]@{ Name = 'b'; Size = 2 } | f";
    expect(await out(script)).toBe('a=1\nb=2');
  });
});
