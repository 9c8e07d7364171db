import { calculateShardId, InteractionType, PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import { DiscordStandIn, GUILD_ID, interactionBase } from '../src/playground/discord/index.js';
import { receives, shardOf } from '../src/playground/discord/gateway.js';

/** On shard 1 of 2, while the stand-in's own server is on shard 0. */
const OTHER_GUILD = '210000000000000001';

interface Frame {
  readonly op: number;
  readonly t?: string;
  readonly s?: number;
  readonly d: unknown;
}

/** A bare gateway connection, speaking for one shard as a bot would. */
class Connection {
  readonly frames: Frame[] = [];
  readonly closed: Promise<number>;
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];

  private constructor(private readonly ws: WebSocket) {
    this.closed = new Promise((resolve) =>
      ws.once('close', (code) => {
        resolve(code);
      }),
    );
    ws.on('message', (raw: RawData) => {
      const frame = JSON.parse(Buffer.from(raw as Buffer).toString('utf8')) as Frame;
      this.frames.push(frame);
      const waiter = this.waiters.find((w) => w.match(frame));
      if (!waiter) return;
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(frame);
    });
  }

  static async open(url: string): Promise<Connection> {
    const connection = new Connection(new WebSocket(url));
    await connection.next((f) => f.op === 10);
    return connection;
  }

  send(op: number, d: unknown): void {
    this.ws.send(JSON.stringify({ op, d }));
  }

  /** The first frame so far that matches, or the next one. */
  next(match: (f: Frame) => boolean): Promise<Frame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Every dispatch received before a heartbeat's ACK: the gateway sends in order, so nothing else is on its way. */
  async settled(): Promise<Frame[]> {
    const before = this.frames.length;
    this.send(1, null);
    await new Promise<void>((resolve) => {
      this.waiters.push({
        match: (f) => f.op === 11 && this.frames.length > before,
        resolve: () => {
          resolve();
        },
      });
    });
    return this.frames.filter((f) => f.op === 0);
  }

  /** IDENTIFY, resolved with READY's `d`. */
  async identify(shard?: readonly [number, number]): Promise<{ session_id: string; shard?: unknown }> {
    this.send(2, { token: 'fake-token', intents: 1, properties: {}, ...(shard ? { shard } : {}) });
    return (await this.next((f) => f.t === 'READY')).d as { session_id: string; shard?: unknown };
  }

  close(): void {
    this.ws.close();
  }
}

/** The servers of the GUILD_CREATE events a connection received. */
const guildsOf = (frames: Frame[]): string[] =>
  frames.filter((f) => f.t === 'GUILD_CREATE').map((f) => (f.d as { id: string }).id);

/** Interaction ids among the INTERACTION_CREATE events a connection received. */
const interactionsOf = (frames: Frame[]): string[] =>
  frames.filter((f) => f.t === 'INTERACTION_CREATE').map((f) => (f.d as { id: string }).id);

/** A slash command in `guildId` (null: in a DM); returns its id. */
function interact(fake: DiscordStandIn, guildId: string | null): { id: string; delivered: boolean } {
  const base = interactionBase({
    userId: '630000000000000001',
    locale: 'en-US',
    permissions: PermissionFlagsBits.SendMessages,
    appPermissions: PermissionFlagsBits.SendMessages,
  });
  // A DM has a user instead of a member, and no server.
  const dm = Object.fromEntries(Object.entries(base).filter(([k]) => k !== 'guild_id' && k !== 'member'));
  const interaction =
    guildId === null
      ? { ...dm, user: { id: '630000000000000001', username: 'reader' } }
      : { ...base, guild_id: guildId };
  const delivered = fake.dispatchInteraction({
    ...interaction,
    type: InteractionType.ApplicationCommand,
    data: { id: '700000000000000001', name: 'help', type: 1, options: [] },
  });
  return { id: String(base['id']), delivered };
}

describe("Discord's routing of a server to a shard", () => {
  it('GIVEN server ids WHEN routed THEN the shard is (id >> 22) % count, as discord.js computes it too', () => {
    expect(shardOf(GUILD_ID, 2)).toBe(0);
    expect(shardOf(OTHER_GUILD, 2)).toBe(1);
    // The low 22 bits (worker, process, increment) never move a server.
    expect(shardOf(String((5n << 22n) | 0x3fffffn), 3)).toBe(2);
    expect(shardOf(String(5n << 22n), 3)).toBe(2);
    for (let i = 0n; i < 200n; i++) {
      const id = String(175928847299117063n + i * 7_340_033n * 4_194_304n + i);
      for (let count = 1; count <= 8; count++) expect(shardOf(id, count)).toBe(calculateShardId(id, count));
    }
  });

  it('GIVEN a DM WHEN routed THEN only shard 0 receives it', () => {
    expect(receives([0, 3], null)).toBe(true);
    expect(receives([1, 3], null)).toBe(false);
    expect(receives([0, 1], GUILD_ID)).toBe(true);
    expect(receives([1, 2], OTHER_GUILD)).toBe(true);
    expect(receives([0, 2], OTHER_GUILD)).toBe(false);
  });
});

describe('the stand-in gateway with shards', () => {
  let fake: DiscordStandIn;
  let open: Connection[];
  const connect = async (): Promise<Connection> => {
    const c = await Connection.open(fake.gatewayUrl);
    open.push(c);
    return c;
  };

  beforeEach(async () => {
    fake = new DiscordStandIn({ guildIds: [GUILD_ID, OTHER_GUILD], shards: 2 });
    await fake.listen();
    open = [];
  });

  afterEach(async () => {
    for (const c of open) c.close();
    await fake.close();
  });

  it('GIVEN two shards WHEN each identifies on its own socket THEN each gets its own session and only its own server', async () => {
    const [zero, one] = [await connect(), await connect()];
    const readyZero = await zero.identify([0, 2]);
    const readyOne = await one.identify([1, 2]);
    expect(readyZero.shard).toEqual([0, 2]);
    expect(readyOne.shard).toEqual([1, 2]);
    expect(readyOne.session_id).not.toBe(readyZero.session_id);
    expect(guildsOf(await zero.settled())).toEqual([GUILD_ID]);
    expect(guildsOf(await one.settled())).toEqual([OTHER_GUILD]);
    expect(fake.identified).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it("GIVEN two connected shards WHEN interactions arrive THEN each goes only to its server's shard, and a DM to shard 0", async () => {
    const [zero, one] = [await connect(), await connect()];
    await zero.identify([0, 2]);
    await one.identify([1, 2]);
    const a = interact(fake, GUILD_ID);
    const b = interact(fake, OTHER_GUILD);
    const dm = interact(fake, null);
    expect([a.delivered, b.delivered, dm.delivered]).toEqual([true, true, true]);
    expect(interactionsOf(await zero.settled())).toEqual([a.id, dm.id]);
    expect(interactionsOf(await one.settled())).toEqual([b.id]);
  });

  it('GIVEN a shard whose socket dropped WHEN it resumes its session on a new socket THEN its events reach it again, and the other shard is untouched', async () => {
    const [zero, one] = [await connect(), await connect()];
    await zero.identify([0, 2]);
    const { session_id: sessionOne } = await one.identify([1, 2]);
    one.close();
    await one.closed;
    await expect.poll(() => fake.shardsOf(OTHER_GUILD)).toEqual([]);
    expect(interact(fake, OTHER_GUILD).delivered).toBe(false);

    const again = await connect();
    again.send(6, { token: 'fake-token', session_id: sessionOne, seq: 1 });
    await again.next((f) => f.t === 'RESUMED');
    const b = interact(fake, OTHER_GUILD);
    expect(b.delivered).toBe(true);
    expect(interactionsOf(await again.settled())).toEqual([b.id]);
    expect(interactionsOf(await zero.settled())).toEqual([]);
    expect(fake.identified).toHaveLength(2);

    const stranger = await connect();
    stranger.send(6, { token: 'fake-token', session_id: 'no-such-session', seq: 1 });
    expect((await stranger.next((f) => f.op === 9)).d).toBe(false);
  });

  it("GIVEN a shard's session WHEN the same shard identifies again THEN the old socket is closed and its session can no longer be resumed", async () => {
    const first = await connect();
    const { session_id: old } = await first.identify([0, 2]);
    const second = await connect();
    const { session_id: fresh } = await second.identify([0, 2]);
    expect(fresh).not.toBe(old);
    await first.closed;
    expect(fake.shardsOf(GUILD_ID)).toEqual([[0, 2]]);
    const late = await connect();
    late.send(6, { token: 'fake-token', session_id: old, seq: 1 });
    expect((await late.next((f) => f.op === 9)).d).toBe(false);
  });

  it('GIVEN an IDENTIFY naming a shard that cannot exist WHEN sent THEN the socket is closed with 4010', async () => {
    for (const shard of [[2, 2], [-1, 2], [0, 0], [0.5, 2], ['0', '2'], [0]]) {
      const c = await connect();
      c.send(2, { token: 'fake-token', intents: 1, properties: {}, shard });
      expect(await c.closed).toBe(4010);
    }
    expect(fake.identified).toEqual([]);
  });

  it('GIVEN a bot that names no shard WHEN it identifies THEN it is shard [0, 1] with every server, and READY has no shard', async () => {
    const bot = await connect();
    const ready = await bot.identify();
    expect(ready.shard).toBeUndefined();
    expect(guildsOf(await bot.settled())).toEqual([GUILD_ID, OTHER_GUILD]);
    expect(fake.identified).toEqual([[0, 1]]);
    expect(interact(fake, OTHER_GUILD).delivered).toBe(true);
  });

  it('GIVEN a shard count option WHEN the bot asks GET /gateway/bot THEN that count is recommended', async () => {
    const response = await fetch(`${fake.apiUrl}/v10/gateway/bot`, { headers: { authorization: 'Bot x' } });
    expect(await response.json()).toMatchObject({ url: fake.gatewayUrl, shards: 2 });
  });
});
