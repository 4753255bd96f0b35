import type { Action, ActionKind } from '../pricing/actions';
import type { Bucket, EntryKind, LedgerEntry, UsageEntry } from './entry';

/**
 * Ledger entries stored as columns, one row per distinct id, rows in arrival order (a row never
 * moves; replay order is a permutation kept by LedgerBook). A million entry objects cost ~300 bytes
 * each on the heap; here a usage — almost every entry — is its time, amount and recording time
 * (Float64), its kind (Uint8), one interned "profile" (Uint32: action, rule, card version,
 * explanation, source, machine, token, all shared by most usage) and its id string. The rare kinds
 * (grants, reversals, adjustments) and any usage that does not fit the profile keep their object.
 */

export const KIND_CODES: readonly EntryKind[] = ['grant', 'usage', 'reversal', 'adjustment'];
const KIND_CODE: Readonly<Record<EntryKind, number>> = { grant: 0, usage: 1, reversal: 2, adjustment: 3 };
export const REVERSAL = 2;
/** The kind's code is in the low bits of `kind`; this bit marks a row whose object is kept. */
const KIND_MASK = 3;
const HELD = 0x80;

/** What most usage entries share; one object per distinct combination. */
export interface UsageProfile {
  machineId: string;
  tokenId: string | undefined;
  tokenLabel: string | undefined;
  action: Action;
  actionKind: ActionKind;
  ruleId: string;
  rateCardVersion: string;
  explanation: string;
  source: UsageEntry['source'];
}

/** Beyond this many profiles (a ledger of all-different explanations) usage rows keep their object. */
const MAX_PROFILES = 1 << 20;
const USAGE_PREFIX = 'usage:';

/** FNV-1a over UTF-16 code units. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * The rows as plain parts, for saving a loaded ledger and reading it back without a storage scan
 * (see LedgerBook.image). The typed arrays are views of the live columns: encode before changing them.
 */
export interface ColumnsImage {
  size: number;
  time: Float64Array<ArrayBuffer>;
  amount: Float64Array<ArrayBuffer>;
  recordedAt: Float64Array<ArrayBuffer>;
  kind: Uint8Array<ArrayBuffer>;
  profile: Uint32Array<ArrayBuffer>;
  ids: readonly string[];
  profiles: readonly UsageProfile[];
  /** The object of every row that keeps one (HELD), by row. */
  held: readonly (readonly [number, LedgerEntry])[];
}

/** An image that does not describe valid columns (a damaged or foreign file that passed its checksum). */
export class ColumnsImageError extends Error {}

export class EntryColumns {
  size = 0;
  time = new Float64Array(0);
  amount = new Float64Array(0);
  recordedAt = new Float64Array(0);
  /** The kind's code, plus HELD for rows whose object is kept in `held`. */
  kind = new Uint8Array(0);
  /** Index into `profiles` for profiled usage rows; 0 otherwise. */
  profile = new Uint32Array(0);
  ids: string[] = [];
  /** The entry object of rows that are not a profiled usage (rare): a map, not a slot per row. */
  private readonly held = new Map<number, LedgerEntry>();
  private readonly profiles: UsageProfile[] = [];
  private readonly profileIndex = new Map<string, number>();
  private readonly actionKeys = new Map<string, Action>();
  /** The last profile seen per action object: loads share action objects (trusted-doc.ts interns them). */
  private readonly byAction = new WeakMap<object, number>();
  /** Open addressing from id to row + 1; 0 is an empty slot. */
  private slots = new Int32Array(16);

  /** Room for `capacity` rows without growing (a load that knows the ledger's size asks once). */
  reserve(capacity: number): void {
    if (capacity > this.time.length) this.grow(capacity);
    // Sized once: a pushed array's spare capacity would be bytes per entry for nothing.
    if (capacity > this.ids.length) {
      const ids = new Array<string>(capacity);
      for (let row = 0; row < this.size; row++) ids[row] = this.ids[row]!;
      this.ids = ids;
    }
    let slots = this.slots.length;
    while (slots < capacity * 2) slots *= 2;
    if (slots > this.slots.length) this.rehash(slots);
  }

  image(): ColumnsImage {
    const n = this.size;
    return {
      size: n,
      time: this.time.subarray(0, n),
      amount: this.amount.subarray(0, n),
      recordedAt: this.recordedAt.subarray(0, n),
      kind: this.kind.subarray(0, n),
      profile: this.profile.subarray(0, n),
      ids: n === this.ids.length ? this.ids : this.ids.slice(0, n),
      profiles: this.profiles,
      held: [...this.held],
    };
  }

  /**
   * Columns holding exactly the image's rows. Checks what a wrong value would silently corrupt
   * (kinds, profile and held references, unique ids) and throws ColumnsImageError.
   */
  static fromImage(image: ColumnsImage): EntryColumns {
    const n = image.size;
    const parts = [image.time, image.amount, image.recordedAt, image.kind, image.profile, image.ids];
    if (parts.some((part) => part.length !== n)) throw new ColumnsImageError('columns of different lengths');
    const held = new Map(image.held);
    for (let row = 0; row < n; row++) {
      const t = image.time[row]!;
      if (!Number.isSafeInteger(t) || t < 0 || !Number.isSafeInteger(image.amount[row]!))
        throw new ColumnsImageError(`row ${row} holds a time or amount that is not whole`);
      const kind = image.kind[row]!;
      if ((kind & ~(KIND_MASK | HELD)) !== 0) throw new ColumnsImageError(`row ${row} has kind ${kind}`);
      const object = held.get(row);
      if ((kind & HELD) !== 0) {
        if (!object || object.id !== image.ids[row] || KIND_CODE[object.kind] !== (kind & KIND_MASK))
          throw new ColumnsImageError(`row ${row} lacks its entry`);
      } else if (
        object ||
        (kind & KIND_MASK) !== KIND_CODE.usage ||
        image.profile[row]! >= image.profiles.length ||
        image.ids[row]!.length <= USAGE_PREFIX.length ||
        !image.ids[row]!.startsWith(USAGE_PREFIX)
      ) {
        throw new ColumnsImageError(`row ${row} is not a profiled usage`);
      }
    }
    if (held.size !== image.held.length || [...held.keys()].some((row) => (image.kind[row]! & HELD) === 0))
      throw new ColumnsImageError('entries held for rows that do not keep one');
    const columns = new EntryColumns();
    columns.size = n;
    columns.time = image.time;
    columns.amount = image.amount;
    columns.recordedAt = image.recordedAt;
    columns.kind = image.kind;
    columns.profile = image.profile;
    columns.ids = image.ids as string[];
    for (const [row, entry] of held) columns.held.set(row, entry);
    for (const p of image.profiles) columns.profileByKey({ ...p, kind: 'usage' } as UsageEntry, true);
    if (columns.profiles.length !== image.profiles.length)
      throw new ColumnsImageError('repeated usage profiles');
    let slots = 16;
    while (slots < n * 2) slots *= 2;
    columns.rehash(slots, true);
    return columns;
  }

  /** Columns holding the same rows, sharing nothing that changes (entries and profiles are immutable). */
  copy(): EntryColumns {
    const n = this.size;
    const next = new EntryColumns();
    next.size = n;
    next.time = this.time.slice(0, n);
    next.amount = this.amount.slice(0, n);
    next.recordedAt = this.recordedAt.slice(0, n);
    next.kind = this.kind.slice(0, n);
    next.profile = this.profile.slice(0, n);
    next.ids = this.ids.slice(0, n);
    next.slots = this.slots.slice();
    for (const [row, entry] of this.held) next.held.set(row, entry);
    for (const p of this.profiles) next.profiles.push(p);
    for (const [key, index] of this.profileIndex) next.profileIndex.set(key, index);
    for (const [key, action] of this.actionKeys) next.actionKeys.set(key, action);
    return next;
  }

  /** The row holding `id`, or −1. */
  find(id: string): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let slot = hashId(id) & mask; ; slot = (slot + 1) & mask) {
      const held = slots[slot]!;
      if (held === 0) return -1;
      if (this.ids[held - 1] === id) return held - 1;
    }
  }

  /** Stores an entry whose id is not held yet; returns its row. */
  append(entry: LedgerEntry): number {
    const row = this.size;
    if (row === this.time.length) this.grow(Math.max(1024, Math.ceil(row * 1.5)));
    if ((row + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    this.size = row + 1;
    if (row < this.ids.length) this.ids[row] = entry.id;
    else this.ids.push(entry.id);
    this.write(row, entry);
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = hashId(entry.id) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = row + 1;
    return row;
  }

  /** Puts another copy of the row's id there (a replaced fact, a swapped provenance). */
  write(row: number, entry: LedgerEntry): void {
    this.time[row] = entry.occurredAt;
    this.amount[row] = entry.amount;
    this.recordedAt[row] = entry.recordedAt;
    const profile = entry.kind === 'usage' ? this.profileOf(entry) : -1;
    this.profile[row] = profile < 0 ? 0 : profile;
    this.kind[row] = KIND_CODE[entry.kind] | (profile < 0 ? HELD : 0);
    if (profile < 0) this.held.set(row, entry);
    else this.held.delete(row);
  }

  /** The kind's code (KIND_CODES) of a row. */
  kindCode(row: number): number {
    return this.kind[row]! & KIND_MASK;
  }

  /** The object kept for a row that is not a profiled usage; undefined for profiled usage. */
  heldEntry(row: number): LedgerEntry | undefined {
    return (this.kind[row]! & HELD) === 0 ? undefined : this.held.get(row);
  }

  /** The entry of a row, as an object (built anew for profiled usage). */
  entry(row: number): LedgerEntry {
    const held = this.heldEntry(row);
    if (held !== undefined) return held;
    const p = this.profiles[this.profile[row]!]!;
    const id = this.ids[row]!;
    return {
      id,
      kind: 'usage',
      amount: this.amount[row]!,
      occurredAt: this.time[row]!,
      recordedAt: this.recordedAt[row]!,
      machineId: p.machineId,
      tokenId: p.tokenId,
      tokenLabel: p.tokenLabel,
      action: p.action,
      actionKind: p.actionKind,
      ruleId: p.ruleId,
      rateCardVersion: p.rateCardVersion,
      explanation: p.explanation,
      sourceEventId: id.slice(USAGE_PREFIX.length),
      source: p.source,
    };
  }

  machineAt(row: number): string {
    const held = this.heldEntry(row);
    return held !== undefined ? held.machineId : this.profiles[this.profile[row]!]!.machineId;
  }

  actionKindAt(row: number): ActionKind | '' {
    const held = this.heldEntry(row);
    if (held === undefined) return this.profiles[this.profile[row]!]!.actionKind;
    return held.kind === 'usage' ? held.actionKind : '';
  }

  bucketAt(row: number): Bucket | '' {
    const held = this.heldEntry(row);
    return held !== undefined && held.kind === 'grant' ? held.bucket : '';
  }

  usageIdAt(row: number): string {
    const held = this.heldEntry(row);
    return held !== undefined && held.kind === 'reversal' ? held.usageId : '';
  }

  /** A profile for the usage, or −1 when it must keep its object. */
  private profileOf(entry: UsageEntry): number {
    // The id is the source event's (entryIds.usage / entryIds.crawl); anything else keeps its object.
    if (entry.id.length <= USAGE_PREFIX.length || entry.id.slice(USAGE_PREFIX.length) !== entry.sourceEventId)
      return -1;
    // Most usage repeats the profile of the last usage with the same (shared) action object: compare
    // fields rather than build a key, which would be a string of garbage per entry.
    const recent = this.byAction.get(entry.action);
    if (recent !== undefined && this.matches(this.profiles[recent]!, entry)) return recent;
    const index = this.profileByKey(entry);
    if (index >= 0) this.byAction.set(entry.action, index);
    return index;
  }

  private matches(p: UsageProfile, e: UsageEntry): boolean {
    return (
      p.machineId === e.machineId &&
      p.ruleId === e.ruleId &&
      p.actionKind === e.actionKind &&
      p.rateCardVersion === e.rateCardVersion &&
      p.explanation === e.explanation &&
      p.source === e.source &&
      p.tokenId === e.tokenId &&
      p.tokenLabel === e.tokenLabel
    );
  }

  /** `restoring`: an image's profiles go in as listed, a repeat included (the caller checks the count). */
  private profileByKey(entry: UsageEntry, restoring = false): number {
    const actionKey = JSON.stringify(entry.action);
    const key = `${actionKey}\u0000${entry.actionKind}\u0000${entry.ruleId}\u0000${entry.rateCardVersion}\u0000${entry.explanation}\u0000${entry.source}\u0000${entry.machineId}\u0000${entry.tokenId ?? '\u0001'}\u0000${entry.tokenLabel ?? '\u0001'}`;
    const known = this.profileIndex.get(key);
    if (known !== undefined) return known;
    if (this.profiles.length >= MAX_PROFILES && !restoring) return -1;
    let action = this.actionKeys.get(actionKey);
    if (action === undefined) {
      // A copy: the caller's object may be a storage document it goes on to change.
      action = Object.freeze(JSON.parse(actionKey) as Action);
      this.actionKeys.set(actionKey, action);
    }
    const index = this.profiles.length;
    this.profiles.push({
      machineId: entry.machineId,
      tokenId: entry.tokenId,
      tokenLabel: entry.tokenLabel,
      action,
      actionKind: entry.actionKind,
      ruleId: entry.ruleId,
      rateCardVersion: entry.rateCardVersion,
      explanation: entry.explanation,
      source: entry.source,
    });
    this.profileIndex.set(key, index);
    return index;
  }

  private grow(capacity: number): void {
    const copy = <T extends Float64Array | Uint8Array | Uint32Array>(from: T, make: (n: number) => T): T => {
      const to = make(capacity);
      to.set(from.subarray(0, this.size));
      return to;
    };
    this.time = copy(this.time, (n) => new Float64Array(n));
    this.amount = copy(this.amount, (n) => new Float64Array(n));
    this.recordedAt = copy(this.recordedAt, (n) => new Float64Array(n));
    this.kind = copy(this.kind, (n) => new Uint8Array(n));
    this.profile = copy(this.profile, (n) => new Uint32Array(n));
  }

  /** `checkUnique`: an image's ids must be distinct; the probe compares them on the way. */
  private rehash(size: number, checkUnique = false): void {
    const slots = new Int32Array(size);
    const mask = size - 1;
    const ids = this.ids;
    for (let row = 0; row < this.size; row++) {
      const id = ids[row]!;
      let slot = hashId(id) & mask;
      while (slots[slot] !== 0) {
        if (checkUnique && ids[slots[slot]! - 1] === id)
          throw new ColumnsImageError(`id ${id} is held twice`);
        slot = (slot + 1) & mask;
      }
      slots[slot] = row + 1;
    }
    this.slots = slots;
  }
}
