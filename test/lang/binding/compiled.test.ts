/* The binder's compiled command metadata: cached once per command, name/alias/prefix tables, set bitmasks, types. */
import { compiledCommand, fullType, fullTypeName, type BindableCommand } from '../../../src/lang/binding/compiled';
import { Binder } from '../../../src/lang/binding/binder';
import { enumTypes, registerEnum } from '../../../src/lang/types/values';

const cmd: BindableCommand = {
  name: 'Test-Compiled',
  errorSuffix: 'Test.CompiledCommand',
  isCmdlet: true,
  defaultParameterSetName: 'ByIndex',
  parameters: [
    { name: 'Path', type: 'String', aliases: ['SIP'], mandatory: true, position: 0, valueFromPipelineByPropertyName: true, pipelineAliases: ['ImagePath'] },
    { name: 'Index', type: 'UInt32', aliases: ['SI'], sets: { ByIndex: { mandatory: true, position: 1, valueFromPipelineByPropertyName: true } } },
    { name: 'Name', type: 'String', aliases: ['SN'], sets: { ByName: { mandatory: true, valueFromPipeline: true } } },
    { name: 'DestinationPath', type: 'String' },
    { name: 'DestinationName', type: 'String', sets: { ByName: {}, __AllParameterSets: { position: 3 } } },
    { name: 'Kind', type: 'String', validateSet: ['Fast', 'Max'] },
    { name: 'Quiet', type: 'switch' },
  ],
};

describe('compiled command metadata', () => {
  it('is compiled once per command object', () => {
    expect(compiledCommand(cmd)).toBe(compiledCommand(cmd));
    expect(compiledCommand({ ...cmd })).not.toBe(compiledCommand(cmd));
  });

  it('numbers the sets in first-mention order and gives each parameter its membership as a mask', () => {
    const c = compiledCommand(cmd);
    expect(c.setNames).toEqual(['ByIndex', 'ByName']);
    const mask = (n: string) => c.byName.get(n)!.setMask;
    expect(mask('Path')).toBe(0b11);
    expect(mask('Index')).toBe(0b01);
    expect(mask('Name')).toBe(0b10);
    expect(mask('DestinationName')).toBe(0b11); // an __AllParameterSets entry puts it in every set
    expect(c.namesOf(0b10)).toEqual(['ByName']);
    expect(c.namesOf(0b11)).toBe(c.namesOf(0b11)); // one shared list per mask
    expect(c.maskOf(c.namesOf(0b01))).toBe(0b01);
    expect(c.maskOf(['ByName', 'Nope'])).toBe(0b10);
  });

  it('keeps what binding narrows the valid sets to: the named sets, not __AllParameterSets', () => {
    const c = compiledCommand(cmd);
    const p = (n: string) => c.byName.get(n)!;
    expect([p('Path').narrowMask, p('Path').inAllSets]).toEqual([0, true]);
    expect([p('Index').narrowMask, p('Index').inAllSets]).toEqual([0b01, false]);
    // Named in ByName and in all sets: binding it narrows to ByName, as PowerShell's ParameterSetFlags do.
    expect([p('DestinationName').narrowMask, p('DestinationName').inAllSets]).toEqual([0b10, true]);
    expect(p('DestinationName').setData.map((d) => [d.bit, d.flags.position])).toEqual([[0b10, undefined], [0, 3]]);
    expect([c.defaultMask, c.namedMask]).toEqual([0b01, 0b11]);
    expect([p('Name').pipeline, p('Kind').pipeline]).toEqual([true, false]);
  });

  it('puts the default set first, a set even when no parameter names it', () => {
    const c = compiledCommand({ ...cmd, defaultParameterSetName: 'Other' });
    expect(c.setNames).toEqual(['Other', 'ByIndex', 'ByName']);
    expect(c.defaultMask).toBe(0b001);
    expect(c.byName.get('Path')!.setMask).toBe(0b111);
    expect(c.byName.get('Index')!.setMask).toBe(0b010);
  });

  it('resolves flags per set (the set entry over the parameter, __AllParameterSets as the fallback)', () => {
    const c = compiledCommand(cmd);
    const dn = c.byName.get('DestinationName')!;
    expect(dn.flags[0]).toEqual({ mandatory: false, position: 3, byValue: false, byName: false });
    expect(dn.flags[1]).toEqual({ mandatory: false, position: undefined, byValue: false, byName: false });
    expect(c.byName.get('Index')!.flags).toEqual([{ mandatory: true, position: 1, byValue: false, byName: true }, undefined]);
    expect(c.mandatoryBySet.map((ps) => ps.map((p) => p.name))).toEqual([['Path', 'Index'], ['Path', 'Name']]);
    expect(c.byName.get('Name')!.byValueMask).toBe(0b10);
    expect(c.byName.get('Path')!.byNameMask).toBe(0b11);
    expect(c.byName.get('Path')!.pipelineNames).toEqual(['Path', 'SIP', 'ImagePath']);
    expect(c.takesPipelineInput).toBe(true);
    expect(compiledCommand({ ...cmd, parameters: [{ name: 'X', type: 'String' }] }).takesPipelineInput).toBe(false);
  });

  it('looks names up exactly (names and aliases) and by prefix, candidates in declaration order', () => {
    const c = compiledCommand(cmd);
    expect(c.exact.get('sip')!.name).toBe('Path');
    expect(c.exact.get('imagepath')).toBeUndefined(); // pipeline aliases are not parameter names
    expect(c.prefixes.get('destination')!.map((p) => p.name)).toEqual(['DestinationPath', 'DestinationName']);
    expect(c.prefixes.get('s')!.map((p) => p.name)).toEqual(['Path', 'Index', 'Name']); // by their aliases SIP, SI, SN
    expect(c.prefixes.get('q')!.map((p) => p.name)).toEqual(['Quiet']);
  });

  it('fixes full type names once, but resolves a not-yet-known type name when used', () => {
    const c = compiledCommand(cmd);
    expect(c.byName.get('Quiet')!.isSwitch).toBe(true);
    expect(c.byName.get('Quiet')!.fullType).toBe('System.Management.Automation.SwitchParameter');
    expect(c.byName.get('Index')!.fullType).toBe('System.UInt32');
    expect(fullTypeName('String[]')).toBe('System.String[]');
    expect(fullTypeName('SWITCH')).toBe('System.Management.Automation.SwitchParameter');
    const late = compiledCommand({ ...cmd, parameters: [{ name: 'Shade', type: 'test.latecolour' }] }).params[0];
    expect(late.fullType).toBeUndefined();
    expect(fullType(late)).toBe('test.latecolour');
    expect(enumTypes.has('test.latecolour')).toBe(false);
    registerEnum({ fullName: 'Test.LateColour', members: [['Red', 0]] });
    expect(fullType(late)).toBe('Test.LateColour');
  });

  it('validates sets case-insensitively from the lower-cased table', () => {
    const b = new Binder(cmd, { source: { text: 'x' }, start: 0, end: 1 });
    const st = b.bindCommandLine(
      [
        { kind: 'value', value: 'a.wim', start: 0, end: 1 },
        { kind: 'param', name: 'ki', start: 0, end: 1 },
        { kind: 'value', value: 'mAX', start: 0, end: 1 },
        { kind: 'value', value: '2', start: 0, end: 1 },
      ],
      false,
    );
    expect(st.params).toEqual({ Path: 'a.wim', Kind: 'mAX', Index: 2 });
    expect(st.setName).toBe('ByIndex');
  });

  it('refuses more than 32 parameter sets, as PowerShell does', () => {
    // The default set counts (it is S0 here: a default no parameter names would be a 33rd set).
    const many: BindableCommand = { ...cmd, defaultParameterSetName: 'S0', parameters: Array.from({ length: 33 }, (_, i) => ({ name: `P${i}`, type: 'String', sets: { [`S${i}`]: {} } })) };
    expect(() => compiledCommand(many)).toThrow('more than 32 parameter sets');
    const max: BindableCommand = { ...many, parameters: many.parameters.slice(0, 32) };
    expect(compiledCommand(max).allMask).toBe(0xffffffff);
    expect(compiledCommand(max).byName.get('P31')!.setMask).toBe(0x80000000);
  });
});
