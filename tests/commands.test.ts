import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';

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

const json = commands.map((c) => c.data as unknown as Json);
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
    // A subcommand is shown with its own options: "list(channel)".
    const shape = json.map((c) => [
      c.name,
      (c.options ?? []).map((o) =>
        'options' in o && o.type === 1
          ? `${o.name}(${(o.options ?? []).map((x) => x.name).join(',')})`
          : o.name,
      ),
    ]);
    expect(shape).toEqual([
      ['search', ['query', 'document', 'language', 'public']],
      ['quote', ['citation']],
      ['cite', ['citation', 'style']],
      ['pin', ['citation', 'note']],
      ['pins', ['list(channel)', 'remove(citation)']],
      ['notebook', ['add(citation,note)', 'show(public)', 'remove(citation)', 'export(style,format,public)']],
      ['read', ['document', 'paragraph']],
      ['sources', []],
      ['language', ['language']],
      ['settings', ['language', 'content-warnings']],
      ['help', []],
      ['Find sources', []],
    ]);
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
