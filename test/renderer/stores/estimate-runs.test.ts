import { beforeEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  MAX_FILE_BYTES,
  type DocumentEstimateView,
  type DocumentRow,
  type FileRef,
  type MigrationEstimateView,
  type WebsiteEstimateView,
} from '../../../src-shared/api';
import { setApi } from '../../../src-renderer/src/api/current';
import { createEstimateDocumentsStore } from '../../../src-renderer/src/features/estimate/documents/documents-store';
import { createEstimateWebsiteStore } from '../../../src-renderer/src/features/estimate/website/website-store';
import { createEstimateMigrationStore } from '../../../src-renderer/src/features/estimate/migration/migration-store';
import { useJobsStore } from '../../../src-renderer/src/stores/jobs-store';
import { deferred, fakeApi, hugeFile, settle, textFile, type FakeMethods } from './fake-api';

const docRow = (name: string, pages: number): DocumentRow => ({
  name,
  bytes: 10,
  contentHash: `hash-${name}`,
  chars: pages * 5000,
  pages,
  millicredits: pages * 1000,
  warnings: [],
  error: null,
  recordedAs: null,
});
/** What main answers for the files it was sent: one page per file, in the order sent. */
const documentView = (names: string[]): DocumentEstimateView => ({
  estimateId: 'est-1',
  files: names.map((n) => docRow(n, 1)),
  totals: {
    files: names.length,
    errors: 0,
    chars: names.length * 5000,
    pages: names.length,
    millicredits: names.length * 1000,
  },
});

/** Uploads that succeed in memory, with the name of each upload id, and optional failures by name. */
function uploads(failing: string[] = []) {
  const names = new Map<string, string>();
  const methods: FakeMethods = {
    beginUpload: async ({ name }) => {
      if (failing.includes(name)) throw new ApiError('unavailable', 'The upload limit is reached');
      const uploadId = `u-${names.size}`;
      names.set(uploadId, name);
      return { uploadId };
    },
    appendUpload: async ({ chunk }) => ({ received: chunk.byteLength }),
  };
  const nameOf = (ref: FileRef | undefined) =>
    ref && 'uploadId' in ref ? names.get(ref.uploadId) : undefined;
  return { methods, nameOf };
}

describe('document estimate runs', () => {
  let store: ReturnType<typeof createEstimateDocumentsStore>;
  beforeEach(() => {
    store = createEstimateDocumentsStore();
  });

  it('estimates a batch, keeping files refused here or failed to upload as error rows in drop order', async () => {
    const up = uploads(['b.pdf']);
    const fake = fakeApi({
      ...up.methods,
      estimateDocuments: async ({ files }) => documentView(files.map((f) => up.nameOf(f)!)),
    });
    setApi(fake.api);
    await store
      .getState()
      .start([
        textFile('a.txt', 'alpha'),
        textFile('b.pdf', 'beta'),
        hugeFile('c.pdf', MAX_FILE_BYTES + 1),
        textFile('d.txt', 'delta'),
      ]);
    const { phase, view, error } = store.getState();
    expect({ phase, error }).toEqual({ phase: 'done', error: null });
    expect(view!.files.map((f) => [f.name, f.error === null ? 'ok' : 'error'])).toEqual([
      ['a.txt', 'ok'],
      ['b.pdf', 'error'],
      ['c.pdf', 'error'],
      ['d.txt', 'ok'],
    ]);
    expect(view!.files[1]!.error).toBe(
      'b.pdf could not be sent: The upload limit is reached. Drop it again.',
    );
    expect(view!.files[2]!.error).toMatch(/^c\.pdf is 201 MB, over the 200 MB limit per file\./);
    expect(view!.totals).toMatchObject({ files: 4, errors: 2, pages: 2, millicredits: 2000 });
    // Main was sent only the two files that made it, in drop order.
    expect(fake.inputs('estimateDocuments')[0]!.files.map((f) => up.nameOf(f))).toEqual(['a.txt', 'd.txt']);
  });

  it('refuses more files than one estimate can read without sending any', async () => {
    const fake = fakeApi({});
    setApi(fake.api);
    await store.getState().start(Array.from({ length: 501 }, (_, i) => textFile(`f${i}.txt`, 'x')));
    expect(store.getState().phase).toBe('failed');
    expect(store.getState().error).toMatch(/^501 files is more than the 500 one estimate can read\./);
    expect(fake.calls).toHaveLength(0);
  });

  it('cancelled during the upload: stops sending, starts no job in main, charges nothing', async () => {
    const first = deferred<{ received: number }>();
    let appends = 0;
    const fake = fakeApi({
      beginUpload: async ({ name }) => ({ uploadId: name }),
      appendUpload: () => (appends++ === 0 ? first.promise : Promise.resolve({ received: 1 })),
    });
    setApi(fake.api);
    const run = store.getState().start([textFile('a.txt', 'alpha'), textFile('b.txt', 'beta')]);
    await settle();
    expect(store.getState().phase).toBe('uploading');
    store.getState().cancel();
    first.resolve({ received: 5 });
    await run;
    expect(store.getState()).toMatchObject({
      phase: 'cancelled',
      error: 'Estimate cancelled; nothing was charged. Drop the files again to start over.',
    });
    expect(fake.inputs('beginUpload').map((i) => i.name)).toEqual(['a.txt']);
    expect(fake.inputs('estimateDocuments')).toHaveLength(0);
    expect(fake.inputs('cancelJob')).toHaveLength(0);
  });

  it('cancelled while main reads: asks main to stop that job and shows the cancellation', async () => {
    const up = uploads();
    const reading = deferred<DocumentEstimateView>();
    const fake = fakeApi({
      ...up.methods,
      estimateDocuments: () => reading.promise,
      cancelJob: async () => ({ cancelled: true }),
    });
    setApi(fake.api);
    const run = store.getState().start([textFile('a.txt', 'alpha')]);
    await settle();
    expect(store.getState().phase).toBe('running');
    // A second drop while one runs is ignored: one job at a time.
    await store.getState().start([textFile('other.txt', 'x')]);
    expect(fake.inputs('beginUpload')).toHaveLength(1);
    store.getState().cancel();
    const jobId = fake.inputs('estimateDocuments')[0]!.jobId;
    expect(fake.inputs('cancelJob')).toEqual([{ jobId }]);
    reading.reject(new ApiError('cancelled', 'cancelled'));
    await run;
    expect(store.getState().phase).toBe('cancelled');
  });

  it('shows a failure with what failed, and a new run forgets the old job under a fresh id', async () => {
    const up = uploads();
    let fail = true;
    const fake = fakeApi({
      ...up.methods,
      estimateDocuments: async ({ files }) => {
        if (fail) throw new ApiError('internal', 'The document reader stopped');
        return documentView(files.map((f) => up.nameOf(f)!));
      },
    });
    setApi(fake.api);
    await store.getState().start([textFile('a.txt', 'alpha')]);
    expect(store.getState()).toMatchObject({
      phase: 'failed',
      error:
        'The files could not be estimated: The document reader stopped. Try again; if it keeps failing, restart Creditdesk.',
    });
    const firstJob = store.getState().jobId!;
    useJobsStore.getState().update({
      jobId: firstJob,
      kind: 'documents',
      phase: 'failed',
      done: 0,
      total: 1,
      unit: 'files',
      label: 'a.txt',
    });
    fail = false;
    await store.getState().start([textFile('b.txt', 'beta')]);
    expect(store.getState().phase).toBe('done');
    expect(store.getState().jobId).not.toBe(firstJob);
    expect(useJobsStore.getState().jobs[firstJob]).toBeUndefined();
  });
});

const websiteView: WebsiteEstimateView = {
  sites: [{ origin: 'https://help.example', pages: 2 }],
  pages: 2,
  crawlMillicredits: 1000,
  pageMillicredits: { min: 2000, expected: 4000, max: 6000 },
  totalMillicredits: { min: 3000, expected: 5000, max: 7000 },
  avgChars: { min: 5000, expected: 6000, max: 7000 },
  notes: [],
};

describe('website estimate runs', () => {
  let store: ReturnType<typeof createEstimateWebsiteStore>;
  beforeEach(() => {
    store = createEstimateWebsiteStore();
  });

  it('says which inputs are missing or wrong without calling main', async () => {
    const fake = fakeApi({});
    setApi(fake.api);
    store.getState().update({ avgChars: '6,0000' });
    await store.getState().run();
    expect(store.getState().fieldErrors).toEqual({
      source: 'Choose a sitemap.xml file or paste page addresses, one per line.',
      avgChars: 'Enter the average characters of cleaned text per page, e.g. 6,000.',
    });
    // Typing into a field clears only that field's error.
    store.getState().update({ urlsText: 'https://help.example/a' });
    expect(Object.keys(store.getState().fieldErrors)).toEqual(['avgChars']);
    expect(fake.calls).toHaveLength(0);
  });

  it('sends the sitemap, the pasted list and the samples each as its own upload, in that order', async () => {
    const up = uploads();
    const fake = fakeApi({ ...up.methods, estimateWebsite: async () => websiteView });
    setApi(fake.api);
    store.getState().update({
      sitemap: textFile('sitemap.xml', '<urlset/>'),
      urlsText: ' https://help.example/a \n\nhttps://help.example/b\n',
      sizeMode: 'samples',
      samples: [textFile('one.html', '<p>1</p>'), textFile('two.html', '<p>2</p>')],
    });
    await store.getState().run();
    expect(store.getState()).toMatchObject({ phase: 'done', result: websiteView, fieldErrors: {} });
    const input = fake.inputs('estimateWebsite')[0]!;
    expect(up.nameOf(input.sitemap)).toBe('sitemap.xml');
    expect(up.nameOf(input.urlList)).toBe('pasted-addresses.txt');
    expect(input.samples!.map((s) => up.nameOf(s))).toEqual(['one.html', 'two.html']);
    expect(input.avgChars).toBeUndefined();
    expect(store.getState().resultInput).toMatchObject({
      sitemap: 'sitemap.xml',
      urls: ['https://help.example/a', 'https://help.example/b'],
      urlCount: 2,
      samples: ['one.html', 'two.html'],
    });
    expect(store.getState().snapshot()).toMatchObject({ title: 'Website: help.example', millicredits: 5000 });
  });
});

const migrationView = (patch: Partial<MigrationEstimateView> = {}): MigrationEstimateView => ({
  platform: 'zendesk',
  conversations: 12_000,
  articles: 0,
  skipped: 0,
  chars: 0,
  documentPages: 0,
  breakdown: { conversations: 6_000_000, articles: 0, documents: 0 },
  millicredits: 6_000_000,
  balance: 1_000_000,
  shortfall: 5_000_000,
  plan: null,
  warnings: [],
  errors: [],
  ...patch,
});

describe('migration estimate runs', () => {
  let store: ReturnType<typeof createEstimateMigrationStore>;
  beforeEach(() => {
    store = createEstimateMigrationStore();
  });

  it('prices typed counts without files, read with the grouping people type', async () => {
    const fake = fakeApi({ estimateMigration: async () => migrationView() });
    setApi(fake.api);
    store.getState().update({ platform: 'zendesk', conversations: '12 000', articles: 'lots' });
    await store.getState().run();
    expect(store.getState().fieldErrors).toEqual({ articles: 'Enter a whole number, e.g. 12,000.' });
    expect(fake.calls).toHaveLength(0);
    store.getState().update({ articles: '' });
    await store.getState().run();
    expect(fake.inputs('estimateMigration')).toEqual([
      {
        jobId: expect.any(String),
        platform: 'zendesk',
        files: [],
        counts: { conversations: 12_000, articles: 0, documentPages: 0 },
      },
    ]);
    expect(store.getState()).toMatchObject({ phase: 'done', result: { shortfall: 5_000_000 } });
    expect(store.getState().snapshot()?.title).toBe('Zendesk migration');
  });

  it('keeps the last result out of sight while a new run goes, and shows a failed run as failed', async () => {
    const answer = deferred<MigrationEstimateView>();
    let calls = 0;
    const fake = fakeApi({
      estimateMigration: () => (calls++ === 0 ? Promise.resolve(migrationView()) : answer.promise),
    });
    setApi(fake.api);
    store.getState().update({ conversations: '100' });
    await store.getState().run();
    expect(store.getState().result).not.toBeNull();
    const second = store.getState().run();
    await settle();
    expect(store.getState()).toMatchObject({ phase: 'running', result: null, resultInput: null });
    answer.reject(new ApiError('bad_request', 'The export is not a Zendesk export'));
    await second;
    expect(store.getState()).toMatchObject({
      phase: 'failed',
      result: null,
      error: 'The migration could not be estimated: The export is not a Zendesk export',
    });
  });
});
