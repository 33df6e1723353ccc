/*
 * The completion engine over table sources: which kind of completion the cursor's place asks for, what replaces
 * what, quoting, and the argument-completer hook.
 */
import { complete, tokenize, type CompletionSources, type ParameterInfo } from '../../../src/frontends/console/completion';

const EXPORT: ParameterInfo[] = [
  { name: 'SourceImagePath', aliases: ['SIP'], isSwitch: false },
  { name: 'SourceIndex', aliases: ['SI'], isSwitch: false },
  { name: 'SourceName', aliases: ['SN'], isSwitch: false },
  { name: 'DestinationImagePath', aliases: ['DIP'], isSwitch: false },
  { name: 'CompressionType', aliases: [], isSwitch: false, values: ['none', 'fast', 'max', 'maximum', 'recovery'] },
  { name: 'CheckIntegrity', aliases: [], isSwitch: true },
  { name: 'LogLevel', aliases: ['LL'], isSwitch: false, values: ['Errors', 'Warnings', 'WarningsInfo'] },
];

const FILES: Record<string, Array<{ name: string; isDirectory: boolean }>> = {
  'C:\\': [
    { name: 'out', isDirectory: true },
    { name: 'Program Files', isDirectory: true },
    { name: 'other.wim', isDirectory: false },
  ],
  '': [
    { name: 'install.wim', isDirectory: false },
    { name: 'images', isDirectory: true },
  ],
};

function sources(extra: Partial<CompletionSources> = {}): CompletionSources {
  return {
    commands: () => ['Get-WindowsImage', 'Get-WindowsImageContent', 'Export-WindowsImage', 'gci', 'dism.exe', 'Get-ChildItem'],
    scripts: () => ['go.ps1'],
    parameters: (c) => (/^export-windowsimage$/i.test(c) ? EXPORT : /^gci|get-childitem$/i.test(c) ? [{ name: 'Path', aliases: [], isSwitch: false }] : undefined),
    variables: () => ['source', 'sox', 'env:PATH', 'Host'],
    members: (v, p) => (v.toLowerCase() === 'source' && p.length === 0 ? ['Name', 'Length', 'ToString('] : undefined),
    listDirectory: (d) => FILES[d.toUpperCase()],
    ...extra,
  };
}

const at = (line: string, extra?: Partial<CompletionSources>) => complete(line, line.length, sources(extra));

describe('completion engine', () => {
  test('command names in command position, sorted, with scripts of the current directory', () => {
    expect(at('Get-WindowsIm')).toEqual({ start: 0, end: 13, kind: 'command', candidates: ['Get-WindowsImage', 'Get-WindowsImageContent'] });
    expect(at('di')?.candidates).toEqual(['dism.exe']);
    expect(at('g')?.candidates).toEqual(['gci', 'Get-ChildItem', 'Get-WindowsImage', 'Get-WindowsImageContent', '.\\go.ps1']);
    // After a pipe, a semicolon, `=` or `&`, a new command begins.
    expect(at('$x = 1; Get-Ch')?.candidates).toEqual(['Get-ChildItem']);
    expect(at('gci | Export-W')?.candidates).toEqual(['Export-WindowsImage']);
    expect(at('& Export-W')?.candidates).toEqual(['Export-WindowsImage']);
    // A wildcard word is still a prefix (PowerShell appends `*`).
    expect(at('*-WindowsImage')?.candidates).toEqual(['Export-WindowsImage', 'Get-WindowsImage', 'Get-WindowsImageContent']);
  });

  test('parameter names of the command being typed, and aliases standing for them', () => {
    expect(at('Export-WindowsImage -Source')?.candidates).toEqual(['-SourceImagePath', '-SourceIndex', '-SourceName']);
    expect(at('Export-WindowsImage -DIP')?.candidates).toEqual(['-DestinationImagePath']);
    const c = at('Export-WindowsImage -SourceIndex 1 -comp');
    expect(c).toMatchObject({ start: 35, kind: 'parameter', candidates: ['-CompressionType'] });
    expect(at('Nope-Command -x')).toBeUndefined();
  });

  test('ValidateSet and enum values of the parameter before the cursor', () => {
    expect(at('Export-WindowsImage -CompressionType ')?.candidates).toEqual(['none', 'fast', 'max', 'maximum', 'recovery']);
    expect(at('Export-WindowsImage -CompressionType ma')?.candidates).toEqual(['max', 'maximum']);
    expect(at('Export-WindowsImage -LL w')?.candidates).toEqual(['Warnings', 'WarningsInfo']);
  });

  test('a command\'s own argument completer sees the word and the parameters already on the line', () => {
    const seen: unknown[] = [];
    const argumentValues: CompletionSources['argumentValues'] = (cmd, param, word, bound) => {
      seen.push({ cmd, param, word, bound });
      return param === 'SourceName' ? ['Windows 10 Pro', 'Windows 10 Home'] : undefined;
    };
    const c = at("Export-WindowsImage -SIP 'D:\\my files\\install.wim' -CheckIntegrity -SourceName Windows 10 P", { argumentValues });
    // "Windows 10 P": only the last word is being typed; nothing matches "P".
    expect(c).toBeUndefined();
    const d = at("Export-WindowsImage -SIP 'D:\\my files\\install.wim' -CheckIntegrity -SourceName Win", { argumentValues });
    expect(d?.candidates).toEqual(["'Windows 10 Pro'", "'Windows 10 Home'"]);
    expect(seen).toHaveLength(1); // the word after `Windows 10` is no parameter's value
    expect(seen[0]).toEqual({
      cmd: 'Export-WindowsImage',
      param: 'SourceName',
      word: 'Win',
      bound: { SourceImagePath: 'D:\\my files\\install.wim', CheckIntegrity: 'True' },
    });
    // Without an own completer the parameter's values (or paths) remain.
    expect(at('Export-WindowsImage -CompressionType f', { argumentValues })?.candidates).toEqual(['fast']);
  });

  test('variables after $, members after a dot', () => {
    expect(at('$so')).toEqual({ start: 0, end: 3, kind: 'variable', candidates: ['$source', '$sox'] });
    expect(at('$env:P')?.candidates).toEqual(['$env:PATH']);
    expect(at('"x" + $source.Le')?.candidates).toEqual(['$source.Length']);
    expect(at('$source.To')?.candidates).toEqual(['$source.ToString(']);
    expect(at('$nothing.x')).toBeUndefined();
  });

  test('paths through the typed directory: case-insensitive, directories first and ending in \\, spaces quoted', () => {
    expect(at('Get-ChildItem C:\\o')?.candidates).toEqual(['C:\\out\\', 'C:\\other.wim']);
    expect(at('gci c:\\pro')?.candidates).toEqual(["'C:\\Program Files\\'".replace('C:', 'c:')]);
    expect(at("gci 'C:\\Pro")?.candidates).toEqual(["'C:\\Program Files\\'"]);
    // A relative name completes as PowerShell writes it, with .\ in front.
    expect(at('Export-WindowsImage -SourceImagePath ins')?.candidates).toEqual(['.\\install.wim']);
    expect(at('Export-WindowsImage -SourceImagePath ')?.candidates).toEqual(['.\\images\\', '.\\install.wim']);
    // Nothing typed: the current directory's entries, as PowerShell offers them.
    expect(at('')?.candidates).toEqual(['.\\images\\', '.\\install.wim']);
    expect(at('gci | ')?.candidates).toEqual(['.\\images\\', '.\\install.wim']);
    // A path in command position.
    expect(at('C:\\ot')).toMatchObject({ kind: 'command', candidates: ['C:\\other.wim'] });
  });

  test("a native front end's options: dism.exe's verbs, then the verb's options; /Option:path completes the path", () => {
    const nativeOptions: CompletionSources['nativeOptions'] = (cmd, before) =>
      /^dism(\.exe)?$/i.test(cmd) ? (before.some((w) => /^\/export-image$/i.test(w)) ? ['/SourceImageFile:', '/SourceIndex:', '/Bootable'] : ['/Export-Image', '/Get-WimInfo']) : undefined;
    expect(at('dism /ex', { nativeOptions })).toMatchObject({ kind: 'parameter', candidates: ['/Export-Image'] });
    expect(at('dism.exe /Export-Image /so', { nativeOptions })?.candidates).toEqual(['/SourceImageFile:', '/SourceIndex:']);
    expect(at('dism /Export-Image /SourceImageFile:C:\\o', { nativeOptions })?.candidates).toEqual(['/SourceImageFile:C:\\out\\', '/SourceImageFile:C:\\other.wim']);
    expect(at('dism /Export-Image /SourceImageFile:C:\\pro', { nativeOptions })?.candidates).toEqual(["'/SourceImageFile:C:\\Program Files\\'"]);
  });

  test('completing inside a word replaces the whole word', () => {
    const line = 'Get-WindowsIm -ImagePath x';
    const c = complete(line, 6, sources());
    expect(c).toMatchObject({ start: 0, end: 13 });
  });

  test('the tokenizer keeps quoted strings, variables and separators apart', () => {
    expect(tokenize(`gci 'a b' | % { $_.Name }; "x\`"y"`).map((t) => [t.kind, t.value])).toEqual([
      ['word', 'gci'],
      ['string', 'a b'],
      ['separator', '|'],
      ['word', '%'],
      ['separator', '{'],
      ['variable', '_.Name'],
      ['separator', '}'],
      ['separator', ';'],
      ['string', 'x"y'],
    ]);
    expect(tokenize("'open")[0]).toMatchObject({ kind: 'string', open: true, value: 'open' });
  });
});
