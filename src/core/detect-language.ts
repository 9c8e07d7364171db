import type { Language } from '../languages.js';
import { AZERBAIJANI_LETTERS, scriptOf } from '../search/normalize.js';
import { tokenize } from '../search/tokenize.js';

/**
 * Guesses the language a query is written in from its letters: Armenian
 * script → hy, Cyrillic → ru, Latin with Azerbaijani letters → az, other Latin
 * → en. Null when there are no letters. Only a hint: search tries every
 * language the script allows.
 */
export function detectLanguage(query: string): Language | null {
  const counts = { latin: 0, cyrillic: 0, armenian: 0 };
  for (const t of tokenize(query)) {
    const s = scriptOf(t.norm);
    if (s === 'latin' || s === 'cyrillic' || s === 'armenian') counts[s]++;
  }
  const top = (Object.entries(counts) as [keyof typeof counts, number][]).sort((a, b) => b[1] - a[1])[0];
  if (!top || top[1] === 0) return null;
  if (top[0] === 'armenian') return 'hy';
  if (top[0] === 'cyrillic') return 'ru';
  return AZERBAIJANI_LETTERS.test(query) ? 'az' : 'en';
}
