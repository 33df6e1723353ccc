/*
 * Lets the hand-run measurement scripts in this folder require() our TypeScript sources directly, transpiled on
 * the fly by SWC (the same transformer jest uses). Test-only; never loaded by src/.
 */
'use strict';
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function loadTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
