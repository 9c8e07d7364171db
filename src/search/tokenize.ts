import { normalize, normalizeNumber } from './normalize.js';

/** One word of a text: its normalised form and where it stands in the original. */
export interface Token {
  /** NFKC + case-folded form; thousands separators removed from numbers. */
  readonly norm: string;
  /** UTF-16 offset of the first character in the original text. */
  readonly start: number;
  /** UTF-16 offset just past the last character in the original text. */
  readonly end: number;
  /** 0-based position among the text's tokens, used for phrase matching. */
  readonly position: number;
  /** Whether the original word starts with a capital letter (a likely name). */
  readonly capital: boolean;
}

// A word is letters, marks and digits, with in-word apostrophes ("Artsakh's")
// and Armenian in-word marks (ո՞վ). Numbers keep their thousands groups
// ("7,000") so that "7000" and "7,000" are one token. Hyphens split words, so
// "Nagorno-Karabakh" yields both halves and each one can match on its own.
const WORD =
  /\d{1,3}(?:,\d{3})+(?!\d)|[\p{L}\p{N}][\p{L}\p{M}\p{N}\u055B-\u055E]*(?:['’ʼ][\p{L}\p{M}\p{N}]+)*/gu;

/** Splits a text into words with their offsets. Pure and allocation-light. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    const raw = m[0];
    const norm = normalizeNumber(normalize(raw));
    if (norm.length === 0) continue;
    out.push({
      norm,
      start: m.index,
      end: m.index + raw.length,
      position: out.length,
      capital: /^\p{Lu}/u.test(raw),
    });
  }
  return out;
}
