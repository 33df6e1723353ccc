#!/usr/bin/env node
'use strict';
// The wimsh command: the compiled CLI (npm install builds it into dist/).
require('../dist/src/frontends/wimsh/main.js').main(process.argv.slice(2));
