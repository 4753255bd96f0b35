/**
 * `npm run test:e2e`: builds the app (electron-vite) and runs the Playwright suite in Debian's
 * Chromium. Extra arguments go to `playwright test` (e.g. a spec path or --grep).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => resolve(root, 'node_modules/.bin', name);

if (!existsSync(CHROMIUM)) {
  console.error(`e2e: ${CHROMIUM} is missing; install it: sudo apt-get install chromium`);
  process.exit(1);
}

const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) {
    console.error(`e2e: could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  return result.status ?? 1;
};

if (run(bin('electron-vite'), ['build']) !== 0) {
  console.error('e2e: the build failed; fix it before running the end-to-end tests.');
  process.exit(1);
}
process.exit(run(bin('playwright'), ['test', ...process.argv.slice(2)]));
