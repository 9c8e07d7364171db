import fc from 'fast-check';
import { MAX_PAGE, MAX_PARAGRAPH, type Action, type Decoded } from '../src/bot/custom-id.js';
import { MAX_DOCUMENT_ID } from '../src/library/schema.js';

/** What each part of a custom id may be, as src/bot/custom-id.ts documents it. */
export const key = fc.stringMatching(/^[\w-]{1,16}$/);
export const snowflake = fc.stringMatching(/^\d{17,20}$/);
export const document = fc.stringMatching(new RegExp(`^[a-z0-9][a-z0-9-]{0,${MAX_DOCUMENT_ID - 1}}$`));
export const paragraph = fc.integer({ min: 1, max: MAX_PARAGRAPH });
export const page = fc.integer({ min: 0, max: MAX_PAGE });
export const citation = fc.tuple(document, paragraph).map(([d, n]) => `${d}:${String(n)}`);

/** The parts the values are made of; a test may narrow them to what its store and library hold. */
export interface Parts {
  readonly key: fc.Arbitrary<string>;
  readonly citation: fc.Arbitrary<string>;
  readonly document: fc.Arbitrary<string>;
  readonly paragraph: fc.Arbitrary<number>;
  readonly page: fc.Arbitrary<number>;
  readonly channel: fc.Arbitrary<string | null>;
  readonly owner: fc.Arbitrary<string | null>;
}

const PARTS: Parts = {
  key,
  citation,
  document,
  paragraph,
  page,
  channel: fc.option(snowflake),
  owner: fc.option(snowflake),
};

/** Every value the codec can carry, by action, made of `parts`. */
export function arbitraries(over: Partial<Parts> = {}): { readonly [A in Action]: fc.Arbitrary<Decoded<A>> } {
  const p = { ...PARTS, ...over };
  const onCitation = <A extends 'post' | 'context' | 'cite' | 'pin' | 'notebookAdd'>(action: A) =>
    fc.record({ action: fc.constant(action), key: p.key, citation: p.citation });
  return {
    page: fc.record({ action: fc.constant('page'), key: p.key, page: p.page }),
    open: fc.record({ action: fc.constant('open'), key: p.key }),
    post: onCitation('post'),
    context: onCitation('context'),
    cite: onCitation('cite'),
    pin: onCitation('pin'),
    notebookAdd: onCitation('notebookAdd'),
    read: fc.record({ action: fc.constant('read'), document: p.document, n: p.paragraph }),
    pins: fc.record({ action: fc.constant('pins'), channel: p.channel, page: p.page, owner: p.owner }),
    sources: fc.record({ action: fc.constant('sources'), page: p.page }),
    notebook: fc.record({ action: fc.constant('notebook'), page: p.page }),
  };
}

/** Every value the codec can carry, by action. */
export const decodedOf = arbitraries();
