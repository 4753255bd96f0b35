import type { LedgerEntry } from '../../../src-shared/ledger';
import { ApiError } from '../../../src-shared/api/errors';
import type { LedgerFilter, LedgerMethods } from '../../../src-shared/api/ledger';
import { nameLookup } from '../../../src-shared/db/machine-names';
import type { HandlerTable } from '../api/dispatcher';
import type { SettingsService } from '../settings/settings-service';
import type { LedgerCollection } from './ledger-collection';
import type { LedgerCommands } from './ledger-commands';
import { LedgerQuery } from './ledger-query';
import { refundsOf, toLedgerRow } from './ledger-rows';
import { ledgerCsvHeader, ledgerCsvLine } from './ledger-csv';
import { writtenRow, type WrittenRowDeps } from './written-row';

const EXPORT_CHUNK_ROWS = 5000;

export interface LedgerHandlerDeps extends WrittenRowDeps {
  store: LedgerCollection;
  commands: LedgerCommands;
  settings: Pick<SettingsService, 'machineNames'>;
}

export function ledgerHandlers(deps: LedgerHandlerDeps): HandlerTable<keyof LedgerMethods> {
  const { store, ledger, commands, settings } = deps;
  // Pages come from the in-memory book (see LedgerQuery); its cached matches follow the book.
  const query = new LedgerQuery();
  ledger.onChange(() => query.invalidate());

  async function storagePage(
    filter: LedgerFilter,
    sort: 'newest' | 'oldest',
    offset: number,
    limit: number,
  ): Promise<{ total: number; entries: LedgerEntry[] }> {
    const total = await store.count(filter);
    return { total, entries: await store.page(filter, sort, offset, limit, total) };
  }

  return {
    listLedger: async ({ filter, sort, offset, limit }) => {
      // Until the whole ledger is in memory (a start from the checkpoint), pages come from storage,
      // so the Ledger page opens at once; deep offsets are slower there, which scrolling tolerates.
      // Free-text search needs the book (storage has no index for it): it waits for the load.
      const source = ledger.loaded || filter.search ? await ledger.fullSource() : null;
      const book = source ? source.entries() : null;
      const names = nameLookup(await settings.machineNames());
      query.setMachineNames(names);
      const { total, entries } = book
        ? query.page(book, filter, sort, offset, limit)
        : await storagePage(filter, sort, offset, limit);
      // With the book in, only usages it has seen reversed are looked up: most pages need no read.
      const refunds = await refundsOf(
        store,
        entries,
        source ? (id) => source.mayHaveReversals(id) : undefined,
      );
      return {
        total,
        offset,
        rows: entries.map((e) => toLedgerRow(e, refunds.get(e.id), names)),
        totals: book ? query.totals(book, filter) : null,
      };
    },
    getLedgerEntry: async ({ id }) => {
      const entry = await store.get(id);
      if (!entry) throw new ApiError('not_found', `No ledger entry ${id}.`);
      return toLedgerRow(
        entry,
        (await refundsOf(store, [entry])).get(id),
        nameLookup(await settings.machineNames()),
      );
    },
    exportLedgerCsv: async ({ filter, cursor }) => {
      const offset = cursor === null ? 0 : Number(cursor);
      if (!Number.isSafeInteger(offset) || offset < 0)
        throw new ApiError('bad_request', 'cursor is not one this export handed out.');
      const names = nameLookup(await settings.machineNames());
      query.setMachineNames(names);
      const { entries } = query.page(
        (await ledger.fullSource()).entries(),
        filter,
        'oldest',
        offset,
        EXPORT_CHUNK_ROWS,
      );
      const body = entries.map((e) => ledgerCsvLine(e, names)).join('');
      return {
        csv: (offset === 0 ? ledgerCsvHeader() : '') + body,
        rows: entries.length,
        nextCursor: entries.length < EXPORT_CHUNK_ROWS ? null : String(offset + entries.length),
        fileName: `creditdesk-ledger-${new Date(deps.now()).toISOString().slice(0, 10)}.csv`,
      };
    },
    recordUsage: ({ action, occurredAt, sourceEventId }) =>
      writtenRow(deps, commands.recordUsage(action, occurredAt, sourceEventId)),
    recordReversal: ({ usageId, reason, amount, requestId }) =>
      writtenRow(deps, commands.reverse(usageId, reason, amount, requestId)),
    recordAdjustment: ({ amount, reason, requestId, bucket }) =>
      writtenRow(deps, commands.adjust(amount, reason, requestId, bucket)),
    grantManual: ({ amount, reason, requestId }) =>
      writtenRow(deps, commands.grantManual(amount, reason, requestId)),
  };
}
