/* Running a piece of a test with WIMSH_CODECS set (which codec kernels the factories pick), restored afterwards. */

/** Calls f with WIMSH_CODECS = mode (undefined: unset, the default kernels), then puts the variable back. */
export function withCodecs<T>(mode: string | undefined, f: () => T): T {
  const saved = process.env.WIMSH_CODECS;
  if (mode === undefined) delete process.env.WIMSH_CODECS;
  else process.env.WIMSH_CODECS = mode;
  try {
    return f();
  } finally {
    if (saved === undefined) delete process.env.WIMSH_CODECS;
    else process.env.WIMSH_CODECS = saved;
  }
}
