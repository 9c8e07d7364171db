import { ApplicationCommandOptionType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../src/bot/custom-id.js';
import type { Command, SlashCommand } from '../src/bot/define.js';
import { registry } from '../src/bot/registry.js';
import type { OptionValue } from '../src/bot/types.js';

/** An option of a command's registration data, as Discord receives it. */
interface Opt {
  readonly name: string;
  readonly type: ApplicationCommandOptionType;
  readonly required?: boolean;
  readonly choices?: readonly { readonly value: string | number }[];
  readonly min_value?: number;
  readonly min_length?: number;
  readonly options?: readonly Opt[];
}

/** One way a slash command can be called: a subcommand (or none) and its options. */
interface Shape {
  readonly where: string;
  readonly command: SlashCommand;
  readonly subcommand: string | null;
  readonly options: readonly Opt[];
}

const slashCommands = registry.commands.flatMap((c) => (c.kind === 'slash' ? [c] : []));

/** Every command and subcommand with the options Discord would send with it. */
const shapes: Shape[] = slashCommands.flatMap((command): Shape[] => {
  const options = (command.data as { readonly options?: readonly Opt[] }).options ?? [];
  const subs = options.filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
  if (subs.length === 0) return [{ where: `/${command.data.name}`, command, subcommand: null, options }];
  return subs.map((sub) => ({
    where: `/${command.data.name} ${sub.name}`,
    command,
    subcommand: sub.name,
    options: sub.options ?? [],
  }));
});

/** A value Discord could send for an option, honouring its type, choices and bounds. */
function sample(o: Opt): OptionValue {
  const choice = o.choices?.[0];
  if (choice !== undefined) return choice.value;
  switch (o.type) {
    case ApplicationCommandOptionType.String:
      return 'x'.repeat(Math.max(1, o.min_length ?? 1));
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return o.min_value ?? 1;
    case ApplicationCommandOptionType.Boolean:
      return true;
    case ApplicationCommandOptionType.Channel:
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Role:
    case ApplicationCommandOptionType.Mentionable:
      return '400000000000000001';
    default:
      throw new Error(`no sample for option type ${String(o.type)} (${o.name})`);
  }
}

/** A value of another type than the option declares. */
function wrong(o: Opt): OptionValue {
  switch (o.type) {
    case ApplicationCommandOptionType.Boolean:
      return 'true';
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return '1';
    default:
      return 1;
  }
}

/** The raw options as the dispatcher hands them to a schema: the subcommand beside them. */
function raw(shape: Shape, options: Readonly<Record<string, OptionValue>>): Record<string, OptionValue> {
  return { ...options, ...(shape.subcommand !== null ? { subcommand: shape.subcommand } : {}) };
}

const valuesOf = (options: readonly Opt[]): Record<string, OptionValue> =>
  Object.fromEntries(options.map((o) => [o.name, sample(o)]));

describe('the registry of components', () => {
  it('GIVEN every action the codec writes WHEN the features are read THEN exactly one feature claims it, and the registry routes it to that handler', () => {
    for (const action of ACTIONS) {
      const owners = registry.features.filter((f) => Object.hasOwn(f.components, action));
      expect(owners, action).toHaveLength(1);
      const [owner] = owners;
      expect(registry.component(action), action).toBe(
        (owner?.components as Readonly<Record<string, unknown>> | undefined)?.[action],
      );
    }
  });

  it('GIVEN the features WHEN their component keys are read THEN none is an action the codec does not know', () => {
    const known = new Set<string>(ACTIONS);
    for (const f of registry.features)
      for (const action of Object.keys(f.components)) expect(known.has(action), action).toBe(true);
  });
});

describe('the registry of commands', () => {
  it('GIVEN every command WHEN registered THEN no two share a name, and each is found by its name and kind', () => {
    const names = registry.commands.map((c) => c.data.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of registry.commands) {
      expect(c.kind === 'slash' ? registry.slash(c.data.name) : registry.message(c.data.name)).toBe(c);
      expect(
        c.kind === 'slash' ? registry.message(c.data.name) : registry.slash(c.data.name),
      ).toBeUndefined();
    }
    expect(registry.slash('gone')).toBeUndefined();
  });

  it('GIVEN the features WHEN their commands are collected THEN the registry lists each of them once, and nothing else', () => {
    const fromFeatures: readonly Command[] = registry.features.flatMap((f): readonly Command[] => f.commands);
    expect(registry.commands).toHaveLength(fromFeatures.length);
    for (const c of fromFeatures)
      expect(
        registry.commands.filter((r) => r === c),
        c.data.name,
      ).toHaveLength(1);
  });
});

describe('option schemas against registration data', () => {
  it('GIVEN the commands WHEN read THEN every subcommand is a shape to check (none forgotten)', () => {
    expect(shapes.map((s) => s.where)).toEqual(
      expect.arrayContaining(['/search', '/pins list', '/pins remove', '/notebook export', '/help']),
    );
  });

  it.each(shapes.map((s) => [s.where, s] as const))(
    'GIVEN %s with only its required options WHEN its schema parses them THEN they are accepted',
    (_, shape) => {
      const required = shape.options.filter((o) => o.required === true);
      const parsed = shape.command.options.safeParse(raw(shape, valuesOf(required)));
      expect(parsed.error?.issues ?? []).toEqual([]);
    },
  );

  it.each(shapes.map((s) => [s.where, s] as const))(
    'GIVEN %s with every option it declares WHEN its schema parses them THEN each is accepted and read under its registered name',
    (_, shape) => {
      const values = valuesOf(shape.options);
      const parsed = shape.command.options.safeParse(raw(shape, values));
      expect(parsed.error?.issues ?? []).toEqual([]);
      // A schema key that is not the registered name would drop the option silently.
      expect(parsed.data).toMatchObject(values);
    },
  );

  it.each(shapes.map((s) => [s.where, s] as const))(
    'GIVEN %s WHEN each choice an option registers is sent THEN the schema accepts it',
    (_, shape) => {
      for (const o of shape.options) {
        for (const choice of o.choices ?? []) {
          const values = { ...valuesOf(shape.options), [o.name]: choice.value };
          expect(
            shape.command.options.safeParse(raw(shape, values)).success,
            `${o.name}=${String(choice.value)}`,
          ).toBe(true);
        }
      }
    },
  );

  it.each(shapes.filter((s) => s.options.length > 0).map((s) => [s.where, s] as const))(
    'GIVEN %s WHEN an option arrives with a value of another type THEN the schema refuses it',
    (_, shape) => {
      for (const o of shape.options) {
        const values = { ...valuesOf(shape.options), [o.name]: wrong(o) };
        expect(shape.command.options.safeParse(raw(shape, values)).success, o.name).toBe(false);
      }
    },
  );

  it('GIVEN a command with subcommands WHEN the subcommand is one this version does not have THEN the schema refuses it', () => {
    const withSubs = shapes.filter((s) => s.subcommand !== null);
    expect(withSubs.length).toBeGreaterThan(0);
    for (const shape of withSubs) {
      const parsed = shape.command.options.safeParse({ ...valuesOf(shape.options), subcommand: 'gone' });
      expect(parsed.success, shape.where).toBe(false);
    }
  });
});
