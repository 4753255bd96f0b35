import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, MAX_FILE_BYTES, type ImportResult } from '../../../src-shared/api';
import { setApi } from '../../../src-renderer/src/api/current';
import { createImportStore } from '../../../src-renderer/src/features/imports/import-store';
import { useJobsStore } from '../../../src-renderer/src/stores/jobs-store';
import { useToastStore } from '../../../src-renderer/src/stores/toast-store';
import { deferred, fakeApi, hugeFile, settle, textFile } from './fake-api';

const CSV = 'when,kind,label_count\n2026-11-03T09:15:00Z,ai_label,120\n';
const result = (patch: Partial<ImportResult> = {}): ImportResult => ({
  jobId: 'job',
  rows: 1,
  imported: 1,
  duplicates: 0,
  conflicts: 0,
  errors: [],
  errorCount: 0,
  ignoredColumns: [],
  ...patch,
});

/** Uploads accepted in memory: the bytes main would stage for the import. */
function uploads() {
  const received = new Map<string, number>();
  return {
    received,
    methods: {
      beginUpload: async ({ name }: { name: string }) => {
        received.set(`u-${name}`, 0);
        return { uploadId: `u-${name}` };
      },
      appendUpload: async ({ uploadId, chunk }: { uploadId: string; chunk: Uint8Array }) => {
        received.set(uploadId, received.get(uploadId)! + chunk.byteLength);
        return { received: received.get(uploadId)! };
      },
    },
  };
}

describe('import store', () => {
  let store: ReturnType<typeof createImportStore>;
  beforeEach(() => {
    store = createImportStore();
    useToastStore.setState({ toasts: [] });
  });

  it('refuses a file over the size limit before reading or sending anything', async () => {
    const fake = fakeApi({});
    setApi(fake.api);
    await store.getState().prepare(hugeFile('usage.csv', MAX_FILE_BYTES + 1), 'auto');
    expect(store.getState()).toMatchObject({ phase: 'failed', fileName: 'usage.csv' });
    expect(store.getState().error).toMatch(/larger than 200 MB; split it and import the parts/);
    expect(fake.calls).toHaveLength(0);
  });

  it('proposes the columns named as the format says, uploads the file and imports it with the mapping', async () => {
    const up = uploads();
    const fake = fakeApi({
      ...up.methods,
      importUsage: async () => result({ rows: 1, imported: 1 }),
    });
    setApi(fake.api);
    await store.getState().prepare(textFile('usage.csv', CSV), 'auto');
    const prepared = store.getState();
    expect(prepared).toMatchObject({
      phase: 'mapping',
      format: 'csv',
      columns: ['when', 'kind', 'label_count'],
    });
    expect(prepared.choice).toMatchObject({ kind: 'kind', labelCount: 'label_count', occurredAt: '' });
    store.getState().choose('occurredAt', 'when');
    await store.getState().start();
    expect(up.received.get('u-usage.csv')).toBe(CSV.length);
    const [input] = fake.inputs('importUsage');
    expect(input).toMatchObject({
      file: { uploadId: 'u-usage.csv' },
      format: 'csv',
      mapping: { occurredAt: 'when', kind: 'kind', labelCount: 'label_count' },
    });
    expect(store.getState()).toMatchObject({ phase: 'done', file: null, sent: CSV.length, size: CSV.length });
    expect(store.getState().jobId).toBe(input!.jobId);
    expect(useToastStore.getState().toasts.map((t) => t.text)).toEqual([
      'Imported 1 of 1 rows from usage.csv.',
    ]);
  });

  it('shows why an import failed and lets the user start over', async () => {
    const up = uploads();
    const fake = fakeApi({
      ...up.methods,
      importUsage: async () => {
        throw new ApiError('bad_request', 'Row 2: occurred_at is missing.');
      },
    });
    setApi(fake.api);
    await store.getState().prepare(textFile('usage.csv', CSV), 'csv');
    await store.getState().start();
    expect(store.getState()).toMatchObject({
      phase: 'failed',
      file: null,
      error: 'Row 2: occurred_at is missing.',
    });
    // A second start without a new file does nothing: the failed file is gone.
    await store.getState().start();
    expect(fake.inputs('importUsage')).toHaveLength(1);
  });

  it('cancels an upload here, and a running import in main, saying nothing was recorded', async () => {
    const held = deferred<{ received: number }>();
    const running = deferred<ImportResult>();
    const fake = fakeApi({
      beginUpload: async () => ({ uploadId: 'u1' }),
      appendUpload: () => held.promise,
      importUsage: () => running.promise,
      cancelJob: async () => ({ cancelled: true }),
    });
    setApi(fake.api);
    // Two chunks: cancelling during the first stops before the second is sent.
    const big = textFile('big.csv', 'when,kind\n' + 'x'.repeat(1024 * 1024 + 10));
    await store.getState().prepare(big, 'csv');
    const upload = store.getState().start();
    await settle();
    expect(store.getState().phase).toBe('uploading');
    store.getState().cancel();
    held.resolve({ received: 1024 * 1024 });
    await upload;
    expect(store.getState()).toMatchObject({
      phase: 'failed',
      error: 'Import cancelled; nothing was recorded.',
    });
    expect(fake.inputs('appendUpload')).toHaveLength(1);
    expect(fake.inputs('importUsage')).toHaveLength(0);
    expect(fake.inputs('cancelJob')).toHaveLength(0);

    await store.getState().prepare(textFile('usage.csv', CSV), 'csv');
    const importing = store.getState().start();
    await settle();
    expect(store.getState().phase).toBe('importing');
    store.getState().cancel();
    expect(fake.inputs('cancelJob')).toEqual([{ jobId: store.getState().jobId }]);
    running.reject(new ApiError('cancelled', 'Import cancelled after 0 rows; nothing was recorded.'));
    await importing;
    expect(store.getState()).toMatchObject({
      phase: 'failed',
      error: 'Import cancelled after 0 rows; nothing was recorded.',
    });
  });

  it('forgets the job progress when dismissed', async () => {
    const up = uploads();
    setApi(fakeApi({ ...up.methods, importUsage: async () => result() }).api);
    await store.getState().prepare(textFile('usage.csv', CSV), 'csv');
    await store.getState().start();
    const jobId = store.getState().jobId!;
    useJobsStore.getState().update({
      jobId,
      kind: 'import',
      phase: 'done',
      done: 1,
      total: 1,
      unit: 'rows',
      label: 'usage.csv',
    });
    expect(useJobsStore.getState().jobs[jobId]).toBeDefined();
    store.getState().dismiss();
    expect(useJobsStore.getState().jobs[jobId]).toBeUndefined();
    expect(store.getState()).toMatchObject({ phase: 'idle', jobId: null, fileName: null, result: null });
  });
});
