/*
 * A DISM session without PowerShell (src/dism/session.ts): what a front end sees of it (its verbose and warning
 * notes, the failure it must report) and what dism.log gets (header, footer, the failure's provider line, paths as
 * the user gave them, the scratch directory).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WimError, WimErrorCode } from '../../src/formats/errors';
import { DismError } from '../../src/dism/errors';
import { DEFAULT_LOG_PATH, DismFrontEnd, DismSession, runSession } from '../../src/dism/session';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-dismsession-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A front end whose drive C: is `dir`, recording what the session tells it. */
function frontEnd(): DismFrontEnd & { notes: string[] } {
  const notes: string[] = [];
  return {
    logName: 'TEST FRONT END',
    notes,
    resolvePath: (p) => path.join(dir, p.replace(/^C:\\/i, '').split('\\').join('/')),
    verbose: (m) => notes.push(`verbose: ${m}`),
    warning: (m) => notes.push(`warning: ${m}`),
  };
}
const logLines = (p: string) => fs.readFileSync(p, 'utf8').split('\r\n').filter(Boolean).map((l) => l.slice(21));

test('a session logs to DISM\'s default path through the front end\'s drive map, header first and footer last', async () => {
  const fe = frontEnd();
  const s = new DismSession(fe);
  expect(s.logPathDisplay).toBe(DEFAULT_LOG_PATH);
  expect(s.logLevel).toBe(3);
  const failure = await runSession(s, 'wimsh Test-Command', async () => {
    s.verbose('working');
    s.warning('careful');
    s.info('plain');
  });
  expect(failure).toBeUndefined();
  expect(fe.notes).toEqual(['verbose: working', 'warning: careful']);
  const lines = logLines(path.join(dir, 'Windows/Logs/DISM/dism.log'));
  expect(lines[0]).toMatch(/^Info {18}DISM {3}API: PID=\d+ TID=\d+ DismApi\.dll: <----- Starting DismApi\.dll session -----> - DismInitializeInternal$/);
  expect(lines).toContainEqual(expect.stringMatching(/Parent process command line: wimsh Test-Command - /));
  expect(lines).toContainEqual('Info                  DISM   TEST FRONT END: working');
  expect(lines).toContainEqual('Warning               DISM   careful');
  expect(lines).toContainEqual('Info                  DISM   plain');
  expect(lines[lines.length - 1]).toMatch(/DismApi\.dll: <----- Ending DismApi\.dll session -----> - DismShutdownInternal$/);
  expect(lines.some((l) => l.includes('The operation failed.'))).toBe(false);
});

test('a failure is logged (provider line, then the HRESULT in the footer) and returned for the front end to show', async () => {
  const fe = frontEnd();
  const s = new DismSession(fe, { logPath: 'C:\\logs\\my.log', logLevel: 2 });
  const failure = await runSession(s, 'wimsh Test-Command', async () => {
    throw new WimError(WimErrorCode.ImageNotFound, 'The image "Pro" does not exist.', path.join(dir, 'x.wim'));
  });
  expect(failure).toBeDefined();
  expect(failure!.hresult).toBe(0x80070057);
  expect(failure!.kind).toBe('argument');
  expect(failure!.message()).toBe('The parameter is incorrect.');
  // LogLevel 2: errors and warnings only; double quotes in the detail become single quotes inside the quoted text.
  const lines = logLines(path.join(dir, 'logs/my.log'));
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(
    new RegExp(`^Error {17}DISM {3}DISM WIM Provider: PID=\\d+ TID=\\d+ "${dir.replace(/[/.]/g, '\\$&')}/x\\.wim: The image 'Pro' does not exist\\." - CWimManager::InternalCmd\\(hr:0x80070057\\)$`),
  );
  expect(lines[1]).toMatch(/^Error {17}DISM {3}API: PID=\d+ TID=\d+ DismApi\.dll: The operation failed\. - DismShutdownInternal\(hr:0x80070057\)$/);
});

test('log lines name the paths the user gave, the longest first', async () => {
  const s = new DismSession(frontEnd());
  await runSession(s, 'x', async () => {
    s.mapPath('/data/c', 'C:');
    s.mapPath('/data/c/out/x.wim', 'C:\\out\\x.wim');
    s.mapPath('', 'ignored');
    s.provider('DISM WIM Provider', 'Writing /data/c/out/x.wim beside /data/c/y', 'CWimManager::InternalCmdExport', 'warning');
    s.debug('DISM WIM Provider', 'not at LogLevel 3: /data/c/out/x.wim', 'M');
  });
  const lines = logLines(path.join(dir, 'Windows/Logs/DISM/dism.log'));
  expect(lines).toContainEqual(expect.stringMatching(/^Warning {15}DISM {3}DISM WIM Provider: PID=\d+ TID=\d+ Writing C:\\out\\x\.wim beside C:\/y - CWimManager::InternalCmdExport$/));
  expect(lines.some((l) => l.includes('not at LogLevel 3'))).toBe(false);
});

test('a scratch directory must exist: a missing one is refused as an argument (3, path not found)', async () => {
  fs.mkdirSync(path.join(dir, 'scratch'));
  const ok = new DismSession(frontEnd(), { scratchDirectory: 'C:\\scratch' });
  expect(await runSession(ok, 'x', async () => ok.checkScratchDirectory())).toBeUndefined();
  expect(ok.scratchPath()).toBe(path.join(dir, 'scratch'));
  expect(logLines(path.join(dir, 'Windows/Logs/DISM/dism.log'))).toContainEqual(
    expect.stringMatching(/^Info {18}DISM {3}PID=\d+ TID=\d+ Scratch directory set to 'C:\\scratch'\. - CDISMManager::put_ScratchDir$/),
  );

  const missing = new DismSession(frontEnd(), { scratchDirectory: 'C:\\nowhere' });
  const f = await runSession(missing, 'x', async () => missing.checkScratchDirectory());
  expect(f).toMatchObject({ hresult: 0x80070003, kind: 'argument' });
  expect(f!.message()).toBe('The system cannot find the path specified.');
  expect(new DismSession(frontEnd()).scratchPath()).toBe(os.tmpdir());
});

test('the front end\'s own errors go through the same report', async () => {
  const s = new DismSession(frontEnd());
  const f = await runSession(s, 'x', async () => {
    throw new DismError(0x80070050, 'argument');
  });
  expect(f).toMatchObject({ hresult: 0x80070050, kind: 'argument', detail: 'The file exists.' });
});
