import type { LedgerEntry } from './entry';

/**
 * A hash index from entry id to position in an entry array, for de-duplicating whole ledgers.
 * A JS Set of a million fresh strings spends most of its time growing and hashing through the
 * engine's generic tables; one pre-sized Int32Array with linear probing and an FNV-1a hash is
 * several times faster and allocates once.
 */
export class IdIndex {
  private readonly slots: Int32Array;
  /** Each slot's full hash, compared before touching an entry (a likely cache miss). */
  private readonly hashes: Int32Array;
  private readonly mask: number;

  constructor(
    private readonly entries: readonly LedgerEntry[],
    capacity: number = entries.length,
  ) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
  }

  private static hash(id: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    return h;
  }

  /** Records `entries[position]` (whose id is `id`); returns the earlier position holding that id, or −1. */
  insert(position: number, id: string): number {
    const slots = this.slots;
    const hashes = this.hashes;
    const hash = IdIndex.hash(id);
    let slot = hash & this.mask;
    for (;;) {
      const held = slots[slot]!;
      if (held === 0) {
        slots[slot] = position + 1;
        hashes[slot] = hash;
        return -1;
      }
      if (hashes[slot] === hash && this.entries[held - 1]!.id === id) return held - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Position of the entry with this id, or −1. */
  find(id: string): number {
    const slots = this.slots;
    const hash = IdIndex.hash(id);
    let slot = hash & this.mask;
    for (;;) {
      const held = slots[slot]!;
      if (held === 0) return -1;
      if (this.hashes[slot] === hash && this.entries[held - 1]!.id === id) return held - 1;
      slot = (slot + 1) & this.mask;
    }
  }
}
