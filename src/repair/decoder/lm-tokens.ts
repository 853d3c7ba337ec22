/**
 * The decoder's view of LM tokens: the language model's own tokenizer (src/repair/language-model/
 * tokenize.ts) decides what a number, a code and a clause break are, so decoding and training agree.
 */
import { lmSegments, lmToken, NUM, CODE } from '../language-model/index.ts';

export { NUM, CODE };

/** Punctuation at a token edge after (or before) which a new clause starts: the LM context resets. */
export const BREAK_CHARS = /[.!?;:…()[\]{}]/;

/** LM key of a token's core (edge punctuation removed). */
export function lmKeyOfCore(core: string): string {
  return lmToken(core);
}

/** Clauses of LM tokens of a text line (for building small models). */
export function clausesOf(line: string): string[][] {
  return lmSegments(line, true);
}
