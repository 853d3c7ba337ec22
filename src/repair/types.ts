import type { IngestedDocument, RepairedDocument } from '../../schemas/index.ts';
import type { TextKind } from './decoder/classify.ts';

/** Options shared by single-document and batch repair. */
export interface RepairOptions {
  /** Repair the documents of a batch with a model adapted to its clean documents. */
  adapt?: boolean;
}

/** The repair stage's contract: ingested pages → repaired lines (same count) with per-token confidence. */
export interface Repairer {
  repairDocument(doc: IngestedDocument): RepairedDocument;
  /**
   * Repairs a batch; clean documents in it, and `cleanTexts` (clean documents already in the
   * store), adapt the model used for the others.
   */
  repairBatch(docs: IngestedDocument[], context?: { cleanTexts?: string[] }): RepairedDocument[];
  /**
   * What repairBatch does for its damaged documents, one document at a time: a repairer whose
   * model is adapted to `cleanTexts` (the batch's clean documents and those already stored), so a
   * stream of documents is repaired exactly as the same documents in one batch would be.
   */
  adapted(cleanTexts: readonly string[]): AdaptedRepairer;
  /** The kind of text a document holds (clean documents pass through repair untouched). */
  textKind(doc: IngestedDocument): TextKind;
}

/** A repairer bound to one batch adaptation (see Repairer.adapted). */
export interface AdaptedRepairer {
  /** `kind`: the document's text kind when already known (textKind), so it is not detected twice. */
  repairDocument(doc: IngestedDocument, kind?: TextKind): RepairedDocument;
  /** Tokens counted from the clean texts (0: no adaptation, the base model). */
  readonly adaptationTokens: number;
  /**
   * Drops the decoder's memoised candidates and matrices (the output does not change, only the
   * speed until they are filled again): a thread repairing thousands of documents calls it now and
   * then so its memory stays flat.
   */
  clearCaches(): void;
}

/**
 * A syllable n-gram language model over lower-cased NFC tokens. Ids are dense integers so the
 * decoder's inner loop does no string work. Implemented by src/repair/language-model/.
 */
export interface LanguageModel {
  readonly vocabSize: number;
  /** Sentence start, sentence end and unknown-token ids. */
  readonly bosId: number;
  readonly eosId: number;
  readonly unkId: number;
  /** Id of a lower-cased NFC token (a syllable or a class token such as a number), unkId if unknown. */
  wordId(token: string): number;
  /** log10 P(w3 | w1 w2), smoothed (w1/w2 may be bosId). Must be fast: the decoder calls it millions of times. */
  logProb(w1: number, w2: number, w3: number): number;
  /**
   * out[k] = logProb(w1, w2, ws[start + k]) for k < count (default: all of ws), bit for bit: the
   * context (w1 w2) is resolved once per row instead of once per word, which is what the decoder's
   * transition matrices need. No trigram starts with </s>, so with w1 = eosId the row is the bigram
   * P(w | w2). (start, count) let the decoder keep every list's ids in one buffer.
   */
  logProbRow(w1: number, w2: number, ws: Int32Array, out: Float64Array, start?: number, count?: number): void;
  /** log10 P(w): for pruning candidates before the search. */
  unigramLogProb(w: number): number;
}
