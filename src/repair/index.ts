import type { IngestedDocument, RepairedDocument, RepairedLine } from '../../schemas/index.ts';
import type { AdaptedRepairer, LanguageModel, Repairer } from './types.ts';
import { loadChannelData, MixedChannel, OcrChannel, StrippedChannel, type Channel } from './channel/model.ts';
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
  stripped: StrippedChannel;
  mixed: MixedChannel;
  /** For classifyText: marked-spelling counts per mark-free key. */
  markedIndex: Map<string, number>;
  codes: CodeLexicon;
  names: PlaceNamePairs;
  /** Candidate caches of the base LM, per channel kind. */
  cache: Record<'ocr' | 'stripped' | 'mixed', DecoderCache>;
}

const lazy = <T>(v: T | (() => T)): (() => T) => {
  let cached: T | undefined;
  return () => (cached ??= typeof v === 'function' ? (v as () => T)() : v);
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
  const kind = opts.kind ?? classifyText(lines.map((l) => l.raw), m.ocr.data.lexicon, m.markedIndex);
  if (kind === 'clean') return { docId: doc.docId, wasClean: true, lines: lines.map(identityLine) };
  const channel: Channel = kind === 'stripped' ? m.stripped : kind === 'mixed' ? m.mixed : m.ocr;
  const decoded = decodeLines(lines.map((l) => l.raw), { lm, channel, codes: m.codes,
    options: opts.decoder,
    cache: cache[kind],
    names: m.names,
    joinLogp: kind === 'ocr' ? Math.log10(Math.max(m.ocr.data.joinRate, 1e-4)) : undefined,
    splitLogp: kind === 'ocr' ? Math.log10(Math.max(m.ocr.data.splitRate, 1e-4)) : undefined,
    capitals: kind === 'ocr' ? m.ocr.data.capitalFromLower : undefined,
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
  const freshCaches = (): Models['cache'] => ({
    ocr: new DecoderCache(opts.memoSlabs),
    stripped: new DecoderCache(opts.memoSlabs),
    mixed: new DecoderCache(opts.memoSlabs),
  });
  const getLm = lazy(opts.languageModel ?? (() => loadLanguageModel()));
  const getChannel = lazy(opts.channel ?? (() => loadChannelData()));
  const getModels = lazy((): Models => {
    const data = getChannel();
    const stripped = new StrippedChannel(data.lexicon);
    const known = (w: string) => w in data.lexicon || w in (data.spellingVariants ?? {}) || isVietnameseSyllable(w);
    return {
      lm: getLm(),
      ocr: new OcrChannel(data),
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
    return opts.kind ?? classifyText(numberedLines(doc).map((l) => l.raw), m.ocr.data.lexicon, m.markedIndex);
  };
  const adapted = (cleanTexts: readonly string[]): AdaptedRepairer => {
    const m = getModels();
    if (cleanTexts.length === 0) {
      return {
        repairDocument: (doc, kind) => repairWith(doc, m, m.lm, m.cache, kind ? { ...opts, kind } : opts),
        adaptationTokens: 0,
        clearCaches: () => {
          m.cache = freshCaches();
          m.ocr.clearMemo();
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
        m.ocr.clearMemo();
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
