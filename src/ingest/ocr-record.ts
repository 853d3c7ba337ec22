/**
 * What tesseract saw on one page, kept in a compact, plain-JSON form: blocks → paragraphs → lines →
 * words, each word with its box, its confidence and, per character, the other characters the LSTM
 * considered (lstm_choice_mode 2). The layout step (ocr-layout.ts) turns a record into lines; keeping
 * the record lets training pairs and eval inputs be laid out again when that step changes, without
 * running the OCR again.
 */
import type Tesseract from 'tesseract.js';

/** [x0, y0, x1, y1] in pixels of the recognised image. */
export type Box = [number, number, number, number];

/** Per character of the word: the other characters the LSTM gave some weight to, [char, confidence 0..1]. */
export type CharAlternatives = [string, number][];

export interface OcrWordRecord {
  text: string;
  /** tesseract's word confidence, 0..1. */
  conf: number;
  box: Box;
  /**
   * Alternatives per character of `text` (code points, NFC), `null` where the LSTM had none worth
   * keeping; absent when the choices could not be lined up with the characters.
   */
  alts?: (CharAlternatives | null)[];
}

export interface OcrLineRecord {
  box: Box;
  words: OcrWordRecord[];
}

export interface OcrParagraphRecord {
  box: Box;
  lines: OcrLineRecord[];
}

export interface OcrBlockRecord {
  box: Box;
  paragraphs: OcrParagraphRecord[];
}

export interface OcrPageRecord {
  /** Size of the recognised image in pixels. */
  width: number;
  height: number;
  /** Mean word confidence, 0..1. */
  confidence: number;
  blocks: OcrBlockRecord[];
}

const box = (b: Tesseract.Bbox): Box => [b.x0, b.y0, b.x1, b.y1];

/** Alternatives below this confidence (0..1) are dropped: tesseract lists many at 0. */
const MIN_ALTERNATIVE = 0.02;
/** At most this many alternatives per character. */
const MAX_ALTERNATIVES = 4;

const unescapeHtml = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|#39|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", apos: "'" })[e] ?? _);

/**
 * The LSTM's choices per word, in the order of the hOCR's words: per timestep group, the choices
 * [char, confidence 0..1] best first. Needs `lstm_choice_mode` 2 (else the groups are empty).
 */
export function hocrChoices(hocr: string): [string, number][][][] {
  const words: [string, number][][][] = [];
  let groups: [string, number][][] | null = null;
  let group: [string, number][] | null = null;
  const re = /<span class='(ocrx_word|ocrx_cinfo)' id='(word|lstm_choices|choice)_[^']*'(?: title='([^']*)')?>([^<]*)/g;
  for (const m of hocr.matchAll(re)) {
    const kind = m[2];
    if (kind === 'word') {
      groups = [];
      group = null;
      words.push(groups);
    } else if (kind === 'lstm_choices') {
      if (!groups) continue;
      group = [];
      groups.push(group);
    } else if (group) {
      const conf = Number(/x_confs ([0-9.]+)/.exec(m[3] ?? '')?.[1] ?? 0) / 100;
      group.push([unescapeHtml(m[4]).normalize('NFC'), conf]);
    }
  }
  for (const w of words) for (const g of w) g.sort((a, b) => b[1] - a[1]);
  return words;
}

/**
 * Lines the LSTM's timestep groups up with the word's characters: groups whose best choice is a
 * space (word boundaries) are left out, and the rest must have the word's characters as their best
 * choices, one group per character. Otherwise (a group for two characters, a character without a
 * group) the word gets no alternatives rather than wrong ones.
 */
export function charAlternatives(text: string, groups: [string, number][][]): (CharAlternatives | null)[] | undefined {
  const chars = [...text.normalize('NFC')];
  const useful = groups.filter((g) => g.length > 0 && g[0][0] !== ' ');
  if (useful.length !== chars.length) return undefined;
  const out: (CharAlternatives | null)[] = [];
  for (let i = 0; i < chars.length; i++) {
    const g = useful[i];
    if (g[0][0] !== chars[i]) return undefined;
    const alts = g.slice(1).filter(([c, p]) => p >= MIN_ALTERNATIVE && c !== chars[i] && c !== ' ').slice(0, MAX_ALTERNATIVES);
    out.push(alts.length ? alts.map(([c, p]) => [c, Math.round(p * 1000) / 1000]) : null);
  }
  return out;
}

/** The record of one tesseract.js result (blocks, and hOCR made with lstm_choice_mode 2 when given). */
export function ocrPageRecord(data: Tesseract.Page, size: { width: number; height: number }, hocr?: string | null): OcrPageRecord {
  const choices = hocr ? hocrChoices(hocr) : [];
  let w = 0;
  const blocks: OcrBlockRecord[] = [];
  for (const b of data.blocks ?? []) {
    const paragraphs: OcrParagraphRecord[] = [];
    for (const p of b.paragraphs) {
      const lines: OcrLineRecord[] = [];
      for (const l of p.lines) {
        const words: OcrWordRecord[] = [];
        for (const word of l.words ?? []) {
          const groups = choices[w++];
          const text = word.text.normalize('NFC');
          if (text.trim() === '') continue;
          const rec: OcrWordRecord = { text, conf: Math.max(0, Math.min(1, word.confidence / 100)), box: box(word.bbox) };
          const alts = groups ? charAlternatives(text, groups) : undefined;
          if (alts && alts.some((a) => a !== null)) rec.alts = alts;
          words.push(rec);
        }
        if (words.length > 0) lines.push({ box: box(l.bbox), words });
      }
      if (lines.length > 0) paragraphs.push({ box: box(p.bbox), lines });
    }
    if (paragraphs.length > 0) blocks.push({ box: box(b.bbox), paragraphs });
  }
  // hOCR and blocks walk the same result iterator: if their word counts differ, drop the choices
  if (hocr && w !== choices.length) for (const b of blocks) for (const p of b.paragraphs) for (const l of p.lines) for (const x of l.words) delete x.alts;
  return { width: size.width, height: size.height, confidence: Math.max(0, Math.min(1, data.confidence / 100)), blocks };
}

/** All words of a record in tesseract's order. */
export function recordWords(rec: OcrPageRecord): OcrWordRecord[] {
  return rec.blocks.flatMap((b) => b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words)));
}
