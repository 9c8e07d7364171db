import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseInline,
  parseMarkdown,
  plainText,
  safeUrl,
  type Block,
  type Inline,
} from '../../src/playground/page/markdown.js';

// The page's Discord markdown parser, in Node: what each construct becomes,
// that links are only ever http(s), and that no input takes more than
// near-linear time.

const text = (t: string): Inline => ({ type: 'text', text: t });
const para = (...children: Inline[]): Block => ({ type: 'paragraph', children });

describe('inline markdown', () => {
  it.each<[string, Inline[]]>([
    ['**bold**', [{ type: 'strong', children: [text('bold')] }]],
    ['*italic*', [{ type: 'em', children: [text('italic')] }]],
    ['_italic_', [{ type: 'em', children: [text('italic')] }]],
    ['__under__', [{ type: 'u', children: [text('under')] }]],
    ['~~gone~~', [{ type: 's', children: [text('gone')] }]],
    ['||secret||', [{ type: 'spoiler', children: [text('secret')] }]],
    ['`a **b**`', [{ type: 'code', text: 'a **b**' }]],
    ['``a ` b``', [{ type: 'code', text: 'a ` b' }]],
    ['***both***', [{ type: 'strong', children: [{ type: 'em', children: [text('both')] }] }]],
    [
      '**a *b* c**',
      [{ type: 'strong', children: [text('a '), { type: 'em', children: [text('b')] }, text(' c')] }],
    ],
    [
      '*a **b** c*',
      [{ type: 'em', children: [text('a '), { type: 'strong', children: [text('b')] }, text(' c')] }],
    ],
    ['<@123>', [{ type: 'user', id: '123' }]],
    ['<@!123>', [{ type: 'user', id: '123' }]],
    ['<@&9>', [{ type: 'role', id: '9' }]],
    ['<#456>', [{ type: 'channel', id: '456' }]],
    ['<t:1700000000:R>', [{ type: 'time', unix: 1700000000, style: 'R' }]],
    ['<t:1700000000>', [{ type: 'time', unix: 1700000000, style: 'f' }]],
    ['<:pin:42>', [{ type: 'emoji', name: 'pin', id: '42', animated: false }]],
  ])('%s', (input, expected) => {
    expect(parseInline(input)).toEqual(expected);
  });

  it('shows backslash-escaped characters literally', () => {
    expect(parseInline('\\*not\\* \\_this\\_ \\|\\|no\\|\\| \\`x\\` \\\\')).toEqual([
      text('*not* _this_ ||no|| `x` \\'),
    ]);
    // A backslash before a letter or a space is itself text.
    expect(parseInline('a\\b c\\ d')).toEqual([text('a\\b c\\ d')]);
  });

  it('leaves unclosed and empty markup as text', () => {
    for (const s of [
      '**open',
      '*open',
      '||open',
      '~~~~',
      '****',
      '`open',
      '[text](no url',
      'a * b * c',
      'snake_case_name',
    ]) {
      expect(plainText(parseInline(s)), s).toBe(s);
    }
  });

  it('makes masked links and bare links, http and https only', () => {
    expect(parseInline('[the source](https://example.org/a)')).toEqual([
      { type: 'link', url: 'https://example.org/a', children: [text('the source')], masked: true },
    ]);
    expect(parseInline('[x](<https://example.org/a>)')[0]).toMatchObject({
      type: 'link',
      url: 'https://example.org/a',
    });
    expect(parseInline('see https://example.org/a.')).toEqual([
      text('see '),
      {
        type: 'link',
        url: 'https://example.org/a',
        children: [text('https://example.org/a')],
        masked: false,
      },
      text('.'),
    ]);
    expect(parseInline('<https://example.org/>')[0]).toMatchObject({ type: 'link', masked: false });
    for (const bad of [
      '[x](javascript:alert(1))',
      '[x](data:text/html,hi)',
      '[x](/relative)',
      '[x](//host/x)',
    ]) {
      expect(
        parseInline(bad).some((n) => n.type === 'link'),
        bad,
      ).toBe(false);
    }
    // The bot's escaping of URLs in quoted text (a zero-width space after the colon) is no link.
    expect(parseInline('https:\u200b//example.org').some((n) => n.type === 'link')).toBe(false);
  });

  it('treats the bot-escaped mention <@\u200b1> as text', () => {
    expect(parseInline('<@\u200b123>')).toEqual([text('<@\u200b123>')]);
  });

  it('never produces a link to anything but an absolute http(s) address', () => {
    const links = (nodes: Inline[]): string[] =>
      nodes.flatMap((n) =>
        n.type === 'link' ? [n.url, ...links(n.children)] : 'children' in n ? links(n.children) : [],
      );
    const pieces = fc.constantFrom(
      '[',
      ']',
      '(',
      ')',
      '<',
      '>',
      'https://',
      'http:',
      'javascript:',
      ' ',
      'x',
      '\\',
      '*',
      '|',
      '`',
      ':',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        for (const url of links(parseInline(parts.join('')))) {
          expect(safeUrl(url)).toBe(true);
          expect(url).toMatch(/^https?:\/\//i);
        }
      }),
    );
  });
});

describe('block markdown', () => {
  it('reads headings, small text, quotes, lists and code blocks', () => {
    expect(parseMarkdown('# One\n## Two\n### Three\n#### four\n#no')).toEqual([
      { type: 'heading', level: 1, children: [text('One')] },
      { type: 'heading', level: 2, children: [text('Two')] },
      { type: 'heading', level: 3, children: [text('Three')] },
      para(text('#### four\n#no')),
    ]);
    expect(parseMarkdown('-# small')).toEqual([{ type: 'subtext', children: [text('small')] }]);
    expect(parseMarkdown('> one\n> two\nafter')).toEqual([
      { type: 'quote', children: [para(text('one\ntwo'))] },
      para(text('after')),
    ]);
    expect(parseMarkdown('>>> all\nof this')).toEqual([
      { type: 'quote', children: [para(text('all\nof this'))] },
    ]);
    expect(parseMarkdown('- a\n- b\n1. c')).toEqual([
      { type: 'list', ordered: false, start: 1, items: [[text('a')], [text('b')]] },
      { type: 'list', ordered: true, start: 1, items: [[text('c')]] },
    ]);
    expect(parseMarkdown('before\n```js\nlet a = **1**;\n```\nafter')).toEqual([
      para(text('before')),
      { type: 'codeblock', lang: 'js', text: 'let a = **1**;' },
      para(text('after')),
    ]);
  });

  it('keeps escaped line starts as text', () => {
    expect(parseMarkdown('\\# not a heading\n\\> not a quote\n\\- not a list\n1\\. not a list')).toEqual([
      para(text('# not a heading\n> not a quote\n- not a list\n1. not a list')),
    ]);
  });

  it('keeps newlines inside a paragraph, and markup may span them', () => {
    expect(parseMarkdown('**a\nb** c')).toEqual([
      para({ type: 'strong', children: [text('a\nb')] }, text(' c')),
    ]);
  });

  it('parses adversarial input of 100,000 characters in near-linear time', () => {
    const n = 100_000;
    const inputs = [
      '*a ',
      '**',
      '||a',
      '[a',
      '<https://',
      '_a ',
      '`',
      '\\',
      '~~a',
      '<@1',
      '](',
      '* ',
      '__a',
    ].map((p) => p.repeat(Math.ceil(n / p.length)).slice(0, n));
    for (const input of inputs) {
      const time = (s: string): number => {
        const start = performance.now();
        parseMarkdown(s);
        return performance.now() - start;
      };
      const small = time(input.slice(0, n / 4));
      const large = time(input);
      // Quadratic work would be 16 times slower for 4 times the input.
      expect(large, input.slice(0, 4)).toBeLessThan(small * 10 + 150);
    }
  });

  it('never throws, and plain text without markup stays as it is', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void parseMarkdown(s)));
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-zА-яԱ-ֆ][A-Za-z0-9 .,Ա-ֆА-яəğışüöç]{0,79}$/), (s) => {
        expect(parseMarkdown(s)).toEqual([para(text(s))]);
      }),
    );
  });
});
