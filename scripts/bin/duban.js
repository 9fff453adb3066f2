#!/usr/bin/env node
// The `duban` command: loads the TypeScript command line through tsx, so it works straight after `npm install`.
require('tsx/cjs');
require('../cli.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
