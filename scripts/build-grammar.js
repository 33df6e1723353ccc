#!/usr/bin/env node
// Compiles the peggy grammar of PowerShell (grammar/powershell.peggy) to src/lang/syntax/parser.generated.js (CommonJS),
// which tsc then copies to dist/. Run by `npm run build` (and so by `npm install` through `prepare`).
const fs = require('node:fs');
const path = require('node:path');
const peggy = require('peggy');

const root = path.join(__dirname, '..');
const src = path.join(root, 'grammar', 'powershell.peggy');
const out = path.join(root, 'src', 'lang', 'syntax', 'parser.generated.js');

const text = fs.readFileSync(src, 'utf8');
// Extra entry points are listed in the grammar's first comment line: `// allowedStartRules: A, B`.
const m = /allowedStartRules:\s*([\w ,]+)/.exec(text);
const allowedStartRules = m ? m[1].split(',').map((s) => s.trim()).filter(Boolean) : undefined;
const code = peggy.generate(text, {
  output: 'source',
  format: 'commonjs',
  grammarSource: 'grammar/powershell.peggy',
  allowedStartRules,
  cache: false,
});
const prev = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
if (prev !== code) fs.writeFileSync(out, code);
