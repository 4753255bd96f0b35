import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EVENT_NAMES,
  LOCAL_HELPERS,
  METHOD_NAMES,
  methodChannel,
  subscriberName,
} from '../../src-shared/api';
import { CONTENT_SECURITY_POLICY, secureWebPreferences } from '../../src-main/core/security/policy';

/**
 * The Electron shell's wiring, run for real without the Electron binary: the app is built with
 * electron-vite (main, preload, renderer) into a fresh folder, then the built main bundle and preload run
 * in a Node process where `electron` is a recording stand-in (test/electron-shell/electron-stand-in.ts).
 */
const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
// Inside the project so the bundle's external imports (rxdb, better-sqlite3 …) resolve from node_modules.
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
const out = mkdtempSync(join(root, 'node_modules/.cache/shell-build-'));
const dataDir = mkdtempSync(join(tmpdir(), 'creditdesk-shell-'));
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

type Report = Record<string, never> & {
  beforeReady: { privilegedSchemes: unknown[]; singleInstanceLock: boolean; paths: Record<string, string> };
  window: { options: { webPreferences: Record<string, unknown> }; url: string };
  ipcChannels: string[];
  errorBoxes: string[];
  menu: string[];
  protocol: {
    index: { status: number; headers: Record<string, string>; text: string };
    script: { path: string; status: number; headers: Record<string, string>; length: number } | null;
    missing: number;
    escape: number;
  };
  guards: Record<string, unknown>;
  preload: { required: string[]; exposedKeys: string[]; methods: string[]; frozen: boolean };
  calls: Record<string, unknown>;
  foreign: Record<string, unknown>;
  quit: { prevented: boolean; quits: number };
};
let report: Report;

beforeAll(async () => {
  await run(join(root, 'node_modules/.bin/electron-vite'), ['build', '--outDir', out], { cwd: root });
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'driver.ts'), out],
    { cwd: root, env: { ...process.env, CREDITDESK_DATA_DIR: dataDir }, maxBuffer: 16 * 1024 * 1024 },
  );
  const line = stdout.split('\n').find((l) => l.startsWith('REPORT '));
  if (!line) throw new Error(`the driver printed no report:\n${stdout}`);
  report = JSON.parse(line.slice('REPORT '.length)) as Report;
}, 180_000);

describe('the built Electron shell under a recording electron stand-in', () => {
  it('registers the app scheme as privileged and takes the single-instance lock before ready', () => {
    expect(report.beforeReady.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(report.beforeReady.singleInstanceLock).toBe(true);
    expect(report.beforeReady.paths.userData).toBe(dataDir);
  });

  it('boots the core and opens one window with the secure preferences on the app origin', () => {
    expect(report.errorBoxes).toEqual([]);
    const preload = join(out, 'preload/index.cjs');
    expect(report.window.options.webPreferences).toEqual(secureWebPreferences(preload));
    expect(report.window.url).toBe('app://creditdesk/index.html');
    expect(report.ipcChannels).toEqual(METHOD_NAMES.map(methodChannel).sort());
    expect(report.menu).toEqual(['File', 'editMenu', 'viewMenu', 'windowMenu']);
  });

  it('serves the built renderer through app:// with the CSP, and nothing outside its folder', () => {
    const { index, script } = report.protocol;
    expect(index.status).toBe(200);
    expect(index.text).toBe(readFileSync(join(out, 'renderer/index.html'), 'utf8'));
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(script).toMatchObject({ status: 200, headers: { 'content-type': 'text/javascript' } });
    expect(script!.length).toBeGreaterThan(10_000);
    expect(script!.path).toMatch(/^assets\/index-.+\.js$/);
    expect(report.protocol.missing).toBe(404);
    expect(report.protocol.escape).toBe(400);
  });

  it('installs the navigation, new-window, webview and permission guards', () => {
    expect(report.guards).toEqual({
      navigateAway: true,
      // The app is one page; even an app:// navigation is refused (routes are hash changes).
      navigateInApp: true,
      redirect: true,
      webview: true,
      newWindowHttps: { action: 'deny' },
      newWindowFile: { action: 'deny' },
      // An https link leaves through the system browser; a file: URL goes nowhere.
      openedExternally: ['https://example.com/help'],
      // The shell asks the policy; only notifications (credit alerts) are allowed.
      permissions: { media: false, geolocation: false, notifications: true, 'clipboard-read': false },
      permissionCheck: false,
    });
  });

  it('the preload requires only electron and exposes exactly the contract through contextBridge', () => {
    expect(report.preload.required).toEqual(['electron']);
    expect(report.preload.exposedKeys).toEqual(['creditdesk']);
    expect(report.preload.frozen).toBe(true);
    expect(report.preload.methods).toEqual(
      [...METHOD_NAMES, ...EVENT_NAMES.map(subscriberName), ...LOCAL_HELPERS].sort(),
    );
  });

  it('round-trips real calls from the renderer side through ipcMain to the core, events included', () => {
    expect(report.calls).toMatchObject({
      info: { mode: 'electron', secretStorage: 'keychain', dataDir },
      badInput: { code: 'bad_request', message: expect.stringMatching(/recordAdjustment: amount/) },
    });
    expect(typeof report.calls.overview).toBe('number');
    expect(report.calls.afterAdjustment).toBe((report.calls.overview as number) + 1500);
    expect(report.calls.ledgerEvent).toMatchObject({ latestIds: [report.calls.adjustment] });
  });

  it('refuses the same call from a frame that is not the app window', () => {
    const refused = { ok: false, error: { code: 'forbidden', message: 'Refused: not the app window.' } };
    expect(report.foreign).toEqual({ iframe: refused, appUrlSubframe: refused, noFrame: refused });
  });

  it('closes the core before quitting', () => {
    expect(report.quit).toEqual({ prevented: true, quits: 1 });
  });
});
