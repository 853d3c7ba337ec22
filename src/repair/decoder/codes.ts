/**
 * Document codes ("09-KH/ĐU", "57-NQ/TW", "QĐ-UBND"): the structure and digits stay as read; an
 * upper-case letter part that is not a known code part is replaced by the most frequent known part it
 * could have been read from, under the OCR channel's per-letter confusions (Đ read as P/B/D, …).
 */
export interface CodeLexicon {
  /** Upper-case letter parts seen in corpus codes, with counts. */
  parts: Record<string, number>;
  /** Observed upper-case char → true upper-case chars it may stand for (besides itself). */
  sources: Record<string, string[]>;
}

const PART = /^[A-ZĐ]{1,8}$/;
const MAX_VARIANTS = 64;

function variants(part: string, sources: Record<string, string[]>): string[] {
  let acc = [''];
  for (const ch of part) {
    const opts = [ch, ...(sources[ch] ?? [])];
    const next: string[] = [];
    for (const a of acc) for (const o of opts) if (next.length < MAX_VARIANTS) next.push(a + o);
    acc = next;
  }
  return acc;
}

/** A code part: kept when known, else the best-known look-alike (20× more frequent), else kept. */
export function repairCodePart(part: string, lex: CodeLexicon): string {
  if (!PART.test(part)) return part;
  const own = lex.parts[part] ?? 0;
  let best = part;
  let bestCount = own;
  for (const v of variants(part, lex.sources)) {
    const c = lex.parts[v] ?? 0;
    if (c > bestCount) { best = v; bestCount = c; }
  }
  return part.length >= 2 && bestCount >= (own === 0 ? 3 : 20 * own) ? best : part;
}

/** Repairs the letter parts of a code-like token; other characters are kept. */
export function repairCode(core: string, lex: CodeLexicon): string {
  if (!/[-/]/.test(core)) return core;
  return core.replace(/[A-ZĐ]+/g, (p) => repairCodePart(p, lex));
}

/** A document number's leading part: "88/2005/", "621/", "78/2025/NĐ-", "64/2025/QH1". */
const CODE_HEAD = /^\d{1,5}\/(?:\d{4}\/)?/;

/**
 * Whether the OCR split a document code at a space that was not printed, so the next token belongs
 * to it: "88/2005/ NĐ-CP", "621/ BC-BTC", "78/2025/NĐ- CP", "64/2025/QH1 5". `prev` is the previous
 * token as repaired (edge punctuation included), `next` the next raw token. A list marker ("1/ Tổ
 * chức", "1/ UBND xã") is not a code: after a bare number only an issuer code with a hyphen joins.
 */
export function continuesCode(prev: string, next: string): boolean {
  if (!CODE_HEAD.test(prev)) return false;
  if (prev.endsWith('/')) {
    const rest = /^[A-ZĐ][A-Za-zĐđ]*[A-ZĐ][A-ZĐ\d]*(?:-[A-ZĐ][A-Za-zĐđ\d&]*)+[.,;:)]*$/;
    const part = /^[A-ZĐ]{2,}[A-ZĐ\d-]*[.,;:)]*$/;
    return /^\d{1,5}\/$/.test(prev) ? rest.test(next) : rest.test(next) || part.test(next);
  }
  if (prev.endsWith('-')) return /^[A-ZĐ]{1,}[A-ZĐ\d&]*[.,;:)]*$/.test(next);
  // a legislature's term number split off its code: "QH1" + "5", "UBTVQH" + "13"
  const term = /(?:^|[-/])(?:[A-ZĐ]*QH)(\d?)$/.exec(prev);
  const digits = /^(\d{1,2})[.,;:)]*$/.exec(next);
  return !!term && !!digits && term[1].length + digits[1].length === 2;
}
