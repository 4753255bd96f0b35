export * from './entry';
export * from './ids';
export * from './errors';
export * from './cycles';
export * from './order';
export { BURN_RANK, type Lot, type LotSource, type LedgerAnomaly } from './replay';
export * from './balance';
export * from './book';
export { ColumnsImageError, type ColumnsImage, type UsageProfile } from './entry-columns';
export * from './entry-list';
export * from './authorize';
export * from './source';
export * from './analytics';
export * from './forecast';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_WINDOW_MS,
  createCheckpoint,
  parseCheckpoint,
  type BalanceCheckpoint,
} from './checkpoint';
export { CheckpointView } from './checkpoint-view';
export * from './plan-timeline';
export * from './bucket-consumption';
