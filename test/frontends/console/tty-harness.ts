/*
 * A pseudo-terminal harness for the console tests: wimsh runs in a detached tmux session (120x30) on a server of its
 * own (-L), keys are sent with send-keys, and the screen is read with capture-pane. Everything waits by polling the
 * screen for an expected text with a generous deadline, never by timing, so that a loaded machine only makes the
 * tests slower.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN = path.join(__dirname, '../../../bin/wimsh.js');
let serial = 0;

export class Tty {
  readonly socket = `wimsh-test-${process.pid}-${++serial}`;
  readonly home: string;

  constructor(home?: string) {
    this.home = home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wimsh-tty-'));
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Starts `wimsh -NoLogo` in the home directory with WIMSH_HOME there (env adds or, with null, removes variables). */
  start(env: Record<string, string | null> = {}): this {
    const vars: Record<string, string | null> = { WIMSH_HOME: this.home, NO_COLOR: null, ...env };
    const assignments = Object.entries(vars)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${k}=${shellQuote(v as string)}`);
    const unset = Object.entries(vars)
      .filter(([, v]) => v === null)
      .map(([k]) => `-u ${k}`);
    const cmd = `cd ${shellQuote(this.home)} && exec env ${unset.join(' ')} ${assignments.join(' ')} ${shellQuote(process.execPath)} ${shellQuote(BIN)} -NoLogo`;
    this.tmux(['-f', '/dev/null', 'new-session', '-d', '-s', 't', '-x', '120', '-y', '30', cmd]);
    return this;
  }

  /** Keys as tmux names them ('Tab', 'BTab', 'C-c', 'C-Space', 'Enter', 'Up'). */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', 't', ...keys]);
  }

  /** Text typed literally. */
  type(text: string): void {
    this.tmux(['send-keys', '-t', 't', '-l', text]);
  }

  /** The visible screen (with SGR colour sequences when `escapes`). */
  screen(escapes = false): string {
    return this.tmux(['capture-pane', '-t', 't', '-p', ...(escapes ? ['-e'] : [])]);
  }

  /** The pane's title as the terminal keeps it (OSC 0 sets it). */
  title(): string {
    return this.tmux(['display-message', '-p', '-t', 't', '#{pane_title}']).trim();
  }

  /** Polls until `test` holds for the screen; fails with the screen when it does not within `ms`. */
  async waitFor(test: RegExp | string | ((screen: string) => boolean), ms = 30000, escapes = false): Promise<string> {
    const ok = typeof test === 'function' ? test : typeof test === 'string' ? (s: string) => s.includes(test) : (s: string) => test.test(s);
    const t0 = Date.now();
    let s = '';
    for (;;) {
      s = this.alive() ? this.screen(escapes) : s;
      if (ok(s)) return s;
      if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${String(test)}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The line the cursor is on (the input being edited). */
  cursorLine(): string {
    const y = Number(this.tmux(['display-message', '-p', '-t', 't', '#{cursor_y}']).trim());
    return this.screen().split('\n')[y] ?? '';
  }

  /** Waits for the input line to read `text` exactly after the prompt. */
  async waitForInput(expected: string, ms = 30000): Promise<void> {
    const t0 = Date.now();
    for (;;) {
      const line = this.cursorLine().replace(/\s+$/, '');
      // capture-pane drops trailing spaces: an empty input is a line ending in the prompt's `>`.
      if (expected === '' ? line.endsWith('>') : line.endsWith('> ' + expected) || line === expected) return;
      if (Date.now() - t0 > ms) throw new Error(`timed out waiting for input ${JSON.stringify(expected)}; line: ${JSON.stringify(line)}\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  alive(): boolean {
    return spawnSync('tmux', ['-L', this.socket, 'has-session', '-t', 't']).status === 0;
  }

  /** Waits until wimsh has exited (its session ends with it). */
  async waitForExit(ms = 30000): Promise<void> {
    const t0 = Date.now();
    while (this.alive()) {
      if (Date.now() - t0 > ms) throw new Error(`wimsh did not exit; screen:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  stop(removeHome = true): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    // tmux leaves its socket file behind; a test run must not leave files in the machine's tmux directory.
    const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
    fs.rmSync(path.join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${uid}`, this.socket), { force: true });
    if (removeHome) fs.rmSync(this.home, { recursive: true, force: true });
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
