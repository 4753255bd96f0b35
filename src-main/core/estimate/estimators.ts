import { randomUUID } from 'node:crypto';
import type { EstimateDoc } from '../../../src-shared/db/collections';
import { usageEntryFor } from '../../../src-shared/ledger/usage-entry';
import { ApiError } from '../../../src-shared/api/errors';
import type * as V from '../../../src-shared/api/views';
import type { CreditdeskDatabase } from '../db/open-database';
import type { SettingsService } from '../settings/settings-service';
import type { LedgerCollection } from '../ledger/ledger-collection';
import type { LedgerService } from '../ledger/ledger-service';
import type { ResolvedFile } from '../files/uploads';
import type { Jobs } from '../jobs/jobs';
import { createDocumentEstimator, type DocumentEstimator } from '../documents';
import { documentEstimateView } from './document-view';
import { estimateWebsiteJob, estimateMigrationJob } from './estimate-jobs';

export interface EstimatorDeps {
  db: CreditdeskDatabase;
  settings: SettingsService;
  store: LedgerCollection;
  ledger: LedgerService;
  jobs: Jobs;
  machineId: string;
  now: () => number;
  /** The bundled document worker, when running from the electron-vite build. */
  documentWorkerUrl?: string | URL;
}

/** Estimates kept for "record as training"; older ones are dropped first. */
const KEPT_ESTIMATES = 50;

/**
 * The estimators behind the Estimate page: documents (worker threads), website training and
 * help-desk migrations, plus saved estimates. A document estimate is kept in main by id, so
 * "record as training" charges exactly what was estimated, never numbers sent back by a page.
 */
export class Estimators {
  private documentsEstimator: DocumentEstimator | null = null;
  private readonly recent = new Map<string, V.DocumentEstimateView>();

  constructor(private readonly deps: EstimatorDeps) {}

  async documents(jobId: string, files: ResolvedFile[]): Promise<V.DocumentEstimateView> {
    const card = await this.deps.settings.card();
    this.documentsEstimator ??= createDocumentEstimator({
      rateCard: card,
      workerUrl: this.deps.documentWorkerUrl,
    });
    const estimator = this.documentsEstimator;
    const label = `Reading ${files.length} ${files.length === 1 ? 'file' : 'files'}`;
    const result = await this.deps.jobs.run(jobId, 'documents', label, (job) => {
      const rows: NonNullable<V.JobProgress['files']> = files.map((f) => ({
        name: f.name,
        done: 0,
        total: f.size,
        state: 'queued',
      }));
      job.progress({ unit: 'bytes', total: files.reduce((s, f) => s + f.size, 0), done: 0, files: rows });
      return estimator.estimate(
        files.map((f) => ({ path: f.path, name: f.name })),
        {
          signal: job.signal,
          onProgress: (event) => {
            if (event.type === 'batch')
              job.progress({ done: event.bytesDone, total: event.bytesTotal, files: rows });
            else if (event.type === 'file') {
              const row = rows[event.index]!;
              Object.assign(row, {
                done: event.pagesTotal ? (event.pagesDone ?? 0) : event.bytesDone,
                total: event.pagesTotal ?? event.bytesTotal,
                state: event.stage === 'queued' ? 'queued' : event.stage === 'done' ? 'done' : 'running',
              });
              job.progress({ files: rows });
            } else {
              rows[event.row.index]!.state = event.row.status === 'ok' ? 'done' : 'error';
              job.progress({ files: rows });
            }
          },
        },
      );
    });
    const view = documentEstimateView(randomUUID(), result);
    const recorded = await this.deps.store.getMany(
      view.files.filter((f) => f.contentHash).map((f) => trainingId(f.contentHash!)),
    );
    for (const row of view.files)
      if (row.contentHash && recorded.has(trainingId(row.contentHash)))
        row.recordedAs = trainingId(row.contentHash);
    this.recent.set(view.estimateId, view);
    while (this.recent.size > KEPT_ESTIMATES) this.recent.delete(this.recent.keys().next().value!);
    return view;
  }

  /** Records an estimate's files as training usage, once per file content (sha256). */
  async recordTraining(estimateId: string): Promise<V.RecordTrainingResult> {
    const view = this.recent.get(estimateId);
    if (!view) throw new ApiError('not_found', 'That estimate is no longer in memory; drop the files again.');
    const [settings, card] = await Promise.all([this.deps.settings.get(), this.deps.settings.card()]);
    const entries = view.files
      .filter((f) => f.error === null && f.contentHash !== null)
      .map((f) =>
        usageEntryFor(
          {
            sourceEventId: `doc:${f.contentHash}`,
            occurredAt: this.deps.now(),
            request: { kind: 'document', chars: f.chars },
            source: 'estimator',
          },
          settings,
          card,
          { machineId: this.deps.machineId, recordedAt: this.deps.now() },
        ),
      );
    const written = await this.deps.store.append(entries);
    this.deps.ledger.accept(written.inserted);
    for (const row of view.files) if (row.contentHash) row.recordedAs = trainingId(row.contentHash);
    return {
      recorded: written.inserted.length,
      alreadyRecorded: written.duplicates.length + written.conflicts.length,
      millicredits: written.inserted.reduce((s, e) => s - e.amount, 0),
      entryIds: written.inserted.map((e) => e.id),
    };
  }

  website(jobId: string, input: Parameters<typeof estimateWebsiteJob>[1]): Promise<V.WebsiteEstimateView> {
    return estimateWebsiteJob(this.deps, input, jobId);
  }

  migration(
    jobId: string,
    platform: V.MigrationEstimateView['platform'],
    files: ResolvedFile[],
    counts?: { conversations: number; articles: number; documentPages: number },
  ): Promise<V.MigrationEstimateView> {
    return estimateMigrationJob(this.deps, { platform, files, counts }, jobId);
  }

  async save(input: {
    id: string;
    kind: EstimateDoc['kind'];
    title: string;
    millicredits: number;
    input: Record<string, unknown>;
    result: Record<string, unknown>;
  }): Promise<V.SavedEstimateView> {
    const now = this.deps.now();
    const existing = await this.deps.db.estimates.findOne(input.id).exec();
    const doc: EstimateDoc = {
      id: input.id,
      kind: input.kind,
      title: input.title,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      input: input.input,
      result: { ...input.result, millicredits: input.millicredits },
    };
    await this.deps.db.estimates.upsert(doc);
    return toSaved(doc);
  }

  async list(): Promise<V.SavedEstimateView[]> {
    const docs = await this.deps.db.estimates.find({ sort: [{ updatedAt: 'desc' }] }).exec();
    return docs.map((d) => toSaved(d.toMutableJSON() as EstimateDoc));
  }

  async remove(id: string): Promise<boolean> {
    const doc = await this.deps.db.estimates.findOne(id).exec();
    if (!doc) return false;
    await doc.remove();
    return true;
  }

  async close(): Promise<void> {
    await this.documentsEstimator?.close();
  }
}

const trainingId = (sha256: string) => `usage:doc:${sha256}`;

function toSaved(doc: EstimateDoc): V.SavedEstimateView {
  const millicredits = Number((doc.result as { millicredits?: unknown }).millicredits ?? 0);
  return { ...doc, millicredits: Number.isSafeInteger(millicredits) ? millicredits : 0 };
}
