import { describe, expect, it } from 'vitest';
import { registry } from '../../src/bot/registry.js';
import {
  analyse,
  parseSlash,
  replaceRange,
  type Command,
  type Context,
} from '../../src/playground/page/slash.js';

// The composer's slash syntax, in Node, against the bot's real command data.

const commands = registry.commands.map((c) => c.data) as unknown as Command[];
const ctx: Context = {
  commands,
  locale: 'en-US',
  channels: [
    { id: '200000000000000002', name: 'reading' },
    { id: '200000000000000004', name: 'thread' },
  ],
  users: [{ id: '600000000000000101', name: 'Robin' }],
};
const ru: Context = { ...ctx, locale: 'ru' };

describe('parseSlash', () => {
  it.each([
    ['/search query:Xocalı', 'search', [{ name: 'query', type: 3, value: 'Xocalı' }]],
    ['/quote citation:sumgait-1988:3', 'quote', [{ name: 'citation', type: 3, value: 'sumgait-1988:3' }]],
    [
      '/notebook add citation:khojaly-1992:2 note:for Thursday',
      'notebook',
      [
        {
          name: 'add',
          type: 1,
          options: [
            { name: 'citation', type: 3, value: 'khojaly-1992:2' },
            { name: 'note', type: 3, value: 'for Thursday' },
          ],
        },
      ],
    ],
    ['/pins list', 'pins', [{ name: 'list', type: 1, options: [] }]],
    ['/language language:hy', 'language', [{ name: 'language', type: 3, value: 'hy' }]],
    ['/language language:Armenian', 'language', [{ name: 'language', type: 3, value: 'hy' }]],
    ['/help', 'help', []],
    // Quotes and colons belong to the value; a word that is no option name too.
    [
      '/search query:"Death to Armenians" note: x public:true',
      'search',
      [
        { name: 'query', type: 3, value: '"Death to Armenians" note: x' },
        { name: 'public', type: 5, value: true },
      ],
    ],
    [
      '/read document:khojaly-1992 paragraph:7',
      'read',
      [
        { name: 'document', type: 3, value: 'khojaly-1992' },
        { name: 'paragraph', type: 4, value: 7 },
      ],
    ],
    [
      '/pins list channel:#thread',
      'pins',
      [{ name: 'list', type: 1, options: [{ name: 'channel', type: 7, value: '200000000000000004' }] }],
    ],
    // Text right after the command goes to its first required option, as in Discord's client.
    ['/search Xocalı', 'search', [{ name: 'query', type: 3, value: 'Xocalı' }]],
    ['  /SEARCH QUERY:x  ', 'search', [{ name: 'query', type: 3, value: 'x' }]],
  ])('%s', (input, name, options) => {
    expect(parseSlash(input, ctx)).toEqual({ ok: true, name, options, display: input.trim() });
  });

  it('accepts the localized names of the chosen language, and the base names', () => {
    expect(parseSlash('/поиск запрос:Ходжалы язык:Русский', ru)).toMatchObject({
      ok: true,
      name: 'search',
      options: [
        { name: 'query', value: 'Ходжалы' },
        { name: 'language', value: 'ru' },
      ],
    });
    expect(parseSlash('/search query:Ходжалы', ru)).toMatchObject({ ok: true, name: 'search' });
  });

  it.each([
    ['/nosuch', 'Unknown command /nosuch. Type / to see the commands.'],
    ['/', 'Unknown command /. Type / to see the commands.'],
    ['/quote', 'Missing required option: citation.'],
    ['/cite citation:x', 'Missing required option: style.'],
    ['/read document:x paragraph:seven', 'paragraph must be a whole number, not “seven”.'],
    ['/read document:x paragraph:1.5', 'paragraph must be a whole number, not “1.5”.'],
    ['/read document:x paragraph:0', 'paragraph must be at least 1.'],
    ['/read document:x paragraph:100001', 'paragraph must be at most 100,000.'],
    ['/search query:x public:yes', 'public must be true or false.'],
    [
      '/cite citation:x style:Harvard',
      'style must be one of: APA (7th edition), MLA (9th edition), Chicago (17th edition, bibliography).',
    ],
    ['/search query:a query:b', 'query is given twice.'],
    ['/pins', '/pins needs a subcommand: list, remove.'],
    ['/pins purge', '/pins has no subcommand “purge”: choose list, remove.'],
    ['/help me', '/help takes no options.'],
    ['/pins list channel:#nowhere', 'channel: no channel “#nowhere” here.'],
    ['hello', 'Only slash commands reach the bot in the playground. Type / to see them.'],
    [`/search query:${'x'.repeat(6000)}`, 'query is too long: 6,000 characters, at most 200.'],
    [`/notebook add citation:x note:${'Ж'.repeat(301)}`, 'note is too long: 301 characters, at most 300.'],
  ])('refuses %s', (input, error) => {
    expect(parseSlash(input, ctx)).toEqual({ ok: false, error });
  });

  it('shows errors with the names of the chosen language', () => {
    expect(parseSlash('/поиск', ru)).toEqual({ ok: false, error: 'Missing required option: запрос.' });
  });

  it('counts characters, not UTF-16 units, against max_length', () => {
    expect(parseSlash(`/search query:${'𝐀'.repeat(200)}`, ctx).ok).toBe(true);
  });
});

describe('analyse: what the composer offers', () => {
  it('lists the commands on /, filtered by what is typed, in the chosen language', () => {
    const all = analyse('/', ctx);
    expect(all?.kind).toBe('commands');
    // In the registry's order: by feature (search, reading, pins, notebook, settings).
    expect(all?.kind === 'commands' && all.items.map((c) => c.name)).toEqual([
      'search',
      'quote',
      'cite',
      'read',
      'sources',
      'pin',
      'pins',
      'notebook',
      'language',
      'settings',
      'help',
    ]);
    const se = analyse('/se', ctx);
    expect(se?.kind === 'commands' && se.items.map((c) => c.name)).toEqual(['search', 'settings']);
    const po = analyse('/пои', ru);
    expect(po?.kind === 'commands' && po.items.map((c) => c.name)).toEqual(['search']);
  });

  it('offers subcommands, then options, then values', () => {
    expect(analyse('/notebook ', ctx)).toMatchObject({ kind: 'subcommands', from: 10, to: 10 });
    expect(analyse('/notebook ex', ctx)).toMatchObject({
      kind: 'subcommands',
      from: 10,
      to: 12,
      items: [{ name: 'export' }],
    });
    const options = analyse('/search ', ctx);
    expect(options?.kind === 'options' && options.items.map((o) => [o.name, o.required ?? false])).toEqual([
      ['query', true],
      ['document', false],
      ['language', false],
      ['public', false],
    ]);
    expect(analyse('/search qu', ctx)).toMatchObject({
      kind: 'options',
      from: 8,
      to: 10,
      items: [{ name: 'query' }],
    });
    // After a value and a space, the options not used yet.
    const rest = analyse('/notebook add citation:khojaly-1992:2 ', ctx);
    expect(rest?.kind === 'options' && rest.items.map((o) => o.name)).toEqual(['note']);
    expect(analyse('/search query:Xocalı d', ctx)).toMatchObject({
      kind: 'options',
      items: [{ name: 'document' }],
    });
  });

  it('gives the focused option for autocomplete, nested in its subcommand', () => {
    expect(analyse('/notebook add citation:kho', ctx)).toMatchObject({
      kind: 'value',
      option: { name: 'citation', autocomplete: true },
      query: 'kho',
      from: 23,
      to: 26,
      focused: [
        { name: 'add', type: 1, options: [{ name: 'citation', type: 3, value: 'kho', focused: true }] },
      ],
    });
    expect(analyse('/read paragraph:3 document:kho', ctx)).toMatchObject({
      focused: [
        { name: 'paragraph', type: 4, value: 3 },
        { name: 'document', type: 3, value: 'kho', focused: true },
      ],
    });
  });

  it('is null for plain text', () => {
    expect(analyse('hello', ctx)).toBeNull();
  });
});

describe('replaceRange', () => {
  it('replaces the typed part with the chosen item and puts the caret after it', () => {
    expect(replaceRange('/quote citation:kho', 16, 19, 'khojaly-1992:2 ')).toEqual({
      text: '/quote citation:khojaly-1992:2 ',
      caret: 31,
    });
    expect(replaceRange('/search qu', 8, 10, 'query:')).toEqual({ text: '/search query:', caret: 14 });
    // Text after the caret stays, separated by a space.
    expect(replaceRange('/se query:x', 0, 3, '/search')).toEqual({ text: '/search query:x', caret: 7 });
    expect(replaceRange('/sequery:x', 0, 3, '/search')).toEqual({ text: '/search query:x', caret: 8 });
  });
});
