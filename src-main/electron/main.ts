/**
 * The Electron shell: the only code that imports 'electron'. It wires the core services (which run
 * under plain Node) to a hardened window, IPC, the native menu and the OS keychain.
 */
import type { BrowserWindow } from 'electron';
import { app, dialog } from 'electron';
import { join } from 'node:path';
import { createCore, type Core } from '../core/app';
import { defaultDataDir } from '../core/data-dir';
import { bindIpc } from './ipc';
import { registerAppScheme, serveRenderer } from './protocol';
import { hardenSessions } from './hardening';
import { keychainSecretStore } from './secret-store';
import { createMainWindow } from './window';
import { installMenu } from './menu';

const here = import.meta.dirname;
let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;

// The same default folder as the web host (CREDITDESK_DATA_DIR overrides), so both see one ledger.
const dataDirFlag = process.argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
const dataDir = dataDirFlag || defaultDataDir();
app.setPath('userData', dataDir);

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // The database has one owner; a second launch hands over to the first window and leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    const closing = core;
    core = null;
    void closing.close().finally(() => app.quit());
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  hardenSessions();
  serveRenderer(join(here, '../renderer'));
  try {
    core = await createCore({ dataDir, mode: 'electron', secretStore: keychainSecretStore(dataDir) });
  } catch (error) {
    dialog.showErrorBox(
      'Creditdesk cannot open its data',
      `${(error as Error).message}\n\nData folder: ${dataDir}`,
    );
    app.exit(1);
    return;
  }
  bindIpc(core.dispatch, core.events);
  mainWindow = createMainWindow(join(here, '../preload/index.cjs'));
  mainWindow.on('closed', () => (mainWindow = null));
  installMenu(core, () => mainWindow);
}
