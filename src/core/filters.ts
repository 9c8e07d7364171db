import type { LibraryDocument, Passage } from '../library/library.js';
import type { SearchFilters } from '../search/query.js';
import type { Located } from './types.js';

/**
 * The filters of a search: the caller's, with the query's own written in it
 * (`doc:`, `lang:`, `from:`, `to:`). Lists add up; a date in the query wins.
 */
export function mergeFilters(a: SearchFilters, b: SearchFilters): SearchFilters {
  const documents = [...(a.documents ?? []), ...(b.documents ?? [])];
  const languages = [...(a.languages ?? []), ...(b.languages ?? [])];
  const from = b.from ?? a.from;
  const to = b.to ?? a.to;
  return {
    ...(documents.length ? { documents } : {}),
    ...(languages.length ? { languages } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

/**
 * The passages the filters allow, by index number (1 = allowed), or null when
 * there are no filters. A date filter leaves out passages of unknown date.
 */
export function allowMask(passages: readonly Located[], filters: SearchFilters): Uint8Array | null {
  const allows = filterPredicate(filters);
  if (!allows) return null;
  const mask = new Uint8Array(passages.length);
  passages.forEach((located, i) => {
    if (allows(located)) mask[i] = 1;
  });
  return mask;
}

/**
 * Whether the filters allow a passage, or null when there are no filters:
 * for a caller that asks about a few passages, where {@link allowMask} would
 * visit them all.
 */
export function filterPredicate(filters: SearchFilters): ((located: Located) => boolean) | null {
  const { documents, languages, from, to } = filters;
  if (!documents?.length && !languages?.length && from === undefined && to === undefined) return null;
  const lo = from === undefined ? '0000-00-00' : padDate(from, 'start');
  const hi = to === undefined ? '9999-99-99' : padDate(to, 'end');
  return ({ document, passage }) => {
    if (documents?.length && !documents.includes(document.id)) return false;
    if (languages?.length && !languages.includes(document.language)) return false;
    const [start, end] = passageDateRange(document, passage);
    if (start === null || end === null) return from === undefined && to === undefined;
    return !(end < lo || start > hi);
  };
}

function padDate(date: string, side: 'start' | 'end'): string {
  const [y, m, d] = date.split('-');
  return `${y ?? '0000'}-${m ?? (side === 'start' ? '01' : '12')}-${d ?? (side === 'start' ? '01' : '31')}`;
}

/** The dates a passage may be from: its reprinted source's, else its document's. */
function passageDateRange(document: LibraryDocument, passage: Passage): [string | null, string | null] {
  const nested = document.nestedSources.find((s) => s.id === passage.nestedSourceId);
  const date = nested?.published ?? document.published ?? document.approximateDate;
  return date === null ? [null, null] : [padDate(date, 'start'), padDate(date, 'end')];
}
