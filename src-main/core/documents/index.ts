export { createDocumentEstimator, type DocumentEstimator, type DocumentEstimatorOptions } from './estimator';
export { extractDocument, type ExtractOutcome, type ExtractRequest } from './extract';
export { CleanCounter } from './clean-counter';
export { HtmlTextCounter, htmlChars } from './html-text';
export { SUPPORTED_EXTENSIONS, kindFromName } from './kinds';
export { summarise } from './totals';
export { BUNDLED_WORKER_FILE } from './worker-spec';
export * from './pricing';
export * from './types';
