/**
 * What travels between a `vnplan run --queue` process and its `vnplan worker`s through Redis: the
 * queue's name, the jobs' data and ids, the results, the batch's adaptation texts.
 *
 * Records travel as the V8 serialisation the worker threads already use (structured clone: typed
 * arrays and absent fields stay exactly as they are), gzipped and base64'd: inside BullMQ's JSON
 * for a job's data, in a key of their own for its result.
 * Redis is trusted infrastructure here: keep it on a private network, with a password (docs/scale-out.md).
 */
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { TextKind } from '../../repair/index.ts';
import type { ScanResult } from '../executor.ts';
import { versionStamp, type PipelineVersion, type Stage } from '../version.ts';

/** Prefix of every Redis key vnplan makes (BullMQ's `prefix`). */
export const KEY_PREFIX = 'vnplan';

/**
 * One queue per version of the pipeline (its code, models and libraries): a worker of another
 * version never sees the jobs, so a run never stores rows another version made under its own stamp.
 */
export function queueName(version: PipelineVersion): string {
  return `pipeline-${createHash('sha1').update(versionStamp(version)).digest('hex').slice(0, 12)}`;
}

/** BullMQ connection options for a redis:// or rediss:// URL (commands wait through a reconnection instead of failing). */
export function connectionFor(url: string): { url: string; maxRetriesPerRequest: null } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--queue must be a Redis URL such as redis://host:6379, got "${url}"`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error(`--queue must be a redis:// or rediss:// URL, got "${url}"`);
  return { url, maxRetriesPerRequest: null };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/** Files smaller than this travel inside their job by default; larger ones as paths on shared storage. */
export const DEFAULT_INLINE_BELOW = 1024 * 1024;

/** A file as a job carries it: its bytes (below the run's size limit) or the path every worker can read. */
export interface FileRef {
  /** Absolute path on the storage the workers share (when the bytes are not in the job). */
  location?: string;
  /** The file's bytes, base64. */
  bytes?: string;
}

/**
 * A path of the shared storage as this machine sees it: the first mapping [as the run sees it, as
 * this machine sees it] whose folder holds the path rewrites it.
 */
export function mapSharedPath(location: string, mappings: readonly (readonly [string, string])[]): string {
  for (const [from, to] of mappings) {
    const folder = from.endsWith('/') ? from.slice(0, -1) : from;
    if (location === folder || location.startsWith(`${folder}/`)) return (to.endsWith('/') ? to.slice(0, -1) : to) + location.slice(folder.length);
  }
  return location;
}

/** The batch's clean texts, stored once in Redis for every repair job of the second pass. */
export interface AdaptationRef {
  key: string;
  /** SHA-256 of the texts: a worker builds the adapted model once per sha. */
  sha: string;
  texts: number;
  chars: number;
}

export type JobKind = 'scan' | 'classify' | 'extract' | 'repair';

export interface JobData {
  kind: JobKind;
  /** versionStamp() of the run: a worker of another version refuses the job. */
  version: string;
  /** The path as given to `vnplan run`: it names the document and its errors. */
  sourcePath: string;
  /** SHA-256 of the file's bytes as the run read them. */
  contentHash: string;
  /** scan, repair: the file to read. */
  file?: FileRef;
  /** classify, extract, repair of a stored document: encodeRecord({ ingested, repaired? }). */
  payload?: string;
  /** repair: read the file through OCR. */
  ocr?: boolean;
  textKind?: TextKind;
  adaptation?: AdaptationRef | null;
  /** The stage the document is re-done from (for the run's summary only). */
  from?: Stage;
}

/**
 * A job's id, from what determines its result: adding the same work twice (after Redis lost it, or
 * from a run restarted after a crash) finds the job already there instead of doing it twice.
 */
export function jobIdFor(data: JobData): string {
  const key = [data.kind, data.version, data.sourcePath, data.file?.location ?? '', data.contentHash, data.ocr ? 'ocr' : '', data.textKind ?? '', data.adaptation?.sha ?? '', data.from ?? ''];
  return createHash('sha1').update(JSON.stringify(key)).digest('hex');
}

export function encodeRecord(value: unknown): string {
  return gzipSync(serialize(value), { level: 3 }).toString('base64');
}

export function decodeRecord<T>(encoded: string): T {
  return deserialize(gunzipSync(Buffer.from(encoded, 'base64'))) as T;
}

/** What a worker returns for a job: the first or second pass's outcome, encoded. */
export const encodeResult = (r: ScanResult): string => encodeRecord(r);
export const decodeResult = (s: string): ScanResult => decodeRecord<ScanResult>(s);

export function packAdaptation(texts: string[]): { sha: string; blob: Buffer; chars: number } {
  const joined = Buffer.from(texts.join('\0'), 'utf8');
  return { sha: createHash('sha256').update(joined).digest('hex'), blob: gzipSync(joined, { level: 3 }), chars: texts.reduce((n, t) => n + t.length, 0) };
}

export function unpackAdaptation(blob: Buffer): string[] {
  const text = gunzipSync(blob).toString('utf8');
  return text.length === 0 ? [] : text.split('\0');
}

export function adaptationKey(queue: string, sha: string): string {
  return `${KEY_PREFIX}:${queue}:adaptation:${sha}`;
}

/**
 * Where a worker puts a job's result before it completes the job. Results (30–200 KB for a real
 * plan) stay out of the job's return value, which BullMQ also copies into its event stream.
 */
export function resultKey(queue: string, jobId: string): string {
  return `${KEY_PREFIX}:${queue}:result:${jobId}`;
}

/** How long jobs, results and adaptation texts of a run that died stay in Redis (seconds). */
export const KEEP_SECONDS = 7 * 86_400;

/**
 * A job that throws is retried (BullMQ `attempts`); one that failed every attempt becomes an error
 * row. The stage leads the message so the run can name it.
 */
export class WorkerFailure extends Error {
  constructor(readonly stage: 'ingest' | 'repair', message: string) {
    super(`[${stage}] ${message}`);
    this.name = 'WorkerFailure';
  }
}

export function stageOfFailure(reason: string, kind: JobKind): 'ingest' | 'repair' {
  const m = /^\[(ingest|repair)\] /.exec(reason);
  if (m) return m[1] as 'ingest' | 'repair';
  return kind === 'scan' ? 'ingest' : 'repair';
}

export function reasonOfFailure(reason: string): string {
  return reason.replace(/^\[(ingest|repair)\] /, '');
}
