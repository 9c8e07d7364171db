import type { APIApplicationCommand } from 'discord.js';
import { APPLICATION_ID, GUILD_ID } from './ids.js';
import type { FieldError } from './limits.js';

/**
 * Registered application commands, global and per server, as PUT
 * /applications/:id/commands (and …/guilds/:id/commands) leave them: the
 * body as sent, with the ids, the version and the defaults Discord adds.
 * A name keeps its id across registrations, as on Discord.
 */
export class CommandRegistry {
  private global: APIApplicationCommand[] = [];
  private guild: APIApplicationCommand[] = [];
  private nextId = 400000000000000000n;
  private readonly ids = new Map<string, string>();

  /** Replaces the global (guildId null) or the server's commands; returns them as Discord does. */
  put(body: readonly Record<string, unknown>[], guildId: string | null): APIApplicationCommand[] {
    const made = body.map((c) => {
      const type = typeof c['type'] === 'number' ? c['type'] : 1;
      const key = `${guildId ?? ''}:${type}:${String(c['name'])}`;
      let id = this.ids.get(key);
      if (id === undefined) {
        id = String(++this.nextId);
        this.ids.set(key, id);
      }
      return {
        ...c,
        id,
        application_id: APPLICATION_ID,
        version: id,
        type,
        description: typeof c['description'] === 'string' ? c['description'] : '',
        default_member_permissions:
          typeof c['default_member_permissions'] === 'string' ? c['default_member_permissions'] : null,
        ...(guildId !== null ? { guild_id: guildId } : {}),
      } as unknown as APIApplicationCommand;
    });
    if (guildId === null) this.global = made;
    else this.guild = made;
    return made;
  }

  list(guildId: string | null): APIApplicationCommand[] {
    return guildId === null ? this.global : this.guild;
  }

  /** What the server's members can use: its own commands over the global ones of the same name and type. */
  available(): APIApplicationCommand[] {
    const own = new Set(this.guild.map((c) => `${c.type}:${c.name}`));
    return [...this.guild, ...this.global.filter((c) => !own.has(`${c.type}:${c.name}`))];
  }
}

export const isKnownGuild = (id: string): boolean => id === GUILD_ID;

/** Discord's pattern for slash command and option names (lowercase where a script has case). */
const SLASH_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const chars = (s: string): number => [...s].length;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function nameErrors(path: string, name: unknown, slash: boolean, errors: FieldError[]): void {
  const ok =
    typeof name === 'string' &&
    (slash ? SLASH_NAME.test(name) && name === name.toLowerCase() : chars(name) >= 1 && chars(name) <= 32);
  if (!ok)
    errors.push({
      path,
      code: 'APPLICATION_COMMAND_INVALID_NAME',
      message: `Command name is invalid: ${JSON.stringify(name)}`,
    });
}

function localized(path: string, value: unknown, map: unknown, check: (p: string, v: unknown) => void): void {
  check(path, value);
  if (isObject(map))
    for (const [locale, v] of Object.entries(map)) check(`${path}_localizations.${locale}`, v);
}

function descriptionCheck(errors: FieldError[]) {
  return (path: string, value: unknown): void => {
    if (typeof value !== 'string' || chars(value) < 1 || chars(value) > 100)
      errors.push({ path, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
  };
}

function optionErrors(options: unknown, at: string, errors: FieldError[]): void {
  if (!Array.isArray(options)) return;
  if (options.length > 25)
    errors.push({ path: at, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  let optionalSeen = false;
  options.forEach((o: unknown, i) => {
    if (!isObject(o)) return;
    const p = `${at}.${i}`;
    localized(`${p}.name`, o['name'], o['name_localizations'], (path, v) => {
      nameErrors(path, v, true, errors);
    });
    localized(`${p}.description`, o['description'], o['description_localizations'], descriptionCheck(errors));
    const group = o['type'] === 1 || o['type'] === 2;
    if (!group && o['required'] === true && optionalSeen)
      errors.push({
        path: `${p}.required`,
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
      });
    if (!group && o['required'] !== true) optionalSeen = true;
    const choices = Array.isArray(o['choices']) ? (o['choices'] as unknown[]) : [];
    if (choices.length > 25)
      errors.push({
        path: `${p}.choices`,
        code: 'BASE_TYPE_MAX_LENGTH',
        message: 'Must be 25 or fewer in length.',
      });
    choices.forEach((c, j) => {
      if (!isObject(c)) return;
      localized(`${p}.choices.${j}.name`, c['name'], c['name_localizations'], descriptionCheck(errors));
    });
    if (group) optionErrors(o['options'], `${p}.options`, errors);
  });
}

/** What Discord would refuse in a command registration (names, descriptions, counts, option order). */
export function registrationErrors(body: unknown): FieldError[] {
  if (!Array.isArray(body)) return [{ path: '_', code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }];
  const errors: FieldError[] = [];
  const count = (type: number): number => body.filter((c) => isObject(c) && (c['type'] ?? 1) === type).length;
  if (count(1) > 100 || count(2) > 5 || count(3) > 5)
    errors.push({ path: '_', code: 'BASE_TYPE_MAX_LENGTH', message: 'Too many application commands.' });
  body.forEach((c: unknown, i) => {
    if (!isObject(c)) return;
    const slash = (c['type'] ?? 1) === 1;
    localized(`${i}.name`, c['name'], c['name_localizations'], (path, v) => {
      nameErrors(path, v, slash, errors);
    });
    if (slash) {
      localized(
        `${i}.description`,
        c['description'],
        c['description_localizations'],
        descriptionCheck(errors),
      );
      optionErrors(c['options'], `${i}.options`, errors);
    }
  });
  return errors;
}
