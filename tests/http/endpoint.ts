import { REST } from 'discord.js';
import { registry } from '../../src/bot/registry.js';
import type { BotContext } from '../../src/bot/types.js';
import {
  createInteractionsServer,
  type InteractionsServer,
  type InteractionsServerOptions,
} from '../../src/http/server.js';
import { publicKeyFromHex } from '../../src/http/verify.js';

/** An interactions endpoint listening on 127.0.0.1, and where. */
export interface Listening {
  readonly endpoint: InteractionsServer;
  readonly port: number;
  readonly url: string;
}

/**
 * The real endpoint over the real registry, checking signatures with
 * `publicKeyHex` and calling Discord's REST API at `api` (a fake's), on a free port.
 */
export async function listenEndpoint(
  ctx: BotContext,
  publicKeyHex: string,
  api: string,
  options: Partial<Omit<InteractionsServerOptions, 'registry' | 'ctx' | 'publicKey'>> = {},
): Promise<Listening> {
  const endpoint = createInteractionsServer({
    registry,
    ctx,
    publicKey: publicKeyFromHex(publicKeyHex),
    rest: new REST({ api }).setToken('test-bot-token'),
    ...options,
  });
  const { port } = await endpoint.listen(0, '127.0.0.1');
  return { endpoint, port, url: `http://127.0.0.1:${String(port)}` };
}
