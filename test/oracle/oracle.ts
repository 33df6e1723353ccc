/*
 * The test side of the PowerShell oracle (tools/ps-oracle, built by `npm run oracle:build`): whether it can run
 * here, and running scripts through its server mode, one process for a whole batch (the .NET start is paid once).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ORACLE_DIR = path.join(__dirname, '../../tools/ps-oracle');
export const ORACLE_BIN = path.join(ORACLE_DIR, 'bin/Release/net10.0/ps-oracle');

export type OracleStatus = { available: true } | { available: false; reason: string };

let status: OracleStatus | undefined;

/** Whether the oracle can run here, else why not (no .NET SDK, not built). */
export function oracleStatus(): OracleStatus {
  if (status) return status;
  const dotnet = spawnSync('dotnet', ['--version'], { encoding: 'utf8' });
  if (dotnet.error || dotnet.status !== 0) status = { available: false, reason: 'no .NET SDK (`dotnet` is not on PATH)' };
  else if (!fs.existsSync(ORACLE_BIN)) status = { available: false, reason: `the oracle is not built (run \`npm run oracle:build\`; no ${path.relative(process.cwd(), ORACLE_BIN)})` };
  else status = { available: true };
  return status;
}

export interface OracleRequest {
  script: string;
  /** Files to create in the request's working directory first: relative name -> text. */
  files?: Record<string, string>;
  /** Host width in columns (default 120, 5.1's console). */
  width?: number;
}

export interface OracleResult {
  stdout: string;
  stderr: string;
  exit: number;
}

/**
 * Runs each script in its own fresh runspace of the real engine, in order, through one server process. Rejects when
 * the oracle is unavailable, dies, or takes longer than timeoutMs for the whole batch.
 */
export function runOracle(requests: readonly OracleRequest[], timeoutMs = 120_000): Promise<OracleResult[]> {
  const st = oracleStatus();
  if (!st.available) return Promise.reject(new Error(`oracle unavailable: ${st.reason}`));
  return new Promise((resolve, reject) => {
    const child = spawn(ORACLE_BIN, ['--server'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', POWERSHELL_TELEMETRY_OPTOUT: '1', NO_COLOR: '1' },
    });
    const results: OracleResult[] = new Array(requests.length);
    let answered = 0;
    let buffered = '';
    let stderr = '';
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdin.end();
      if (err) {
        child.kill();
        reject(err);
      } else resolve(results);
    };
    const timer = setTimeout(() => finish(new Error(`oracle timed out after ${timeoutMs} ms (${answered}/${requests.length} answered)`)), timeoutMs);
    child.on('error', (e) => finish(e));
    child.on('exit', (code) => {
      if (answered < requests.length) finish(new Error(`oracle exited (${code}) after ${answered}/${requests.length} answers: ${stderr.slice(0, 2000)}`));
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffered += d;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (!line.trim()) continue;
        const msg = JSON.parse(line) as { id?: number; ready?: boolean; error?: string } & Partial<OracleResult>;
        if (msg.ready) continue;
        if (msg.error !== undefined || typeof msg.id !== 'number') return finish(new Error(`oracle failed on request ${msg.id}: ${msg.error}`));
        results[msg.id] = { stdout: msg.stdout ?? '', stderr: msg.stderr ?? '', exit: msg.exit ?? -1 };
        if (++answered === requests.length) finish();
      }
    });
    requests.forEach((r, id) => child.stdin.write(JSON.stringify({ id, ...r }) + '\n'));
    if (requests.length === 0) finish();
  });
}
