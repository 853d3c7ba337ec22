/**
 * The `lines.tokens` column: the tokens of a line the store keeps (notableTokens: the ones repair
 * changed or doubts), in a compact binary form (a BLOB) since schema version 8. As JSON they were
 * ~170 MB per 1,000 real-sized damaged plans, a third of the store, and writing them was most of
 * the writer's work; the binary form is about a quarter of that. Stores written before keep their
 * JSON text, which decodeStoredTokens reads as well.
 *
 * Format: byte 0 is the format (1), then per token
 *   varint start                      offset of the token in the raw line
 *   varint h = len << 2 | explicit << 1 | certain
 *     explicit = 0: original = raw.slice(start, start + len) (len in UTF-16 code units, as printed)
 *     explicit = 1: original = the next len bytes (UTF-8)
 *     certain = 1: confidence 1; else it follows as a float64 after the repaired word
 *   varint r                          0: repaired = original; else repaired = the next r − 1 bytes (UTF-8)
 *   [float64 LE confidence]
 * Every value comes back exactly as it was (confidences bit for bit).
 */
import type { RepairedToken } from '../../schemas/index.ts';

const FORMAT = 1;
/** What a line without notable tokens stores (as before: a valid JSON empty list, and small). */
export const NO_TOKENS = '[]';

let scratch = Buffer.allocUnsafe(1 << 16);

/** The column value of a line's notable tokens; `raw` is the line as read (the tokens' originals are taken from it). */
export function encodeStoredTokens(tokens: readonly RepairedToken[], raw: string): Buffer | string {
  if (tokens.length === 0) return NO_TOKENS;
  // worst case per token: 3 varints of ≤ 5 bytes, 3 bytes per UTF-16 unit of each word, 8 for the confidence
  let bound = 1;
  for (const t of tokens) bound += 23 + 3 * (t.original.length + t.repaired.length);
  if (scratch.length < bound) scratch = Buffer.allocUnsafe(Math.max(bound, scratch.length * 2));
  const b = scratch;
  let at = 0;
  const varint = (n: number) => {
    while (n >= 0x80) {
      b[at++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    b[at++] = n;
  };
  b[at++] = FORMAT;
  for (const t of tokens) {
    varint(t.start);
    const certain = t.confidence === 1 ? 1 : 0;
    const inline = raw.startsWith(t.original, t.start);
    if (inline) varint((t.original.length << 2) | certain);
    else {
      const n = Buffer.byteLength(t.original, 'utf8');
      varint((n << 2) | 2 | certain);
      at += b.write(t.original, at, 'utf8');
    }
    if (t.repaired === t.original) varint(0);
    else {
      varint(Buffer.byteLength(t.repaired, 'utf8') + 1);
      at += b.write(t.repaired, at, 'utf8');
    }
    if (!certain) at = b.writeDoubleLE(t.confidence, at);
  }
  return Buffer.from(b.subarray(0, at));
}

/** The tokens of a stored line, as any vnplan version stored them (binary, or JSON text before). */
export function decodeStoredTokens(stored: string | Uint8Array | null, raw: string): RepairedToken[] {
  if (stored === null) return [];
  if (typeof stored === 'string') return JSON.parse(stored) as RepairedToken[];
  const b = Buffer.isBuffer(stored) ? stored : Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (b.length === 0) return [];
  if (b[0] !== FORMAT) throw new Error(`tokens stored in an unknown format (${b[0]})`);
  let at = 1;
  const varint = (): number => {
    let n = 0;
    let scale = 1;
    for (;;) {
      const x = b[at++];
      if (x === undefined) throw new Error('tokens cut short');
      n += (x & 0x7f) * scale;
      if (x < 0x80) return n;
      scale *= 128;
    }
  };
  const out: RepairedToken[] = [];
  while (at < b.length) {
    const start = varint();
    const h = varint();
    const len = Math.floor(h / 4);
    let original: string;
    if (h & 2) {
      original = b.toString('utf8', at, at + len);
      at += len;
    } else original = raw.slice(start, start + len);
    const r = varint();
    let repaired = original;
    if (r > 0) {
      repaired = b.toString('utf8', at, at + r - 1);
      at += r - 1;
    }
    let confidence = 1;
    if (!(h & 1)) {
      confidence = b.readDoubleLE(at);
      at += 8;
    }
    out.push({ original, repaired, confidence, start });
  }
  return out;
}
