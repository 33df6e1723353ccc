/*
 * The pieces of Get-Help's layout (cmdlets/_help.ts) on their own: the culture choice and the syntax lines generated
 * from parameter metadata (positional, mandatory, switches, enums, sets, ShouldProcess).
 */
import type { CmdletDefinition } from '../../../src/lang/commands/cmdlet';
import { helpCulture, renderHelp, syntaxLines } from '../../../src/lang/commands/help';
import '../../../cmdlets/Dism/_dism'; // registers the LogLevel enum

describe('helpCulture', () => {
  test.each([
    [undefined, { LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    [undefined, { LANG: 'en_US.UTF-8' }, 'en-US'],
    [undefined, { LANG: 'C.UTF-8' }, 'en-US'],
    [undefined, {}, 'en-US'],
    [undefined, { LC_ALL: 'zh_CN.GB18030', LANG: 'en_US.UTF-8' }, 'zh-CN'],
    [undefined, { LC_MESSAGES: 'de_DE.UTF-8', LANG: 'zh_CN.UTF-8' }, 'en-US'],
    ['zh-CN', { LANG: 'en_US.UTF-8' }, 'zh-CN'],
    ['en-US', { LANG: 'zh_CN.UTF-8' }, 'en-US'],
  ])('$PSUICulture=%p, env %p -> %s', (ui, env, want) => {
    expect(helpCulture(ui, env as Record<string, string>)).toBe(want);
  });
});

describe('syntaxLines', () => {
  const def: CmdletDefinition = {
    name: 'Test-Thing',
    className: 'X.TestThingCommand',
    defaultParameterSetName: 'ByPath',
    supportsShouldProcess: true,
    parameters: [
      { name: 'Path', type: 'String[]', sets: { ByPath: { mandatory: true, position: 0 } } },
      { name: 'LiteralPath', type: 'String[]', sets: { ByLiteral: { mandatory: true } } },
      { name: 'Count', type: 'Int32', position: 1 },
      { name: 'Force', type: 'SwitchParameter' },
      { name: 'Level', type: 'Microsoft.Dism.Commands.LogLevel' },
      { name: 'Hidden', type: 'String', dontShow: true },
    ],
  };

  test('one line per set, the default set first: positional first, then by name; switches bare; enums as choices', () => {
    expect(syntaxLines(def)).toEqual([
      'Test-Thing [-Path] <String[]> [[-Count] <Int32>] [-Force] [-Level {Errors | Warnings | WarningsInfo | Debug}] [-WhatIf] [-Confirm] [<CommonParameters>]',
      'Test-Thing [[-Count] <Int32>] [-Force] [-Level {Errors | Warnings | WarningsInfo | Debug}] -LiteralPath <String[]> [-WhatIf] [-Confirm] [<CommonParameters>]',
    ]);
  });

  test('a cmdlet without help text gets a help page from its metadata', () => {
    const text = renderHelp(def, 'en-US', 'full');
    expect(text).toContain('\nNAME\n    Test-Thing\n');
    expect(text).toContain('    -Path <String[]>\n');
    expect(text).toContain('        Required?                    true\n        Position?                    0\n');
    expect(text).not.toContain('-Hidden');
  });
});
