import { PermissionFlagsBits } from 'discord.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { errorPayload, logFailure } from '../src/bot/errors.js';
import { LIMITS, MAX_ECHO } from '../src/bot/limits.js';
import { openStore, StorageError } from '../src/storage/store.js';
import { clip, escapeText, spoilerBars } from '../src/bot/render.js';
import { splitText } from '../src/bot/views/quote-card.js';
import type { BotContext } from '../src/bot/types.js';
import { UserFacingError } from '../src/bot/types.js';
import { PostCooldown } from '../src/bot/cooldown.js';
import {
  click,
  expectSafe,
  h,
  idOf,
  membersFrom,
  MemoryPort,
  payloadOf,
  refusalOf,
  testContext,
  type TestCommand,
} from './bot-helpers.js';
import { tempDir } from './helpers.js';

let ctx: BotContext;
beforeAll(async () => {
  ctx = await testContext();
});

let next = 900000000000000000n;
const id = (): string => String(next++);
const POSTER = PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;
const BOT = PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

const member = membersFrom(id, { memberPermissions: POSTER, appPermissions: BOT });

const refusal = refusalOf;

/** Undoes what Discord's renderer undoes: a backslash before punctuation, and the bot's zero-width spaces. */
const shown = (escaped: string): string =>
  escaped.replace(/\\([^\p{L}\p{N}\s])/gu, '$1').replace(/\u200b/g, '');

/** Runs of one markup character, and mixes of them: the inputs that made discord.js's escaper quadratic. */
const adversarial = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('`', '*', '_', '|', '\\', '~', '[', ']', '#', '>', '-', '1.', '\n'),
      fc.integer({ min: 1, max: 6000 }),
    )
    .map(([c, n]) => c.repeat(n)),
  fc.string({
    // One character, or a piece that begins a mention, a link or line-start markup.
    unit: fc.constantFrom(
      ...'`*_|\\~[]()#>-+1. \n\r@<:/htpsax'.split(''),
      'https://',
      '</',
      '<t:',
      '<:',
      '<@',
    ),
    maxLength: 2000,
  }),
);

describe('H1: a crafted option cannot stall the bot', () => {
  it('GIVEN a 6,000-character document option WHEN /search or /read refuses it THEN the error repeats at most a short, escaped part of it', async () => {
    const huge = '`'.repeat(6000);
    for (const [run, options] of [
      [h.search, { query: 'x', document: huge }],
      [h.read, { document: huge }],
    ] as const) {
      const e = await refusal(run(member({ options }), ctx));
      expect(e.code).toBe('unknownDocument');
      const p = errorPayload(e, ctx.translations.t('en'));
      expectSafe(p);
      // Each echoed backtick is escaped, so at most twice the clipped length of user text.
      expect((p.content ?? '').length).toBeLessThan(
        ctx.translations.t('en')('errors.unknownDocument', { document: '' }).length + 2 * MAX_ECHO + 2,
      );
    }
  });

  it('GIVEN any text, markup runs included WHEN escaped THEN Discord shows exactly that text, and the escaped form is at most twice as long', () => {
    fc.assert(
      fc.property(adversarial, (text) => {
        const out = escapeText(text);
        expect(shown(out)).toBe(text);
        expect(out.length).toBeLessThanOrEqual(2 * text.length);
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN any text WHEN escaped THEN no unescaped markup is left: no emphasis, code, spoiler, link, heading, list, quote or subtext', () => {
    fc.assert(
      fc.property(adversarial, (text) => {
        // Escaped pairs render literally; what remains must hold no markup character.
        const out = escapeText(text);
        const bare = out.replace(/\\[\s\S]/g, '');
        expect(bare).not.toMatch(/[*_~|`[\]\\]/);
        // Line-start syntax: an escaped line starts with a backslash instead.
        expect(out).not.toMatch(/(?:^|[\r\f\v])[ \t]*(?:[#>+-]|\d+\.)/m);
        // Links and mention-like syntax: checked on the escaped text itself,
        // where an escape between two characters already keeps them apart.
        expect(out).not.toMatch(/:\/\//);
        expect(out).not.toMatch(/<(?:@[!&]?\d|#\d|\/|:|[at]:)/);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['a URL glued to a word', 'xhttps://evil.example/shock.gif'],
    ['another scheme', 'see ftp://files.example'],
    ['a heading after a carriage return', 'x\r# Heading'],
    ['a command mention', '</search:123456789012345678>'],
    ['a timestamp', '<t:1700000000:R>'],
    ['a custom emoji', '<:wave:123456789012345678>'],
  ])('GIVEN %s WHEN escaped THEN it stays literal text', (_, text) => {
    const out = escapeText(text);
    expect(shown(out)).toBe(text);
    expect(out).not.toMatch(/:\/\/|(?:^|\r)#|<(?:\/|:|t:)/);
  });

  it('GIVEN text cut inside a long run of escapes WHEN clipped THEN it ends in no half escape, and fits', () => {
    fc.assert(
      fc.property(adversarial, fc.integer({ min: 2, max: 5000 }), (text, max) => {
        const out = clip(escapeText(text), max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out.replace(/…$/, '').replace(/\\[\s\S]/g, '')).not.toMatch(/\\$/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('M1: public posts follow the member’s own channel permissions', () => {
  it.each([
    ['/quote', (i: TestCommand) => h.quote({ ...i, options: { citation: 'khojaly-1992:2' } }, ctx)],
    [
      '/search public:true',
      (i: TestCommand) => h.search({ ...i, options: { query: 'Karabakh', public: true } }, ctx),
    ],
  ])(
    'GIVEN a member who may read but not post WHEN %s runs THEN the answer is private and says which permission is missing',
    async (_, run) => {
      const r = await run(member({ memberPermissions: PermissionFlagsBits.ViewChannel }));
      expect(r.kind === 'reply' && r.ephemeral).toBe(true);
      const p = payloadOf(r);
      expect(p.content).toContain('posting in this channel needs the Send Messages permission');
      expectSafe(p);
    },
  );

  it('GIVEN a member in a thread with Send Messages but not Send Messages in Threads WHEN they /quote THEN the answer is private', async () => {
    const r = await h.quote({ ...member({ inThread: true }), options: { citation: 'sumgait-1988:3' } }, ctx);
    expect(r.kind === 'reply' && r.ephemeral).toBe(true);
    expect(payloadOf(r).content).toContain('Send Messages in Threads');
  });

  it('GIVEN a notebook WHEN exported publicly by a member without Attach Files THEN the file comes privately, saying why; with it, publicly', async () => {
    const alice = member();
    await h.notebookAdd({ ...alice, subcommand: 'add', options: { citation: 'sumgait-1988:3' } }, ctx);
    const without = await h.notebookExport(
      { ...alice, subcommand: 'export', options: { public: true } },
      ctx,
    );
    expect(without.kind === 'reply' && without.ephemeral).toBe(true);
    expect(payloadOf(without).content).toContain('Attach Files');
    const withFiles = { ...alice, userId: id(), memberPermissions: POSTER | PermissionFlagsBits.AttachFiles };
    const ok = await h.notebookExport({ ...withFiles, subcommand: 'export', options: { public: true } }, ctx);
    expect(ok.kind === 'reply' && ok.ephemeral).toBe(false);
  });

  it('GIVEN a public result list WHEN someone other than its owner clicks Post THEN they are refused and nothing is posted', async () => {
    const owner = member();
    const list = payloadOf(
      await h.search({ ...owner, options: { query: 'Stepanakert', public: true } }, ctx),
    );
    const opened = payloadOf(await h.click(click(owner, idOf(list, 'open'), ['khojaly-1992:27']), ctx));
    const post = idOf(opened, 'post');
    const stranger = { ...owner, userId: id() };
    expect((await refusal(h.click(click(stranger, post), ctx))).code).toBe('notYours');
  });

  it('GIVEN a member who just posted WHEN they post again at once THEN they are asked to wait; a moment later they may', async () => {
    const alice = member();
    const list = payloadOf(await h.search({ ...alice, options: { query: 'Sumgait' } }, ctx));
    const opened = payloadOf(await h.click(click(alice, idOf(list, 'open'), ['sumgait-1988:3']), ctx));
    const post = idOf(opened, 'post');
    expect((await h.click(click(alice, post), ctx)).kind).toBe('post');
    expect((await refusal(h.click(click(alice, post), ctx))).code).toBe('cooldown');
    expect((await refusal(h.quote({ ...alice, options: { citation: 'sumgait-1988:3' } }, ctx))).code).toBe(
      'cooldown',
    );
    // Someone else is not held up by Alice's pause.
    expect((await h.quote({ ...member(), options: { citation: 'sumgait-1988:3' } }, ctx)).kind).toBe('reply');
  });

  it('GIVEN the cooldown clock WHEN its pause has passed THEN the member may post again', () => {
    const cooldown = new PostCooldown(5000);
    expect(cooldown.take('1', 0)).toBe(true);
    expect(cooldown.take('1', 4999)).toBe(false);
    expect(cooldown.take('2', 4999)).toBe(true);
    expect(cooldown.take('1', 5000)).toBe(true);
  });

  it('GIVEN a Post button in a thread WHEN the member lacks Send Messages in Threads THEN it is refused by that name', async () => {
    const alice = member({
      inThread: true,
      memberPermissions: POSTER | PermissionFlagsBits.SendMessagesInThreads,
    });
    const list = payloadOf(await h.search({ ...alice, options: { query: 'Sumgait' } }, ctx));
    const opened = payloadOf(await h.click(click(alice, idOf(list, 'open'), ['sumgait-1988:3']), ctx));
    const post = idOf(opened, 'post');
    const without = { ...alice, memberPermissions: POSTER };
    const e = await refusal(h.click(click(without, post), ctx));
    expect(e).toMatchObject({
      code: 'missingUserPermission',
      args: { permission: 'SendMessagesInThreads' },
    });
    expect(LIMITS.content).toBe(2000);
  });
});

describe('M4: notes are one line of plain text from the start', () => {
  it.each([
    ['a forged entry', 'for Thursday\n## 99. khojaly-1992:1\n> a fake quote'],
    ['a carriage return', 'a\rb'],
    ['a bidi override', 'note \u202egnp.exe'],
  ])(
    'GIVEN a note with %s WHEN /notebook add or /pin runs THEN it is refused and nothing is stored',
    async (_, note) => {
      // Both may pin: the note is the only thing wrong.
      const who = member({
        memberPermissions: POSTER | PermissionFlagsBits.PinMessages,
        appPermissions: BOT | PermissionFlagsBits.PinMessages,
      });
      const add = await refusal(
        h.notebookAdd({ ...who, options: { citation: 'sumgait-1988:3', note } }, ctx),
      );
      expect(add.code).toBe('noteInvalid');
      expect(await ctx.store.notebooks.list(`${who.guildId ?? ''}:${who.channelId ?? ''}`)).toEqual([]);
      const port = new MemoryPort();
      const pin = await refusal(h.pin({ ...who, options: { citation: 'sumgait-1988:3', note } }, ctx, port));
      expect(pin.code).toBe('noteInvalid');
      // Refused before Discord is asked anything: no card posted, none pinned, none logged.
      expect(port.ops).toEqual([]);
      expect(await ctx.store.pins.list(who.guildId ?? '')).toEqual([]);
      expect(errorPayload(pin, ctx.translations.t('ru')).content).toContain('одной строкой');
    },
  );
});

describe('logs mean something', () => {
  it('GIVEN a user mistake and a storage outage WHEN logged THEN the mistake is info with its code, the outage an error', () => {
    const lines: { level: number; code?: string; msg: string }[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as never) });
    logFailure(log, new UserFacingError('unknownCitation', { citation: 'x' }), { command: 'quote' });
    logFailure(log, new StorageError(new Error('down')), { command: 'quote' });
    expect(lines.map((l) => [l.level, l.code ?? null])).toEqual([
      [30, 'unknownCitation'],
      [50, null],
    ]);
  });
});

describe('M3: a storage outage never hangs a reply', () => {
  it('GIVEN storage that cannot be reached WHEN a member searches, pages and sets a language THEN the search answers from the index with working buttons, and the language command says storage is unavailable', async () => {
    const down: BotContext = {
      ...ctx,
      store: await openStore('redis://127.0.0.1:1', tempDir(), undefined, {
        deadlineMs: 300,
        sweepIntervalMs: 0,
      }),
    };
    try {
      const who = member();
      const list = payloadOf(await h.search({ ...who, options: { query: 'Sumgait' } }, down));
      expect(list.embeds?.length).toBe(3);
      const nextPage = idOf(list, 'page', (c) => c.page === 1);
      expect((await h.click(click(who, nextPage), down)).kind).toBe('update');
      const e = await h.language({ ...who, options: { language: 'ru' } }, down).then(
        () => null,
        (error: unknown) => error,
      );
      expect(e).toBeInstanceOf(StorageError);
      expect(errorPayload(e, ctx.translations.t('en')).content).toBe(
        ctx.translations.t('en')('errors.storage'),
      );
    } finally {
      await down.store.close();
    }
  });
});

describe('re-review: what fails closed', () => {
  it('GIVEN a server channel the cache does not know WHEN a member without Send Messages in Threads posts publicly THEN the answer is private, since it may be a thread', async () => {
    const r = await h.quote({ ...member({ inThread: null }), options: { citation: 'sumgait-1988:3' } }, ctx);
    expect(r.kind === 'reply' && r.ephemeral).toBe(true);
    const both = member({
      inThread: null,
      memberPermissions: POSTER | PermissionFlagsBits.SendMessagesInThreads,
    });
    const ok = await h.quote({ ...both, options: { citation: 'sumgait-1988:3' } }, ctx);
    expect(ok.kind === 'reply' && ok.ephemeral).toBe(false);
  });

  it('GIVEN a passage of unbroken markup under a spoiler WHEN split into cards THEN no card ends inside an escape, so every spoiler closes', () => {
    const text = escapeText(`a${'*'.repeat(2500)}`);
    for (const max of [100, 101, 3796, 3797]) {
      for (const chunk of splitText(text, max)) {
        const trailing = /\\+$/.exec(chunk)?.[0].length ?? 0;
        expect(trailing % 2).toBe(0);
        expect(spoilerBars(`||${chunk}||`) % 2).toBe(0);
      }
    }
  });
});
