/*
 * Progress and cancel, the same for every long operation on an image file (apply, export, capture, verify, the
 * integrity check, and those to come: split, delete, commit): one callback shape, `(done, total)` in bytes, and a
 * standard AbortSignal. A front end turns the pair into its own progress display; nothing here knows of one.
 */
import { WimError, WimErrorCode } from './errors';

/** Reports `done` of `total` units (bytes of file data) so far; `done` never exceeds `total`. */
export type ProgressReporter = (done: number, total: number) => void;

/** What every long operation takes to report progress and to be cancelled. */
export interface OperationControl {
  onProgress?: ProgressReporter;
  /**
   * Cancels the operation: a write stops at its next write and leaves the destination as it was (a new file is
   * removed, an append cut back), a read or an extraction stops before its next file.
   */
  signal?: AbortSignal;
}

/**
 * A count of work done against a total, reported on each step. The total may be set after counting starts (an
 * export learns how many bytes it writes only once the destination's blobs are known); what is reported is capped
 * at it.
 */
export class ProgressMeter {
  done = 0;
  total = 0;

  constructor(private readonly report?: ProgressReporter) {}

  add(n: number): void {
    this.done += n;
    if (this.report) this.report(Math.min(this.done, this.total), this.total);
  }
}

/** The error of an operation given up by a cancel (the caller's AbortSignal, Ctrl+C, SIGTERM). */
export function canceledError(path: string): WimError {
  return new WimError(WimErrorCode.Cancelled, 'The operation was canceled by the user.', path);
}
