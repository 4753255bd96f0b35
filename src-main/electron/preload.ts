/**
 * The sandboxed preload: builds one frozen object of named methods from the contract's method and
 * event names. No raw ipcRenderer, no generic invoke(channel), no process, nothing else leaks.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { PRELOAD_METHOD_NAMES } from '../../src-shared/api/names';
import { EVENT_NAMES, subscriberName } from '../../src-shared/api/events';
import { methodChannel, EVENT_CHANNEL } from '../../src-shared/api/client';
import type { Envelope } from '../../src-shared/api/errors';

class CreditdeskError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const api: Record<string, unknown> = {};

for (const name of PRELOAD_METHOD_NAMES) {
  const channel = methodChannel(name);
  api[name] = async (input: unknown) => {
    const envelope = (await ipcRenderer.invoke(channel, input)) as Envelope<unknown>;
    if (envelope.ok) return envelope.value;
    throw new CreditdeskError(envelope.error.code, envelope.error.message, envelope.error.issues);
  };
}

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>(EVENT_NAMES.map((e) => [e, new Set<Listener>()]));
ipcRenderer.on(EVENT_CHANNEL, (_event, message: { event: string; payload: unknown }) => {
  for (const listener of listeners.get(message?.event) ?? []) listener(message.payload);
});

for (const event of EVENT_NAMES) {
  api[subscriberName(event)] = (listener: Listener) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    listeners.get(event)!.add(listener);
    return () => listeners.get(event)!.delete(listener);
  };
}

api.pathForFile = (file: File) => webUtils.getPathForFile(file);

contextBridge.exposeInMainWorld('creditdesk', Object.freeze(api));
