/**
 * The learned OCR channel at run time: P(observed token | true syllable) and candidate generation by a
 * best-first search of the syllable lexicon (a trie) under the character channel, backed by the token
 * table for frequent confusions. A second, trivial channel models diacritic-stripped text.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { charScorer, type ChannelData } from './estimate.ts';
import { alignChars, type ChunkScorer } from './align.ts';
import { hasMarks, stripMarks } from './text.ts';

export const DEFAULT_CHANNEL_PATH = fileURLToPath(new URL('./ocr-channel.json', import.meta.url));
/** The channel of vnplan's own OCR (tesseract.js, Vietnamese model): build-vie-channel.ts. */
export const DEFAULT_VIE_CHANNEL_PATH = fileURLToPath(new URL('./ocr-vie-channel.json', import.meta.url));

export interface Candidate {
  /** Lower-case true word. */
  word: string;
  /** log10 P(observed | word) under the channel. */
  channel: number;
  /** A document-code part (HĐND) rather than a lexicon word. */
  codePart?: boolean;
}

/** Maps an observed lower-case core to scored candidate words. */
export interface Channel {
  /** ocr: OCR without Vietnamese support (marks lost); ocr-vie: OCR with the Vietnamese model (marks misread). */
  readonly kind: 'ocr' | 'ocr-vie' | 'stripped' | 'mixed';
  candidates(obs: string): Candidate[];
  /** log10 unigram share of the word in the lexicon's corpus (null if not a lexicon word). */
  prior(word: string): number | null;
  /** The lexicon's form of a minority spelling ("hoà" → "hòa"), if the word is one. */
  spellingVariant?(word: string): string | undefined;
}

/** The lexicon as a flat trie: node n's children are childChar/childNode[childStart[n] .. childStart[n+1]). */
interface Trie {
  alphabet: string[];
  childStart: Int32Array;
  childChar: Int32Array;
  childNode: Int32Array;
  word: (string | null)[];
  /** Most trie chars between the node and a word end below it (the height of its subtree). */
  depth: Int32Array;
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
  const alphabet = [...new Set(next.flatMap((m) => [...m.keys()]))].sort();
  const charIdx = new Map(alphabet.map((c, i) => [c, i]));
  // breadth-first numbering: a node's children get consecutive ids, so the search's per-state
  // arrays are read close together (the edge order, hence the search order, is unchanged)
  const order = [0];
  const id = new Int32Array(next.length);
  for (let q = 0; q < order.length; q++) for (const k of next[order[q]].values()) { id[k] = order.length; order.push(k); }
  const childStart = new Int32Array(next.length + 1);
  let edges = 0;
  for (let n = 0; n < order.length; n++) { childStart[n] = edges; edges += next[order[n]].size; }
  childStart[next.length] = edges;
  const childChar = new Int32Array(edges);
  const childNode = new Int32Array(edges);
  for (let n = 0; n < order.length; n++) {
    let e = childStart[n];
    for (const [ch, k] of next[order[n]]) { childChar[e] = charIdx.get(ch)!; childNode[e] = id[k]; e++; }
  }
  // nodes are numbered breadth-first, so every child has a larger id than its parent
  const depth = new Int32Array(next.length);
  for (let n = next.length - 1; n >= 0; n--) {
    for (let e = childStart[n]; e < childStart[n + 1]; e++) depth[n] = Math.max(depth[n], depth[childNode[e]] + 1);
  }
  return { alphabet, childStart, childChar, childNode, word: order.map((k) => word[k]), depth };
}

/**
 * A binary max-heap of search states in flat arrays: priority (score plus an optimistic estimate of
 * the rest), score so far, and the state (trie node, observed position, insertions) packed in one int.
 * Sifting moves a hole instead of swapping: the same comparisons, so the same order, fewer writes.
 */
class StateHeap {
  size = 0;
  private prio = new Float64Array(1024);
  private g = new Float64Array(1024);
  private state = new Int32Array(1024);
  private grow() {
    const n = this.prio.length * 2;
    const p = new Float64Array(n); p.set(this.prio); this.prio = p;
    const g = new Float64Array(n); g.set(this.g); this.g = g;
    const s = new Int32Array(n); s.set(this.state); this.state = s;
  }
  push(prio: number, g: number, state: number) {
    if (this.size === this.prio.length) this.grow();
    const P = this.prio, G = this.g, S = this.state;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (P[p] >= prio) break;
      P[i] = P[p]; G[i] = G[p]; S[i] = S[p];
      i = p;
    }
    P[i] = prio; G[i] = g; S[i] = state;
  }
  /** Pops the best state into out = [priority, score, state]. */
  pop(out: Float64Array) {
    const P = this.prio, G = this.g, S = this.state;
    out[0] = P[0]; out[1] = G[0]; out[2] = S[0];
    const last = --this.size;
    if (last > 0) {
      const prio = P[last], g = G[last], state = S[last];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = -1;
        let best = prio;
        if (l < last && P[l] > best) { m = l; best = P[l]; }
        if (r < last && P[r] > best) m = r;
        if (m === -1) break;
        P[i] = P[m]; G[i] = G[m]; S[i] = S[m];
        i = m;
      }
      P[i] = prio; G[i] = g; S[i] = state;
    }
  }
}

/**
 * Weight of the character channel against the token table, in observations: a syllable seen n times in
 * training keeps K / (n + K) of its character-channel probability for a reading the table never saw.
 * The synthetic OCR is not the real one (real scans read xã as "x&", the synthetic pages never do), so
 * the table must not rule such readings out: 10 cost 0.1 points on unseen synthetic pages and 0.25 on
 * the real seeds against 150 (chosen on the unseen pages; 40–2,000 are within 0.05 there).
 */
const TOKEN_TABLE_PRIOR = 150;

/** No candidate is worth more than this channel cost (log10), whatever the rest. */
const SEARCH_FLOOR = -8;
/**
 * Search states expanded per token at most. The search meets its other stops (the beam, enough words)
 * first for almost every token: 800 and 4,000 gave the same output on the unseen pages and the seeds,
 * and 800 repaired unseen OCR pages ~10 % faster. 500 gives the same figures again (the OCR'd seeds,
 * stripped and batch; the bench's 60 English-OCR pages; the scanned eval inputs and held-out pages of
 * the Vietnamese-model channel) and repairs the bench's English-OCR pages ~8 % faster; 400 costs the
 * seeds 0.02 points. The stored lists were searched with BUILD_MAX_EXPANSIONS.
 */
const DEFAULT_MAX_EXPANSIONS = 500;
export const BUILD_MAX_EXPANSIONS = 4000;
/**
 * The search stops below best − beam (log10). 4 and 5 give the same figures on the unseen pages and
 * the seeds (3 loses 0.05 points on the seeds); 4 searches ~15 % faster. The stored lists were searched
 * with BUILD_BEAM.
 */
const DEFAULT_BEAM = 4;
export const BUILD_BEAM = 5;
const NO_SCORES = (n: number) => new Float64Array(n).fill(-Infinity);

export interface OcrChannelOptions {
  /** Candidates returned per observed token. */
  maxCandidates?: number;
  /** Search stops below best − beam (log10). */
  beam?: number;
  /** Max expanded search states per token (bounds pathological tokens). */
  maxExpansions?: number;
  /** Candidates ranked (channel + unigram prior) more than this below the best are dropped (log10). */
  prune?: number;
  /** Which OCR the data describes (default 'ocr', OCR without Vietnamese support). */
  kind?: 'ocr' | 'ocr-vie';
}

/**
 * The parts of an OCR channel that depend on its data alone: the character scorer, the lexicon trie
 * and the per-chunk score rows the search reads. Built once per ChannelData and shared by every
 * repairer of the process (compiledChannel); what depends on the documents, the candidate lists per
 * observed form, stays with each OcrChannel.
 */
class CompiledChannel {
  readonly score: ChunkScorer;
  readonly trie: Trie;
  /** Minority spellings searched as well, credited to the lexicon form. */
  readonly variants: Map<string, string>;
  readonly logTotal: number;
  private readonly chunkRows = new Map<string, Float64Array>();

  constructor(data: ChannelData) {
    this.score = charScorer(data);
    this.variants = new Map(Object.entries(data.spellingVariants ?? {}).filter(([, w]) => w in data.lexicon));
    this.trie = buildTrie([...Object.keys(data.lexicon), ...this.variants.keys()]);
    let total = 0;
    for (const c of Object.values(data.lexicon)) total += c;
    this.logTotal = Math.log10(total);
  }

  /** Score of an observed chunk for every trie char (a function of the data: memoised for good). */
  chunkScores(chunk: string): Float64Array {
    let v = this.chunkRows.get(chunk);
    if (!v) {
      v = Float64Array.from(this.trie.alphabet, (ch) => this.score(ch, chunk));
      this.chunkRows.set(chunk, v);
    }
    return v;
  }
}

/** One compiled channel per data object: a pure function of immutable model data, so sharing it is safe. */
const compiledChannels = new WeakMap<ChannelData, CompiledChannel>();
function compiledChannel(data: ChannelData): CompiledChannel {
  let c = compiledChannels.get(data);
  if (!c) compiledChannels.set(data, (c = new CompiledChannel(data)));
  return c;
}

export class OcrChannel implements Channel {
  readonly kind: 'ocr' | 'ocr-vie';
  private readonly compiled: CompiledChannel;
  private readonly cache = new Map<string, Candidate[]>();
  private readonly k: number;
  private readonly beam: number;
  private readonly maxExp: number;
  private readonly prune: number;

  constructor(readonly data: ChannelData, opts: OcrChannelOptions = {}) {
    this.compiled = compiledChannel(data);
    this.kind = opts.kind ?? 'ocr';
    this.k = opts.maxCandidates ?? 16;
    this.beam = opts.beam ?? DEFAULT_BEAM;
    this.maxExp = opts.maxExpansions ?? DEFAULT_MAX_EXPANSIONS;
    this.prune = opts.prune ?? 4;
  }

  prior(word: string): number | null {
    const c = this.data.lexicon[word];
    return c === undefined ? null : Math.log10(c) - this.compiled.logTotal;
  }

  spellingVariant(word: string): string | undefined {
    return this.compiled.variants.get(word);
  }

  /** Character-channel log10 P(obs | truth) (best segmentation). */
  charLogProb(truth: string, obs: string): number {
    return alignChars(truth, obs, this.compiled.score).logp;
  }

  /** Channel log10 P(obs | truth): token table interpolated with the character channel. */
  logProb(truth: string, obs: string, charLp = this.charLogProb(truth, obs)): number {
    const n = this.data.trueCounts[truth];
    const c = this.data.tokens[obs]?.[truth];
    const K = TOKEN_TABLE_PRIOR;
    if (!n || !c) return n ? charLp + Math.log10(K / (n + K)) : charLp;
    const lambda = n / (n + K);
    return Math.log10(lambda * (c / n) + (1 - lambda) * 10 ** charLp);
  }

  /** Forgets the memoised candidates (the output does not change): every new OCR form adds one, so a long stream drops them now and then. */
  clearMemo(): void {
    this.cache.clear();
  }

  candidates(obs: string): Candidate[] {
    let out = this.cache.get(obs);
    if (!out) {
      const pre = this.data.precomputed?.[obs];
      out = pre ? pre.map(([word, channel]) => ({ word, channel })) : this.search(obs);
      this.cache.set(obs, out);
    }
    return out;
  }

  private searchNo = 0;
  private visited = new Int32Array(0);

  private readonly heap = new StateHeap();
  private readonly popped = new Float64Array(3);

  /**
   * H[j * (D + 1) + d]: the most the observed chars j.. can still add to a path's score when at most
   * d more trie chars follow (each takes the best trie char for its chunk; insertions unlimited). A
   * path at a trie node can take no more trie chars than the node's depth, so a long observed rest
   * under a shallow node is bounded by the insertions it needs. An upper bound and consistent: a
   * child is shallower than its parent, H grows with d, and trie chars that consume nothing never
   * raise a score (log10 <= 0).
   */
  private restBound(sc0: Float64Array, sc1: Float64Array[], sc2: Float64Array[], m: number, insertLogp: number, D: number): Float64Array {
    const W = D + 1;
    const H = new Float64Array((m + 1) * W);
    let max0 = -Infinity;
    for (const v of sc0) if (v > max0) max0 = v;
    if (max0 > 0 || insertLogp > 0) return H; // not a log-probability table: no bound, plain best-first
    for (let j = m - 1; j >= 0; j--) {
      let b1 = -Infinity, b2 = -Infinity;
      for (const v of sc1[j]) if (v > b1) b1 = v;
      if (j + 1 < m) for (const v of sc2[j]) if (v > b2) b2 = v;
      for (let d = 0; d <= D; d++) {
        let h = insertLogp + H[(j + 1) * W + d];
        if (d > 0) {
          h = Math.max(h, b1 + H[(j + 1) * W + d - 1]);
          if (j + 1 < m) h = Math.max(h, b2 + H[(j + 2) * W + d - 1]);
        }
        H[j * W + d] = h;
      }
    }
    return H;
  }

  private visitedFor(m: number): Int32Array {
    const need = this.compiled.trie.word.length * (m + 1) * 2;
    if (this.visited.length < need) this.visited = new Int32Array(need);
    return this.visited;
  }

  private search(obs: string): Candidate[] {
    const o = [...obs];
    const m = o.length;
    const { trie, variants } = this.compiled;
    const { alphabet, childStart, childChar, childNode, word, depth } = trie;
    // chunk scores per trie char, per observed chunk (memoised: chunks recur across tokens)
    const A = alphabet.length;
    const sc0 = this.compiled.chunkScores('');
    const sc1: Float64Array[] = [];
    const sc2: Float64Array[] = [];
    for (let j = 0; j < m; j++) {
      sc1.push(this.compiled.chunkScores(o[j]));
      sc2.push(j + 1 < m ? this.compiled.chunkScores(o[j] + o[j + 1]) : NO_SCORES(A));
    }
    const found = new Map<string, number>();
    const heap = this.heap;
    heap.size = 0;
    // visited states, stamped with this search's number (no clearing between searches)
    const stamp = ++this.searchNo;
    const visited = this.visitedFor(m);
    const st = this.popped;
    const insertLogp = this.data.insertLogp;
    const D = depth[0];
    const W = D + 1;
    const H = this.restBound(sc0, sc1, sc2, m, insertLogp, D);
    // A* order: priority = score + H[position], where H never underestimates what the rest of the
    // observed token can still score and is consistent, so words come out in the same score order as
    // a plain best-first search, and states that cannot reach best − beam are never queued.
    heap.push(H[D], 0, 0);
    let best = -Infinity;
    let cut = -Infinity;
    let expansions = 0;
    while (heap.size && expansions < this.maxExp) {
      heap.pop(st);
      const f = st[0], sc = st[1], key = st[2];
      if (f < best - this.beam || f < SEARCH_FLOOR || f < cut) break;
      if (visited[key] === stamp) continue;
      // key = (node * (m + 1) + j) * 2 + ins
      const ins = key & 1, nj = key >> 1, node = Math.floor(nj / (m + 1)), j = nj - node * (m + 1);
      visited[key] = stamp;
      expansions++;
      const spelled = word[node];
      if (spelled !== null && j === m) {
        const w = variants.get(spelled) ?? spelled;
        if (!found.has(w)) {
          found.set(w, sc);
          if (sc > best) best = sc;
          // enough words: finish the words tied with this one (a floor score is often shared by
          // dozens, and which of them made the cut would otherwise depend on the heap's order)
          if (found.size >= this.k * 2 && cut === -Infinity) cut = sc;
          if (found.size >= this.k * 8) break;
        }
      }
      const bound = Math.max(best - this.beam, SEARCH_FLOOR);
      const dn = depth[node];
      if (ins === 0 && j < m && sc + insertLogp + H[(j + 1) * W + dn] >= bound) heap.push(sc + insertLogp + H[(j + 1) * W + dn], sc + insertLogp, key + 3);
      const s1 = j < m ? sc1[j] : sc0, s2 = j + 1 < m ? sc2[j] : sc0;
      // a state already expanded was expanded at its best score (consistent bound): not queued again
      const stride = (m + 1) * 2;
      for (let e = childStart[node], end = childStart[node + 1]; e < end; e++) {
        const c = childChar[e];
        const child = childNode[e];
        const dc = depth[child];
        const h0 = H[j * W + dc], h1 = j < m ? H[(j + 1) * W + dc] : 0, h2 = j + 1 < m ? H[(j + 2) * W + dc] : 0;
        const base = child * stride + j * 2 + ins;
        let s = sc + sc0[c];
        if (s + h0 >= bound && visited[base] !== stamp) heap.push(s + h0, s, base);
        if (j < m) {
          s = sc + s1[c];
          if (s + h1 >= bound && visited[base + 2] !== stamp) heap.push(s + h1, s, base + 2);
          if (j + 1 < m) {
            s = sc + s2[c];
            if (s + h2 >= bound && visited[base + 4] !== stamp) heap.push(s + h2, s, base + 4);
          }
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

/**
 * Mostly clean Vietnamese where some words lost their marks: a word that carries marks and is a valid
 * syllable is taken as written (correct Vietnamese is left alone); the others get the stripped
 * channel's candidates.
 */
export class MixedChannel implements Channel {
  readonly kind = 'mixed' as const;
  constructor(
    private readonly stripped: StrippedChannel,
    private readonly isValid: (w: string) => boolean,
  ) {}

  prior(word: string): number | null {
    return this.stripped.prior(word);
  }

  candidates(obs: string): Candidate[] {
    if (hasMarks(obs) && this.isValid(obs)) return [{ word: obs, channel: 0 }];
    return this.stripped.candidates(obs);
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
