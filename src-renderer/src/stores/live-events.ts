import {
  EVENT_NAMES,
  subscriberName,
  type CreditdeskApi,
  type EventName,
  type Events,
} from '../../../src-shared/api';
import { api } from '../api/current';

type Handler<E extends EventName> = (payload: Events[E]) => void;
type Subscribe<E extends EventName> = (listener: Handler<E>) => () => void;

const handlers = new Map<EventName, Handler<never>[]>();

/**
 * Registers a domain's reaction to one of main's live events. Each store module registers its own
 * next to the store, so a new domain plugs in without editing this router.
 */
export function onLiveEvent<E extends EventName>(event: E, handler: Handler<E>): void {
  handlers.set(event, [...(handlers.get(event) ?? []), handler as Handler<never>]);
}

/** The part of a store that refreshOn needs: its data's state and how to fetch it again. */
interface Refreshable {
  getState(): { remote: { status: string }; refresh(): Promise<void> };
}

/**
 * Refreshes a store on these events, but only once some page has shown it (the rest loads fresh
 * when its page opens), so a burst of events costs one round trip per page already seen.
 */
export function refreshOn(events: readonly EventName[], store: Refreshable): void {
  for (const event of events)
    onLiveEvent(event, () => {
      const state = store.getState();
      if (state.remote.status !== 'idle') void state.refresh();
    });
}

/** Hands one event to every handler registered for it, in the order they registered. */
export function dispatchLiveEvent<E extends EventName>(event: E, payload: Events[E]): void {
  for (const handler of handlers.get(event) ?? []) (handler as Handler<E>)(payload);
}

/**
 * Listens to every event of the contract, once, and routes it to the registered handlers: the one
 * place that listens, so every page stays current whether a change was made here, by an import
 * job, or arrived by sync from another machine.
 */
export function connectLiveEvents(source: CreditdeskApi = api()): () => void {
  const listen = <E extends EventName>(event: E) =>
    (source[subscriberName(event)] as Subscribe<E>)((payload) => dispatchLiveEvent(event, payload));
  const off = EVENT_NAMES.map((event) => listen(event));
  return () => off.forEach((unsubscribe) => unsubscribe());
}
