/**
 * Runs Creditdesk headless: the core services on a data folder, the renderer and the API served to
 * a browser on 127.0.0.1. Used by `npm start` where Electron's binary is missing, and by e2e tests.
 *
 *   tsx src-main/web-host/cli.ts [--port 0] [--data <folder>] [--renderer <dir>] [--json]
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { createCore } from '../core/app';
import { defaultDataDir } from '../core/data-dir';
import { fileSecretStore } from '../core/secrets';
import { startWebHost, type WebHost, type WebHostOptions } from './server';
import { BrowserLinkStore } from './browser-link';

const { values } = parseArgs({
  options: {
    // 0: the port saved in the data folder when it is free, else any free one.
    port: { type: 'string', default: process.env.CREDITDESK_PORT ?? '0' },
    data: { type: 'string' },
    renderer: { type: 'string', default: resolve(import.meta.dirname, '../../out/renderer') },
    json: { type: 'boolean', default: false },
  },
});

const dataDir = resolve(values.data ?? defaultDataDir());
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535 (got "${values.port}").`);
  process.exit(2);
}
if (!existsSync(resolve(values.renderer, 'index.html'))) {
  console.error(`The renderer is not built at ${values.renderer}; run "npm run build" first.`);
  process.exit(2);
}
mkdirSync(dataDir, { recursive: true, mode: 0o700 });

const core = await createCore({ dataDir, mode: 'web', secretStore: fileSecretStore(dataDir) }).catch(
  (error: Error) => {
    console.error(`Creditdesk could not open its data in ${dataDir}: ${error.message}`);
    process.exit(1);
  },
);
const link = new BrowserLinkStore(dataDir);
const hostOptions: WebHostOptions = {
  dispatch: core.dispatch,
  events: core.events,
  rendererDir: values.renderer,
  token: link.current.token,
  onConnectionClosed: (connection) => core.context.uploads.releaseConnection(connection),
  log: (message) => console.error(`[creditdesk] ${message}`),
};
const host = await listen(port || link.current.port || 0).catch((error: Error) => {
  console.error(`Creditdesk could not listen on 127.0.0.1:${port}: ${error.message}`);
  return process.exit(1);
});
link.save({ port: host.port, token: host.token });
core.context.browserLink = {
  rotate() {
    const { token, openUrl } = host.rotateToken();
    link.save({ port: host.port, token });
    console.log(`The browser link was rotated; open ${openUrl}`);
    return openUrl;
  },
};

/** The saved port keeps the printed link stable; when another program took it, any free port. */
async function listen(wanted: number): Promise<WebHost> {
  try {
    return await startWebHost({ ...hostOptions, port: wanted });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || wanted === 0 || port !== 0) throw error;
    console.error(`Port ${wanted} is in use; the link changes to a free port.`);
    return startWebHost({ ...hostOptions, port: 0 });
  }
}

if (values.json) {
  console.log(JSON.stringify({ url: host.url, openUrl: host.openUrl, token: host.token, dataDir }));
} else {
  console.log(`Creditdesk is running on ${dataDir}`);
  console.log(`Open ${host.openUrl}`);
  console.log('Press Ctrl+C to stop.');
}

// Soak runs and support ask a running host for its memory: one JSON line on stderr per SIGUSR2
// (after a full collection when node runs with --expose-gc, so the figure is what is really kept).
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  console.error(JSON.stringify({ memory: { rss, heapUsed } }));
});

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await host.close();
  await core.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
