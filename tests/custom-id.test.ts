import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  decode,
  encode,
  format,
  MAX_PAGE,
  MAX_PARAGRAPH,
  type Decoded,
} from '../src/bot/custom-id.js';
import { LIMITS } from '../src/bot/limits.js';
import { MAX_DOCUMENT_ID } from '../src/library/schema.js';
import { citation, decodedOf, document, key, snowflake } from './custom-id-arbitraries.js';

/** The same value through the views' encode.* function. */
function viaEncode(d: Decoded): string {
  switch (d.action) {
    case 'page':
      return encode.page(d.key, d.page);
    case 'open':
      return encode.open(d.key);
    case 'post':
      return encode.post(d.key, d.citation);
    case 'context':
      return encode.context(d.key, d.citation);
    case 'cite':
      return encode.cite(d.key, d.citation);
    case 'pin':
      return encode.pin(d.key, d.citation);
    case 'notebookAdd':
      return encode.notebookAdd(d.key, d.citation);
    case 'read':
      return encode.read(d.document, d.n);
    case 'pins':
      // encode.pins always writes an owner; the owner-less form is legacy (below).
      return d.owner === null ? format(d) : encode.pins(d.channel, d.page, d.owner);
    case 'sources':
      return encode.sources(d.page);
    case 'notebook':
      return encode.notebook(d.page);
  }
}

describe('the custom-id codec', () => {
  it.each(ACTIONS)(
    'GIVEN any %s value the codec can carry WHEN encoded and decoded THEN it comes back equal, in at most 100 characters',
    (action) => {
      const values: fc.Arbitrary<Decoded> = decodedOf[action];
      fc.assert(
        fc.property(values, (d) => {
          const id = viaEncode(d);
          expect(id).toBe(format(d));
          expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
          expect(decode(id)).toEqual(d);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('GIVEN the longest parts there may be WHEN each action is encoded THEN every id is within 100 characters', () => {
    const longKey = 'k'.repeat(16);
    const longCitation = `${'d'.repeat(MAX_DOCUMENT_ID)}:${String(MAX_PARAGRAPH)}`;
    const longest = '9'.repeat(20);
    const ids = [
      encode.page(longKey, MAX_PAGE),
      encode.open(longKey),
      encode.post(longKey, longCitation),
      encode.context(longKey, longCitation),
      encode.cite(longKey, longCitation),
      encode.pin(longKey, longCitation),
      encode.notebookAdd(longKey, longCitation),
      encode.read('d'.repeat(MAX_DOCUMENT_ID), MAX_PARAGRAPH),
      encode.pins(longest, MAX_PAGE, longest),
      encode.sources(MAX_PAGE),
      encode.notebook(MAX_PAGE),
    ];
    for (const id of ids) {
      expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
      expect(decode(id)).not.toBeNull();
    }
  });

  it('GIVEN the first and last pages WHEN their Previous and Next ids are encoded THEN they ask for the nearest page there is', () => {
    expect(encode.page('abc', -1)).toBe(encode.page('abc', 0));
    expect(encode.sources(MAX_PAGE + 1)).toBe(encode.sources(MAX_PAGE));
    expect(encode.read('sumgait-1988', 0)).toBe(encode.read('sumgait-1988', 1));
    expect(decode(encode.notebook(2.7))).toEqual({ action: 'notebook', page: 2 });
  });

  it.each([
    ['a key with a colon', () => encode.page('a:b', 0)],
    ['a key of 17 characters', () => encode.open('k'.repeat(17))],
    ['an uppercase citation', () => encode.post('abc', 'Sumgait-1988:3')],
    ['a citation without its paragraph', () => encode.cite('abc', 'sumgait-1988')],
    ['a document id of 61 characters', () => encode.read('d'.repeat(61), 1)],
    ['a channel that is no snowflake', () => encode.pins('123', 0, '600000000000000001')],
    ['a page that is no number', () => encode.sources(Number.NaN)],
  ])('GIVEN %s WHEN encoded THEN the codec refuses it rather than write a dead button', (_, write) => {
    expect(write).toThrow(RangeError);
  });
});

describe('decoding what the bot did not write', () => {
  const anyString = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 200 }),
    // Near misses: the prefix and separators, with random parts between them.
    fc
      .array(
        fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('p', 'b', 'o', 'pl', '-', '0', '-1', '')),
        {
          maxLength: 6,
        },
      )
      .map((parts) => ['rr', ...parts].join(':')),
  );

  it('GIVEN any string WHEN decoded THEN it never throws, and what it accepts is an id the codec writes itself', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const d = decode(s);
        if (d !== null) expect(decode(format(d))).toEqual(d);
      }),
      { numRuns: 2000 },
    );
  });

  it('GIVEN a string without the rr: prefix or over 100 characters WHEN decoded THEN it is null', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.startsWith('rr:')),
        (s) => decode(s) === null,
      ),
    );
    fc.assert(
      fc.property(
        decodedOf.post,
        fc.string({ minLength: 101 }),
        (d, tail) => decode(`${format(d)}${tail}`) === null,
      ),
    );
  });

  it('GIVEN any valid id WHEN cut short anywhere THEN decoding never throws, and without its last part it is null', () => {
    fc.assert(
      fc.property(fc.oneof(...ACTIONS.map((a) => decodedOf[a])), fc.nat(), (d, at) => {
        const id = format(d);
        decode(id.slice(0, at % (id.length + 1)));
        const parts = id.split(':');
        // Without its last part an id is not read as something else, except
        // the owner-less /pins list id, a legacy form of its own.
        const back = decode(parts.slice(0, -1).join(':'));
        if (back !== null) expect(back).toMatchObject({ action: 'pins', owner: null });
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    '',
    'rr',
    'rr:',
    'rr:zz:whatever',
    'rr:p',
    'rr:p:abc',
    'rr:p:abc:',
    'rr:p:abc:1:2',
    'rr:p:abc:01',
    'rr:p:abc:1e3',
    'rr:p:abc: 1',
    'rr:p:abc:-2',
    `rr:p:abc:${String(MAX_PAGE + 1)}`,
    'rr:p:a.b:1',
    `rr:p:${'k'.repeat(17)}:1`,
    'rr:o:abc:x',
    'rr:post:abc:sumgait-1988',
    'rr:post:abc:sumgait-1988:',
    'rr:post:abc:sumgait-1988:0',
    'rr:post:abc:Sumgait-1988:3',
    'rr:post:abc:-sumgait:3',
    'rr:post:abc:sumgait-1988:3:4',
    `rr:ctx:abc:${'d'.repeat(61)}:1`,
    'rr:r:sumgait-1988',
    'rr:r:sumgait-1988:x',
    `rr:r:sumgait-1988:${String(MAX_PARAGRAPH + 1)}`,
    'rr:pl:123:0:600000000000000001',
    'rr:pl:-:0:123',
    'rr:pl:-',
    'rr:src:',
    'rr:src:1:2',
    'rr:nbp:two',
    'RR:p:abc:1',
    'xx:p:abc:1',
  ])('GIVEN the malformed or truncated id %j WHEN decoded THEN it is null', (id) => {
    expect(decode(id)).toBeNull();
  });
});

/**
 * The encoders of earlier versions, verbatim: every id they wrote may still
 * be on a message in some channel.
 */
const LEGACY = {
  page: (key: string, page: number) => `rr:p:${key}:${page}`,
  open: (key: string, page: number) => `rr:o:${key}:${page}`,
  post: (key: string, citation: string) => `rr:post:${key}:${citation}`,
  context: (key: string, citation: string) => `rr:ctx:${key}:${citation}`,
  back: (key: string, page: number) => `rr:b:${key}:${page}`,
  cite: (key: string, citation: string) => `rr:cite:${key}:${citation}`,
  read: (document: string, n: number) => `rr:r:${document}:${n}`,
  pin: (key: string, citation: string) => `rr:pin:${key}:${citation}`,
  notebookAdd: (key: string, citation: string) => `rr:nb:${key}:${citation}`,
  pins: (channel: string | null, page: number, owner: string) => `rr:pl:${channel ?? '-'}:${page}:${owner}`,
  pinsWithoutOwner: (channel: string | null, page: number) => `rr:pl:${channel ?? '-'}:${page}`,
  sources: (page: number) => `rr:src:${page}`,
  notebook: (page: number) => `rr:nbp:${page}`,
};

describe('ids of earlier versions, still on old messages', () => {
  // Views wrote page - 1 on a first page and n - 1 on a first paragraph (their disabled Previous buttons).
  const oldPage = fc.integer({ min: -1, max: MAX_PAGE });
  const asPage = (p: number): number => Math.max(0, p);

  it('GIVEN any id the last version wrote WHEN decoded THEN it means what it meant', () => {
    fc.assert(
      fc.property(
        key,
        citation,
        oldPage,
        document,
        fc.integer({ min: 0, max: MAX_PARAGRAPH }),
        (k, c, p, d, n) => {
          expect(decode(LEGACY.page(k, p))).toEqual({ action: 'page', key: k, page: asPage(p) });
          expect(decode(LEGACY.open(k, p))).toEqual({ action: 'open', key: k });
          expect(decode(LEGACY.back(k, p))).toEqual({ action: 'page', key: k, page: asPage(p) });
          expect(decode(LEGACY.post(k, c))).toEqual({ action: 'post', key: k, citation: c });
          expect(decode(LEGACY.context(k, c))).toEqual({ action: 'context', key: k, citation: c });
          expect(decode(LEGACY.cite(k, c))).toEqual({ action: 'cite', key: k, citation: c });
          expect(decode(LEGACY.pin(k, c))).toEqual({ action: 'pin', key: k, citation: c });
          expect(decode(LEGACY.notebookAdd(k, c))).toEqual({ action: 'notebookAdd', key: k, citation: c });
          expect(decode(LEGACY.read(d, n))).toEqual({ action: 'read', document: d, n: Math.max(1, n) });
          expect(decode(LEGACY.sources(p))).toEqual({ action: 'sources', page: asPage(p) });
          expect(decode(LEGACY.notebook(p))).toEqual({ action: 'notebook', page: asPage(p) });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('GIVEN a /pins list id with or without its owner WHEN decoded THEN the owner is there, or null for the older form', () => {
    fc.assert(
      fc.property(fc.option(snowflake), oldPage, snowflake, (channel, p, owner) => {
        expect(decode(LEGACY.pins(channel, p, owner))).toEqual({
          action: 'pins',
          channel,
          page: asPage(p),
          owner,
        });
        expect(decode(LEGACY.pinsWithoutOwner(channel, p))).toEqual({
          action: 'pins',
          channel,
          page: asPage(p),
          owner: null,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN Back and the open menu WHEN encoded now THEN Back is a page id and the menu carries no page', () => {
    expect(encode.page('abc', 2)).toBe('rr:p:abc:2');
    expect(decode('rr:b:abc:2')).toEqual(decode(encode.page('abc', 2)));
    expect(encode.open('abc')).toBe('rr:o:abc');
    expect(decode('rr:o:abc:4')).toEqual(decode(encode.open('abc')));
  });
});
