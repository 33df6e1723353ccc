/*
 * The session's transcript (Start-Transcript / Stop-Transcript): while one is open, everything the console shows
 * on stdout and stderr (formatted output, errors, warnings, Write-Host) is also appended to the file, with CRLF line
 * ends, between 5.1's header block ("Windows PowerShell transcript start", start time, user, machine, the
 * $PSVersionTable lines) and its end block. One transcript at a time per process, as for a 5.1 host here.
 */
import { host } from '../../src/platform/host';
import type { HostStream } from '../../src/platform/types';

interface Open {
  hostPath: string;
  display: string;
  restore: () => void;
}

let open: Open | undefined;

const STARS = '**********************';

/** yyyyMMddHHmmss, local time: 5.1's transcript time stamps. */
export function transcriptStamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getFullYear(), 4)}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

function append(hostPath: string, text: string): void {
  host().fs.appendFileSync(hostPath, host().text.utf8Encode(text.replace(/\r?\n/g, '\r\n')));
}

export function transcriptPath(): string | undefined {
  return open?.display;
}

/** Opens the transcript: writes the header (after a UTF-8 BOM on a new file) and starts copying the console. */
export function startTranscript(hostPath: string, display: string, appendToFile: boolean): void {
  const h = host();
  const user = h.env.USER ?? h.env.USERNAME ?? 'user';
  const machine = (h.env.COMPUTERNAME ?? h.env.HOSTNAME ?? 'localhost').toUpperCase();
  const header = [
    STARS,
    'Windows PowerShell transcript start',
    `Start time: ${transcriptStamp(new Date())}`,
    `Username: ${machine}\\${user}`,
    `RunAs User: ${machine}\\${user}`,
    'Configuration Name: ',
    `Machine: ${machine} (Microsoft Windows NT 10.0.19041.0)`,
    'Host Application: wimsh',
    `Process ID: ${h.pid}`,
    'PSVersion: 5.1.19041.1',
    'PSEdition: Desktop',
    'PSCompatibleVersions: 1.0, 2.0, 3.0, 4.0, 5.0, 5.1.19041.1',
    'BuildVersion: 10.0.19041.1',
    'CLRVersion: 4.0.30319.42000',
    'WSManStackVersion: 3.0',
    'PSRemotingProtocolVersion: 2.3',
    'SerializationVersion: 1.1.0.1',
    STARS,
    '',
  ].join('\n');
  if (!appendToFile) h.fs.writeFileSync(hostPath, new Uint8Array([0xef, 0xbb, 0xbf]));
  append(hostPath, header);
  const tee = (s: HostStream) => {
    const write = s.write;
    s.write = (text: string) => {
      write.call(s, text);
      try {
        append(hostPath, text);
      } catch {
        /* a transcript that cannot be written must not break the console */
      }
    };
    return () => {
      s.write = write;
    };
  };
  const undoOut = tee(h.stdout);
  const undoErr = tee(h.stderr);
  open = { hostPath, display, restore: () => (undoOut(), undoErr()) };
}

/** Closes the open transcript (its end block written); undefined when none is open. */
export function stopTranscript(): string | undefined {
  const t = open;
  if (!t) return undefined;
  open = undefined;
  t.restore();
  append(t.hostPath, [STARS, 'Windows PowerShell transcript end', `End time: ${transcriptStamp(new Date())}`, STARS, ''].join('\n'));
  return t.display;
}
