#!/usr/bin/env node
// The SQLite driver is a native module built for one runtime at a time: `npm start` rebuilds it for
// Electron when Electron runs, so the Node-side tests make sure it loads under Node first.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';

const require = createRequire(import.meta.url);

function loads() {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return null;
  } catch (error) {
    return error;
  }
}

const problem = loads();
if (problem) {
  if (!/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(String(problem.message)))
    throw problem;
  console.log('The SQLite driver was built for Electron; rebuilding it for Node…');
  const result = spawnSync('npm', ['rebuild', 'better-sqlite3'], { stdio: 'inherit' });
  if (result.status !== 0 || loads()) {
    console.error(
      'Could not rebuild better-sqlite3 for Node; run "npm rebuild better-sqlite3" and check the build tools (python3, make, g++).',
    );
    process.exit(1);
  }
}
