import { messageOf } from '../lib/errors';

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: string };

/**
 * A store's command runner, over the two fields its page shows (`busy`/`actionError`,
 * `saving`/`saveError` ...): marks the command busy and clears the last error, runs the call, then
 * clears busy, keeping the error's message on failure. `done` adds the answer to the same update;
 * `failed` replaces the error field's default (the message itself).
 */
export function actionRunner<S, B extends keyof S, E extends keyof S>(
  set: (patch: Partial<S>) => void,
  fields: { busy: B; error: E; idle: S[B] },
) {
  const patch = (values: Record<string, unknown>) => values as Partial<S>;
  return async <R>(
    busy: S[B],
    call: () => Promise<R>,
    options: { done?: (value: R) => Partial<S>; failed?: (message: string) => Partial<S> } = {},
  ): Promise<Outcome<R>> => {
    set(patch({ [fields.busy]: busy, [fields.error]: null }));
    try {
      const value = await call();
      set({ ...options.done?.(value), ...patch({ [fields.busy]: fields.idle }) });
      return { ok: true, value };
    } catch (error) {
      const message = messageOf(error);
      set({
        ...patch({ [fields.busy]: fields.idle, [fields.error]: message }),
        ...options.failed?.(message),
      });
      return { ok: false, error: message };
    }
  };
}
