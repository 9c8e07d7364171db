/**
 * What members write into the bot (notes on pins and notebook entries) is
 * checked here once, when it comes in: a note is one line of visible text.
 * Everything that shows a note later (cards, lists, exports) can then rely on
 * that, and still escapes it for its own format.
 */

/** Why a note was refused; the handlers turn it into a `UserFacingError` of the same code. */
export type NoteProblem =
  { readonly code: 'noteTooLong'; readonly max: number } | { readonly code: 'noteInvalid' };

/** The result of {@link checkNote}. */
export type NoteCheck = { readonly ok: true; readonly note: string } | ({ readonly ok: false } & NoteProblem);

// Flag emoji of subdivisions (🏴 + tag letters + cancel tag) are the one
// legitimate use of tag characters; anywhere else they are invisible text.
const TAG_FLAG = /\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]+\u{E007F}/gu;
// A joiner that joins something visible: ZWJ inside an emoji sequence, ZWNJ
// between letters (Persian and Indic scripts need it).
const JOINERS = /\u200D(?=\p{Extended_Pictographic})|(?<=\p{L}\p{M}*)\u200C(?=\p{L})/gu;
/**
 * What a note may not contain:
 * - `\p{Cc}`: C0 and C1 controls, DEL; so newlines, carriage returns, escapes;
 * - `\p{Cf}`: format characters, i.e. bidi embeddings, overrides and isolates
 *   (U+202A–U+202E, U+2066–U+2069), LRM/RLM/ALM, zero-width space, word
 *   joiner, BOM, soft hyphen, invisible operators, tags: characters that do
 *   not show but reorder or disguise the text around them;
 * - `\p{Zl}`, `\p{Zp}`: U+2028 and U+2029, line and paragraph separators;
 * - `\p{Cs}`: a surrogate half without its other half (not a character);
 * - the Hangul fillers, blank letters used to make text look empty;
 * - the noncharacters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF.
 */
const FORBIDDEN =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u115F\u1160\u3164\uFFA0\uFDD0-\uFDEF\uFFFE\uFFFF\u{1FFFE}\u{1FFFF}\u{10FFFE}\u{10FFFF}]/u;

// Variation selectors change how the character before them looks; the
// supplementary ones (U+E0100–E01EF) and a selector after anything but an
// emoji can carry hidden text. U+FE0F after an emoji is ordinary.
const HIDDEN_SELECTOR = /[\u{E0100}-\u{E01EF}]|(?<!\p{Extended_Pictographic})[\uFE00-\uFE0F]/u;
// Stacked combining marks ("Zalgo") spill over the lines around a note.
const STACKED_MARKS = /\p{M}{5}/u;
// Characters that show nothing: blank braille, the object replacement character.
const BLANKS = /[\s\u2800\uFFFC]/gu;

/** A note that is not empty yet shows nothing, or hides or smears text. */
function disguised(note: string): boolean {
  if (note === '') return false;
  return HIDDEN_SELECTOR.test(note) || STACKED_MARKS.test(note) || note.replace(BLANKS, '') === '';
}

/**
 * Checks a note a member typed (the `note` option of /pin and /notebook add)
 * and returns it ready to store, or says why it cannot be stored.
 *
 * - A missing note is the empty note: `{ ok: true, note: '' }` (the handlers
 *   store `''` as "no note").
 * - Tabs become spaces (a pasted table cell), then the note is trimmed.
 * - Refused as `noteInvalid`: any line break (`\n`, `\r`, U+0085, U+2028,
 *   U+2029) or other control character, any bidi override/isolate/mark or
 *   other invisible format character (zero-width joiner only inside an emoji
 *   sequence, zero-width non-joiner only between letters), lone surrogates,
 *   Hangul fillers and noncharacters, variation selectors that are not an
 *   emoji's, five or more stacked combining marks, and a note of blanks only.
 *   Such a note is refused rather than
 *   silently cleaned, so the member sees that what they sent is not what
 *   would be kept.
 * - Refused as `noteTooLong` (with `max`): more than `max` UTF-16 code units
 *   after trimming, as Discord counts the length of an option.
 *
 * An accepted note therefore has no line break and no control character, and
 * is at most `max` code units long.
 *
 * @param raw - The option's value, `undefined` when it was not given.
 * @param max - The longest note allowed, in UTF-16 code units.
 */
export function checkNote(raw: string | undefined, max: number): NoteCheck {
  const note = (raw ?? '').replace(/\t/g, ' ').trim();
  if (FORBIDDEN.test(note.replace(TAG_FLAG, '').replace(JOINERS, '')) || disguised(note))
    return { ok: false, code: 'noteInvalid' };
  if (note.length > max) return { ok: false, code: 'noteTooLong', max };
  return { ok: true, note };
}
