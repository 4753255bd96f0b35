import {
  EVENT_NAMES,
  subscriberName,
  type CreditdeskApi,
  type EventName,
  type Events,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../../../src-shared/api';

export type FakeMethods = { [M in MethodName]?: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

/**
 * An API object built in the test: the methods a test gives, a record of every call, and events
 * the test can emit. A method the test did not give fails its call, so a store that calls main
 * unexpectedly fails the test rather than passing by accident.
 */
export function fakeApi(methods: FakeMethods) {
  const calls: { method: MethodName; input: unknown }[] = [];
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const api: Record<string, unknown> = {};
  for (const event of EVENT_NAMES)
    api[subscriberName(event)] = (listener: (payload: never) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    };
  const proxy = new Proxy(api, {
    get(target, key) {
      if (typeof key !== 'string' || key in target || key === 'then' || key === 'pathForFile')
        return typeof key === 'string' ? target[key] : undefined;
      return (input: unknown) => {
        calls.push({ method: key as MethodName, input });
        const method = (methods as Record<string, ((input: unknown) => Promise<unknown>) | undefined>)[key];
        return method ? method(input) : Promise.reject(new Error(`the test did not expect a call to ${key}`));
      };
    },
  }) as unknown as CreditdeskApi;
  return {
    api: proxy,
    calls,
    /** The inputs of every call to one method, in order. */
    inputs: <M extends MethodName>(method: M) =>
      calls.filter((c) => c.method === method).map((c) => c.input as MethodInput<M>),
    emit: <E extends EventName>(event: E, payload: Events[E]) => {
      for (const listener of listeners.get(event) ?? []) (listener as (p: Events[E]) => void)(payload);
    },
    listenerCount: (event: EventName) => listeners.get(event)?.size ?? 0,
  };
}

/** A promise the test settles when it chooses, to hold a call in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every settled promise's callbacks run (a few rounds, for chains of awaits). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((done) => setTimeout(done, 0));
}

/** A small file as the stores see a dropped or picked one (Node 20 has File). */
export const textFile = (name: string, text: string): File => new File([text], name, { type: 'text/plain' });

/** A file whose size is all that is read (refused before upload): no bytes are allocated. */
export const hugeFile = (name: string, size: number): File => ({ name, size }) as File;
