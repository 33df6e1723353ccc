import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DismLog, formatDismLine, dismTimestamp, hrHex } from '../../src/dism/log';
import { ownerTag } from '../../src/formats/wim/write/lock';

const LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, (Info|Warning|Error) {1,18}DISM   \S.*\r$/;

describe('dism.log', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-dismlog-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const read = (p: string) => fs.readFileSync(p, 'utf8').split('\n').filter(Boolean);

  test('a line is time, level padded to 22 columns, DISM padded to 7, message, CRLF', () => {
    const when = new Date(2022, 1, 15, 12, 41, 13);
    expect(dismTimestamp(when)).toBe('2022-02-15 12:41:13');
    expect(formatDismLine('info', 'DISM.EXE: x', when)).toBe('2022-02-15 12:41:13, Info                  DISM   DISM.EXE: x\r\n');
    expect(formatDismLine('warn', 'w', when)).toBe('2022-02-15 12:41:13, Warning               DISM   w\r\n');
    expect(formatDismLine('error', 'e', when)).toBe('2022-02-15 12:41:13, Error                 DISM   e\r\n');
  });

  test('provider lines carry PID, TID, method and the hr on failure', () => {
    const log = new DismLog({ path: path.join(dir, 'dism.log'), displayPath: 'C:\\Windows\\Logs\\DISM\\dism.log' });
    const pid = process.pid;
    expect(log.providerLine('DISM WIM Provider', '"WIM open failed."', 'CWimImageInfo::Mount', 0x8007000b)).toBe(
      `DISM WIM Provider: PID=${pid} TID=${pid} "WIM open failed." - CWimImageInfo::Mount(hr:0x8007000b)`,
    );
    expect(hrHex(0xc1510113)).toBe('0xc1510113');
  });

  test('a session writes its header and footer in DISM layout', () => {
    const p = path.join(dir, 'logs', 'dism.log');
    const log = new DismLog({ path: p, displayPath: 'C:\\Windows\\Logs\\DISM\\dism.log' });
    log.beginSession({ commandLine: 'wimsh -c Export-WindowsImage' });
    log.info('middle');
    log.endSession();
    const lines = read(p);
    for (const l of lines) expect(l).toMatch(LINE);
    expect(lines[0]).toContain(`API: PID=${process.pid} TID=${process.pid} DismApi.dll: <----- Starting DismApi.dll session -----> - DismInitializeInternal`);
    expect(lines.some((l) => l.endsWith('DISM   Initialized Panther logging at C:\\Windows\\Logs\\DISM\\dism.log\r'))).toBe(true);
    expect(lines.some((l) => l.endsWith('DISM   middle\r'))).toBe(true);
    expect(lines[lines.length - 1]).toContain('DismApi.dll: <----- Ending DismApi.dll session -----> - DismShutdownInternal');
  });

  test.each([
    [1, ['Error']],
    [2, ['Warning', 'Error']],
    [3, ['Info', 'Warning', 'Error']],
    [4, ['Info', 'Info', 'Warning', 'Error']],
  ] as const)('LogLevel %d keeps %j', (level, kept) => {
    const p = path.join(dir, 'dism.log');
    const log = new DismLog({ path: p, displayPath: 'x', level });
    log.debug('d');
    log.info('i');
    log.warning('w');
    log.error('e');
    expect(read(p).map((l) => l.slice(21, 43).trim())).toEqual(kept);
  });

  test('a line that would pass the threshold archives the log to .bak, replacing an older .bak', () => {
    const p = path.join(dir, 'dism.log');
    fs.writeFileSync(p + '.bak', 'old bak');
    const log = new DismLog({ path: p, displayPath: 'x', maxBytes: 300 });
    for (let i = 0; i < 10; i++) log.info(`line ${i} ` + 'x'.repeat(40));
    const bak = read(p + '.bak');
    const cur = read(p);
    expect(bak.join('')).not.toContain('old bak');
    expect(fs.statSync(p).size).toBeLessThanOrEqual(300);
    expect(fs.statSync(p + '.bak').size).toBeLessThanOrEqual(300);
    expect(cur[cur.length - 1]).toContain('line 9 ');
  });

  test('the archiving lock of a process killed while archiving is taken over at once, its temporary file removed', () => {
    const p = path.join(dir, 'dism.log');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(p + '.lock', JSON.stringify({ pid: Number(dead.stdout), host: os.hostname(), started: '', id: 'k' }));
    const [, hostHash] = ownerTag().split('-');
    fs.writeFileSync(path.join(dir, `.dism.log.lock.${dead.stdout}-${hostHash}-x.q1w2e3r4.wimsh-tmp`), '{}');
    const log = new DismLog({ path: p, displayPath: 'x', maxBytes: 300 });
    for (let i = 0; i < 10; i++) log.info(`line ${i} ` + 'x'.repeat(40));
    // Archived at every crossing of the threshold (a lock not taken over lets the log grow past it).
    expect(fs.statSync(p).size).toBeLessThanOrEqual(300);
    expect(read(p + '.bak').length).toBeGreaterThan(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['dism.log', 'dism.log.bak']);
  });

  test('WIMSH_DISM_LOG_MAX_BYTES sets the threshold', () => {
    const p = path.join(dir, 'dism.log');
    process.env.WIMSH_DISM_LOG_MAX_BYTES = '200';
    try {
      const log = new DismLog({ path: p, displayPath: 'x' });
      for (let i = 0; i < 5; i++) log.info('y'.repeat(60));
    } finally {
      delete process.env.WIMSH_DISM_LOG_MAX_BYTES;
    }
    expect(fs.existsSync(p + '.bak')).toBe(true);
    expect(fs.statSync(p).size).toBeLessThanOrEqual(200);
  });

  test('two processes logging to one file at once lose no line', async () => {
    const p = path.join(dir, 'dism.log');
    // The children use the compiled module (npm test builds first).
    const modPath = path.join(__dirname, '../../dist/src/dism/log.js');
    const child = (tag: string) =>
      new Promise<void>((resolve, reject) => {
        const code = `
          const { DismLog } = require(${JSON.stringify(modPath)});
          const log = new DismLog({ path: ${JSON.stringify(p)}, displayPath: 'x', maxBytes: 20000 });
          for (let i = 0; i < 400; i++) log.info('${tag} ' + i);
        `;
        const c = spawn(process.execPath, ['-e', code], { stdio: 'inherit' });
        c.on('exit', (status) => (status === 0 ? resolve() : reject(new Error(`child ${tag} exited ${status}`))));
      });
    await Promise.all([child('A'), child('B')]);
    const all = [...(fs.existsSync(p + '.bak') ? read(p + '.bak') : []), ...read(p)];
    // Rotation keeps one .bak, so only lines archived more than once are gone: count what is in the last two files
    // and check none is torn, and that within each file every process's lines are in order.
    for (const l of all) expect(l).toMatch(/DISM {3}[AB] \d+\r$/);
    const lastA = Math.max(...all.filter((l) => / A \d+/.test(l)).map((l) => Number(/A (\d+)/.exec(l)![1])));
    const lastB = Math.max(...all.filter((l) => / B \d+/.test(l)).map((l) => Number(/B (\d+)/.exec(l)![1])));
    expect(lastA).toBe(399);
    expect(lastB).toBe(399);
    // Lines newer than the oldest line kept in .bak are all present (nothing between is lost).
    for (const tag of ['A', 'B']) {
      const nums = all.filter((l) => l.includes(` ${tag} `)).map((l) => Number(new RegExp(`${tag} (\\d+)`).exec(l)![1]));
      const first = Math.min(...nums);
      expect(new Set(nums).size).toBe(400 - first);
    }
  });
});
