import type { PermissionFlagsBits } from 'discord.js';
import type { T } from '../i18n/index.js';

/**
 * The permissions the bot ever names to a member, by their `PermissionFlagsBits`
 * names. Code passes these identifiers; the text shown is `permission.<id>`
 * in the reader's language, as Discord's own client names it where it has
 * that language (docs/terminology.md).
 */
export const PERMISSIONS = [
  'ManageGuild',
  'PinMessages',
  'ManageMessages',
  'SendMessages',
  'SendMessagesInThreads',
  'EmbedLinks',
  'AttachFiles',
  'ViewChannel',
  'UseExternalApps',
] as const satisfies readonly (keyof typeof PermissionFlagsBits)[];

/** One of {@link PERMISSIONS}. */
export type PermissionId = (typeof PERMISSIONS)[number];

/** Whether a value is a permission the bot can name. */
export function isPermissionId(value: unknown): value is PermissionId {
  return (PERMISSIONS as readonly unknown[]).includes(value);
}

/** A permission's name in the reader's language. */
export function permissionName(id: PermissionId, t: T): string {
  return t(`permission.${id}`);
}
