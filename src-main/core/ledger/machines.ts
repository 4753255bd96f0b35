import type { EntryList } from '../../../src-shared/ledger/entry-list';
import type { MachineView } from '../../../src-shared/api/views';

/**
 * Counts entries per writing machine. The ledger can hold millions of entries, so the answer is
 * kept until the book's size changes (entries are immutable: only new ones change the counts).
 */
export class MachineIndex {
  private cachedFor = -1;
  private cached: { machineId: string; entries: number }[] = [];

  list(
    entries: EntryList,
    size: number,
    current: string,
    names: ReadonlyMap<string, string> = new Map(),
  ): MachineView[] {
    if (size !== this.cachedFor) {
      const counts = new Map<string, number>();
      for (let i = 0; i < entries.length; i++) {
        const machineId = entries.machineAt(i);
        counts.set(machineId, (counts.get(machineId) ?? 0) + 1);
      }
      this.cached = [...counts]
        .map(([machineId, n]) => ({ machineId, entries: n }))
        .sort((a, b) => b.entries - a.entries || a.machineId.localeCompare(b.machineId));
      this.cachedFor = size;
    }
    return this.cached.map((m) => {
      const name = names.get(m.machineId);
      return { ...m, ...(name ? { name } : {}), current: m.machineId === current };
    });
  }
}
