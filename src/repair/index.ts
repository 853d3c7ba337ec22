import { existsSync } from 'node:fs';
import type { IngestedDocument, RepairedDocument, RepairedLine } from '../../schemas/index.ts';
import type { AdaptedRepairer, LanguageModel, Repairer } from './types.ts';
import { DEFAULT_VIE_CHANNEL_PATH, loadChannelData, MixedChannel, OcrChannel, StrippedChannel, type Channel } from './channel/model.ts';
import type { TokenEvidence } from './channel/evidence.ts';
import { isVietnameseSyllable } from './syllable/syllable.ts';
import type { ChannelData } from './channel/estimate.ts';
import { DecoderCache, decodeLines, type DecoderOptions } from './decoder/decoder.ts';
import type { CodeLexicon } from './decoder/codes.ts';
import { classifyText, markedVariantsIndex, type TextKind } from './decoder/classify.ts';
import { placeNamePairs, type PlaceNamePairs } from './decoder/names.ts';
import { buildAdaptiveModel, loadLanguageModel } from './language-model/index.ts';

export type { AdaptedRepairer, Repairer, RepairOptions } from './types.ts';
export type { TextKind } from './decoder/classify.ts';

/** Whitespace-separated tokens of a line with their offsets. */
export function splitTokens(line: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  for (const m of line.matchAll(/\S+/g)) out.push({ text: m[0], start: m.index ?? 0 });
  return out;
}

/** Flattens the pages into numbered lines: the line numbers every later stage refers to. */
export function numberedLines(doc: IngestedDocument): { lineNo: number; pageNumber: number; raw: string }[] {
  const out: { lineNo: number; pageNumber: number; raw: string }[] = [];
  for (const page of doc.pages) for (const raw of page.lines) out.push({ lineNo: out.length + 1, pageNumber: page.pageNumber, raw });
  return out;
}

/** Keeps every token as read (confidence 1): how clean documents pass through. */
export function identityLine(l: { lineNo: number; pageNumber: number; raw: string }): RepairedLine {
  return {
    ...l,
    text: l.raw,
    confidence: 1,
    tokens: splitTokens(l.raw).map((t) => ({ original: t.text, repaired: t.text, confidence: 1, start: t.start })),
  };
}

export interface RepairerOptions {
  /** The base language model (default: loadLanguageModel(), loaded on first use). */
  languageModel?: LanguageModel | (() => LanguageModel);
  /** The OCR channel (default: src/repair/channel/ocr-channel.json, loaded on first use). */
  channel?: ChannelData | (() => ChannelData);
  /**
   * The channel of vnplan's own OCR, tesseract's Vietnamese model (default:
   * src/repair/channel/ocr-vie-channel.json, loaded on first use): for documents ingest OCR'd.
   */
  vieChannel?: ChannelData | (() => ChannelData);
  decoder?: Partial<DecoderOptions>;
  /** Force a text kind instead of detecting it per document. */
  kind?: TextKind;
  /**
   * Memory each decoder cache may spend on memoised transition matrices, in 512 kB slabs (default
   * 64: 32 MB). A pipeline with one repairer per thread sets less.
   */
  memoSlabs?: number;
}

interface Models {
  lm: LanguageModel;
  ocr: OcrChannel;
  /** Loaded on the first OCR'd document; null when the model file is absent (OCR'd text is then
   * repaired by its profile, as text from elsewhere). */
  vie: () => OcrChannel | null;
  stripped: StrippedChannel;
  mixed: MixedChannel;
  /** For classifyText: marked-spelling counts per mark-free key. */
  markedIndex: Map<string, number>;
  codes: CodeLexicon;
  names: PlaceNamePairs;
  /** Candidate caches of the base LM, per channel kind. */
  cache: Caches;
}

type Caches = Record<'ocr' | 'ocr-vie' | 'stripped' | 'mixed', DecoderCache>;
const newCaches = (memoSlabs?: number): Caches => ({
  ocr: new DecoderCache(memoSlabs),
  'ocr-vie': new DecoderCache(memoSlabs),
  stripped: new DecoderCache(memoSlabs),
  mixed: new DecoderCache(memoSlabs),
});

/**
 * The OCR's evidence per numbered line of a document that ingest OCR'd (null when no page was): the
 * token evidence of OCR'd lines (an empty list when the ingest kept none), null for lines of pages
 * that came from a text layer (kept as written).
 */
export function ocrEvidence(doc: IngestedDocument): (readonly (TokenEvidence | undefined)[] | null)[] | null {
  // (== null: documents built by hand may leave the field out; only an OCR'd page has a confidence)
  if (!doc.pages.some((p) => p.ocrConfidence != null)) return null;
  const out: (readonly (TokenEvidence | undefined)[] | null)[] = [];
  for (const page of doc.pages) {
    page.lines.forEach((_, i) => out.push(page.ocrConfidence == null ? null : (page.ocrTokens?.[i] ?? [])));
  }
  return out;
}

/** How a document is repaired: OCR'd by ingest (the Vietnamese model), else by its text's profile. */
function kindOf(doc: IngestedDocument, m: Models, forced?: TextKind): TextKind {
  if (forced) return forced;
  if (ocrEvidence(doc) && m.vie()) return 'ocr-vie';
  return classifyText(numberedLines(doc).map((l) => l.raw), m.ocr.data.lexicon, m.markedIndex);
}

const lazy = <T>(v: T | (() => T)): (() => T) => {
  let done = false;
  let cached: T;
  return () => {
    if (!done) { cached = typeof v === 'function' ? (v as () => T)() : v; done = true; }
    return cached;
  };
};

/** Repairs one document's lines with a given LM; clean documents pass through untouched. */
function repairWith(
  doc: IngestedDocument,
  m: Models,
  lm: LanguageModel,
  cache: Models['cache'],
  opts: RepairerOptions,
): RepairedDocument {
  const lines = numberedLines(doc);
  const kind = kindOf(doc, m, opts.kind);
  if (kind === 'clean') return { docId: doc.docId, wasClean: true, lines: lines.map(identityLine) };
  const ocr = (kind === 'ocr-vie' ? m.vie() : null) ?? m.ocr;
  const channel: Channel = kind === 'stripped' ? m.stripped : kind === 'mixed' ? m.mixed : ocr;
  const isOcr = kind === 'ocr' || kind === 'ocr-vie';
  const decoded = decodeLines(lines.map((l) => l.raw), { lm, channel, codes: m.codes,
    options: opts.decoder,
    cache: cache[kind],
    names: m.names,
    joinLogp: isOcr ? Math.log10(Math.max(ocr.data.joinRate, 1e-4)) : undefined,
    splitLogp: isOcr ? Math.log10(Math.max(ocr.data.splitRate, 1e-4)) : undefined,
    capitals: kind === 'ocr' ? m.ocr.data.capitalFromLower : undefined,
    evidence: kind === 'ocr-vie' ? (ocrEvidence(doc) ?? undefined) : undefined,
    evidenceModel: kind === 'ocr-vie' ? ocr.data.evidence : undefined,
  });
  return {
    docId: doc.docId,
    wasClean: false,
    lines: lines.map((l, i) => {
      const d = decoded[i];
      return { ...l, text: d.text, tokens: d.tokens, confidence: d.tokens.reduce((a, t) => Math.min(a, t.confidence), 1) };
    }),
  };
}

/**
 * The repair stage. Models load once, on first use, and stay with this repairer instance.
 * repairBatch adapts the LM to the batch's clean documents (and `context.cleanTexts`).
 */
export function createRepairer(opts: RepairerOptions = {}): Repairer {
  const freshCaches = (): Caches => newCaches(opts.memoSlabs);
  const getLm = lazy(opts.languageModel ?? (() => loadLanguageModel()));
  const getChannel = lazy(opts.channel ?? (() => loadChannelData()));
  const getVieChannel = lazy(opts.vieChannel ?? (() => (existsSync(DEFAULT_VIE_CHANNEL_PATH) ? loadChannelData(DEFAULT_VIE_CHANNEL_PATH) : null)));
  // Set once the Vietnamese-model channel is loaded, so clearing memos never loads it.
  let loadedVie: OcrChannel | null = null;
  const clearChannelMemos = (m: Models): void => {
    m.ocr.clearMemo();
    loadedVie?.clearMemo();
  };
  const getModels = lazy((): Models => {
    const data = getChannel();
    const stripped = new StrippedChannel(data.lexicon);
    const known = (w: string) => w in data.lexicon || w in (data.spellingVariants ?? {}) || isVietnameseSyllable(w);
    return {
      lm: getLm(),
      ocr: new OcrChannel(data),
      vie: lazy(() => {
        const data = getVieChannel();
        loadedVie = data ? new OcrChannel(data, { kind: 'ocr-vie' }) : null;
        return loadedVie;
      }),
      stripped,
      mixed: new MixedChannel(stripped, known),
      markedIndex: markedVariantsIndex(data.lexicon),
      codes: { parts: data.codeParts ?? {}, sources: data.codeSources ?? {} },
      cache: freshCaches(),
      names: placeNamePairs(data.lexicon),
    };
  });
  const repairDocument = (doc: IngestedDocument): RepairedDocument => {
    const m = getModels();
    return repairWith(doc, m, m.lm, m.cache, opts);
  };
  const textKind = (doc: IngestedDocument): TextKind => {
    const m = getModels();
    return kindOf(doc, m, opts.kind);
  };
  const adapted = (cleanTexts: readonly string[]): AdaptedRepairer => {
    const m = getModels();
    if (cleanTexts.length === 0) {
      return {
        repairDocument: (doc, kind) => repairWith(doc, m, m.lm, m.cache, kind ? { ...opts, kind } : opts),
        adaptationTokens: 0,
        clearCaches: () => {
          m.cache = freshCaches();
          clearChannelMemos(m);
        },
      };
    }
    const lm = buildAdaptiveModel(m.lm, [...cleanTexts]);
    // The base model's candidate caches hold base-model scores: an adapted model needs its own.
    let cache = freshCaches();
    return {
      repairDocument: (doc, kind) => repairWith(doc, m, lm, cache, kind ? { ...opts, kind } : opts),
      adaptationTokens: lm.adaptationTokens,
      clearCaches: () => {
        cache = freshCaches();
        clearChannelMemos(m);
      },
    };
  };
  const repairBatch = (docs: IngestedDocument[], context?: { cleanTexts?: string[] }): RepairedDocument[] => {
    const m = getModels();
    const kinds = docs.map(textKind);
    const cleanTexts = [
      ...(context?.cleanTexts ?? []),
      ...docs.filter((_, i) => kinds[i] === 'clean').map((d) => numberedLines(d).map((l) => l.raw).join('\n')),
    ];
    const adapted = cleanTexts.length > 0;
    const lm = adapted ? buildAdaptiveModel(m.lm, cleanTexts) : m.lm;
    const cache = adapted ? freshCaches() : m.cache;
    return docs.map((d, i) => repairWith(d, m, lm, cache, { ...opts, kind: kinds[i] }));
  };
  return { repairDocument, repairBatch, adapted, textKind };
}
