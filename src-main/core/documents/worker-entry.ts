/**
 * Entry of a document worker thread. Bundlers must emit this file as its own entry (see
 * worker-spec.ts); it imports nothing from Electron.
 */
import { parentPort } from 'node:worker_threads';
import { extractDocument } from './extract';
import type { ExtractTask, WorkerReply } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('worker-entry.ts must run in a worker thread');

port.on('message', (task: ExtractTask) => {
  void extractDocument(task.request, (report) =>
    port.postMessage({ type: 'report', report } satisfies WorkerReply),
  ).then((outcome) => port.postMessage({ type: 'done', outcome } satisfies WorkerReply));
});
