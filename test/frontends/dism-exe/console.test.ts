/*
 * dism.exe's console text, byte for byte: the progress bar's formula against the lines of real captures (research
 * DISM-EXE.md §3.2), the bar on a terminal (redrawn with CR) and redirected (CR bar CRLF), the line splitter that
 * reads it as PowerShell does, the error block, /Quiet; and the command line's refusals (Error 87 texts).
 */
import { DismConsole, LineSplitter, progressBar } from '../../../src/frontends/dism-exe/console';
import { parseCommandLine, rawCommandLine } from '../../../src/frontends/dism-exe/options';

function recorder(terminal: boolean) {
  let text = '';
  return { sink: { terminal, write: (t: string) => void (text += t) }, text: () => text };
}

describe('the progress bar', () => {
  it('matches the lines of real captures', () => {
    expect(progressBar(1)).toBe('[                           1.0%                           ] ');
    expect(progressBar(85)).toBe('[===========================85.0%=================         ] ');
    expect(progressBar(100)).toBe('[==========================100.0%==========================] ');
  });

  it('fills floor(p * 58 / 100) cells from the unrounded percentage, the label centred', () => {
    const bar = progressBar(58.6);
    expect(bar.length).toBe(61);
    // 58.6% fills 33.99 -> 33 cells; a label at 27..31 covers cells, the fill shows on both sides.
    expect(bar).toBe(`[${'='.repeat(27)}58.6%${'='.repeat(1)}${' '.repeat(25)}] `);
    expect(progressBar(10).indexOf('10.0%')).toBe(28);
  });
});

describe('the console', () => {
  it('writes the banner, the operation line, a bar per whole percent redirected, and the completion line', () => {
    const r = recorder(false);
    const c = new DismConsole(r.sink);
    c.banner();
    c.operation('Exporting image');
    c.progress(1, 100);
    c.progress(15, 1000); // 1.5%: the same whole percent, not drawn again
    c.progress(50, 100);
    c.finishProgress();
    c.completed();
    expect(r.text()).toBe(
      '\r\nDeployment Image Servicing and Management tool\r\nVersion: 10.0.26100.1\r\n\r\nExporting image\r\n' +
        `\r${progressBar(1)}\r\n\r${progressBar(50)}\r\n\r${progressBar(100)}\r\n` +
        'The operation completed successfully.\r\n',
    );
  });

  it('redraws the bar in place on a terminal and ends its line before the next text', () => {
    const r = recorder(true);
    const c = new DismConsole(r.sink);
    c.operation('Mounting image');
    c.progress(30, 100);
    c.finishProgress();
    c.completed();
    expect(r.text()).toBe(`Mounting image\r\n\r${progressBar(30)}\r${progressBar(100)}\r\nThe operation completed successfully.\r\n`);
  });

  it('prints a Win32 error in decimal, any other HRESULT in hex, after a blank line, then the log line', () => {
    const r = recorder(false);
    const c = new DismConsole(r.sink);
    c.operation('Unmounting image');
    c.progress(27, 100);
    c.error(0x80070070, 'There is not enough space on the disk.', 'C:\\Windows\\Logs\\DISM\\dism.log');
    c.error(0xc1420127, 'line one\nline two', 'D:\\x.log');
    expect(r.text()).toBe(
      `Unmounting image\r\n\r${progressBar(27)}\r\n` +
        '\r\nError: 112\r\n\r\nThere is not enough space on the disk.\r\n\r\nThe DISM log file can be found at C:\\Windows\\Logs\\DISM\\dism.log\r\n' +
        '\r\nError: 0xc1420127\r\n\r\nline one\r\nline two\r\n\r\nThe DISM log file can be found at D:\\x.log\r\n',
    );
  });

  it('under /Quiet writes the error block alone', () => {
    const r = recorder(true);
    const c = new DismConsole(r.sink, true);
    c.banner();
    c.operation('Exporting image');
    c.progress(40, 100);
    c.finishProgress();
    c.completed();
    expect(r.text()).toBe('');
    c.error(0x80070002, 'The system cannot find the file specified.', 'C:\\l.log');
    expect(r.text()).toBe('\r\nError: 2\r\n\r\nThe system cannot find the file specified.\r\n\r\nThe DISM log file can be found at C:\\l.log\r\n');
  });

  it('is read as PowerShell reads a program: CR, LF and CRLF end lines, so each redirected bar has an empty line before it', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => void lines.push(l));
    s.write('a\r\nb\n');
    s.write(`\r${progressBar(100)}\r`);
    s.write('\nc\rd');
    s.close();
    expect(lines).toEqual(['a', 'b', '', progressBar(100), 'c', 'd']);
  });
});

describe('the command line', () => {
  it('takes /Opt:value and /Opt=value in any case, with quotes anywhere in a token', () => {
    const p = parseCommandLine(['/export-image', '/SourceImageFile:"C:\\My Images\\x.wim"', '/sourceindex=6', '"/Compress:max"', '/CheckIntegrity']);
    expect(p.help).toBe(false);
    expect(p.options.map((o) => [o.lower, o.value])).toEqual([
      ['export-image', undefined],
      ['sourceimagefile', 'C:\\My Images\\x.wim'],
      ['sourceindex', '6'],
      ['compress', 'max'],
      ['checkintegrity', undefined],
    ]);
  });

  it('splits a value at the first : or = only (a drive letter keeps its colon)', () => {
    expect(parseCommandLine(['/LogPath=C:\\a=b.log']).options[0].value).toBe('C:\\a=b.log');
    expect(parseCommandLine(['/ImageFile:C:\\x.wim']).options[0].value).toBe('C:\\x.wim');
  });

  it('takes /? and /Get-Help last only', () => {
    expect(parseCommandLine(['/Mount-Wim', '/?']).help).toBe(true);
    expect(parseCommandLine(['/get-help']).help).toBe(true);
    expect(() => parseCommandLine(['/?', '/Mount-Wim'])).toThrow('Invalid command-line option "/Mount-Wim". \r\nEnsure that /? is the last option listed on the command-line.');
  });

  it('refuses a token that is not an option with DISM\'s text', () => {
    expect(() => parseCommandLine(['/ImageFile:C:\\Program', 'Files\\x.wim'])).toThrow('DISM doesn\'t recognize the command-line option "Files\\x.wim". \r\nFor more information, refer to the help by running DISM.exe /?.');
  });

  it('shows the raw command line with arguments holding spaces quoted', () => {
    expect(rawCommandLine('dism.exe', ['/Get-WimInfo', '/WimFile:C:\\a b\\x.wim'])).toBe('dism.exe /Get-WimInfo "/WimFile:C:\\a b\\x.wim"');
  });
});
