import type { LibraryDocument, Passage } from './document.js';
import type { FrontMatter, NestedSource } from './schema.js';

/** Who wrote a passage, where and when: everything a quote must carry. */
export interface Attribution {
  readonly documentId: string;
  readonly title: string;
  readonly author: string;
  readonly affiliation: string | null;
  readonly outlet: string | null;
  /** ISO date, or null when the text does not state one (see `dateNote`). */
  readonly published: string | null;
  /** How the date is known, in English, when `published` is null. */
  readonly dateNote: string | null;
  readonly url: string | null;
  readonly language: FrontMatter['language'];
  readonly genre: string;
  /** For a reprinted passage: the original source, which is cited first. */
  readonly reprintedFrom: NestedSource | null;
}

/** The full attribution of a passage, with the reprinted source where there is one. */
export function attributionOf(document: LibraryDocument, passage: Passage): Attribution {
  const reprintedFrom =
    passage.nestedSourceId === null
      ? null
      : (document.nestedSources.find((s) => s.id === passage.nestedSourceId) ?? null);
  return {
    documentId: document.id,
    title: document.title,
    author: document.author.name,
    affiliation: document.author.affiliation,
    outlet: document.outlet,
    published: document.published,
    dateNote: document.dateNote?.en ?? null,
    url: document.url,
    language: document.language,
    genre: document.genre,
    reprintedFrom,
  };
}

/** Parses a citation id `<documentId>:<n>`; null when malformed. */
export function parseCitationId(id: string): { documentId: string; n: number } | null {
  const m = /^([a-z0-9][a-z0-9-]*):([1-9]\d{0,5})$/.exec(id.trim());
  return m ? { documentId: m[1] ?? '', n: Number(m[2]) } : null;
}
