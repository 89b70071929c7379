#!/usr/bin/env node
// The `workbench` command: runs the bundle scripts/build.mjs makes (npm install / npm ci build it
// through the "prepare" script). Without it, a sentence says how to build it.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'out', 'cli', 'workbench.cjs');
if (!existsSync(bundle)) {
  process.stderr.write(
    'The workbench command is not built yet: run `npm install` (or `node scripts/build.mjs --cli-only`) in the project folder, then try again.\n',
  );
  process.exit(2);
}
require(bundle);
