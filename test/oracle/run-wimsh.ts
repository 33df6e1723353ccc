/*
 * One script through wimsh in this process (a fresh runspace over the real registry), its standard output captured
 * and its error stream dropped: the wimsh side of the differential fuzzers' fixed-seed samples.
 */
import { setHost, type Host } from '../../src/platform/host';
import { createNodeHost } from '../../src/platform/node/node-host';
import { createRunspace } from '../../src/lang/runtime/runspace';
import { registry } from '../../cmdlets/index';

export async function runWimshStdout(script: string): Promise<string> {
  const base: Host = createNodeHost();
  let stdout = '';
  setHost({
    ...base,
    stdout: { write: (t: string) => void (stdout += t), isTTY: false, columns: undefined },
    stderr: { write: () => undefined, isTTY: false, columns: undefined },
    stdinIsTTY: false,
  });
  try {
    await createRunspace({ interactive: false, registry }).runScript(script);
  } finally {
    setHost(base);
  }
  return stdout;
}
