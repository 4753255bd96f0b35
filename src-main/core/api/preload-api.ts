/**
 * Builds the object the preload exposes as window.creditdesk, from the contract's names only. Kept
 * free of 'electron' (the preload passes ipcRenderer in) so a test can check its keys, and free of
 * zod, so the sandboxed preload stays one small CommonJS bundle.
 */
import { PRELOAD_METHOD_NAMES } from '../../../src-shared/api/names';
import { EVENT_NAMES, subscriberName } from '../../../src-shared/api/events';
import { methodChannel, EVENT_CHANNEL } from '../../../src-shared/api/client';
import { ApiError, type Envelope } from '../../../src-shared/api/errors';

export interface PreloadIpc {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: unknown) => void): void;
}

type Listener = (payload: unknown) => void;

export function buildPreloadApi(
  ipc: PreloadIpc,
  pathForFile: (file: unknown) => string,
): Readonly<Record<string, unknown>> {
  const api: Record<string, unknown> = {};
  for (const name of PRELOAD_METHOD_NAMES) {
    const channel = methodChannel(name);
    api[name] = async (input: unknown) => {
      const envelope = (await ipc.invoke(channel, input)) as Envelope<unknown>;
      if (envelope.ok) return envelope.value;
      throw ApiError.from(envelope.error);
    };
  }
  const listeners = new Map<string, Set<Listener>>(EVENT_NAMES.map((e) => [e, new Set<Listener>()]));
  ipc.on(EVENT_CHANNEL, (_event, message) => {
    const m = message as { event?: unknown; payload?: unknown } | null;
    if (typeof m?.event !== 'string') return;
    for (const listener of listeners.get(m.event) ?? []) listener(m.payload);
  });
  for (const event of EVENT_NAMES) {
    api[subscriberName(event)] = (listener: Listener) => {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)!.delete(listener);
    };
  }
  api.pathForFile = (file: unknown) => pathForFile(file);
  return Object.freeze(api);
}
