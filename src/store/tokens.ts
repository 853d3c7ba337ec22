/**
 * The `lines.tokens` column: the tokens of a line the store keeps (notableTokens).
 */
import type { RepairedToken } from '../../schemas/index.ts';

/** The tokens of a stored line, as stored by any vnplan version. */
export function decodeStoredTokens(stored: string | Buffer | null): RepairedToken[] {
  if (stored === null) return [];
  return JSON.parse(typeof stored === 'string' ? stored : stored.toString('utf8')) as RepairedToken[];
}
