import type { ChangeNotice } from './types';

/** A tiny synchronous fan-out; listeners that throw are isolated so one bad stream cannot stop others. */
export class NoticeBus {
  private readonly listeners = new Set<(notice: ChangeNotice) => void>();

  on(listener: (notice: ChangeNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(notice: ChangeNotice): void {
    for (const listener of this.listeners) {
      try {
        listener(notice);
      } catch {
        // A listener's failure belongs to its own connection; the others must still hear the notice.
      }
    }
  }
}

/** The NOTIFY payload: "teamId collection,collection". Team ids never contain spaces. */
export const encodeNotice = (n: ChangeNotice) => `${n.teamId} ${n.collections.join(',')}`;
export function decodeNotice(payload: string): ChangeNotice | null {
  const [teamId, list] = payload.split(' ');
  if (!teamId || list === undefined) return null;
  return { teamId, collections: list.split(',').filter(Boolean) };
}
