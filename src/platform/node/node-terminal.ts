/*
 * The Node.js terminal door for the interactive console: the process's own terminal (stdin and stdout both a TTY),
 * raw mode through tty.ReadStream, output written synchronously so that it interleaves with what commands print.
 * Loaded only when the console starts (wimsh -c and scripts never touch process.stdin).
 */
import * as fs from 'node:fs';
import * as tty from 'node:tty';
import type { HostTerminal } from '../types';

export function createNodeTerminal(): HostTerminal | undefined {
  if (!tty.isatty(0) || !tty.isatty(1)) return undefined;
  const stdin = process.stdin as tty.ReadStream;
  const out = process.stdout as tty.WriteStream;
  return {
    get columns() {
      return out.columns || 80;
    },
    get rows() {
      return out.rows || 24;
    },
    write(text: string) {
      try {
        fs.writeSync(1, text);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EAGAIN') out.write(text);
        else if (err.code !== 'EPIPE') throw e;
      }
    },
    setRawMode(raw: boolean) {
      stdin.setRawMode(raw);
    },
    read(handler, onEnd) {
      stdin.setEncoding('utf8');
      const onData = (d: string | Buffer) => handler(String(d));
      stdin.on('data', onData);
      stdin.on('end', onEnd);
      stdin.resume();
      return () => {
        stdin.off('data', onData);
        stdin.off('end', onEnd);
        // Paused, the stream reads nothing: keys typed while a command runs wait in the terminal's buffer.
        stdin.pause();
      };
    },
    onResize(handler) {
      out.on('resize', handler);
      return () => void out.off('resize', handler);
    },
  };
}
