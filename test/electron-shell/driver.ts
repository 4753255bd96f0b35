/**
 * Runs in its own Node process (tsx loaded): boots the built main bundle against the electron stand-in,
 * runs the built preload the way a sandboxed preload runs (a CommonJS function that can require only
 * 'electron'), drives both like Electron and a renderer would, and prints what happened as one JSON line.
 *
 *   node --import tsx test/electron-shell/driver.ts <out folder>
 */
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileFunction } from 'node:vm';

register(new URL('./electron-hooks.mjs', import.meta.url));
const electron = await import('./electron-stand-in');
const { record, app, invokeFrom } = electron;

const out = process.argv[2]!;
const report: Record<string, unknown> = {};
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
async function until(check: () => boolean, what: string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

await import(pathToFileURL(join(out, 'main/index.js')).href);
report.beforeReady = {
  privilegedSchemes: structuredClone(record.privilegedSchemes),
  singleInstanceLock: record.singleInstanceLock,
  paths: { ...record.paths },
  windows: record.windows.length,
};
app.becomeReady();
await until(() => record.windows.length > 0 && record.menu !== null, 'the window and the menu');
const window = record.windows[0]!;
report.window = { options: window.options, url: window.webContents.getURL() };
report.ipcChannels = [...record.ipcHandlers.keys()].sort();
report.errorBoxes = record.errorBoxes;
report.menu = record.menu!.map((item) => item.label ?? item.role);

// The app:// protocol serves the renderer.
const serve = record.protocolHandlers.get('app')!;
const fetchApp = async (path: string) => {
  const response = await serve(new Request(`app://creditdesk${path}`));
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return { status: response.status, headers, text: await response.text() };
};
const index = await fetchApp('/index.html');
const script = /src="(?:\.\/|\/)?(assets\/[^"]+\.js)"/.exec(index.text)?.[1];
const scriptResponse = script ? await fetchApp(`/${script}`) : null;
report.protocol = {
  index,
  script: scriptResponse && {
    path: script,
    status: scriptResponse.status,
    headers: scriptResponse.headers,
    length: scriptResponse.text.length,
  },
  missing: (await fetchApp('/no-such-file.js')).status,
  escape: (await fetchApp('/..%2f..%2fpackage.json')).status,
};

// Guards installed on the window's web contents and the session.
const contents = window.webContents;
const guard = (event: string, ...args: unknown[]) => {
  let prevented = false;
  contents.emit(event, { preventDefault: () => (prevented = true) }, ...args);
  return prevented;
};
const permissions: Record<string, boolean> = {};
for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
  await new Promise<void>((resolve) =>
    record.permissionRequest!(
      contents as never,
      permission as never,
      (granted) => {
        permissions[permission] = granted;
        resolve();
      },
      {} as never,
    ),
  );
}
report.guards = {
  navigateAway: guard('will-navigate', 'https://evil.example/'),
  navigateInApp: guard('will-navigate', 'app://creditdesk/index.html#/ledger'),
  redirect: guard('will-redirect', 'https://evil.example/'),
  webview: guard('will-attach-webview', {}, {}),
  newWindowHttps: contents.windowOpenHandler?.({ url: 'https://example.com/help' } as never),
  newWindowFile: contents.windowOpenHandler?.({ url: 'file:///etc/passwd' } as never),
  openedExternally: [...record.openedExternally],
  permissions,
  permissionCheck: record.permissionCheck!(
    contents as never,
    'media' as never,
    'app://creditdesk',
    {} as never,
  ),
};

// The preload, as Electron's sandbox runs it.
const preloadPath = (window.options.webPreferences as { preload: string }).preload;
const required: string[] = [];
const preload = compileFunction(readFileSync(preloadPath, 'utf8'), [
  'exports',
  'require',
  'module',
  '__filename',
  '__dirname',
]);
const module = { exports: {} };
preload(
  module.exports,
  (id: string) => {
    required.push(id);
    if (id !== 'electron') throw new Error(`a sandboxed preload cannot require '${id}'`);
    return electron;
  },
  module,
  preloadPath,
  join(preloadPath, '..'),
);
const api = record.exposed.get('creditdesk') as Record<string, (...args: unknown[]) => Promise<unknown>>;
report.preload = {
  required,
  exposedKeys: [...record.exposed.keys()],
  methods: Object.keys(api).sort(),
  frozen: Object.isFrozen(api),
};

// Real calls from the renderer's side, through ipcMain, to the core and back.
const events: unknown[] = [];
(api.onLedgerChanged as unknown as (listener: (payload: unknown) => void) => void)((payload) =>
  events.push(payload),
);
const overview = (await api.getOverview!({})) as { balance: { total: number } };
const info = (await api.getAppInfo!({})) as { mode: string; secretStorage: string; dataDir: string };
const adjustment = (await api.recordAdjustment!({ amount: 1500, reason: 'shell test' })) as { id: string };
const after = (await api.getOverview!({})) as { balance: { total: number } };
await until(() => events.length > 0, 'the ledgerChanged event');
let badInput: unknown = null;
await api.recordAdjustment!({ amount: 'lots', reason: 'x' }).catch(
  (error: { code?: string; message?: string }) => {
    badInput = { code: error.code, message: error.message };
  },
);
report.calls = {
  overview: overview.balance.total,
  info: { mode: info.mode, secretStorage: info.secretStorage, dataDir: info.dataDir },
  adjustment: adjustment.id,
  afterAdjustment: after.balance.total,
  ledgerEvent: events[0],
  badInput,
};

// The same channel from frames that are not the app's own top-level document.
const channel = 'creditdesk:call:getOverview';
report.foreign = {
  iframe: await invokeFrom({ url: 'https://evil.example/' }, channel, {}),
  appUrlSubframe: await invokeFrom({ url: 'app://creditdesk/index.html' }, channel, {}),
  noFrame: await invokeFrom(null as never, channel, {}),
};

// Quitting closes the core before the app goes.
let quitPrevented = false;
app.emit('will-quit', { preventDefault: () => (quitPrevented = true) });
await until(() => record.quits > 0, 'app.quit after the core closed');
await settle();
report.quit = { prevented: quitPrevented, quits: record.quits };

process.stdout.write(`REPORT ${JSON.stringify(report)}\n`);
process.exit(0);
