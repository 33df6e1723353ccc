/*
 * The interactive console: the read-run loop of `wimsh` on a terminal. Each turn draws the prompt (the `prompt`
 * function's output when one is defined), reads an input with the line editor (raw mode), then runs it with raw mode
 * off, so that the terminal's own Ctrl+C reaches the runspace, which stops the pipeline (an export cancels through
 * its write transaction: no temporary file or lock is left) and the loop draws the next prompt. History is kept in
 * $WIMSH_HOME/history.txt. Loaded by the wimsh front end only when it is interactive; nothing here imports Node.
 */
import { host } from '../../platform/host';
import type { HostTerminal } from '../../platform/types';
import type { Runspace } from '../../lang/runtime/runspace';
import { wimshHome } from '../../vfs/drives';
import { History } from './history';
import { LineEditor } from './editor';
import { addPrivateData, installConsoleStreams, promptText, sessionOf, titleSequence, windowTitle, type OutputPosition } from './host-ui';
import type { CompletionSources } from './completion';

export interface ConsoleOptions {
  /** The banner printed before the first prompt (nothing with -NoLogo). */
  logo?: string;
  /** The history file (default $WIMSH_HOME/history.txt). */
  historyFile?: string;
}

/**
 * Runs the console until `exit` or the end of input; returns the exit code. Undefined when the host has no terminal
 * for it (the caller then reads lines plainly).
 */
export async function runConsole(rs: Runspace, opts: ConsoleOptions = {}): Promise<number | undefined> {
  const term: HostTerminal | undefined = host().terminal?.();
  if (!term) return undefined;
  const session = sessionOf(rs);
  addPrivateData(session);
  const position: OutputPosition = { line: '' };
  const uninstallStreams = installConsoleStreams(session, position);
  // A Ctrl+C between two commands (raw mode off, nothing running) must not end the process.
  const offInterrupt = host().onInterrupt(() => undefined);
  const historyFile = opts.historyFile ?? host().path.join(wimshHome(), 'history.txt');
  let sources: CompletionSources | undefined;
  const editor = new LineEditor(term, {
    history: new History(historyFile),
    isIncomplete: (text) => rs.isIncomplete(text),
    // The sources (and the binder metadata, member tables and command processor they read) load on the first Tab.
    sources: () => (sources ??= (require('./session-sources') as typeof import('./session-sources')).sessionSources(session)),
  });
  if (opts.logo) term.write(opts.logo.replace(/\n/g, '\r\n'));
  let title = windowTitle(session);
  let exitCode = 0;
  try {
    for (;;) {
      const prompt = await promptText(rs);
      // What is already on the line (output without a newline, a prompt function's Write-Host) is drawn before it.
      const text = await editor.readLine(position.line + prompt);
      position.line = '';
      if (text === null) break;
      if (!text.trim()) continue;
      const r = await rs.runInteractive(text);
      const now = windowTitle(session);
      if (now !== undefined && now !== title) {
        title = now;
        term.write(titleSequence(now));
      }
      if (r.exited) {
        exitCode = r.exitCode;
        break;
      }
    }
  } finally {
    offInterrupt();
    uninstallStreams();
  }
  return exitCode;
}
