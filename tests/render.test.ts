import { embedLength } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../src/bot/limits.js';
import { clip, escapeText, excerpt, fitEmbeds, formatDate } from '../src/bot/render.js';

const spansOf = (text: string, pairs: [number, number][]): { start: number; end: number }[] =>
  pairs
    .map(([a, b]) => ({ start: Math.min(a, b) % (text.length + 1), end: Math.max(a, b) % (text.length + 1) }))
    .filter((s) => s.start < s.end)
    .sort((x, y) => x.start - y.start)
    .reduce<{ start: number; end: number }[]>((out, s) => {
      const last = out.at(-1);
      if (!last || s.start >= last.end) out.push(s);
      return out;
    }, []);

describe('escaping', () => {
  it.each([
    ['# Heading', '\\# Heading'],
    ['- item', '\\- item'],
    ['1. item', '1\\. item'],
    ['[click](https://example.com)', '\\[click\\](https:\u200b//example.com)'],
    ['> quote\n-# small', '\\> quote\n\\-# small'],
    [
      '**bold** _it_ ~~s~~ ||spoiler|| `code`',
      '\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\`code\\`',
    ],
  ])('GIVEN %j in a passage WHEN escaped THEN Discord shows it literally', (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });

  it('GIVEN a masked link in a passage WHEN a word inside it is highlighted THEN no link forms', () => {
    const text = 'see [click here](https://evil.example) now';
    const start = text.indexOf('click');
    const out = excerpt(text, [{ start, end: start + 5 }], 500);
    expect(out).not.toMatch(/(?<!\\)\[[^\]]*(?<!\\)\]\(/);
    expect(out).toContain('**click**');
  });

  it('GIVEN mentions in a passage WHEN escaped THEN they no longer look like mentions', () => {
    expect(escapeText('@everyone <@123> <@&456> <#789>')).not.toMatch(/@everyone|<@\d|<@&\d|<#\d/);
  });
});

describe('excerpt', () => {
  it('GIVEN any text and matches WHEN excerpted THEN it fits the budget', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 3000 }),
        fc.array(fc.tuple(fc.nat(4000), fc.nat(4000)), { maxLength: 6 }),
        fc.integer({ min: 40, max: 4096 }),
        (text, pairs, max) => excerpt(text, spansOf(text, pairs), max).length <= max,
      ),
    );
  });

  // Matched words are made unique by a core (`Q0Z`, `Q1Z`, …) that no filler
  // contains, and carry markdown characters so that escaping matters. Every
  // matched word the excerpt shows whole must be shown escaped and in bold;
  // the only exception is the final clip cutting right after it.
  it('GIVEN any text and matches WHEN excerpted THEN every matched word it shows is shown escaped and in bold', () => {
    const marks = fc.constantFrom('', '*', '_', '~~', '`', '||', '#', '-', '>', '1.', '@everyone');
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            filler: fc.string({ unit: 'grapheme', maxLength: 600 }).map((f) => f.replace(/Q/g, 'q')),
            before: marks,
            after: marks,
          }),
          { maxLength: 6 },
        ),
        fc.string({ unit: 'grapheme', maxLength: 600 }).map((f) => f.replace(/Q/g, 'q')),
        fc.integer({ min: 40, max: 4096 }),
        (parts, tail, max) => {
          let text = '';
          const spans: { start: number; end: number }[] = [];
          const words: string[] = [];
          parts.forEach(({ filler, before, after }, i) => {
            const word = `${before}Q${i}Z${after}`;
            text += `${filler} `;
            spans.push({ start: text.length, end: text.length + word.length });
            words.push(word);
            text += `${word} `;
          });
          text += tail;
          const out = excerpt(text, spans, max);
          expect(out.length).toBeLessThanOrEqual(max);
          words.forEach((word, i) => {
            const shown = escapeText(word);
            if (!out.includes(`Q${i}Z`) || !out.includes(shown)) return;
            const bold = `**${shown}**`;
            const clippedAfter = out.endsWith(`**${shown}…`) || out.endsWith(`**${shown}*…`);
            expect(
              out.includes(bold) || clippedAfter,
              `${JSON.stringify(word)} in ${JSON.stringify(out)}`,
            ).toBe(true);
          });
        },
      ),
    );
  });

  it('GIVEN a long passage matched near its end WHEN excerpted THEN the window moves to the match and is marked as cut', () => {
    const text = `${'word '.repeat(400)}Khojaly and more ${'tail '.repeat(100)}`;
    const start = text.indexOf('Khojaly');
    const out = excerpt(text, [{ start, end: start + 7 }], 300);
    expect(out).toContain('**Khojaly**');
    expect(out.startsWith('…')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
  });

  it('GIVEN a short passage WHEN excerpted THEN it is whole, escaped and not marked as cut', () => {
    expect(excerpt('A *short* one.', [], 500)).toBe('A \\*short\\* one.');
  });

  it('GIVEN a passage shorter than the budget matched near its end WHEN excerpted THEN it is still whole', () => {
    const text = 'According to international sources, 16,000 civilians were killed. The day of Khojaly.';
    const start = text.indexOf('Khojaly');
    expect(excerpt(text, [{ start, end: start + 7 }], 500)).toBe(text.replace('Khojaly', '**Khojaly**'));
  });
});

describe('limits', () => {
  it('GIVEN any text WHEN clipped THEN it fits and never ends in half a surrogate pair or a lone backslash', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.integer({ min: 1, max: 200 }),
        (s, max) => {
          const out = clip(s, max);
          return out.length <= max && !/[\uD800-\uDBFF]…?$/.test(out.replace(/…$/, '')) && !/\\…$/.test(out);
        },
      ),
    );
  });

  it('GIVEN any set of embeds WHEN fitted THEN each field and the total respect Discord limits', () => {
    const text = fc.string({ maxLength: 5000 });
    const embed = fc.record({ title: text, description: text, footer: fc.record({ text }) });
    fc.assert(
      fc.property(fc.array(embed, { maxLength: 12 }), (embeds) => {
        const fitted = fitEmbeds(embeds);
        return (
          fitted.length <= 10 &&
          fitted.reduce((n, e) => n + embedLength(e), 0) <= LIMITS.embedsTotal &&
          fitted.every(
            (e) =>
              (e.description?.length ?? 0) <= LIMITS.embedDescription &&
              (e.title?.length ?? 0) <= LIMITS.embedTitle,
          )
        );
      }),
    );
  });
});

describe('dates', () => {
  it.each([
    ['en', '3 March 1992'],
    ['ru', '3 марта 1992'],
  ] as const)('GIVEN 1992-03-03 WHEN written in %s THEN it reads %s', (language, expected) => {
    expect(formatDate('1992-03-03', language)).toContain(expected);
  });
});
