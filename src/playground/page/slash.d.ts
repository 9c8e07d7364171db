/** Types of slash.js and what it re-exports from slash-values.js (plain JavaScript served as it is). */
export interface Named {
  name: string;
  name_localizations?: Record<string, string> | null;
  description?: string;
  description_localizations?: Record<string, string> | null;
}
export interface CommandOption extends Named {
  type: number;
  required?: boolean;
  autocomplete?: boolean;
  choices?: (Named & { value: string | number })[];
  options?: CommandOption[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  channel_types?: number[];
}
export interface Command extends Named {
  id?: string;
  type?: number;
  options?: CommandOption[];
}
export interface TypedOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: TypedOption[];
}
export interface Context {
  commands: readonly Command[];
  locale: string;
  users?: readonly { id: string; name: string }[];
  channels?: readonly { id: string; name: string }[];
}
export type Parsed =
  { ok: true; name: string; options: TypedOption[]; display: string } | { ok: false; error: string };
interface Base {
  from: number;
  to: number;
}
export type Analysis =
  | (Base & { kind: 'commands'; items: Command[]; command: null; path: [] })
  | (Base & { kind: 'subcommands'; items: CommandOption[]; command: Command; path: CommandOption[] })
  | (Base & { kind: 'options'; items: CommandOption[]; command: Command; path: CommandOption[] })
  | (Base & {
      kind: 'value';
      option: CommandOption;
      query: string;
      focused: TypedOption[];
      command: Command;
      path: CommandOption[];
    });

export const OptionType: Readonly<Record<string, number>>;
export const MAX_STRING: number;
export function localName(item: Named, locale: string): string;
export function localDescription(item: Named, locale: string): string;
export function slashCommands(commands: readonly Command[]): Command[];
export function typeValue(
  o: CommandOption,
  raw: string,
  ctx: Context,
): { value: string | number | boolean } | { error: string };
export function parseSlash(input: string, ctx: Context): Parsed;
export function analyse(text: string, ctx: Context): Analysis | null;
export function valueSuggestions(
  o: CommandOption,
  query: string,
  ctx: Context,
): { label: string; insert: string; description?: string }[];
export function replaceRange(
  text: string,
  from: number,
  to: number,
  insert: string,
): { text: string; caret: number };
