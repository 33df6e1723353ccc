/*
 * The evaluator lets the event loop turn every 2048 statements (so that Ctrl+C reaches a script busy in a loop)
 * through the host's nextTurn, not a Node.js global: a browser host's turn is what it yields to.
 */
import { host, setHost } from '../../../src/platform/host';
import { createNodeHost } from '../../../src/platform/node/node-host';
import { createRunspace } from '../../../src/lang/runtime/runspace';

test('a busy loop yields through host().nextTurn, about once per 2048 statements', async () => {
  const before = host();
  const base = createNodeHost();
  let turns = 0;
  let out = '';
  setHost({
    ...base,
    stdout: { write: (t: string) => void (out += t), isTTY: false, columns: undefined },
    stderr: { write: (t: string) => void (out += t), isTTY: false, columns: undefined },
    nextTurn: (cb) => {
      turns++;
      base.nextTurn(cb);
    },
  });
  try {
    const r = await createRunspace({ interactive: false, registry: { modules: [] } }).runScript('$n = 0; foreach ($i in 1..10000) { $n += $i }; $n');
    expect(r.exitCode).toBe(0);
    expect(out).toBe('50005000\n');
    // 10,000 loop bodies and a few statements around them: 4 or 5 turns, depending on where the count started.
    expect(turns).toBeGreaterThanOrEqual(4);
    expect(turns).toBeLessThanOrEqual(5);
  } finally {
    setHost(before);
  }
});
