import { describe, expect, it } from 'vitest';
import { formatReference, plainText, splitName, type CitationStyle } from '../src/citation/styles.js';
import { referenceMarkdown } from '../src/bot/views/references.js';
import { bundledRoom } from './helpers.js';

const room = bundledRoom();
const attribution = (id: string) => {
  const q = room.quote(id);
  if (!('quote' in q)) throw new Error(id);
  return q.quote.attribution;
};

/** Written by hand from the style guides, not produced by the code under test. */
const EXPECTED: Record<string, Record<CitationStyle, string>> = {
  'sumgait-1988:3': {
    apa: 'Polatov (Polatidis), E. (2024, February 29). *The Armenian Genocide in Azerbaijan* [Opinion piece].',
    mla: 'Polatov (Polatidis), Eduard. “The Armenian Genocide in Azerbaijan.” 29 Feb. 2024.',
    chicago: 'Polatov (Polatidis), Eduard. “The Armenian Genocide in Azerbaijan.” February 29, 2024.',
  },
  'khojaly-1992:2': {
    apa: 'Awan, Z. A. (n.d.). *Marking the 32nd Anniversary of Khojaly (Azerbaijan) Genocide of 1992.* [Opinion piece].',
    mla: 'Awan, Zamir Ahmed. “Marking the 32nd Anniversary of Khojaly (Azerbaijan) Genocide of 1992.”',
    chicago:
      'Awan, Zamir Ahmed. “Marking the 32nd Anniversary of Khojaly (Azerbaijan) Genocide of 1992.” n.d.',
  },
  'khojaly-1992:17': {
    apa: 'The New York Times. (1992, March 3). Section A, Page 3. As cited in Awan, Z. A. (n.d.). *Marking the 32nd Anniversary of Khojaly (Azerbaijan) Genocide of 1992.* [Opinion piece].',
    mla: '*The New York Times*, 3 Mar. 1992, sec. A, p. 3. Quoted in Awan, Zamir Ahmed. “Marking the 32nd Anniversary of Khojaly (Azerbaijan) Genocide of 1992.”',
    chicago:
      '*New York Times*. March 3, 1992, sec. A, p. 3. Quoted in Awan, Zamir Ahmed. “Marking the 32nd Anniversary of Khojaly (Azerbaijan) Genocide of 1992.” n.d.',
  },
};

const asMarked = (id: string, style: CitationStyle): string =>
  formatReference(attribution(id), style)
    .map((s) => (s.italic ? `*${s.text}*` : s.text))
    .join('');

describe('citation styles', () => {
  for (const [id, styles] of Object.entries(EXPECTED)) {
    for (const [style, expected] of Object.entries(styles) as [CitationStyle, string][]) {
      it(`GIVEN ${id} WHEN cited in ${style} THEN it reads exactly as the hand-written reference`, () => {
        expect(asMarked(id, style)).toBe(expected);
      });
    }
  }

  it('GIVEN a reference WHEN written as plain text THEN it has no markup', () => {
    expect(plainText(formatReference(attribution('khojaly-1992:17'), 'mla'))).toBe(
      'The New York Times, 3 Mar. 1992, sec. A, p. 3. Quoted in Awan, Zamir Ahmed. “Marking the 32nd Anniversary of Khojaly (Azerbaijan) Genocide of 1992.”',
    );
  });

  it('GIVEN a title with markdown characters WHEN rendered for Discord THEN it is escaped inside the italics', () => {
    expect(referenceMarkdown([{ text: 'A *bold* title', italic: true }])).toBe('*A \\*bold\\* title*');
  });

  it.each([
    ['Eduard Polatov (Polatidis)', { family: 'Polatov', given: ['Eduard'], alternative: '(Polatidis)' }],
    ['Zamir Ahmed Awan', { family: 'Awan', given: ['Zamir', 'Ahmed'], alternative: null }],
    ['Reuters', { family: 'Reuters', given: [], alternative: null }],
  ])('GIVEN the name %s WHEN split THEN family, given and alternative names are %j', (name, expected) => {
    expect(splitName(name)).toEqual(expected);
  });
});
