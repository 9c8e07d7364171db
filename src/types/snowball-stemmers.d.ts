/**
 * Minimal types for the `snowball-stemmers` npm package, which ships none.
 * Only the part the search engine uses is declared.
 */
declare module 'snowball-stemmers' {
  /** A stateful Snowball stemmer; `stem` is synchronous and not re-entrant. */
  interface SnowballStemmer {
    stem(word: string): string;
  }

  interface SnowballFactory {
    /** Throws for an algorithm name not listed by `algorithms()`. */
    newStemmer(algorithm: string): SnowballStemmer;
    algorithms(): string[];
  }

  // CommonJS module: under Node's ESM interop the default import is `module.exports`.
  const snowball: SnowballFactory;
  export default snowball;
}
