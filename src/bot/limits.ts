/**
 * Every limit the Discord layer holds its input and output to, in one place:
 * Discord's own (a reply over one of them is rejected with a 400) and the
 * bot's (chosen here, enforced by the handlers and declared to Discord as
 * options' max_length). A leaf module: it imports nothing.
 */

/** Discord's limits that every reply is held to, whatever the input. */
export const LIMITS = {
  /** A message's content. */
  content: 2000,
  /** One embed's description. */
  embedDescription: 4096,
  /** Titles, descriptions, fields, footers and author names of all of a message's embeds together. */
  embedsTotal: 6000,
  /** One embed's title. */
  embedTitle: 256,
  /** One embed field's name. */
  fieldName: 256,
  /** One embed field's value. */
  fieldValue: 1024,
  /** One embed's footer text. */
  footer: 2048,
  /** The embeds of one message. */
  embeds: 10,
  /** The fields of one embed. */
  embedFields: 25,
  /** A component's custom id: the codec refuses to build a longer one. */
  customId: 100,
  /** The action rows of one message. */
  rows: 5,
  /** A select option's label. */
  selectLabel: 100,
  /** A select option's description. */
  selectDescription: 100,
  /** A select menu's placeholder. */
  placeholder: 150,
  /** The choices of one autocomplete answer. */
  choices: 25,
  /** An autocomplete choice's name. */
  choiceName: 100,
} as const;

/** The longest /search query: enough for a phrase and filters, and it bounds the engine's work. */
export const MAX_QUERY = 200;

/** The longest citation option (`doc:12`, a pin's `pin:<id>`): longer than any real citation. */
export const MAX_CITATION = 100;

// The limits of stored records are the storage's own (it validates every
// record against them); the Discord layer shows and enforces the same ones.
export { MAX_NOTEBOOK_NOTE, MAX_PIN_NOTE, NOTEBOOK_LIMIT } from '../storage/limits.js';

/** The most of a user's value an error message repeats back: enough to recognise it, too little to abuse it. */
export const MAX_ECHO = 60;

/** The most of a typed autocomplete value a handler reads; longer than any option's max_length. */
export const MAX_AUTOCOMPLETE_VALUE = 300;
