#!/usr/bin/env node
// `npm start`: build, then run Electron if its binary is installed; otherwise say so in one line
// and serve the same app to a browser through the web host.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function electronBinary() {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

/**
 * npm 11 does not run Electron's download script on install (it is not in allowScripts, so the
 * same install works offline). Try the download once here; where it fails, the web host runs.
 */
function ensureElectron() {
  const found = electronBinary();
  if (found || process.env.CREDITDESK_NO_ELECTRON) return found;
  const install = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(install)) return null;
  spawnSync(process.execPath, [install], { cwd: root, stdio: 'ignore', timeout: 120_000 });
  return electronBinary();
}

const build = spawnSync(bin('electron-vite'), ['build'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) {
  console.error('Build failed; see the errors above.');
  process.exit(build.status ?? 1);
}

const electron = ensureElectron();
if (electron) {
  // The SQLite driver must match Electron's ABI; scripts/native-abi.mjs rebuilds it for Node before tests.
  const rebuilt = spawnSync(bin('electron-builder'), ['install-app-deps'], { cwd: root, stdio: 'inherit' });
  if (rebuilt.status !== 0) {
    console.error(
      'Could not rebuild the SQLite driver for Electron; check the build tools (python3, make, g++).',
    );
    process.exit(rebuilt.status ?? 1);
  }
}
const args = process.argv.slice(2);
const child = electron
  ? spawn(electron, [root, ...args], { cwd: root, stdio: 'inherit' })
  : (console.log(
      'Electron is not installed here; starting the web host instead (open the URL below in a browser).',
    ),
    spawn(bin('tsx'), [join(root, 'src-main/web-host/cli.ts'), ...args], { cwd: root, stdio: 'inherit' }));

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
