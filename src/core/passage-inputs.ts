import type { LibraryDocument } from '../library/library.js';
import type { PassageInput } from '../search/index-builder.js';

/**
 * What the index is built from: each passage's text, and for a reprinted
 * passage the name and year of the original source, so that "NYT 1992" finds
 * the reprinted report although its paragraphs never name the newspaper.
 * Passages are numbered in document order, then passage order: the room
 * relies on the same order to map index numbers back to passages.
 */
export function passageInputs(documents: readonly LibraryDocument[]): PassageInput[] {
  return documents.flatMap((d, document) =>
    d.passages.map((p) => {
      const nested = d.nestedSources.find((s) => s.id === p.nestedSourceId);
      const extra = nested ? `${nested.outlet} ${nested.published?.slice(0, 4) ?? ''}` : undefined;
      return { text: p.text, language: d.language, document, ...(extra !== undefined ? { extra } : {}) };
    }),
  );
}
