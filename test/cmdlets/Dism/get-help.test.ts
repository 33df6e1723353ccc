/*
 * Get-Help in Windows PowerShell 5.1's layout, from the cmdlets' metadata (syntax, parameter attributes) and their
 * help text (cmdlets/help/*.help.ts), in en-US or zh-CN as $PSUICulture / LANG say.
 */
import { sandbox, type Sandbox } from './helpers';

let sb: Sandbox;
beforeAll(() => (sb = sandbox('help')));
afterAll(() => sb.cleanup());

const help = (script: string, env: Record<string, string | undefined> = {}) => {
  const r = sb.run(script, env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
};
/** The section headings (lines in capitals at column 0), in order. */
const headings = (text: string) => text.split('\n').filter((l) => /^\S/.test(l) && !l.startsWith('-'));

const SYNTAX_INDEX =
  'Export-WindowsImage [-CheckIntegrity] [-CompressionType <String>] -DestinationImagePath <String> [-DestinationName <String>] [-LogLevel {Errors | Warnings | WarningsInfo | Debug}] [-LogPath <String>] [-ScratchDirectory <String>] [-Setbootable] -SourceImagePath <String> -SourceIndex <UInt32> [-SplitImageFilePattern <String>] [-WIMBoot] [<CommonParameters>]';
const SYNTAX_NAME = SYNTAX_INDEX.replace('-SourceIndex <UInt32>', '-SourceName <String>');

describe('Get-Help Export-WindowsImage (en-US)', () => {
  test('the default view: NAME, SYNOPSIS, SYNTAX (one line per parameter set), DESCRIPTION, RELATED LINKS, REMARKS', () => {
    const out = help('Get-Help Export-WindowsImage');
    expect(headings(out)).toEqual(['NAME', 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'RELATED LINKS', 'REMARKS']);
    expect(out.startsWith('\nNAME\n    Export-WindowsImage\n\nSYNOPSIS\n    Exports a copy of the specified image to another image file.\n')).toBe(true);
    const syntax = out.split('\n').filter((l) => l.startsWith('    Export-WindowsImage '));
    expect(syntax).toEqual([`    ${SYNTAX_INDEX}`, `    ${SYNTAX_NAME}`]);
    expect(out).toContain('    The Export-WindowsImage cmdlet exports a copy of the specified image to another image file.');
    expect(out).toContain('    Online Version: https://learn.microsoft.com/powershell/module/dism/export-windowsimage\n    Dismount-WindowsImage\n    Get-WindowsImage\n');
    expect(out).toContain('    To see the examples, type: "get-help Export-WindowsImage -examples".\n');
    expect(out).toContain('    For technical information, type: "get-help Export-WindowsImage -full".\n');
    expect(out).not.toContain('Required?');
  });

  test('-Full adds PARAMETERS with their attribute blocks, INPUTS, OUTPUTS, NOTES and the examples', () => {
    const out = help('Get-Help Export-WindowsImage -Full');
    expect(headings(out)).toEqual(['NAME', 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS']);
    expect(out).toContain(
      [
        '    -SourceIndex <UInt32>',
        '        Specifies the index number of the image in the source file.',
        '',
        '        Required?                    true',
        '        Position?                    named',
        '        Default value                None',
        '        Accept pipeline input?       True (ByPropertyName)',
        '        Accept wildcard characters?  false',
        '',
      ].join('\n'),
    );
    expect(out).toContain('    -CheckIntegrity [<SwitchParameter>]\n');
    expect(out).toMatch(/ {8}Default value {16}False\n/);
    expect(out).toContain('    -LogLevel <LogLevel>\n');
    expect(out).toContain('        Default value                WarningsInfo\n');
    expect(out).toContain('    <CommonParameters>\n        This cmdlet supports the common parameters: Verbose, Debug,\n');
    expect(out).toContain('\nINPUTS\n    System.String[]\n');
    expect(out).toContain('\nOUTPUTS\n    Microsoft.Dism.Commands.OfflineImageObject\n');
    expect(out).toContain('    ---------- Example 1: Export an image ----------\n\n    PS C:\\> Export-WindowsImage -SourceImagePath C:\\imagestore\\custom.wim -SourceIndex 1');
    // Parameters in name order, every one of them.
    const names = [...out.matchAll(/^ {4}-(\w+) /gm)].map((m) => m[1]);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(names).toHaveLength(13);
  });

  test('-Detailed: parameter descriptions without attribute blocks, the examples, REMARKS', () => {
    const out = help('Get-Help Export-WindowsImage -Detailed');
    expect(headings(out)).toEqual(['NAME', 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'PARAMETERS', 'REMARKS']);
    expect(out).toContain('    -DestinationName <String>\n        Specifies the name of the exported image in the destination file.');
    expect(out).not.toContain('Required?');
    expect(out).toContain('Example 2: Convert an edition of an install.esd to a WIM');
  });

  test('-Examples: NAME, SYNOPSIS and the examples only', () => {
    const out = help('Get-Help Export-WindowsImage -Examples');
    expect(headings(out)).toEqual(['NAME', 'SYNOPSIS']);
    expect(out).toContain('    ---------- Example 1: Export an image ----------\n');
    expect(out).toContain('    This command exports the image at index 1 of C:\\imagestore\\custom.wim');
    expect(out).not.toContain('SYNTAX');
  });

  test('-Parameter: one block per matching parameter (wildcards allowed)', () => {
    const one = help('Get-Help Export-WindowsImage -Parameter CompressionType');
    expect(one).toMatch(/^\n-CompressionType <String>\n    Specifies the compression of a new destination file/);
    expect(one).toContain('\n    Required?                    false\n    Position?                    named\n');
    expect(one).toContain("    Default value                The source's compression (max for a solid .esd source)\n");
    const many = help('Get-Help Export-WindowsImage -Parameter Source*');
    expect([...many.matchAll(/^-(\w+)/gm)].map((m) => m[1])).toEqual(['SourceImagePath', 'SourceIndex', 'SourceName']);
  });

  test('case-insensitive names; other cmdlets get help from their metadata; wildcards list the matches', () => {
    expect(help('get-help export-windowsimage')).toContain('\nNAME\n    Export-WindowsImage\n');
    const gwi = help('Get-Help Get-WindowsImage');
    expect(gwi).toContain('SYNOPSIS\n    Gets information about a Windows image in a WIM or VHD file.');
    expect(gwi).toMatch(/^ {4}Get-WindowsImage .*-ImagePath <String>.*\[<CommonParameters>\]$/m);
    const list = help('Get-Help *-WindowsImage');
    expect(list).toMatch(/^Name +Category +Module +Synopsis/m);
    expect(list).toMatch(/^Export-WindowsImage +Cmdlet +Dism +Exports a copy/m);
    expect(list).toMatch(/^Get-WindowsImage +Cmdlet +Dism /m);
  });

  test('help and man are Get-Help; -Online gives the online address', () => {
    expect(headings(help('help Export-WindowsImage -Examples'))).toEqual(['NAME', 'SYNOPSIS']);
    expect(help('Get-Help Export-WindowsImage -Online')).toBe('https://learn.microsoft.com/powershell/module/dism/export-windowsimage\n');
  });

  test('an unknown topic and an unknown parameter are error records', () => {
    const r = sb.run('Get-Help Export-WindowsImages');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Get-Help : Get-Help could not find Export-WindowsImages in a help file in this session.');
    expect(r.stderr).toContain('+ CategoryInfo          : ResourceUnavailable: (:) [Get-Help], HelpNotFoundException');
    expect(r.stderr).toContain('+ FullyQualifiedErrorId : HelpNotFound,Microsoft.PowerShell.Commands.GetHelpCommand');
    const p = sb.run('Get-Help Export-WindowsImage -Parameter Bogus');
    expect(p.code).toBe(1);
    expect(p.stderr).toContain('Get-Help : No parameter matches criteria Bogus.');
    expect(p.stderr).toContain('+ FullyQualifiedErrorId : NoParmsFound,Microsoft.PowerShell.Commands.GetHelpCommand');
  });
});

describe('Get-Help Export-WindowsImage (zh-CN)', () => {
  test('LANG=zh_CN.UTF-8 picks the zh-CN text and headings; the syntax is the same', () => {
    const out = help('Get-Help Export-WindowsImage', { LANG: 'zh_CN.UTF-8' });
    expect(headings(out)).toEqual(['名称', '摘要', '语法', '说明', '相关链接', '备注']);
    expect(out).toContain('摘要\n    将指定的图像复制到另一个图像文件中。\n');
    expect(out).toContain(`    ${SYNTAX_INDEX}\n`);
    expect(out).toContain('    若要查看示例，请键入: "get-help Export-WindowsImage -examples".');
  });

  test('-Full and -Parameter in zh-CN: labels aligned by display width', () => {
    const out = help('Get-Help Export-WindowsImage -Parameter SourceIndex', { LANG: 'zh_CN.UTF-8' });
    expect(out).toBe(
      [
        '',
        '-SourceIndex <UInt32>',
        '    指定 Windows 镜像在 WIM 或 VHD 文件中的索引编号。对于 VHD 文件，该索引编号必须为 1。',
        '',
        '    是否必需?                    true',
        '    位置?                        named',
        '    默认值                       None',
        '    是否接受管道输入?            True (ByPropertyName)',
        '    是否接受通配符?              false',
        '',
        '',
      ].join('\n'),
    );
    const full = help('Get-Help Export-WindowsImage -Full', { LANG: 'zh_CN.UTF-8' });
    expect(headings(full)).toEqual(['名称', '摘要', '语法', '说明', '参数', '输入', '输出', '注释', '相关链接']);
    expect(full).toContain('示例 1：导出一张图片');
  });

  test('$PSUICulture decides over LANG', () => {
    expect(headings(help("$PSUICulture = 'zh-CN'; Get-Help Export-WindowsImage -Examples"))).toEqual(['名称', '摘要']);
    expect(headings(help("$PSUICulture = 'en-US'; Get-Help Export-WindowsImage -Examples", { LANG: 'zh_CN.UTF-8' }))).toEqual(['NAME', 'SYNOPSIS']);
  });
});
