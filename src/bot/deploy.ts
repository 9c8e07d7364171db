import { Routes, type REST } from 'discord.js';
import { registry } from './registry.js';

/**
 * Registers every command of the registry (src/bot/registry.ts), globally or in one server
 * (instantly), replacing what was registered before. Returns how many.
 */
export async function deployCommands(rest: REST, applicationId: string, guildId?: string): Promise<number> {
  const route =
    guildId === undefined
      ? Routes.applicationCommands(applicationId)
      : Routes.applicationGuildCommands(applicationId, guildId);
  const body = registry.commands.map((c) => c.data);
  await rest.put(route, { body });
  return body.length;
}
