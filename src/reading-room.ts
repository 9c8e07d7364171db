/**
 * The core's public face: what the bot, the CLI, the scripts and the tests
 * import. The parts live in src/core/; the engine in src/search/.
 */
export { ReadingRoom } from './core/room.js';
export { detectLanguage } from './core/detect-language.js';
export { GlossaryError, type OpenOptions } from './core/index-store.js';
export { contentHash } from './core/content-hash.js';
export { passageInputs } from './core/passage-inputs.js';
export type {
  CitationError,
  Hit,
  LibraryPaths,
  OpenReport,
  Quote,
  RoomSearchOptions,
  SearchResult,
  Span,
  StoredHit,
  StoredHitsOptions,
} from './core/types.js';
