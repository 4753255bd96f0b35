import type { MethodName, MethodInput, MethodOutput } from './methods';
import type { EventName, Events, EventSubscriberName } from './events';

/**
 * The object the renderer talks to: `window.creditdesk` in Electron (built by the preload) or the
 * WebSocket client in a browser. Both are generated from the contract, so they have the same keys.
 */
export type CreditdeskApi = {
  readonly [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>>;
} & {
  readonly [E in EventName as EventSubscriberName<E>]: (listener: (payload: Events[E]) => void) => () => void;
} & {
  /**
   * The one helper that is not a call to main: the file-system path of a dropped or picked file.
   * Electron only (webUtils); in a browser it is absent and files travel as uploads.
   */
  readonly pathForFile?: (file: unknown) => string;
};

export const LOCAL_HELPERS = ['pathForFile'] as const;

/** IPC channel for a method; the one place the naming scheme lives. */
export const methodChannel = (name: MethodName): string => `creditdesk:call:${name}`;
export const EVENT_CHANNEL = 'creditdesk:event';
