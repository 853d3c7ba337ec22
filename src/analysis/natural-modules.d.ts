// natural's index loads every part of the library (WordNet, classifiers, storage back-ends: ~370 ms);
// the analysis code needs one tokenizer, so it imports that file alone, typed from natural's own types.
declare module 'natural/lib/natural/tokenizers/aggressive_tokenizer_vi.js' {
  import type { AggressiveTokenizerVi } from 'natural';
  const Tokenizer: typeof AggressiveTokenizerVi;
  export default Tokenizer;
}
