/*
 * The interactive console on a real pseudo-terminal (tmux): what a user sees on the screen when completing each kind
 * of thing (dism.exe's options too), cycling with Tab and Shift+Tab, listing with Ctrl+Space, editing multi-line input, redefining the prompt,
 * setting the window title, recalling history in a second session, seeing an error in colour, and stopping an export
 * with Ctrl+C (the prompt returns and nothing is left in the destination directory). Runs the built CLI (bin/wimsh.js).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Tty } from './tty-harness';

jest.setTimeout(180000);

/** A home with a C: drive holding out\, 'Program Files'\ and a two-image WIM captured by wimlib-imagex. */
function homeWithDrive(tty: Tty): string {
  const c = path.join(tty.home, 'drives', 'c');
  fs.mkdirSync(path.join(c, 'out', 'sub'), { recursive: true });
  fs.mkdirSync(path.join(c, 'Program Files'), { recursive: true });
  fs.writeFileSync(path.join(c, 'out', 'note.txt'), 'x');
  const tree = path.join(tty.home, 'tree');
  fs.mkdirSync(tree);
  fs.writeFileSync(path.join(tree, 'a.txt'), 'hello');
  execFileSync('wimlib-imagex', ['capture', tree, path.join(c, 'src.wim'), 'Windows 10 Pro', '--compress=none'], { stdio: 'ignore' });
  execFileSync('wimlib-imagex', ['append', tree, path.join(c, 'src.wim'), 'Windows 10 Home'], { stdio: 'ignore' });
  return c;
}

describe('console on a terminal', () => {
  let tty: Tty;
  afterEach(() => tty.stop());

  test('Tab completes commands, cycles forward and back, then parameters, values, paths, variables and members', async () => {
    tty = new Tty();
    homeWithDrive(tty);
    tty.start();
    await tty.waitFor(/PS .*>\s*$/m);

    tty.type('Get-WindowsIm');
    tty.keys('Tab');
    await tty.waitForInput('Get-WindowsImage');
    tty.keys('Tab');
    await tty.waitForInput('Get-WindowsImageContent');
    tty.keys('BTab');
    await tty.waitForInput('Get-WindowsImage');

    tty.type(' -Ima');
    tty.keys('Tab');
    await tty.waitForInput('Get-WindowsImage -ImagePath');
    tty.type(' C:\\sr');
    tty.keys('Tab');
    await tty.waitForInput('Get-WindowsImage -ImagePath C:\\src.wim');
    // The image names of the WIM on the line, read from its XML, quoted for their spaces.
    tty.type(' -Name ');
    tty.keys('Tab');
    await tty.waitForInput("Get-WindowsImage -ImagePath C:\\src.wim -Name 'Windows 10 Pro'");
    tty.keys('Tab');
    await tty.waitForInput("Get-WindowsImage -ImagePath C:\\src.wim -Name 'Windows 10 Home'");
    tty.keys('Enter');
    await tty.waitFor('ImageName        : Windows 10 Home');

    tty.type('Export-WindowsImage -CompressionType ');
    tty.keys('Tab');
    await tty.waitForInput('Export-WindowsImage -CompressionType none');
    tty.keys('Tab');
    await tty.waitForInput('Export-WindowsImage -CompressionType fast');
    tty.keys('C-c');

    // dism.exe: its verbs, then the verb's options, then a path after `/Option:`.
    tty.type('dism /Get-W');
    tty.keys('Tab');
    await tty.waitForInput('dism /Get-WimInfo');
    tty.type(' /WimF');
    tty.keys('Tab');
    await tty.waitForInput('dism /Get-WimInfo /WimFile:');
    tty.type('C:\\sr');
    tty.keys('Tab');
    await tty.waitForInput('dism /Get-WimInfo /WimFile:C:\\src.wim');
    tty.keys('Enter');
    await tty.waitFor(/Name : Windows 10 Home/);

        // Paths through the drive map: directories end in \, names with spaces are quoted.
    tty.type('Get-ChildItem C:\\o');
    tty.keys('Tab');
    await tty.waitForInput('Get-ChildItem C:\\out\\');
    tty.keys('Tab');
    await tty.waitForInput('Get-ChildItem C:\\out\\sub\\');
    tty.keys('C-c');
    tty.type('Get-ChildItem c:\\pro');
    tty.keys('Tab');
    await tty.waitForInput("Get-ChildItem 'c:\\Program Files\\'");
    tty.keys('C-c');

    tty.type('$sourceText = "abc"');
    tty.keys('Enter');
    tty.type('$sourceT');
    tty.keys('Tab');
    await tty.waitForInput('$sourceText');
    tty.type('.Len');
    tty.keys('Tab');
    await tty.waitForInput('$sourceText.Length');
    tty.keys('Enter');
    await tty.waitFor(/^3\s*$/m);
  });

  test('Ctrl+Space lists every candidate under the line; Enter takes the one selected', async () => {
    tty = new Tty().start();
    await tty.waitFor(/PS .*>\s*$/m);
    tty.type('Export-WindowsImage -CompressionType ');
    tty.keys('C-Space');
    const s = await tty.waitFor(/none\s+fast\s+max\s+maximum\s+recovery/);
    expect(s).toMatch(/-CompressionType none\s*\n\s*none\s+fast/);
    tty.keys('Down');
    await tty.waitForInput('Export-WindowsImage -CompressionType fast');
    tty.keys('Enter'); // takes it, closes the menu, does not run the line
    await tty.waitFor((scr) => !/maximum/.test(scr));
    await tty.waitForInput('Export-WindowsImage -CompressionType fast');
    // Ctrl+C leaves the input on screen and gives a new prompt; on an empty line too.
    tty.keys('C-c');
    await tty.waitForInput('');
    tty.keys('C-c');
    await tty.waitFor((scr) => (scr.match(/^PS .*>/gm) ?? []).length === 3);
  });

  test('the prompt shows a mapped drive in Windows form, and a prompt function replaces it; >> continues input', async () => {
    tty = new Tty();
    homeWithDrive(tty);
    tty.start();
    await tty.waitFor(/PS .*>\s*$/m);
    tty.type('Set-Location C:\\out');
    tty.keys('Enter');
    await tty.waitFor(/^PS C:\\out>\s*$/m);
    tty.type('if ($true) {');
    tty.keys('Enter');
    await tty.waitFor(/^>>\s*$/m);
    tty.type('"in" + "side"');
    tty.keys('Enter');
    tty.type('}');
    tty.keys('Enter');
    await tty.waitFor(/^inside\s*$/m);
    // Output without a newline keeps its line and the prompt follows it, as in the console host.
    tty.type('Write-Host partial -NoNewline');
    tty.keys('Enter');
    await tty.waitFor(/^partialPS C:\\out>\s*$/m);
    tty.type('function prompt { "[wimsh] " + (Get-Location).Path + " $ " }');
    tty.keys('Enter');
    await tty.waitFor(/^\[wimsh\] C:\\out \$\s*$/m);
    tty.type('$Host.UI.RawUI.WindowTitle = "Imaging room"');
    tty.keys('Enter');
    await tty.waitFor(() => tty.title() === 'Imaging room');
    tty.type('cls');
    tty.keys('Enter');
    // Cleared: the prompt is on the first row.
    await tty.waitFor((s) => s.split('\n')[0].startsWith('[wimsh] C:\\out $'));
  });

  test('history is saved under $WIMSH_HOME and recalled in the next session (UpArrow, Ctrl+R)', async () => {
    tty = new Tty();
    tty.start();
    await tty.waitFor(/PS .*>\s*$/m);
    tty.type('"from the first " + "session"');
    tty.keys('Enter');
    await tty.waitFor(/^from the first session/m);
    tty.type('"another"');
    tty.keys('Enter');
    tty.type('exit');
    tty.keys('Enter');
    await tty.waitForExit();
    expect(fs.readFileSync(path.join(tty.home, 'history.txt'), 'utf8')).toContain('"from the first " + "session"\n');

    const second = new Tty(tty.home);
    try {
      second.start();
      await second.waitFor(/PS .*>\s*$/m);
      second.keys('Up');
      await second.waitForInput('exit');
      second.keys('Up');
      await second.waitForInput('"another"');
      second.keys('Escape');
      second.keys('C-r');
      second.type('first');
      await second.waitFor('bck-i-search: first_');
      await second.waitFor('"from the first " + "session"');
      second.keys('Enter');
      await second.waitFor(/^from the first session\s*$/m);
    } finally {
      second.stop(false);
    }
  });

  test('an error is red on black, a warning yellow; $Host.PrivateData changes them; NO_COLOR turns them off', async () => {
    tty = new Tty().start();
    await tty.waitFor(/PS .*>\s*$/m);
    tty.type('Write-Error "boom"');
    tty.keys('Enter');
    let s = await tty.waitFor(/Write-Error "boom" : boom/, 30000, true);
    expect(s).toMatch(/\x1b\[91m(\x1b\[40m)?Write-Error "boom" : boom/);
    tty.type('Write-Warning "careful"');
    tty.keys('Enter');
    s = await tty.waitFor(/WARNING: careful/, 30000, true);
    expect(s).toMatch(/\x1b\[93m(\x1b\[40m)?WARNING: careful/);
    // A native program's own stderr is its text, not an error record: unpainted.
    tty.type("sh -c 'echo native-err 1>&2'");
    tty.keys('Enter');
    s = await tty.waitFor(/^native-err/m, 30000, true);
    expect(s).toMatch(/^native-err/m);
    tty.type('$Host.PrivateData.ErrorForegroundColor = "Green"; Write-Error "green now"');
    tty.keys('Enter');
    s = await tty.waitFor(/: green now/, 30000, true);
    expect(s).toMatch(/\x1b\[92m(\x1b\[40m)?.*: green now/);
    tty.stop();

    tty = new Tty().start({ NO_COLOR: '1' });
    await tty.waitFor(/PS .*>\s*$/m);
    tty.type('Write-Error "plain"');
    tty.keys('Enter');
    s = await tty.waitFor(/: plain/, 30000, true);
    expect(s).not.toMatch(/\x1b\[9\dm/);
  });

  test('Ctrl+C stops a running export: the progress banner goes, the prompt returns, nothing is left behind', async () => {
    tty = new Tty();
    const c = homeWithDrive(tty);
    // A source big enough that exporting with LZX max takes many seconds however fast the codecs get: text-like data
    // (random words, each file its own), which the match finder and the parser must work through, unlike random
    // bytes (no matches: quick), captured uncompressed.
    const big = path.join(tty.home, 'big');
    fs.mkdirSync(big);
    const words = Array.from({ length: 4096 }, () => randomBytes(3 + (randomBytes(1)[0] % 6)).toString('base64').replace(/[^a-z]/gi, 'e'));
    for (let i = 0; i < 8; i++) {
      const pick = randomBytes(4 * 1024 * 1024);
      const out = Buffer.alloc(20 * 1024 * 1024);
      let at = 0;
      for (let k = 0; at < out.length - 16; k = (k + 2) % (pick.length - 1)) at += out.write(words[((pick[k] << 8) | pick[k + 1]) & 4095] + ' ', at, 'latin1');
      fs.writeFileSync(path.join(big, `part${i}.txt`), out.subarray(0, at));
    }
    execFileSync('wimlib-imagex', ['capture', big, path.join(c, 'big.wim'), 'Big', '--compress=none'], { stdio: 'ignore' });
    fs.rmSync(big, { recursive: true });
    tty.start();
    await tty.waitFor(/PS .*>\s*$/m);
    tty.type('Export-WindowsImage -SourceImagePath C:\\big.wim -SourceIndex 1 -DestinationImagePath C:\\out\\new.wim -CompressionType max');
    tty.keys('Enter');
    // The banner: activity, status with the percent, the bar, and (after two seconds of throughput) the time left.
    await tty.waitFor(/Export-WindowsImage\s*\n\s+Exporting image \d+%\s*\n\s+\[o+ *\]\s*\n\s+\d\d:\d\d:\d\d remaining\./);
    tty.keys('C-c');
    await tty.waitFor((s) => /PS .*>\s*$/m.test(s) && !s.includes('remaining.'));
    expect(fs.readdirSync(path.join(c, 'out')).sort()).toEqual(['note.txt', 'sub']);
    // The shell is still there.
    tty.type('"still " + "here"');
    tty.keys('Enter');
    await tty.waitFor(/^still here/m);
  });
});
