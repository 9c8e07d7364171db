import { PermissionFlagsBits } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../src/bot/registry.js';
import {
  COMMANDS,
  commandReferences,
  commandSpecs,
  localeKey,
  MESSAGE_COMMANDS,
  type CommandRef,
} from '../src/command-names.js';
import {
  createTranslations,
  readLocales,
  resolvedLocales,
  seesLocalizedNames,
  type Translations,
} from '../src/i18n/index.js';
import { flatten } from '../src/i18n/message-types.js';
import { REFERENCE } from '../src/i18n/resolve.js';
import { LANGUAGES, type Language } from '../src/languages.js';

interface Opt {
  name: string;
  description?: string;
  name_localizations?: Record<string, string> | null;
  description_localizations?: Record<string, string> | null;
  required?: boolean;
  type?: number;
  max_length?: number;
  autocomplete?: boolean;
  choices?: { name: string; name_localizations?: Record<string, string> | null; value: string | number }[];
  options?: Opt[];
}
interface Json extends Opt {
  type?: number;
  default_member_permissions?: string | null;
}

const json = registry.commands.map((c) => c.data as unknown as Json);
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const DISCORD_LOCALES = new Set(['en-US', 'en-GB', 'ru']);

/** Characters Discord counts towards a command's 8,000 limit, localizations included. */
function size(o: Opt): number {
  const loc = (m?: Record<string, string> | null): number =>
    Object.values(m ?? {}).reduce((n, s) => n + s.length, 0);
  return (
    o.name.length +
    (o.description ?? '').length +
    loc(o.name_localizations) +
    loc(o.description_localizations) +
    (o.choices ?? []).reduce(
      (n, c) => n + c.name.length + loc(c.name_localizations) + String(c.value).length,
      0,
    ) +
    (o.options ?? []).reduce((n, x) => n + size(x), 0)
  );
}

function checkNamed(o: Opt, chatInput: boolean): void {
  for (const name of [o.name, ...Object.values(o.name_localizations ?? {})]) {
    if (chatInput) {
      expect(name, name).toMatch(NAME);
      expect(name, name).toBe(name.toLowerCase());
    } else expect(name.length).toBeLessThanOrEqual(32);
  }
  // Message commands have no description; slash commands and options need one.
  if (chatInput) {
    for (const d of [o.description ?? '', ...Object.values(o.description_localizations ?? {})]) {
      expect(d.length, d).toBeGreaterThanOrEqual(1);
      expect(d.length, d).toBeLessThanOrEqual(100);
    }
  }
  for (const key of [
    ...Object.keys(o.name_localizations ?? {}),
    ...Object.keys(o.description_localizations ?? {}),
  ]) {
    expect(DISCORD_LOCALES.has(key), key).toBe(true);
  }
}

describe('command data', () => {
  it('GIVEN the command list WHEN read THEN the English names and option names are exactly the contract', () => {
    // Which commands there are is the contract, not the order they are
    // registered in (by feature): Discord lists them by name. The order of
    // each command's options is, as Discord shows them in that order.
    // A subcommand is shown with its own options: "list(channel)".
    expect(new Set(json.map((c) => c.name)).size).toBe(json.length);
    const shape = json.map((c) => [
      c.name,
      (c.options ?? []).map((o) =>
        'options' in o && o.type === 1
          ? `${o.name}(${(o.options ?? []).map((x) => x.name).join(',')})`
          : o.name,
      ),
    ]);
    expect(Object.fromEntries(shape)).toEqual({
      search: ['query', 'document', 'language', 'public'],
      quote: ['citation'],
      cite: ['citation', 'style'],
      pin: ['citation', 'note'],
      pins: ['list(channel)', 'remove(citation)'],
      notebook: ['add(citation,note)', 'show(public)', 'remove(citation)', 'export(style,format,public)'],
      read: ['document', 'paragraph'],
      sources: [],
      language: ['language'],
      settings: ['language', 'content-warnings'],
      help: [],
      'Find sources': [],
    });
  });

  it.each(json.map((c) => [c.name, c] as const))(
    'GIVEN %s WHEN checked against Discord rules THEN it is valid',
    (_, c) => {
      const chatInput = c.type === undefined || c.type === 1;
      checkNamed(c, chatInput);
      expect(size(c)).toBeLessThanOrEqual(8000);
      const options = c.options ?? [];
      expect(options.length).toBeLessThanOrEqual(25);
      expect(new Set(options.map((o) => o.name)).size).toBe(options.length);
      let optionalSeen = false;
      const subcommands = options.flatMap((o) => ('options' in o && o.type === 1 ? (o.options ?? []) : []));
      for (const o of subcommands) checkNamed(o, true);
      for (const o of options) {
        checkNamed(o, true);
        expect((o.choices ?? []).length).toBeLessThanOrEqual(25);
        for (const choice of o.choices ?? []) {
          expect(choice.name.length).toBeGreaterThan(0);
          expect(choice.name.length).toBeLessThanOrEqual(100);
        }
        if (o.required) expect(optionalSeen, `${c.name}.${o.name} after an optional option`).toBe(false);
        else optionalSeen = true;
      }
    },
  );

  it('GIVEN every free-text option WHEN registered THEN Discord caps its length, so no user value can be 6,000 characters', () => {
    const STRING = 3;
    const all = (o: Opt): Opt[] => [o, ...(o.options ?? []).flatMap(all)];
    const free = json
      .flatMap((c) => (c.options ?? []).flatMap(all).map((o) => [c.name, o] as const))
      .filter(([, o]) => o.type === STRING && (o.choices ?? []).length === 0);
    expect(free.map(([c, o]) => `${c}.${o.name}`)).toContain('search.document');
    for (const [c, o] of free) {
      expect(o.max_length, `${c}.${o.name}`).toBeGreaterThan(0);
      expect(o.max_length, `${c}.${o.name}`).toBeLessThanOrEqual(300);
    }
  });

  it('GIVEN the commands WHEN localized THEN Russian is there and Armenian and Azerbaijani are not (Discord has no such locales)', () => {
    for (const c of json) {
      expect(Object.keys(c.name_localizations ?? {}).sort()).toEqual(['en-GB', 'en-US', 'ru']);
    }
  });

  it('GIVEN /settings WHEN registered THEN it needs Manage Server by default', () => {
    const settings = json.find((c) => c.name === 'settings');
    expect(settings?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
  });
});

describe('the Russian command set', () => {
  /** Every named thing of a command: itself, its subcommands, their options, its options and choices. */
  const everything = (c: Opt): Opt[] => [c, ...(c.options ?? []).flatMap(everything)];

  it('GIVEN every command, subcommand and option WHEN registered THEN it has a Russian name and description', () => {
    for (const c of json) {
      for (const o of everything(c)) {
        expect(o.name_localizations?.ru, `${c.name}: ${o.name}`).toBeTruthy();
        if (c.type === undefined || c.type === 1)
          expect(o.description_localizations?.ru, `${c.name}: ${o.name}`).toBeTruthy();
        for (const choice of o.choices ?? [])
          expect(choice.name_localizations?.ru, `${c.name}: ${o.name}: ${choice.name}`).toBeTruthy();
      }
    }
  });

  it('GIVEN each level of a command WHEN localized THEN its option names stay unique in every locale', () => {
    const check = (where: string, options: readonly Opt[]): void => {
      for (const locale of DISCORD_LOCALES) {
        const names = options.map((o) => o.name_localizations?.[locale] ?? o.name);
        expect(new Set(names).size, `${where} (${locale}): ${names.join(', ')}`).toBe(names.length);
      }
      for (const o of options) check(`${where} ${o.name}`, o.options ?? []);
    };
    for (const c of json) check(c.name, c.options ?? []);
  });

  it('GIVEN the commands WHEN their names are localized THEN no two commands share a name in any locale', () => {
    for (const locale of DISCORD_LOCALES) {
      const names = json.map((c) => c.name_localizations?.[locale] ?? c.name);
      expect(new Set(names).size, locale).toBe(names.length);
    }
  });
});

describe('localized names in every locale file', () => {
  const locales = readLocales();

  it.each(['hy', 'az', 'ru'] as const)(
    'GIVEN the %s names and descriptions WHEN checked THEN they keep Discord rules, and an option never takes another command’s name unless English does',
    (language) => {
      const names = new Map(flatten(locales[language]));
      const name = (key: string): string => names.get(`${key}.name`) ?? '';
      // Descriptions too, as Discord would take them should it add the locale.
      for (const [key, text] of resolvedLocales()[language].messages) {
        if (!/^commands\..*\.description$/.test(key)) continue;
        expect(text.length, key).toBeGreaterThan(0);
        expect(text.length, key).toBeLessThanOrEqual(100);
      }
      for (const [command, spec] of commandSpecs()) {
        const all = [
          localeKey.command(command),
          ...Object.keys(spec.subcommands ?? {}).map((s) => localeKey.subcommand(command, s)),
          ...Object.keys(spec.options).map((o) => localeKey.option(command, o)),
        ];
        for (const key of all) {
          expect(name(key), key).toMatch(NAME);
          expect(name(key), key).toBe(name(key).toLowerCase());
        }
        // Within one command, subcommands and options are all distinct.
        const own = all.slice(1).map(name);
        expect(new Set(own).size, `${language} ${command}: ${own.join(', ')}`).toBe(own.length);
        // "/quote citation:" must not read as "/quote cite:".
        for (const [option, base] of Object.entries(spec.options)) {
          for (const [other, otherSpec] of commandSpecs()) {
            if (other === command) continue;
            if (name(localeKey.option(command, option)) === name(localeKey.command(other)))
              expect(base, `${language}: /${command} ${option} is named like /${other}`).toBe(otherSpec.name);
          }
        }
      }
    },
  );
});

describe('command references in texts', () => {
  let translations: Translations;
  beforeAll(async () => {
    translations = await createTranslations();
  });
  const raw = readLocales();
  const resolved = resolvedLocales();
  /** What a reader of each language sees registered: the Russian names for ru, the base names otherwise. */
  const shown = (language: Language, o: Opt): string =>
    seesLocalizedNames(language) ? (o.name_localizations?.[language] ?? o.name) : o.name;

  it('GIVEN the helper WHEN it names commands THEN it gives what each reader’s Discord shows', () => {
    expect(translations.command('ru', 'search')).toBe('/поиск');
    expect(translations.command('en', 'search')).toBe('/search');
    expect(translations.command('hy', 'search')).toBe('/search');
    expect(translations.command('az', 'pins remove')).toBe('/pins remove');
    expect(translations.command('ru', 'pins remove')).toBe('/закрепления открепить');
    expect(translations.command('ru', 'findSources')).toBe('Найти источники');
    expect(translations.command('hy', 'findSources')).toBe('Find sources');
    expect(translations.option('ru', 'settings.contentWarnings')).toBe('предупреждения');
    expect(translations.option('az', 'settings.contentWarnings')).toBe('content-warnings');
  });

  it('GIVEN every command and subcommand WHEN the helper names it THEN the name is the registered one or its localization', () => {
    for (const language of LANGUAGES) {
      for (const c of json) {
        if (c.type === 3) {
          expect(translations.command(language, 'findSources')).toBe(shown(language, c));
          continue;
        }
        const key = Object.keys(COMMANDS).find((k) => COMMANDS[k as keyof typeof COMMANDS].name === c.name);
        expect(key, c.name).toBeDefined();
        const ref = key as CommandRef;
        expect(translations.command(language, ref)).toBe(`/${shown(language, c)}`);
        for (const sub of (c.options ?? []).filter((o) => o.type === 1)) {
          expect(translations.command(language, `${ref} ${sub.name}` as CommandRef)).toBe(
            `/${shown(language, c)} ${shown(language, sub)}`,
          );
        }
      }
    }
  });

  it('GIVEN every locale string WHEN read as written THEN it names commands only through $t(cmd.…), and every reference is registered', () => {
    const refs = new Set(commandReferences((_, base) => base).keys());
    for (const language of LANGUAGES) {
      for (const [key, text] of flatten(raw[language])) {
        for (const m of text.matchAll(REFERENCE)) {
          const ref = (m[1] ?? '').trim();
          if (ref.startsWith('cmd.') || ref.startsWith('opt.'))
            expect(refs.has(ref), `${language} ${key}: $t(${ref})`).toBe(true);
        }
        const bare = text.replace(REFERENCE, '');
        expect(bare, `${language} ${key} names a command by hand`).not.toMatch(
          /(^|[\s(«“"'])\/[\p{L}\p{N}_-]/u,
        );
        if (!key.startsWith('commands.findSources')) {
          expect(bare, `${language} ${key}`).not.toContain(MESSAGE_COMMANDS.findSources.name);
          expect(bare, `${language} ${key}`).not.toContain(translations.command('ru', 'findSources'));
        }
      }
    }
  });

  it('GIVEN every locale string WHEN rendered THEN each command it names is registered under that name for that reader', () => {
    for (const language of LANGUAGES) {
      const commandNames = new Map(json.filter((c) => c.type !== 3).map((c) => [shown(language, c), c]));
      const foreign = new Set(
        json
          .flatMap((c) => [c.name, ...Object.values(c.name_localizations ?? {})])
          .filter((n) => !commandNames.has(n)),
      );
      for (const [key, text] of resolved[language].messages) {
        for (const m of text.matchAll(/(?<=^|[\s(«“"'])\/([\p{L}\p{N}_-]+)(?: ([\p{L}\p{N}_-]+))?/gu)) {
          const [, name = '', next] = m;
          const command = commandNames.get(name);
          expect(command, `${language} ${key}: /${name}`).toBeDefined();
          expect(foreign.has(name)).toBe(false);
          const subs = (command?.options ?? []).filter((o) => o.type === 1);
          const anySub = new Set(
            json
              .flatMap((c) => (c.options ?? []).filter((o) => o.type === 1))
              .flatMap((o) => [o.name, ...Object.values(o.name_localizations ?? {})]),
          );
          if (next !== undefined && subs.length > 0 && anySub.has(next))
            expect(
              subs.map((s) => shown(language, s)),
              `${language} ${key}: /${name} ${next}`,
            ).toContain(next);
        }
      }
      // The message menu too: help names it as the reader's client shows it.
      const findSources = json.find((c) => c.type === 3);
      expect(resolved[language].messages.get('help.list')).toContain(
        findSources ? shown(language, findSources) : '?',
      );
    }
  });

  it('GIVEN a query that looks like a reference WHEN echoed THEN it stays text', () => {
    const t = translations.t('en');
    expect(t('search.title', { query: '$t(help.list) $t(cmd.search)' })).toBe(
      'Search: $t(help.list) $t(cmd.search)',
    );
  });
});
