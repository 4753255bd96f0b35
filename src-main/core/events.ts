import type { EventName, Events } from '../../src-shared/api';

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

/** Fan-out of live events to whichever transports are attached (IPC windows, web-host sockets). */
export interface EventBus {
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(onListenerError?: (error: unknown) => void): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const listener of listeners) {
        try {
          listener(event, payload);
        } catch (error) {
          // One broken window must not stop the others from hearing about a balance change.
          onListenerError?.(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
