export { countExport } from './count';
export { combineCounts, estimateMigration, type MigrationCounts, type MigrationEstimate } from './estimate';
export * from './types';
export { openExportFile, type ExportPart } from './export-parts';
