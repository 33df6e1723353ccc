#!/usr/bin/env node
// `npm run oracle:build`: builds the PowerShell oracle (tools/ps-oracle) when the .NET SDK is there: writes the
// generated Dism module from dist/ (scripts/oracle-module.js; runs `npm run build` first when dist/ is missing),
// then `dotnet build -c Release`. Without `dotnet` it says why it skipped and exits 0: the oracle's tests then skip
// with that reason, and the rest of `npm test` runs as before.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const project = path.join(root, 'tools', 'ps-oracle');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    console.error(`oracle:build: ${cmd} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

const probe = spawnSync('dotnet', ['--version'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  console.log('oracle:build: skipped: no .NET SDK (`dotnet` is not on PATH); the oracle tests will skip');
  process.exit(0);
}
const started = Date.now();
if (!fs.existsSync(path.join(root, 'dist', 'cmdlets', 'index.js'))) run('npm', ['run', 'build']);
run(process.execPath, [path.join(__dirname, 'oracle-module.js')]);
run('dotnet', ['build', '-c', 'Release', '-nologo', '-v', 'q', '-clp:NoSummary'], {
  cwd: project,
  env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' },
});
console.log(`oracle:build: built tools/ps-oracle with .NET ${probe.stdout.trim()} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
