#!/usr/bin/env node
// `npm run demo`: runs demo/demo.ps1 through the built wimsh, with its drives under demo/work (reset each run).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const work = path.join(root, 'demo', 'work');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(path.join(work, 'drives'), { recursive: true });
const r = spawnSync(process.execPath, [path.join(root, 'bin', 'wimsh.js'), '-NoProfile', '-File', path.join(root, 'demo', 'demo.ps1')], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, WIMSH_HOME: work, WIMSH_DEMO_LOGS: path.join(root, 'logs') },
});
process.exit(r.status === null ? 1 : r.status);
