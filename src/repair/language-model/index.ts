/** Public API of the syllable language model (see README.md in this folder). */
export { loadLanguageModel, DEFAULT_MODEL_PATH, trigramModelFromArrays, type SyllableTrigramModel } from './trigram-model.ts';
export { buildAdaptiveModel, DEFAULT_ADAPTIVE_OPTIONS, type AdaptiveOptions, type AdaptedLanguageModel } from './adaptive.ts';
export { restoreDiacritics, viterbi, vocabularyIndex, type RestoreOptions } from './diacritic-viterbi.ts';
export { lmToken, lmSegments, rawTokens, splitEdges, BOS, EOS, UNK, NUM, CODE, type RawToken } from './tokenize.ts';
export { buildFromDocuments, DEFAULT_BUILD_OPTIONS, encodeTrigramArrays, type BuildOptions } from './build-language-model.ts';
