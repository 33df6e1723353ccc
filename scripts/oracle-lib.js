// What the differential fuzzers' command-line runs share (scripts/oracle-fuzz-*.js): their options, the checks that
// they can run (the oracle built, dist/ built), the oracle's server mode for a batch of scripts, and one script run
// by wimsh in-process from dist/ with its standard output captured.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const ORACLE = path.join(root, 'tools', 'ps-oracle', 'bin', 'Release', 'net10.0', 'ps-oracle');

/** A numeric option `--name N` of the command line, or its default. */
function numberOption(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

/** Exits with code 2 and the reason when the oracle or dist/ is missing. */
function requireBuilt(tool) {
  if (!fs.existsSync(ORACLE)) {
    console.error(`${tool}: the oracle is not built: run \`npm run oracle:build\` (it needs the .NET SDK)`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'lang', 'runtime', 'runspace.js'))) {
    console.error(`${tool}: dist/ is missing: run \`npm run build\` first`);
    process.exit(2);
  }
}

/** All scripts through the oracle's server mode, in order. */
function runOracle(scripts) {
  return new Promise((resolve, reject) => {
    const child = spawn(ORACLE, ['--server'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1', POWERSHELL_TELEMETRY_OPTOUT: '1' } });
    const results = [];
    let answered = 0;
    let buf = '';
    child.on('error', reject);
    child.stdout.setEncoding('utf8').on('data', (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.trim()) continue;
        const msg = JSON.parse(line);
        if (msg.ready) continue;
        if (msg.error) return reject(new Error(msg.error));
        results[msg.id] = msg;
        if (++answered === scripts.length) {
          child.stdin.end();
          resolve(results);
        }
      }
    });
    scripts.forEach((script, id) => child.stdin.write(JSON.stringify({ id, script }) + '\n'));
  });
}

/** One script through wimsh in this process (a fresh runspace), its standard output captured. */
async function runWimsh(script) {
  const { setHost } = require(path.join(root, 'dist/src/platform/host.js'));
  const { createNodeHost } = require(path.join(root, 'dist/src/platform/node/node-host.js'));
  const { createRunspace } = require(path.join(root, 'dist/src/lang/runtime/runspace.js'));
  const { registry } = require(path.join(root, 'dist/cmdlets/index.js'));
  const base = createNodeHost();
  let stdout = '';
  setHost({ ...base, stdout: { write: (t) => void (stdout += t), isTTY: false, columns: undefined }, stderr: { write: () => undefined, isTTY: false, columns: undefined }, stdinIsTTY: false });
  try {
    await createRunspace({ interactive: false, registry }).runScript(script);
  } catch (e) {
    stdout += `\n(wimsh threw: ${e && e.message})\n`;
  } finally {
    setHost(base);
  }
  return stdout;
}

module.exports = { numberOption, requireBuilt, runOracle, runWimsh };
