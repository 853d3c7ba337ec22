/**
 * The learned OCR channel at run time: P(observed token | true syllable) and candidate generation by a
 * best-first search of the syllable lexicon (a trie) under the character channel, backed by the token
 * table for frequent confusions. A second, trivial channel models diacritic-stripped text.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { charScorer, type ChannelData } from './estimate.ts';
import { alignChars, type ChunkScorer } from './align.ts';
import { stripMarks } from './text.ts';

export const DEFAULT_CHANNEL_PATH = fileURLToPath(new URL('./ocr-channel.json', import.meta.url));

export interface Candidate {
  /** Lower-case true word. */
  word: string;
  /** log10 P(observed | word) under the channel. */
  channel: number;
}

/** Maps an observed lower-case core to scored candidate words. */
export interface Channel {
  readonly kind: 'ocr' | 'stripped';
  candidates(obs: string): Candidate[];
  /** log10 unigram share of the word in the lexicon's corpus (null if not a lexicon word). */
  prior(word: string): number | null;
}

interface Trie {
  /** child maps per node; node 0 is the root. */
  next: Map<string, number>[];
  word: (string | null)[];
}

function buildTrie(words: Iterable<string>): Trie {
  const next: Map<string, number>[] = [new Map()];
  const word: (string | null)[] = [null];
  for (const w of words) {
    let node = 0;
    for (const ch of w) {
      let k = next[node].get(ch);
      if (k === undefined) {
        k = next.length;
        next.push(new Map());
        word.push(null);
        next[node].set(ch, k);
      }
      node = k;
    }
    word[node] = w;
  }
  return { next, word };
}

/** A small binary max-heap of search states keyed by score. */
class Heap {
  private s: number[] = [];
  private v: number[][] = [];
  get size() { return this.s.length; }
  topScore() { return this.s[0]; }
  push(score: number, val: number[]) {
    const s = this.s; const v = this.v;
    let i = s.length;
    s.push(score); v.push(val);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (s[p] >= s[i]) break;
      [s[p], s[i]] = [s[i], s[p]]; [v[p], v[i]] = [v[i], v[p]];
      i = p;
    }
  }
  pop(): [number, number[]] {
    const s = this.s; const v = this.v;
    const top: [number, number[]] = [s[0], v[0]];
    const ls = s.pop()!; const lv = v.pop()!;
    if (s.length) {
      s[0] = ls; v[0] = lv;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1; const r = l + 1;
        let m = i;
        if (l < s.length && s[l] > s[m]) m = l;
        if (r < s.length && s[r] > s[m]) m = r;
        if (m === i) break;
        [s[m], s[i]] = [s[i], s[m]]; [v[m], v[i]] = [v[i], v[m]];
        i = m;
      }
    }
    return top;
  }
}

/** No candidate is worth more than this channel cost (log10), whatever the rest. */
const SEARCH_FLOOR = -8;

export interface OcrChannelOptions {
  /** Candidates returned per observed token. */
  maxCandidates?: number;
  /** Search stops below best − beam (log10). */
  beam?: number;
  /** Max expanded search states per token (bounds pathological tokens). */
  maxExpansions?: number;
  /** Candidates ranked (channel + unigram prior) more than this below the best are dropped (log10). */
  prune?: number;
}

export class OcrChannel implements Channel {
  readonly kind = 'ocr' as const;
  private readonly score: ChunkScorer;
  private readonly trie: Trie;
  private readonly cache = new Map<string, Candidate[]>();
  private readonly logTotal: number;
  private readonly k: number;
  private readonly beam: number;
  private readonly maxExp: number;
  private readonly prune: number;
  /** Minority spellings searched as well, credited to the lexicon form. */
  private readonly variants: Map<string, string>;

  constructor(readonly data: ChannelData, opts: OcrChannelOptions = {}) {
    this.score = charScorer(data);
    this.variants = new Map(Object.entries(data.spellingVariants ?? {}).filter(([, w]) => w in data.lexicon));
    this.trie = buildTrie([...Object.keys(data.lexicon), ...this.variants.keys()]);
    let total = 0;
    for (const c of Object.values(data.lexicon)) total += c;
    this.logTotal = Math.log10(total);
    this.k = opts.maxCandidates ?? 6;
    this.beam = opts.beam ?? 5;
    this.maxExp = opts.maxExpansions ?? 4000;
    this.prune = opts.prune ?? 4;
  }

  prior(word: string): number | null {
    const c = this.data.lexicon[word];
    return c === undefined ? null : Math.log10(c) - this.logTotal;
  }

  /** Character-channel log10 P(obs | truth) (best segmentation). */
  charLogProb(truth: string, obs: string): number {
    return alignChars(truth, obs, this.score).logp;
  }

  /** Channel log10 P(obs | truth): token table interpolated with the character channel. */
  logProb(truth: string, obs: string, charLp = this.charLogProb(truth, obs)): number {
    const n = this.data.trueCounts[truth];
    const c = this.data.tokens[obs]?.[truth];
    if (!n || !c) return n ? charLp + Math.log10(10 / (n + 10)) : charLp;
    const lambda = n / (n + 10);
    return Math.log10(lambda * (c / n) + (1 - lambda) * 10 ** charLp);
  }

  candidates(obs: string): Candidate[] {
    let out = this.cache.get(obs);
    if (!out) {
      out = this.search(obs);
      this.cache.set(obs, out);
    }
    return out;
  }

  private search(obs: string): Candidate[] {
    const o = [...obs];
    const m = o.length;
    const { next, word } = this.trie;
    const found = new Map<string, number>();
    const heap = new Heap();
    const seen = new Set<number>();
    heap.push(0, [0, 0, 0]);
    let best = -Infinity;
    let expansions = 0;
    while (heap.size && expansions < this.maxExp) {
      const [sc, [node, j, ins]] = heap.pop();
      if (sc < best - this.beam || sc < SEARCH_FLOOR) break;
      const key = (node * 16 + j) * 2 + ins;
      if (seen.has(key)) continue;
      seen.add(key);
      expansions++;
      const spelled = word[node];
      const w = spelled === null ? null : (this.variants.get(spelled) ?? spelled);
      if (w !== null && j === m && !found.has(w)) {
        found.set(w, sc);
        if (sc > best) best = sc;
        if (found.size >= this.k * 3) break;
      }
      if (ins === 0 && j < m) heap.push(sc + this.data.insertLogp, [node, j + 1, 1]);
      for (const [ch, child] of next[node]) {
        for (let len = 0; len <= 2 && j + len <= m; len++) {
          const chunk = len === 0 ? '' : len === 1 ? o[j] : o[j] + o[j + 1];
          const s = sc + this.score(ch, chunk);
          if (s >= best - this.beam && s >= SEARCH_FLOOR) heap.push(s, [child, j + len, ins]);
        }
      }
    }
    for (const t of Object.keys(this.data.tokens[obs] ?? {})) {
      if (!found.has(t) && t in this.data.lexicon) found.set(t, this.charLogProb(t, obs));
    }
    const scored: (Candidate & { rank: number })[] = [];
    for (const [w, charLp] of found) {
      const channel = this.logProb(w, obs, charLp);
      scored.push({ word: w, channel, rank: channel + (this.prior(w) ?? -9) });
    }
    scored.sort((a, b) => b.rank - a.rank);
    const floor = scored.length ? scored[0].rank - this.prune : 0;
    const out: Candidate[] = scored.filter((c, i) => i < this.k && c.rank >= floor).map(({ word: w, channel }) => ({ word: w, channel }));
    // the observed string itself, for words outside the lexicon (abbreviations, names, foreign words)
    if (!(obs in this.data.lexicon)) {
      const keep = /^\p{L}+$/u.test(obs) ? this.data.keepLetters : this.data.keepSymbolic;
      out.push({ word: obs, channel: this.charLogProb(obs, obs) + (keep ?? 0) });
    }
    return out;
  }
}

/** Diacritic-stripped input: every lexicon word with the same stripped form is equally likely. */
export class StrippedChannel implements Channel {
  readonly kind = 'stripped' as const;
  private readonly byKey = new Map<string, string[]>();
  private readonly logTotal: number;

  constructor(private readonly lexicon: Record<string, number>, private readonly maxCandidates = 8) {
    let total = 0;
    for (const [w, c] of Object.entries(lexicon)) {
      total += c;
      const k = stripMarks(w);
      const l = this.byKey.get(k);
      if (l) l.push(w);
      else this.byKey.set(k, [w]);
    }
    this.logTotal = Math.log10(total);
  }

  prior(word: string): number | null {
    const c = this.lexicon[word];
    return c === undefined ? null : Math.log10(c) - this.logTotal;
  }

  candidates(obs: string): Candidate[] {
    const all = this.byKey.get(stripMarks(obs)) ?? [];
    // lexicon order is by frequency: drop variants far rarer than the most frequent one
    const top = all.length ? this.lexicon[all[0]] : 0;
    const words = all.filter((w, i) => i < this.maxCandidates && this.lexicon[w] * 10 ** STRIPPED_PRUNE >= top);
    const out = words.map((w) => ({ word: w, channel: 0 }));
    // unmarked spellings ("tap", "hoc") occur in the corpus, but in a stripped document a word with
    // marked variants is almost never meant unmarked
    if (!words.includes(obs)) out.push({ word: obs, channel: words.length ? STRIPPED_KEEP_LOGP : 0 });
    return out;
  }
}

const STRIPPED_KEEP_LOGP = -4;
/** Variants rarer than the most frequent one by more than this (log10) are not candidates. */
const STRIPPED_PRUNE = 4.5;

export function loadChannelData(path = DEFAULT_CHANNEL_PATH): ChannelData {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ChannelData;
  } catch (e) {
    throw new Error(`OCR channel model ${path}: ${(e as Error).message} (build it: npm run build-channel)`);
  }
}
