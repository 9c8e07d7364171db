import { embedLength, PermissionFlagsBits } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorPayload } from '../src/bot/errors.js';
import { encode, format } from '../src/bot/custom-id.js';
import { prepareCommand, prepareComponent } from '../src/bot/dispatch.js';
import { registry } from '../src/bot/registry.js';
import type { BotContext } from '../src/bot/types.js';
import { LIMITS } from '../src/bot/limits.js';
import { escapeText } from '../src/bot/render.js';
import { noResults } from '../src/bot/features/search/views.js';
import { sourcesView } from '../src/bot/features/reading/views.js';
import { quoteEmbeds } from '../src/bot/views/quote-card.js';
import type { LibraryDocument } from '../src/library/library.js';
import { UserFacingError } from '../src/bot/types.js';
import { StorageError } from '../src/storage/store.js';
import {
  click,
  customIds,
  expectSafe,
  h,
  MemoryPort,
  idOf,
  payloadOf,
  refusalOf,
  testContext,
  type TestCommand,
} from './bot-helpers.js';

let ctx: BotContext;
beforeAll(async () => {
  ctx = await testContext();
});

/**
 * The object as it is, but counting the calls of one of its methods, those it
 * makes on itself included: the methods run with the proxy as `this`.
 */
function counting<O extends object>(target: O, method: keyof O): { object: O; calls: () => number } {
  let calls = 0;
  const object = new Proxy(target, {
    get(t, property, receiver): unknown {
      const value: unknown = Reflect.get(t, property, receiver);
      if (property !== method || typeof value !== 'function') return value;
      const original = value as (...args: unknown[]) => unknown;
      return function (this: unknown, ...args: unknown[]): unknown {
        calls++;
        return original.apply(this, args);
      };
    },
  });
  return { object, calls: () => calls };
}

let nextUser = 100000000000000000n;
const newUser = (): string => String(nextUser++);
const input = (options: TestCommand['options'], over: Partial<TestCommand> = {}): TestCommand => ({
  userId: newUser(),
  guildId: '200000000000000000',
  channelId: '200000000000000001',
  locale: 'en-US',
  memberPermissions: PermissionFlagsBits.SendMessages,
  appPermissions: PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks,
  options,
  ...over,
});

describe('/search', () => {
  it.each([
    ['ru', 'Ходжалы'],
    ['en-US', 'Xocalı'],
    ['en-GB', 'Խոջալու'],
  ])(
    'GIVEN a user with Discord locale %s WHEN searching %s THEN the reply is private, in that language, with Khojaly passages',
    async (locale, query) => {
      const i = input({ query }, { locale });
      const r = await h.search(i, ctx);
      expect(r.kind === 'reply' && r.ephemeral).toBe(true);
      const p = payloadOf(r);
      expectSafe(p);
      const t = ctx.translations.t(locale === 'ru' ? 'ru' : 'en');
      expect(p.content).toContain(t('search.title', { query }));
      expect(p.embeds?.length).toBe(3);
      for (const e of p.embeds ?? []) expect(e.title).toMatch(/^khojaly-1992:\d+$/);
    },
  );

  it('GIVEN an undated document WHEN its passages are shown in Russian THEN the date line says, in Russian, how the date is known', async () => {
    const p = payloadOf(await h.search(input({ query: 'Ходжалы' }, { locale: 'ru' }), ctx));
    const note = ctx.room.document('khojaly-1992')?.dateNote?.ru ?? '';
    expect(note).not.toBe('');
    expect(p.embeds?.[0]?.fields?.[0]?.value).toContain(
      ctx.translations.t('ru')('format.label', { label: ctx.translations.t('ru')('attribution.date') }),
    );
    expect(p.embeds?.[0]?.fields?.[0]?.value).toContain(escapeText(note));
  });

  it('GIVEN a short passage WHEN shown as a hit THEN it is shown whole, from its first word', async () => {
    const p = payloadOf(await h.search(input({ query: 'Khojaly genocide' }), ctx));
    const nine = p.embeds?.find((e) => e.title === 'khojaly-1992:9');
    // After the content-warning line this passage carries, privately shown without a spoiler.
    const [warning, text] = (nine?.description ?? '').split('\n');
    expect(warning).toBe('-# ⚠ Content warning: killing');
    expect(text?.startsWith('According to international sources')).toBe(true);
  });

  it('GIVEN passages shown only as context WHEN the summary counts THEN it counts those naming the query, and the context apart', async () => {
    const p = payloadOf(await h.search(input({ query: 'Ходжалы' }, { locale: 'ru' }), ctx));
    const all = ctx.room.search('Ходжалы', { hint: 'ru', limit: 30 });
    const named = all.hits.filter((hit) => hit.contextOf === null).length;
    expect(all.total).toBe(all.hits.length);
    expect(named).toBeLessThan(all.total);
    const t = ctx.translations.t('ru');
    expect(p.content?.split('\n')[1]).toBe(
      `${t('search.summary', { count: named, page: 1, pages: 4 })} · ${t('search.contextCount', { count: all.total - named })}`,
    );
  });

  it('GIVEN a query with a word the library lacks WHEN searching THEN the results say which word found nothing', async () => {
    const p = payloadOf(await h.search(input({ query: 'Karabakh qwzx' }), ctx));
    expect(p.embeds?.length).toBe(3);
    expect(p.content).toContain(ctx.translations.t('en')('search.unmatched', { words: 'qwzx' }));
  });

  it('GIVEN public:true WHEN searching THEN everyone sees it', async () => {
    const r = await h.search(input({ query: 'Sumgait', public: true }), ctx);
    expect(r.kind === 'reply' && r.ephemeral).toBe(false);
  });

  it('GIVEN no match WHEN searching THEN the reply says so, gives the tips and lists the documents', async () => {
    const p = payloadOf(await h.search(input({ query: 'zzzqqq' }), ctx));
    const t = ctx.translations.t('en');
    expect(p.content).toContain(t('search.tips'));
    expect(p.embeds?.[0]?.description).toContain('sumgait-1988');
    expectSafe(p);
  });

  it.each([
    [{ query: '   ' }, 'emptyQuery'],
    [{ query: 'x'.repeat(201) }, 'queryTooLong'],
    [{ query: 'Khojaly', document: 'nope' }, 'unknownDocument'],
  ])('GIVEN the options %j WHEN searching THEN the user is told why (%s)', async (options, code) => {
    await expect(h.search(input(options), ctx)).rejects.toMatchObject({ code });
  });

  it.each([
    ['a language the bot does not know', { query: 'Khojaly', language: 'xx' }],
    ['public as text', { query: 'Khojaly', public: 'yes' }],
    ['a number for the query', { query: 7 }],
  ])(
    'GIVEN an option of the wrong type (%s) WHEN searching THEN it is refused as outdated and nothing is searched',
    async (_, options) => {
      const spy = counting(ctx.room, 'search');
      const e = await refusalOf(h.search(input(options), { ...ctx, room: spy.object }));
      expect(e.code).toBe('outdated');
      expect(spy.calls()).toBe(0);
    },
  );

  it('GIVEN a /search and then a click on its next page WHEN each runs through the dispatcher THEN the preferences are read from storage in one round trip for each', async () => {
    const spy = counting(ctx.store.preferences, 'forInteraction');
    const store = new Proxy(ctx.store, {
      get: (t, property, receiver): unknown =>
        property === 'preferences' ? spy.object : Reflect.get(t, property, receiver),
    });
    const own: BotContext = { ...ctx, store };
    const i = input({ query: 'Sumgait' });
    const searched = await prepareCommand(registry, { ...i, command: 'search' }, own).run(new MemoryPort());
    expect(searched.kind === 'reply' && searched.ephemeral).toBe(true);
    expect(spy.calls()).toBe(1);
    const next = idOf(payloadOf(searched), 'page', (id) => id.page === 1);
    const paged = await prepareComponent(registry, { ...i, customId: format(next), values: [] }, own).run(
      new MemoryPort(),
    );
    expect(paged.kind).toBe('update');
    expect(spy.calls()).toBe(2);
  });

  it('GIVEN a query full of markdown and mentions WHEN searching THEN the echo is escaped and nobody is pinged', async () => {
    const p = payloadOf(await h.search(input({ query: '@everyone **Khojaly** [x](http://a.b)' }), ctx));
    expect(p.content).not.toContain('@everyone');
    expect(p.content).toContain('\\*\\*Khojaly\\*\\*');
    expectSafe(p);
  });
});

describe('search components', () => {
  it('GIVEN a result list WHEN the next button is clicked THEN the next page replaces it', async () => {
    const i = input({ query: 'Sumgait' });
    const first = payloadOf(await h.search(i, ctx));
    const next = idOf(first, 'page', (id) => id.page === 1);
    const r = await h.click(click(i, next), ctx);
    expect(r.kind).toBe('update');
    const titles = payloadOf(r).embeds?.map((e) => e.title);
    expect(titles).not.toEqual(first.embeds?.map((e) => e.title));
  });

  it('GIVEN a result list WHEN a passage is opened, its context shown and Back pressed THEN each view replaces the last', async () => {
    const i = input({ query: 'Stepanakert' });
    const first = payloadOf(await h.search(i, ctx));
    const open = idOf(first, 'open');
    const opened = payloadOf(await h.click(click(i, open, ['khojaly-1992:27']), ctx));
    expect(opened.embeds?.at(-1)?.footer?.text).toContain('khojaly-1992:27');
    expect(idOf(opened, 'post').citation).toBe('khojaly-1992:27');
    const context = payloadOf(await h.click(click(i, idOf(opened, 'context')), ctx));
    expect(context.embeds?.[0]?.description).toContain('Four years of fighting');
    // Back is a page button: to the page the passage is on.
    const back = payloadOf(await h.click(click(i, idOf(opened, 'page')), ctx));
    expect(back.embeds?.map((e) => e.title)).toEqual(first.embeds?.map((e) => e.title));
  });

  it('GIVEN an opened passage WHEN Post is clicked THEN it is posted publicly and the user gets a private confirmation', async () => {
    const i = input({ query: 'Faradzhev' });
    const first = payloadOf(await h.search(i, ctx));
    const { key } = idOf(first, 'page');
    const r = await h.click(click(i, encode.post(key, 'khojaly-1992:20')), ctx);
    expect(r.kind).toBe('post');
    if (r.kind !== 'post') return;
    expect(r.payload.embeds?.[0]?.description).toContain('Women and children had been scalped');
    expect(r.payload.embeds?.at(-1)?.fields?.[0]?.value).toContain('The New York Times');
    expectSafe(r.payload);
  });

  it('GIVEN a result list with context passages and a word the library lacks WHEN every page is clicked and then the first again THEN the stored hits are shown without searching again, context notes and the unmatched line kept', async () => {
    const spy = counting(ctx.room, 'search');
    const own: BotContext = { ...ctx, room: spy.object };
    const i = input({ query: 'Ходжалы qwzx' }, { locale: 'ru' });
    const first = payloadOf(await h.search(i, own));
    expect(spy.calls()).toBe(1);
    // What the search found, asked of the room itself (not counted).
    const found = ctx.room.search('Ходжалы qwzx', { hint: 'ru', limit: 30 });
    const t = ctx.translations.t('ru');
    const unmatched = t('search.unmatched', { words: 'qwzx' });
    expect(first.content).toContain(unmatched);
    const pages = Math.ceil(found.hits.length / 3);
    const shown: string[] = [];
    let notes = 0;
    for (let page = 0; page < pages; page++) {
      const r = await h.click(click(i, encode.page(idOf(first, 'page').key, page)), own);
      expect(r.kind).toBe('update');
      const p = payloadOf(r);
      expect(p.content).toContain(unmatched);
      for (const e of p.embeds ?? []) {
        shown.push(e.title ?? '');
        const hit = found.hits.find((x) => x.passage.id === e.title);
        if (hit?.contextOf === null || hit?.contextOf === undefined) {
          expect(e.description).not.toContain(t('search.contextOf', { citation: '' }).trim());
        } else {
          notes++;
          expect(e.description).toContain(t('search.contextOf', { citation: hit.contextOf }));
        }
      }
    }
    // Every stored hit once, in the order ranked; some were shown as context.
    expect(shown).toEqual(found.hits.map((x) => x.passage.id));
    expect(notes).toBeGreaterThan(0);
    const again = payloadOf(
      await h.click(
        click(
          i,
          idOf(first, 'page', (id) => id.page === 1),
        ),
        own,
      ),
    );
    const back = payloadOf(
      await h.click(
        click(
          i,
          idOf(again, 'page', (id) => id.page === 0),
        ),
        own,
      ),
    );
    expect(back).toEqual(first);
    expect(spy.calls()).toBe(1);
  });

  it.each([
    ['Khojaly genocide', 'sumgait-1988'],
    ['armenian pogrom', 'khojaly-1992'],
  ])(
    'GIVEN a search for %s within %s WHEN its first page is clicked back to THEN it is the first page exactly, the same words in bold',
    async (query, document) => {
      const i = input({ query, document });
      const first = payloadOf(await h.search(i, ctx));
      const again = payloadOf(await h.click(click(i, encode.page(idOf(first, 'page').key, 0)), ctx));
      expect(again).toEqual(first);
      expect(JSON.stringify(first.embeds)).toContain('**');
    },
  );

  it('GIVEN a public result list in a server set to Russian WHEN a member whose own language is Armenian pages it THEN the list stays in Russian', async () => {
    const guildId = '880000000000000001';
    await ctx.store.preferences.updateGuildSettings(guildId, { language: 'ru' });
    const i = input({ query: 'Khojaly', public: true }, { guildId, userId: '880000000000000002' });
    await ctx.store.preferences.setUserLanguage(i.userId, 'hy');
    const first = payloadOf(await h.search(i, ctx));
    const ru = ctx.translations.t('ru');
    expect(first.content).toContain(ru('search.title', { query: 'Khojaly' }));
    const next = payloadOf(
      await h.click(
        {
          ...click(
            i,
            idOf(first, 'page', (id) => id.page === 1),
          ),
          messageIsPublic: true,
        },
        ctx,
      ),
    );
    expect(next.content).toContain(ru('search.title', { query: 'Khojaly' }));
  });

  it('GIVEN a result list WHEN another user clicks its buttons THEN they are refused', async () => {
    const i = input({ query: 'Sumgait' });
    const first = payloadOf(await h.search(i, ctx));
    const other = {
      ...click(
        i,
        idOf(first, 'page', (id) => id.page === 1),
      ),
      userId: newUser(),
    };
    await expect(h.click(other, ctx)).rejects.toMatchObject({ code: 'notYours' });
  });

  it('GIVEN a button whose session is gone WHEN clicked THEN the user is told to search again', async () => {
    await expect(h.click(click(input({}), encode.page('AAAAAAAA', 1)), ctx)).rejects.toMatchObject({
      code: 'expired',
    });
  });
});

describe('languages', () => {
  it('GIVEN /language hy WHEN the user searches next THEN the reply is in Armenian', async () => {
    const i = input({ language: 'hy' });
    await h.language(i, ctx);
    const p = payloadOf(await h.search({ ...i, options: { query: 'Khojaly' } }, ctx));
    expect(p.content).toContain(ctx.translations.t('hy')('search.title', { query: 'Khojaly' }));
  });

  it('GIVEN /language auto WHEN the user searches next THEN Discord’s locale applies again', async () => {
    const i = input({ language: 'az' }, { locale: 'ru' });
    await h.language(i, ctx);
    await h.language({ ...i, options: { language: 'auto' } }, ctx);
    const p = payloadOf(await h.search({ ...i, options: { query: 'Khojaly' } }, ctx));
    expect(p.content).toContain(ctx.translations.t('ru')('search.title', { query: 'Khojaly' }));
  });

  it('GIVEN a server default WHEN a public search runs THEN it is in the server language, whatever the user prefers', async () => {
    const admin = input(
      { language: 'ru' },
      { memberPermissions: PermissionFlagsBits.ManageGuild, guildId: '300000000000000000' },
    );
    await h.settings(admin, ctx);
    const user = input({ language: 'hy' }, { guildId: '300000000000000000' });
    await h.language(user, ctx);
    const p = payloadOf(await h.search({ ...user, options: { query: 'Khojaly', public: true } }, ctx));
    expect(p.content).toContain(ctx.translations.t('ru')('search.title', { query: 'Khojaly' }));
  });

  it.each([
    ['a choice of their own', { language: 'az' }, 'az', 'language.currentUser'],
    ['a Russian Discord client', {}, 'ru', 'language.currentDiscord'],
    ['an English Discord client', {}, 'en', 'language.currentDiscord'],
  ] as const)(
    'GIVEN %s WHEN /language runs without an option THEN one whole sentence says the language and why',
    async (_, chosen, language, key) => {
      const i = input(chosen, { locale: language === 'ru' ? 'ru' : 'en-US', guildId: null });
      if ('language' in chosen) await h.language(i, ctx);
      const t = ctx.translations.t(language);
      const p = payloadOf(await h.language({ ...i, options: {} }, ctx));
      expect(p.content).toBe(t(key, { language: t(`languageName.${language}`) }));
      expect(p.content).not.toMatch(/\.\s*\(/);
    },
  );

  it('GIVEN a user choice WHEN /language auto clears it THEN the reply states the real order: server default, Discord, English', async () => {
    const i = input({ language: 'hy' }, { locale: 'en-US' });
    await h.language(i, ctx);
    const p = payloadOf(await h.language({ ...i, options: { language: 'auto' } }, ctx));
    const text = ctx.translations.t('en')('language.cleared');
    expect(p.content).toBe(text);
    const order = ["server's default", 'Discord', 'English'].map((w) => text.indexOf(w));
    expect(order.every((at, k) => at >= 0 && (k === 0 || at > (order[k - 1] ?? 0)))).toBe(true);
  });

  it('GIVEN a member without Manage Server WHEN running /settings THEN it is refused by name', async () => {
    await expect(h.settings(input({ language: 'ru' }), ctx)).rejects.toMatchObject({
      code: 'missingUserPermission',
      args: { permission: 'ManageGuild' },
    });
  });
});

describe('other commands', () => {
  it('GIVEN a citation WHEN quoted THEN the card is public, verbatim, attributed, with the context note', async () => {
    const r = await h.quote(input({ citation: 'khojaly-1992:17' }), ctx);
    expect(r.kind === 'reply' && r.ephemeral).toBe(false);
    const p = payloadOf(r);
    expect(p.embeds?.[0]?.description).toContain('The republic of Armenia reiterated denials');
    const fields =
      p.embeds
        ?.at(-1)
        ?.fields?.map((f) => f.value)
        .join('\n') ?? '';
    expect(fields).toContain('The New York Times');
    expect(fields).toContain('Zamir Ahmed Awan');
    expectSafe(p);
  });

  it.each([
    [{ citation: 'nope:1' }, 'unknownCitation'],
    [{ citation: '<@1>' }, 'unknownCitation'],
  ])('GIVEN %j WHEN quoted THEN the user is told it does not exist', async (options, code) => {
    await expect(h.quote(input(options), ctx)).rejects.toMatchObject({ code });
  });

  it('GIVEN a bot without Embed Links WHEN quoting THEN the missing permission is named', async () => {
    await expect(
      h.quote(
        input({ citation: 'khojaly-1992:1' }, { appPermissions: PermissionFlagsBits.SendMessages }),
        ctx,
      ),
    ).rejects.toMatchObject({
      code: 'missingBotPermission',
      args: { permission: 'EmbedLinks' },
    });
  });

  it('GIVEN /read at paragraph 7 WHEN the next button is clicked THEN paragraph 8 of 26 is shown', async () => {
    const i = input({ document: 'sumgait-1988', paragraph: 7 });
    const p = payloadOf(await h.read(i, ctx));
    expect(p.content).toBe(ctx.translations.t('en')('passage.position', { n: 7, total: 26 }));
    const next = idOf(p, 'read', (id) => id.n === 8);
    const q = payloadOf(await h.click(click(i, next), ctx));
    expect(q.content).toBe(ctx.translations.t('en')('passage.position', { n: 8, total: 26 }));
  });

  it('GIVEN /read past the last paragraph WHEN run THEN the user is told the range', async () => {
    await expect(h.read(input({ document: 'sumgait-1988', paragraph: 99 }), ctx)).rejects.toMatchObject({
      code: 'unknownParagraph',
    });
  });

  it('GIVEN /sources in Russian WHEN run THEN each document shows its Russian context note', async () => {
    const p = payloadOf(await h.sources(input({}, { locale: 'ru' }), ctx));
    const text = JSON.stringify(p.embeds);
    expect(text).toContain('Авторская статья');
    expect(p.embeds).toHaveLength(2);
  });

  it('GIVEN a library of twelve documents WHEN /sources pages through it THEN five a page, every document once, within the limits', () => {
    const t = ctx.translations.t('en');
    const many = Array.from({ length: 12 }, (_, i) => ({
      ...(ctx.room.documents[i % 2] ?? ctx.room.documents[0]),
      id: `doc-${String(i)}`,
    })) as LibraryDocument[];
    const first = sourcesView(many, t, 'en');
    expect(first.content).toBe('**The library** · page 1 of 3');
    // Previous on the first page asks for the first page (and is disabled).
    expect(customIds(first)).toEqual([encode.sources(0), encode.sources(1)]);
    const seen = [0, 1, 2, 7].flatMap((page) => {
      const p = sourcesView(many, t, 'en', page);
      expectSafe(p);
      return page === 7 ? [] : (p.embeds ?? []).map((e) => e.footer?.text);
    });
    expect(seen).toEqual(many.map((d) => d.id));
  });

  it('GIVEN a library of 3,000 documents WHEN nothing matches THEN the document list shows those that fit, in order, ends with "…", and stays within the embed limit', () => {
    const t = ctx.translations.t('en');
    const many = Array.from({ length: 3000 }, (_, i) => ({
      ...(ctx.room.documents[i % 2] ?? ctx.room.documents[0]),
      id: `doc-${String(i)}`,
    })) as LibraryDocument[];
    const p = noResults('zzz', many, t);
    expectSafe(p);
    const lines = (p.embeds?.[0]?.description ?? '').split('\n');
    expect(lines.at(-1)).toBe('…');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.slice(0, -1).map((l) => /`(doc-\d+)`/.exec(l)?.[1])).toEqual(
      many.slice(0, lines.length - 1).map((d) => d.id),
    );
    // A library that fits is listed whole, with no mark.
    expect(noResults('zzz', many.slice(0, 3), t).embeds?.[0]?.description?.split('\n')).toHaveLength(3);
  });

  it('GIVEN a stale /sources button past the last page WHEN clicked THEN the last page replaces the message', async () => {
    const r = await h.click(click(input({}, { locale: 'ru' }), encode.sources(9)), ctx);
    expect(r.kind).toBe('update');
    expect(payloadOf(r).embeds?.map((e) => e.footer?.text)).toEqual(['khojaly-1992', 'sumgait-1988']);
  });

  it('GIVEN a message with line-start markdown WHEN "Find sources" echoes it THEN no block quote or subtext forms', async () => {
    const r = await h.findSources({ ...input({}), messageContent: 'Khojaly\n> boom\n-# tiny' }, ctx);
    expect(payloadOf(r).content).not.toMatch(/^(>|-#)/m);
  });

  it('GIVEN a passage far longer than a message can hold WHEN quoted THEN the card stays within the 6,000 limit', () => {
    const long = 'word '.repeat(3000);
    const base = ctx.room.quote('khojaly-1992:1');
    if (!('quote' in base)) throw new Error('missing');
    const quote = { ...base.quote, passage: { ...base.quote.passage, text: long } };
    const embeds = quoteEmbeds(quote, ctx.translations.t('en'), 'en');
    expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedsTotal);
    expect(embeds.at(-1)?.footer?.text).toContain('khojaly-1992:1');
  });

  it('GIVEN a message WHEN "Find sources" is used THEN its text is searched privately', async () => {
    const r = await h.findSources({ ...input({}), messageContent: 'What happened in Ходжалы <@123>?' }, ctx);
    expect(r.kind === 'reply' && r.ephemeral).toBe(true);
    expect(payloadOf(r).embeds?.[0]?.title).toMatch(/^khojaly-1992:/);
  });
});

describe('/cite', () => {
  it('GIVEN a reprinted passage and the MLA style WHEN cited THEN the private reply quotes the NYT as quoted in the article, with a copyable plain version', async () => {
    const r = await h.cite(input({ citation: 'khojaly-1992:17', style: 'mla' }), ctx);
    expect(r.kind === 'reply' && r.ephemeral).toBe(true);
    const content = payloadOf(r).content ?? '';
    expect(content).toContain(
      '*The New York Times*, 3 Mar. 1992, sec. A, p. 3. Quoted in Awan, Zamir Ahmed.',
    );
    expect(content).toContain('```\nThe New York Times, 3 Mar. 1992');
    expect(content).toContain(
      ctx.translations.t('en')('cite.title', { style: ctx.translations.t('en')('citeStyle.mla') }),
    );
  });

  it('GIVEN an opened passage WHEN Cite is clicked THEN all three styles come back privately', async () => {
    const i = input({ query: 'Sumgait massacre' });
    const first = payloadOf(await h.search(i, ctx));
    const { key } = idOf(first, 'page');
    const r = await h.click(click(i, encode.cite(key, first.embeds?.[0]?.title ?? '')), ctx);
    expect(r.kind === 'reply' && r.ephemeral).toBe(true);
    const content = payloadOf(r).content ?? '';
    for (const style of ['apa', 'mla', 'chicago'] as const) {
      expect(content).toContain(ctx.translations.t('en')(`citeStyle.${style}`));
    }
  });
});

describe('autocomplete', () => {
  it.each(['', 'khojaly-1992:1', 'Ходжалы', 'Sumqayıt', 'Stepan'])(
    'GIVEN %j typed WHEN citations are suggested THEN there are 1 to 25',
    async (value) => {
      const choices = await h.citationChoices({ ...input({}), value }, ctx);
      expect(choices.length).toBeGreaterThan(0);
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
    },
  );

  it('GIVEN a Russian name WHEN citations are suggested THEN the English passages naming it come first', async () => {
    const choices = await h.citationChoices({ ...input({}), value: 'Степанакерт' }, ctx);
    expect(choices[0]?.value).toBe('khojaly-1992:27');
  });
});

describe('errors', () => {
  it.each([
    [new UserFacingError('expired'), 'errors.expired'],
    [new StorageError(new Error('down')), 'errors.storage'],
    [new Error('boom'), 'errors.generic'],
  ] as const)('GIVEN %s WHEN reported THEN the user reads the localized message', (error, key) => {
    const t = ctx.translations.t('ru');
    expect(errorPayload(error, t).content).toBe(t(key));
  });

  // Each limit is paired with one of another plural form: the message must be
  // the locale's sentence for this count, not the other count's with the number swapped.
  it.each([
    ['ru', 'noteTooLong', 200, 21],
    ['ru', 'noteTooLong', 21, 22],
    ['ru', 'notebookFull', 500, 22],
    ['en', 'queryTooLong', 200, 1],
  ] as const)(
    'GIVEN %s and a limit WHEN %s is reported at %i THEN the count takes its plural form',
    (language, code, max, other) => {
      const t = ctx.translations.t(language);
      const content = errorPayload(new UserFacingError(code, { max }), t).content;
      expect(content).toBe(t(`errors.${code}`, { count: max }));
      expect(content).toContain(String(max));
      expect(content).not.toBe(t(`errors.${code}`, { count: other }).replace(String(other), String(max)));
    },
  );

  it.each([
    ['en', 'PinMessages'],
    ['ru', 'PinMessages'],
    ['hy', 'ManageGuild'],
    ['az', 'SendMessagesInThreads'],
  ] as const)(
    'GIVEN %s WHEN a missing %s permission is reported THEN it is named in that language',
    (language, permission) => {
      const t = ctx.translations.t(language);
      const p = errorPayload(new UserFacingError('missingUserPermission', { permission }), t);
      expect(p.content).toBe(
        t('errors.missingUserPermission', { permission: t(`permission.${permission}`) }),
      );
      expect(p.content).not.toContain(permission);
      if (language !== 'en')
        expect(p.content).not.toContain(ctx.translations.t('en')(`permission.${permission}`));
    },
  );

  it('GIVEN user input inside an error WHEN reported THEN it is escaped', () => {
    const p = errorPayload(
      new UserFacingError('unknownCitation', { citation: '**x** @everyone' }),
      ctx.translations.t('en'),
    );
    expect(p.content).toContain('\\*\\*x\\*\\*');
    expect(p.content).not.toContain('@everyone');
  });
});
