/*
 * The browser adapter's terminal door over an xterm.js-like widget: the console reads keys in raw mode; while a
 * command runs (raw mode off) Ctrl+C reaches the interrupt handlers and other keys wait for the next read.
 */
import { createBrowserHost, type XtermLike } from '../../../src/platform/browser/browser-host';

function widget() {
  let listener: ((d: string) => void) | undefined;
  let written = '';
  const t: XtermLike = {
    cols: 100,
    rows: 40,
    write: (d) => void (written += d),
    onData: (l) => {
      listener = l;
      return { dispose: () => (listener = undefined) };
    },
  };
  return { t, key: (d: string) => listener?.(d), written: () => written };
}

describe('browser terminal door', () => {
  test('no widget, no terminal', () => {
    expect(createBrowserHost().terminal?.()).toBeUndefined();
  });

  test('keys go to the reader in raw mode; output lines end in CR LF as a terminal widget needs', () => {
    const w = widget();
    const term = createBrowserHost({ terminal: w.t }).terminal?.();
    expect(term).toBeDefined();
    expect([term?.columns, term?.rows]).toEqual([100, 40]);
    const got: string[] = [];
    term?.setRawMode(true);
    const stop = term?.read((d) => got.push(d), () => undefined);
    w.key('ab\t');
    expect(got).toEqual(['ab\t']);
    stop?.();
    term?.write('one\ntwo\r\n');
    expect(w.written()).toBe('one\r\ntwo\r\n');
  });

  test('while a command runs, Ctrl+C interrupts and typed-ahead keys wait for the next read', () => {
    const w = widget();
    const h = createBrowserHost({ terminal: w.t });
    const term = h.terminal?.();
    const signals: string[] = [];
    const off = h.onInterrupt((s) => signals.push(s));
    term?.setRawMode(false);
    w.key('next line\r');
    w.key('\x03');
    expect(signals).toEqual(['SIGINT']);
    w.key('after\r');
    const got: string[] = [];
    term?.setRawMode(true);
    term?.read((d) => got.push(d), () => undefined);
    // Ctrl+C dropped what was typed before it, as a terminal's line discipline does.
    expect(got).toEqual(['after\r']);
    // In raw mode Ctrl+C is a key for the line editor; an unregistered handler hears nothing more.
    w.key('\x03');
    expect(got).toEqual(['after\r', '\x03']);
    term?.setRawMode(false);
    off();
    w.key('\x03');
    expect(signals).toEqual(['SIGINT']);
  });
});
