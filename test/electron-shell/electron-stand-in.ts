/**
 * A recording stand-in for the `electron` module, for running the built shell under plain Node.
 * Every member is typed against Electron's own definitions (types only: `electron` is never loaded),
 * so a renamed or re-typed API the shell uses fails `tsc -b` here. It implements what the shell calls,
 * records it, and plays the parts Electron would play: the window's web contents, its main frame and
 * the IPC between the preload and main.
 */
import type * as E from 'electron';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

type Frame = { url: string };
type InvokeHandler = (event: E.IpcMainInvokeEvent, ...args: unknown[]) => unknown;
type Listener = (event: unknown, ...args: unknown[]) => void;

/** What the shell did, for the driver to report. */
export const record = {
  privilegedSchemes: [] as E.CustomScheme[],
  paths: {} as Record<string, string>,
  singleInstanceLock: false,
  protocolHandlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  ipcHandlers: new Map<string, InvokeHandler>(),
  windows: [] as StandInWindow[],
  exposed: new Map<string, unknown>(),
  permissionRequest: null as Parameters<E.Session['setPermissionRequestHandler']>[0],
  permissionCheck: null as Parameters<E.Session['setPermissionCheckHandler']>[0],
  menu: null as E.MenuItemConstructorOptions[] | null,
  openedExternally: [] as string[],
  errorBoxes: [] as string[],
  quits: 0,
  exitCode: null as number | null,
};

class StandInWebContents extends EventEmitter implements Pick<E.WebContents, 'getURL' | 'send'> {
  url = '';
  readonly mainFrame: Frame = { url: '' };
  windowOpenHandler: Parameters<E.WebContents['setWindowOpenHandler']>[0] | null = null;
  readonly rendererListeners = new Map<string, Set<Listener>>();

  getURL(): string {
    return this.url;
  }

  setWindowOpenHandler(handler: Parameters<E.WebContents['setWindowOpenHandler']>[0]): void {
    this.windowOpenHandler = handler;
  }

  /** main → renderer: delivered to the preload's ipcRenderer listeners, as Electron does. */
  send(channel: string, ...args: unknown[]): void {
    for (const listener of this.rendererListeners.get(channel) ?? []) listener({ sender: null }, ...args);
  }
}

class StandInWindow
  extends EventEmitter
  implements Pick<E.BrowserWindow, 'loadURL' | 'isDestroyed' | 'isMinimized' | 'restore' | 'focus' | 'show'>
{
  readonly webContents = new StandInWebContents();

  constructor(readonly options: E.BrowserWindowConstructorOptions) {
    super();
    record.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }

  static getAllWindows(): StandInWindow[] {
    return record.windows;
  }

  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
    this.emit('ready-to-show');
  }
  isDestroyed = () => false;
  isMinimized = () => false;
  restore(): void {}
  focus(): void {}
  show(): void {}
}

class StandInApp
  extends EventEmitter
  implements Pick<E.App, 'setPath' | 'requestSingleInstanceLock' | 'quit' | 'exit' | 'whenReady'>
{
  private markReady: () => void = () => {};
  private readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  setPath(name: Parameters<E.App['setPath']>[0], path: string): void {
    record.paths[name] = path;
  }
  requestSingleInstanceLock(): boolean {
    record.singleInstanceLock = true;
    return true;
  }
  quit(): void {
    record.quits++;
  }
  exit(code = 0): void {
    record.exitCode = code;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  /** The driver's part: Electron finished starting. */
  becomeReady(): void {
    this.markReady();
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

export const app = new StandInApp();
export const BrowserWindow = StandInWindow;
export const protocol: Pick<E.Protocol, 'registerSchemesAsPrivileged' | 'handle'> = {
  registerSchemesAsPrivileged: (schemes) => void record.privilegedSchemes.push(...schemes),
  handle: (scheme, handler) => void record.protocolHandlers.set(scheme, handler),
};
export const net: Pick<E.Net, 'fetch'> = {
  // Electron's net.fetch reads file: URLs; Node's fetch does not.
  fetch: async (input) => {
    const url = typeof input === 'string' ? input : input.url;
    if (!url.startsWith('file:')) throw new Error(`stand-in net.fetch serves file: URLs only, not ${url}`);
    try {
      const path = fileURLToPath(url);
      const headers = { 'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' };
      return new Response(await readFile(path), { status: 200, headers });
    } catch {
      return new Response(null, { status: 404 });
    }
  },
};
export const ipcMain: Pick<E.IpcMain, 'handle' | 'removeHandler'> = {
  handle: (channel, listener) => void record.ipcHandlers.set(channel, listener as InvokeHandler),
  removeHandler: (channel) => void record.ipcHandlers.delete(channel),
};
export const session: {
  defaultSession: Pick<E.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
} = {
  defaultSession: {
    setPermissionRequestHandler: (handler) => void (record.permissionRequest = handler),
    setPermissionCheckHandler: (handler) => void (record.permissionCheck = handler),
  },
};
export const shell: Pick<E.Shell, 'openExternal'> = {
  openExternal: async (url) => void record.openedExternally.push(url),
};
export const safeStorage: Pick<
  E.SafeStorage,
  'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'
> = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (plain) => Buffer.from(`sealed:${plain}`),
  decryptString: (sealed) => sealed.toString().replace(/^sealed:/, ''),
};
export const Menu: Pick<typeof E.Menu, 'buildFromTemplate' | 'setApplicationMenu'> = {
  buildFromTemplate: (template) => {
    record.menu = template as E.MenuItemConstructorOptions[];
    return { items: [] } as unknown as E.Menu;
  },
  setApplicationMenu: () => {},
};
export const dialog: Pick<E.Dialog, 'showErrorBox'> = {
  showErrorBox: (title, content) => void record.errorBoxes.push(`${title}: ${content}`),
};
export const nativeTheme: Pick<E.NativeTheme, 'shouldUseDarkColors'> = { shouldUseDarkColors: false };

// The preload's side.
export const contextBridge: Pick<E.ContextBridge, 'exposeInMainWorld'> = {
  exposeInMainWorld: (key, api) => void record.exposed.set(key, api),
};

/** A call as Electron delivers it to ipcMain: from `frame` of the app window's web contents. */
export async function invokeFrom(frame: Frame, channel: string, ...args: unknown[]): Promise<unknown> {
  const contents = record.windows[0]!.webContents;
  const handler = record.ipcHandlers.get(channel);
  if (!handler) throw new Error(`No handler registered for '${channel}'`);
  const event = { sender: contents, senderFrame: frame } as unknown as E.IpcMainInvokeEvent;
  // Electron hands the renderer a structured clone, never main's own objects.
  return structuredClone(await handler(event, ...args));
}

export const ipcRenderer: Pick<E.IpcRenderer, 'invoke' | 'on'> = {
  invoke: (channel, ...args) => invokeFrom(record.windows[0]!.webContents.mainFrame, channel, ...args),
  on(channel, listener) {
    const listeners = record.windows[0]!.webContents.rendererListeners;
    if (!listeners.has(channel)) listeners.set(channel, new Set());
    listeners.get(channel)!.add(listener as Listener);
    return this as E.IpcRenderer;
  },
};
export const webUtils: Pick<E.WebUtils, 'getPathForFile'> = { getPathForFile: () => '' };
