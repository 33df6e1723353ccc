/*
 * dism.exe through its two ways in, as users run it: `wimsh-dism` from bash (bytes on stdout, the exit code), and
 * `dism` inside wimsh scripts (lines, $LASTEXITCODE, $?, Start-Process, mixed with the Dism cmdlets on one image).
 * Every verb and its option forms, the errors and their exit codes, the console text byte for byte, the log's
 * DISM.EXE: session, /Get-WimInfo parsed with the regexes real scripts use. Every WIM written verifies with
 * wimlib-imagex and 7zz.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Sandbox, expectValidWim, imageNames, makeTree, sandbox, wimInfo } from '../../cmdlets/Dism/helpers';
import { progressBar } from '../../../src/frontends/dism-exe/console';

const DISM_BIN = path.join(__dirname, '../../../bin/wimsh-dism.js');
const BANNER = '\r\nDeployment Image Servicing and Management tool\r\nVersion: 10.0.26100.1\r\n\r\n';
const DONE = 'The operation completed successfully.\r\n';
const LOG_LINE = 'The DISM log file can be found at C:\\Windows\\Logs\\DISM\\dism.log\r\n';
const BAR100 = `\r${progressBar(100)}\r\n`;

let sb: Sandbox;

function dism(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [DISM_BIN, ...args], { cwd: sb.dir, env: { ...sb.env, TZ: 'UTC' }, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function ps(script: string): { code: number | null; out: string; err: string } {
  const r = sb.run(script, { TZ: 'UTC' });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

/** `text` as a regular expression matching itself. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The console text with each bar line (CR bar CRLF) reduced to its label. */
function bars(text: string): string {
  return text.replace(/\r\[[ =]*?(\d+\.\d%)[ =]*\] \r\n/g, '<$1>');
}

beforeAll(() => {
  sb = sandbox('dismexe');
  makeTree(sb.cpath('src1'), 'one');
  makeTree(sb.cpath('src2'), 'two');
  fs.mkdirSync(sb.cpath('out'));
});
afterAll(() => sb.cleanup());

describe('wimsh-dism from bash', () => {
  it('captures, appends, lists, exports, applies, splits and deletes, each WIM verifying', () => {
    let r = dism('/Capture-Image', '/ImageFile:C:\\out\\a.wim', '/CaptureDir:C:\\src1', '/Name:One', '/Description:First', '/Compress:max');
    expect(r.code).toBe(0);
    expect(bars(r.out)).toMatch(new RegExp(`^${BANNER.replace(/\\/g, '\\\\')}Saving image\\r\\n(<\\d+\\.\\d%>)*<100\\.0%>${DONE.replace('.', '\\.')}$`));
    r = dism('/append-image', '/imagefile=C:\\out\\a.wim', '/capturedir=C:\\src2', '/name=Two');
    expect(r.code).toBe(0);
    expect(imageNames(sb.cpath('out/a.wim'))).toEqual(['One', 'Two']);
    expect(wimInfo(sb.cpath('out/a.wim')).Compression).toBe('LZX');
    expectValidWim(sb.cpath('out/a.wim'), true);

    r = dism('/Export-Image', '/SourceImageFile:"C:\\out\\a.wim"', '/SourceName:Two', '/DestinationImageFile:C:\\out\\b.wim', '/Compress:fast', '/CheckIntegrity');
    expect(r.code).toBe(0);
    expect(bars(r.out)).toMatch(/Exporting image\r\n(<\d+\.\d%>)*<100\.0%>The operation/);
    expect(wimInfo(sb.cpath('out/b.wim'))).toMatchObject({ Compression: 'XPRESS', 'Image Count': '1' });
    expectValidWim(sb.cpath('out/b.wim'), true);
    // An existing destination gets the image appended; /Compress does not apply to it.
    r = dism('/Export-Image', '/SourceImageFile:C:\\out\\a.wim', '/SourceIndex:1', '/DestinationImageFile:C:\\out\\b.wim', '/DestinationName:Again');
    expect(r.code).toBe(0);
    expect(imageNames(sb.cpath('out/b.wim'))).toEqual(['Two', 'Again']);
    expectValidWim(sb.cpath('out/b.wim'), true);

    fs.mkdirSync(sb.cpath('applied'));
    r = dism('/Apply-Image', '/ImageFile:C:\\out\\a.wim', '/Index:2', '/ApplyDir:C:\\applied');
    expect(r.code).toBe(0);
    expect(bars(r.out)).toContain('Applying image\r\n');
    expect(fs.readFileSync(sb.cpath('applied/two.txt'), 'utf8')).toBe(fs.readFileSync(sb.cpath('src2/two.txt'), 'utf8'));

    r = dism('/Split-Image', '/ImageFile:C:\\out\\a.wim', '/SWMFile:C:\\out\\a.swm', '/FileSize:1');
    expect(r.code).toBe(0);
    expect(fs.existsSync(sb.cpath('out/a.swm'))).toBe(true);
    r = dism('/Export-Image', '/SourceImageFile:C:\\out\\a.swm', '/SWMFile:C:\\out\\a*.swm', '/SourceIndex:1', '/DestinationImageFile:C:\\out\\fromswm.wim');
    expect(r.code).toBe(0);
    expectValidWim(sb.cpath('out/fromswm.wim'), true);

    fs.copyFileSync(sb.cpath('out/a.wim'), sb.cpath('out/c.wim'));
    r = dism('/Delete-Image', '/ImageFile:C:\\out\\c.wim', '/Name:One');
    expect(r).toEqual({ code: 0, out: BANNER + DONE, err: '' });
    expect(imageNames(sb.cpath('out/c.wim'))).toEqual(['Two']);
    expectValidWim(sb.cpath('out/c.wim'), true);
  });

  it('prints /Get-WimInfo as DISM does, byte for byte, with and without /Index', () => {
    const r = dism('/Get-WimInfo', '/WimFile:C:\\out\\a.wim');
    const size = (n: number) => `${Number(wimlibImage(n, 'Total Bytes')).toLocaleString('en-US')} bytes`;
    expect(r.out).toBe(
      BANNER +
        'Details for image : C:\\out\\a.wim\r\n\r\n' +
        `Index : 1\r\nName : One\r\nDescription : First\r\nSize : ${size(1)}\r\n\r\n` +
        `Index : 2\r\nName : Two\r\nDescription : <undefined>\r\nSize : ${size(2)}\r\n\r\n` +
        DONE,
    );
    const one = dism('/English', '/Get-ImageInfo', '/ImageFile:C:\\out\\a.wim', '/Index:1');
    expect(one.code).toBe(0);
    const lines = one.out.split('\r\n');
    expect(lines.slice(4, 10)).toEqual(['Details for image : C:\\out\\a.wim', '', 'Index : 1', 'Name : One', 'Description : First', `Size : ${size(1)}`]);
    expect(lines).toContain('WIM Bootable : No');
    expect(lines).toContain('Languages : <undefined>');
    expect(lines.find((l) => l.startsWith('Created : '))).toMatch(/^Created : \d{1,2}\/\d{1,2}\/\d{4} - \d{1,2}:\d\d:\d\d [AP]M$/);
    expect(one.out.endsWith('Languages : <undefined>\r\n' + DONE)).toBe(true);
  });

  it('lists an image\'s paths with /List-Image, the same list Get-WindowsImageContent writes', () => {
    const r = dism('/List-Image', '/ImageFile:C:\\out\\a.wim', '/Index:2');
    expect(r.code).toBe(0);
    expect(r.out.startsWith(BANNER)).toBe(true);
    expect(r.out.endsWith(DONE)).toBe(true);
    const listed = r.out.slice(BANNER.length, -DONE.length).split('\r\n').filter((l) => l !== '');
    const cmdlet = ps("Get-WindowsImageContent -ImagePath C:\\out\\a.wim -Index 2");
    expect(cmdlet.code).toBe(0);
    expect(listed).toEqual(cmdlet.out.split(/\r?\n/).filter((l) => l !== ''));
    expect(listed).toContain('\\two.txt');
    expect(dism('/List-Image', '/ImageFile:C:\\out\\a.wim', '/Name:One').out).toContain('\r\n\\one.txt\r\n');
    // /Index or /Name is required (unlike /Get-ImageInfo).
    expect(dism('/List-Image', '/ImageFile:C:\\out\\a.wim').code).toBe(87);
  });

  it('answers each refusal with DISM\'s error block and exit code', () => {
    const block = (code: string, text: string) => `${BANNER}\r\nError: ${code}\r\n\r\n${text}\r\n\r\n${LOG_LINE}`;
    expect(dism('/Frobnicate')).toEqual({ code: 87, err: '', out: block('87', 'DISM doesn\'t recognize the command-line option "/Frobnicate". \r\nFor more information, refer to the help by running DISM.exe /?.') });
    expect(dism('/Get-WimInfo', '/WimFile:')).toMatchObject({ code: 87, out: block('87', 'The /WimFile: option is missing a required argument. \r\nFor more information, refer to the help for the /WimFile: option.') });
    expect(dism('/Export-Image', '/SourceIndex:1')).toMatchObject({ code: 87, out: block('87', 'The /Export-Image option is missing a required argument. \r\nFor more information, refer to the help for the /Export-Image option.') });
    expect(dism('/Get-WimInfo', '/WimFile:C:\\out\\a.wim', '/Index:1', '/Index:2').out).toContain('The /Index option has been duplicated on the command-line. ');
    expect(dism('/Cleanup-Wim', '/CheckIntegrity:yes').code).toBe(87);
    expect(dism('/Capture-Image', '/ImageFile:C:\\out\\z.wim', '/CaptureDir:C:\\src1', '/Name:x', '/Compress:recovery').out).toContain('The recovery argument given for the /Compress option is invalid.');
    expect(dism('/LogLevel:7', '/Get-MountedImageInfo')).toMatchObject({ code: 87 });
    expect(dism('/Get-WimInfo', '/WimFile:C:\\out\\missing.wim')).toEqual({ code: 2, err: '', out: block('2', 'The system cannot find the file specified.') });
    expect(dism('/Get-WimInfo', '/WimFile:C:\\src1\\readme.txt')).toMatchObject({ code: 11, out: block('11', 'An attempt was made to load a program with an incorrect format.') });
    expect(dism('/Apply-Image', '/ImageFile:C:\\out\\a.wim', '/Index:1', '/ApplyDir:C:\\nowhere')).toMatchObject({ code: 3 });
    expect(dism('/Get-WimInfo', '/WimFile:C:\\out\\a.wim', '/Index:9')).toMatchObject({ code: 87, out: block('87', 'The parameter is incorrect.') });
    expect(dism('/Capture-Image', '/ImageFile:C:\\out\\a.wim', '/CaptureDir:C:\\src1', '/Name:x').code).toBe(80);
    // DISM's own HRESULTs exit with the 32-bit value, which a POSIX shell sees modulo 256 (0xc1420115 -> 0x15).
    fs.writeFileSync(sb.cpath('notempty.txt'), 'x');
    const m = dism('/Mount-Image', '/ImageFile:C:\\out\\a.wim', '/Index:1', '/MountDir:C:\\no-such-dir');
    expect(m.out).toContain('\r\nError: 0xc1420115\r\n');
    expect(m.code).toBe(0x15);
    // Servicing verbs are known, and refused as an operation this host cannot perform.
    for (const args of [['/Online', '/Enable-Feature', '/FeatureName:NetFx3'], ['/Image:C:\\mount', '/Add-Driver', '/Driver:C:\\d.inf'], ['/Add-Package', '/PackagePath:x.cab'], ['/Online']]) {
      const s = dism(...args);
      expect(s.code).toBe(50);
      expect(s.out).toContain('needs the Windows servicing stack');
    }
    // /Compress:recovery writes a solid LZMS .esd (the LZMS writer, issue 17): version 0xE00, LZMS, verified.
    const rec = dism('/Export-Image', '/SourceImageFile:C:\\out\\a.wim', '/SourceIndex:1', '/DestinationImageFile:C:\\out\\r.esd', '/Compress:Recovery');
    expect(rec.code).toBe(0);
    expect(rec.out).toContain('The operation completed successfully.');
    expectValidWim(sb.cpath('out/r.esd'), true);
    const info = spawnSync('wimlib-imagex', ['info', sb.cpath('out/r.esd')], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/^Version:\s+3584$/m);
    expect(info).toMatch(/^Compression:\s+LZMS$/m);
  });

  it('shows help for /? and for a verb, and /Quiet prints errors only', () => {
    const h = dism('/?');
    expect(h.code).toBe(0);
    for (const s of ['GENERIC IMAGING COMMANDS:', 'WIM COMMANDS:', 'FFU COMMANDS:', 'IMAGE SPECIFICATIONS:', 'DISM OPTIONS:', '  /Export-Image           - Exports a copy of the specified image to another'])
      expect(h.out).toContain(s);
    expect(dism().out).toBe(h.out);
    const v = dism('/Mount-Wim', '/?');
    expect(v.out).toContain('/Mount-Wim /WimFile:<path_to_WIM_file>\r\n  {/Index:<image_index> | /Name:<image_name>}\r\n  /MountDir:<target_mount_directory> [/readonly]\r\n');
    expect(v.out).toContain('    Examples:');
    expect(dism('/Quiet', '/Get-WimInfo', '/WimFile:C:\\out\\a.wim')).toEqual({ code: 0, out: '', err: '' });
    expect(dism('/quiet', '/Get-WimInfo', '/WimFile:C:\\out\\nope.wim').out).toBe(`\r\nError: 2\r\n\r\nThe system cannot find the file specified.\r\n\r\n${LOG_LINE}`);
  });

  it('logs its session in dism.exe\'s form, in /LogPath when given', () => {
    const r = dism('/LogPath:C:\\logs\\exe.log', '/LogLevel:4', '/ScratchDir:C:\\out', '/Get-WimInfo', '/WimFile:C:\\out\\a.wim');
    expect(r.code).toBe(0);
    const log = fs.readFileSync(sb.cpath('logs/exe.log'), 'utf8').split('\r\n').filter(Boolean).map((l) => l.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, /, ''));
    expect(log.slice(0, 7)).toEqual([
      'Info                  DISM   Initialized Panther logging at C:\\logs\\exe.log',
      'Info                  DISM   DISM.EXE: ',
      'Info                  DISM   DISM.EXE: <----- Starting Dism.exe session ----->',
      'Info                  DISM   DISM.EXE: ',
      expect.stringMatching(/^Info {18}DISM {3}DISM\.EXE: Host machine information: OS Version=10\.0\.26100, Running architecture=amd64, Number of processors=\d+$/),
      'Info                  DISM   DISM.EXE: Dism.exe version: 10.0.26100.1',
      'Info                  DISM   DISM.EXE: Executing command line: dism.exe /LogPath:C:\\logs\\exe.log /LogLevel:4 /ScratchDir:C:\\out /Get-WimInfo /WimFile:C:\\out\\a.wim',
    ]);
    expect(log.slice(-4)).toEqual([
      'Info                  DISM   DISM.EXE: Image session has been closed. Reboot required=no.',
      'Info                  DISM   DISM.EXE: ',
      'Info                  DISM   DISM.EXE: <----- Ending Dism.exe session ----->',
      'Info                  DISM   DISM.EXE: ',
    ]);
    dism('/LogPath:C:\\logs\\exe.log', '/Bogus');
    const after = fs.readFileSync(sb.cpath('logs/exe.log'), 'utf8');
    expect(after).toMatch(/Error {17}DISM {3}DISM\.EXE: Failed validating command line: dism\.exe \/LogPath:C:\\logs\\exe\.log \/Bogus\r\n/);
    expect(after).toMatch(/DISM\.EXE: DISM processed the command line but failed\. HRESULT=80070057\r\n/);
    // A missing scratch directory is DISM's Error 3.
    expect(dism('/ScratchDir:C:\\nope', '/Get-MountedImageInfo').code).toBe(3);
  });
});

/** A value of one image in wimlib-imagex info. */
function wimlibImage(index: number, field: string): string {
  const out = spawnSync('wimlib-imagex', ['info', sb.cpath('out/a.wim'), String(index)], { encoding: 'utf8' }).stdout;
  return new RegExp(`^${field}:\\s+(.*)$`, 'm').exec(out)![1].trim();
}

describe('dism inside wimsh', () => {
  it('runs as dism, dism.exe, & dism.exe and by the Windows path, its lines the output, parsed with scripts\' regexes', () => {
    const r = ps(
      [
        '$lines = dism /Get-WimInfo /WimFile:C:\\out\\a.wim',
        '"count=$($lines.Count) exit=$LASTEXITCODE ok=$?"',
        'switch -Regex ($lines) { \'^Details for image : (.+$)\' { "file=$($Matches[1])" } \'^(Index|Name|Description) : (.+$)\' { "$($Matches[1])=$($Matches[2])" } \'Size : (.+) bytes$\' { "size" } }',
        '$idx = dism.exe /Get-WimInfo /WimFile:C:\\out\\a.wim | Where-Object { $_ -match \'Index : (\\d+)\' } | ForEach-Object { [int]$Matches[1] }',
        '"indexes=$($idx -join \',\')"',
        '$names = & dism.exe /Get-WimInfo /WimFile:C:\\out\\a.wim | Where-Object { $_ -match \'Name : (.+)\' } | ForEach-Object { $_.Split(":")[1].Trim() }',
        '"names=$($names -join \',\')"',
        '$w = "C:\\out\\a.wim"; $n = (& "$env:windir\\System32\\dism.exe" /Get-ImageInfo /ImageFile:"$w" /Index:2 | Select-Object -Skip 4 -First 4) -join "|"; $n',
      ].join('\n'),
    );
    expect(r.err).toBe('');
    expect(r.out.split('\n').slice(0, 12)).toEqual([
      'count=17 exit=0 ok=True',
      'file=C:\\out\\a.wim',
      'Index=1',
      'Name=One',
      'Description=First',
      'size',
      'Index=2',
      'Name=Two',
      'Description=<undefined>',
      'size',
      'indexes=1,2',
      'names=One,Two',
    ]);
    expect(r.out.split('\n')[12]).toBe('Details for image : C:\\out\\a.wim||Index : 2|Name : Two');
  });

  it('gives $LASTEXITCODE DISM\'s code (negative for DISM\'s HRESULTs) and $? false, with no error record', () => {
    const r = ps(
      [
        'dism /Get-WimInfo /WimFile:C:\\out\\missing.wim | Out-Null; "$LASTEXITCODE $?"',
        'dism /Mount-Image /ImageFile:C:\\out\\a.wim /Index:1 /MountDir:C:\\no-such-dir | Out-Null; "$LASTEXITCODE $?"',
        'if ($LASTEXITCODE -ne 0 -and $LASTEXITCODE -ne -1052638937) { "failed" }',
        'function f { dism /Bogus | Out-Null }; f; "in function: $LASTEXITCODE"',
        'dism /Get-MountedImageInfo | Out-Null; "$LASTEXITCODE $?"',
        '$Error.Count',
        '$o = dism /Bogus; $o[-3]',
      ].join('\n'),
    );
    expect(r.err).toBe('');
    expect(r.out.split('\n')).toEqual(['2 False', '-1052638955 False', 'failed', 'in function: 87', '0 True', '0', 'For more information, refer to the help by running DISM.exe /?.', '']);
  });

  it('shows each redirected bar as an empty line and the bar, as Windows PowerShell reads it', () => {
    const r = ps('$o = dism /Export-Image /SourceImageFile:C:\\out\\a.wim /SourceIndex:1 /DestinationImageFile:C:\\out\\ps.wim; $o -join "|"');
    expect(r.err).toBe('');
    expect(r.out).toMatch(/\|Exporting image(\|\|\[[= ]*\d+\.\d%[= ]*\] )*\|\|\[=+100\.0%=+\] \|The operation completed successfully\.\n$/);
    expectValidWim(sb.cpath('out/ps.wim'), true);
  });

  it('on a terminal, run standalone, redraws the bar in place; assigned, piped or redirected it stays lines', () => {
    // The script, as a file: the pseudo-terminal's command line then needs no PowerShell quoting.
    fs.writeFileSync(
      sb.cpath('tty.ps1'),
      [
        'dism /Capture-Image /ImageFile:C:\\out\\t0.wim /CaptureDir:C:\\src1 /Name:T | Out-Null',
        'dism /Export-Image /SourceImageFile:C:\\out\\t0.wim /SourceIndex:1 /DestinationImageFile:C:\\out\\tty.wim',
        '"code=$LASTEXITCODE"',
        '$o = dism /Export-Image /SourceImageFile:C:\\out\\t0.wim /SourceIndex:1 /DestinationImageFile:C:\\out\\tty2.wim',
        '"captured=$($o.Count) $($o[5] -eq \'\') $($o[6] -match \'^\\[\')"',
        'dism /Get-WimInfo /WimFile:C:\\out\\tty.wim | Select-Object -Skip 1 -First 1',
        'dism /Export-Image /SourceImageFile:C:\\out\\t0.wim /SourceIndex:1 /DestinationImageFile:C:\\out\\tty3.wim > C:\\out\\tty3.txt',
        '$p = Start-Process dism.exe -ArgumentList "/Export-Image /SourceImageFile:C:\\out\\t0.wim /SourceIndex:1 /DestinationImageFile:C:\\out\\tty5.wim" -Wait -NoNewWindow -PassThru',
        '"start-process=$($p.ExitCode)"',
      ].join('\n'),
    );
    // `script` gives wimsh a pseudo-terminal; `stty -onlcr` keeps it from turning LF into CRLF, so the bytes are the
    // program's; `exec` so that no shell stays as node's parent (CI's /bin/sh is dash).
    const r = spawnSync('script', ['-qec', `stty -onlcr; exec ${process.execPath} ${path.join(__dirname, '../../../bin/wimsh.js')} -NoProfile -File tty.ps1`, '/dev/null'], {
      cwd: sb.c,
      env: { ...sb.env, TZ: 'UTC', TERM: 'dumb' },
      encoding: 'utf8',
      timeout: 120000,
    });
    expect(r.status).toBe(0);
    const out = String(r.stdout);
    // Standalone: dism.exe's own bytes (research DISM-EXE.md §3.1-3.2), each redraw `\r[...] ` on the same line, one
    // CRLF after the last; then the captured run, read as lines, and the piped one, each an object of the pipeline.
    const bar = '\\r\\[[= ]{0,58}\\d+\\.\\d%[= ]*\\] ';
    expect(out).toMatch(
      new RegExp(
        `^${escape(`${BANNER}Exporting image\r\n`)}(${bar})*${escape(`\r${progressBar(100)}\r\n${DONE}`)}` +
          'code=0\\ncaptured=\\d+ True True\\nDeployment Image Servicing and Management tool\\n' +
          // Start-Process -NoNewWindow: the program shares the console, so the same bytes again.
          `${escape(`${BANNER}Exporting image\r\n`)}(${bar})*${escape(`\r${progressBar(100)}\r\n${DONE}`)}start-process=0\\n$`,
      ),
    );
    expect(out.slice(BANNER.length)).not.toMatch(/\] \r\n\r\[/);
    // Redirected to a file: the program's output as PowerShell read its lines, with an empty line before each bar.
    const file = fs.readFileSync(sb.cpath('out/tty3.txt')).toString('utf16le').replace(/^\ufeff/, '');
    expect(file).toMatch(/^\r\nDeployment Image Servicing and Management tool\r\nVersion: 10\.0\.26100\.1\r\n\r\nExporting image\r\n(\r\n\[[= ]*\d+\.\d%[= ]*\] \r\n)*\r\n\[=+100\.0%=+\] \r\nThe operation completed successfully\.\r\n$/);
    for (const w of ['tty', 'tty2', 'tty3', 'tty5']) expectValidWim(sb.cpath(`out/${w}.wim`), true);
    // wimsh-dism from bash on a terminal: the same bytes.
    const bash = spawnSync('script', ['-qec', `stty -onlcr; exec ${process.execPath} ${DISM_BIN} /Export-Image '/SourceImageFile:C:\\out\\t0.wim' /SourceIndex:1 '/DestinationImageFile:C:\\out\\tty4.wim'`, '/dev/null'], {
      cwd: sb.c,
      env: { ...sb.env, TZ: 'UTC', TERM: 'dumb' },
      encoding: 'utf8',
      timeout: 120000,
    });
    expect(bash.status).toBe(0);
    expect(String(bash.stdout)).toMatch(new RegExp(`^${escape(`${BANNER}Exporting image\r\n`)}(${bar})*${escape(`\r${progressBar(100)}\r\n${DONE}`)}$`));
    expectValidWim(sb.cpath('out/tty4.wim'), true);
  });

  it('runs through Start-Process with an argument array or string, -PassThru giving the exit code', () => {
    const r = ps(
      [
        '$src = "C:\\out\\a.wim"',
        '$p = Start-Process dism.exe -ArgumentList "/Export-Image", "/SourceImageFile:`"$src`"", "/SourceIndex:2", "/DestinationImageFile:C:\\out\\sp.wim", "/Compress:max" -Wait -NoNewWindow -PassThru',
        '"exit=$($p.ExitCode) last=$LASTEXITCODE"',
        '$q = Start-Process -FilePath dism.exe -ArgumentList "/Get-WimInfo /WimFile:`"C:\\out\\no such.wim`"" -Wait -NoNewWindow -PassThru',
        '"exit=$($q.ExitCode) ok=$?"',
      ].join('\n'),
    );
    expect(r.err).toBe('');
    expect(r.out).toContain('Exporting image\n');
    expect(r.out).toContain('exit=0 last=\n');
    expect(r.out).toContain('exit=2 ok=True\n');
    expectValidWim(sb.cpath('out/sp.wim'), true);
    expect(imageNames(sb.cpath('out/sp.wim'))).toEqual(['Two']);
  });

  it('shares images and mounts with the cmdlets in one script', () => {
    fs.mkdirSync(sb.cpath('mnt'));
    fs.copyFileSync(sb.cpath('out/a.wim'), sb.cpath('out/mix.wim'));
    const r = ps(
      [
        'dism /Mount-Image /ImageFile:C:\\out\\mix.wim /Index:1 /MountDir:C:\\mnt | Out-Null; "mount=$LASTEXITCODE"',
        '(Get-WindowsImage -Mounted).MountStatus',
        'dism /Get-MountedImageInfo | Where-Object { $_ -match "^(Mount Dir|Image Index|Mounted Read/Write|Status) : " }',
        'Set-Content -Path C:\\mnt\\added.txt -Value "from the script"',
        'Dismount-WindowsImage -Path C:\\mnt -Save | Out-Null',
        'dism /Get-MountedImageInfo | Where-Object { $_ -eq "No mounted images found." }',
        'Mount-WindowsImage -ImagePath C:\\out\\mix.wim -Index 2 -Path C:\\mnt | Out-Null',
        'dism /Unmount-Wim /MountDir:C:\\mnt /Discard | Where-Object { $_ -match "^Image (File|Index) : |^Unmounting image$" }',
        'Export-WindowsImage -SourceImagePath C:\\out\\mix.wim -SourceIndex 1 -DestinationImagePath C:\\out\\mix2.wim | Out-Null',
        'dism /Get-WimInfo /WimFile:C:\\out\\mix2.wim | Where-Object { $_ -like "Name :*" }',
      ].join('\n'),
    );
    expect(r.err).toBe('');
    expect(r.out).toBe(
      [
        'mount=0',
        'Ok',
        'Mount Dir : C:\\mnt',
        'Image Index : 1',
        'Mounted Read/Write : Yes',
        'Status : Ok',
        'No mounted images found.',
        'Image File : C:\\out\\mix.wim',
        'Image Index : 2',
        'Unmounting image',
        'Name : One',
        '',
      ].join('\n'),
    );
    expectValidWim(sb.cpath('out/mix.wim'), true);
    expect(spawnSync('wimlib-imagex', ['dir', sb.cpath('out/mix.wim'), '1'], { encoding: 'utf8' }).stdout).toContain('/added.txt');
    expect(fs.readdirSync(sb.cpath('mnt'))).toEqual([]);
  });

  it('commits, appends and remounts through /Commit-Image, /Unmount-Image /Commit /Append and /Remount-Image', () => {
    fs.copyFileSync(sb.cpath('out/a.wim'), sb.cpath('out/life.wim'));
    fs.rmSync(sb.cpath('mnt'), { recursive: true, force: true });
    fs.mkdirSync(sb.cpath('mnt'));
    expect(dism('/Mount-Wim', '/WimFile:C:\\out\\life.wim', '/Name:Two', '/MountDir:C:\\mnt').code).toBe(0);
    fs.writeFileSync(sb.cpath('mnt/c1.txt'), 'commit one');
    const c = dism('/Commit-Image', '/MountDir:C:\\mnt');
    expect(bars(c.out)).toMatch(/^[\s\S]*Saving image\r\n(<\d+\.\d%>)*<100\.0%>The operation completed successfully\.\r\n$/);
    expect(dism('/Remount-Image', '/MountDir:C:\\mnt')).toMatchObject({ code: 0 });
    // A read-write mount of an image mounted read-write already: DISM's 0xc1420127.
    fs.mkdirSync(sb.cpath('mnt2'));
    const twice = dism('/Mount-Image', '/ImageFile:C:\\out\\life.wim', '/Index:2', '/MountDir:C:\\mnt2');
    expect(twice.out).toContain('Error: 0xc1420127\r\n\r\nThe specified image in the specified wim is already mounted for read and write access.\r\n');
    fs.writeFileSync(sb.cpath('mnt/c2.txt'), 'commit two');
    const u = dism('/Unmount-Image', '/MountDir:C:\\mnt', '/Commit', '/Append');
    expect(u.code).toBe(0);
    expect(bars(u.out)).toMatch(/Saving image\r\n(<\d+\.\d%>)*<100\.0%>Unmounting image\r\n(<\d+\.\d%>)*<100\.0%>The operation completed/);
    expect(imageNames(sb.cpath('out/life.wim'))).toEqual(['One', 'Two', 'Two']);
    expectValidWim(sb.cpath('out/life.wim'), true);
    expect(dism('/Unmount-Image', '/MountDir:C:\\mnt', '/Discard').out).toContain('Error: 0xc142011c');
    expect(dism('/Cleanup-Mountpoints')).toEqual({ code: 0, out: BANNER + DONE, err: '' });
    expect(dism('/Unmount-Image', '/MountDir:C:\\mnt')).toMatchObject({ code: 87 });
  });
});
