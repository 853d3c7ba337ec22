export * from './ingest.ts';
export * from './repair.ts';
export * from './segment.ts';
export * from './record.ts';
