#!/usr/bin/env node
'use strict';
// The wimsh command: the compiled CLI (npm install builds it into dist/).
require('../dist/src/cli/main.js').main(process.argv.slice(2));
