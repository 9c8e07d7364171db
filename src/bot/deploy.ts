import { Routes, type REST } from 'discord.js';
import { commands } from '../../commands/index.js';

/**
 * Registers every command of commands/index.ts, globally or in one server
 * (instantly), replacing what was registered before. Returns how many.
 */
export async function deployCommands(rest: REST, applicationId: string, guildId?: string): Promise<number> {
  const route =
    guildId === undefined
      ? Routes.applicationCommands(applicationId)
      : Routes.applicationGuildCommands(applicationId, guildId);
  const body = commands.map((c) => c.data);
  await rest.put(route, { body });
  return body.length;
}
