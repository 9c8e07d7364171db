/**
 * `npm run deploy-commands [-- --guild <id>]`: registers the commands of
 * the registry (src/bot/registry.ts) globally, or in one server (instant, for testing).
 */
import { Command } from 'commander';
import { REST } from 'discord.js';
import { deployCommands } from '../src/bot/deploy.js';
import { exitWithProblems, parseConfig } from '../src/config.js';

const program = new Command().option('--guild <id>', 'register in this server only').parse(process.argv);
const { guild } = program.opts<{ guild?: string }>();
const parsed = parseConfig(process.env);
if ('errors' in parsed) exitWithProblems(parsed.errors);
const { DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_API_URL } = parsed.config;
if (DISCORD_TOKEN === undefined || DISCORD_APPLICATION_ID === undefined) {
  console.error(
    'DISCORD_TOKEN and DISCORD_APPLICATION_ID are needed to register commands (see .env.example).',
  );
  process.exit(1);
}
if (guild !== undefined && !/^\d{17,20}$/.test(guild)) {
  console.error('--guild takes a server id (17–20 digits).');
  process.exit(2);
}
const rest = new REST({ api: DISCORD_API_URL }).setToken(DISCORD_TOKEN);
const count = await deployCommands(rest, DISCORD_APPLICATION_ID, guild);
console.log(`registered ${count} commands ${guild === undefined ? 'globally' : `in server ${guild}`}`);
