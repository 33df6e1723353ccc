#!/usr/bin/env node
'use strict';
// wimsh-dism: dism.exe's image-management commands on this machine (the compiled front end in dist/).
require('../dist/src/frontends/dism-exe/main.js').main(process.argv.slice(2));
