import type { APIApplicationCommandOptionChoice } from 'discord.js';
import { CHANNEL_ID } from './ids.js';

/** One interaction the stand-in sent the bot, and what the bot has done with it. */
export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  /** InteractionType: 1 ping, 2 command, 3 component, 4 autocomplete, 5 modal submit. */
  readonly type: number;
  readonly channelId: string;
  readonly userId: string;
  readonly userName: string;
  /** The command line it came from, e.g. "/search query:Xocalı"; null for a click. */
  readonly command: string | null;
  /** For a click: the message the component belongs to. */
  readonly messageId: string | null;
  readonly dispatchedAt: number;
  /** The callback type that acknowledged it, once one has. */
  acknowledged: number | null;
  /** The message `@original` names: the reply, the deferral, or the clicked message. */
  originalId: string | null;
  /** Deferred with type 5 and not answered yet: the first follow-up replaces the "thinking…" message. */
  loading: boolean;
  /** Messages made with this token (the original and the follow-ups). */
  readonly own: Set<string>;
  /** The choices of an autocomplete answer. */
  choices: readonly APIApplicationCommandOptionChoice[] | null;
}

interface RawOption {
  name?: unknown;
  type?: unknown;
  value?: unknown;
  options?: unknown;
}

/** The command line Discord's client shows above a reply: `/pins list channel:…`. */
export function commandLine(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as { name?: unknown; type?: unknown; options?: unknown };
  if (typeof d.name !== 'string') return null;
  if (d.type !== undefined && d.type !== 1) return d.name;
  const parts = [`/${d.name}`];
  const walk = (options: unknown): void => {
    if (!Array.isArray(options)) return;
    for (const o of options as RawOption[]) {
      if (typeof o.name !== 'string') continue;
      if (o.type === 1 || o.type === 2) {
        parts.push(o.name);
        walk(o.options);
      } else parts.push(`${o.name}:${String(o.value)}`);
    }
  };
  walk(d.options);
  return parts.join(' ');
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Every interaction dispatched, by id and by token. */
export class InteractionRegistry {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();

  /** Records an interaction payload about to be dispatched. */
  register(payload: Record<string, unknown>, now: number, command?: string): InteractionRecord {
    const member = payload['member'] as { user?: Record<string, unknown> } | undefined;
    const user = member?.user ?? (payload['user'] as Record<string, unknown> | undefined) ?? {};
    const channel = payload['channel'] as { id?: unknown } | undefined;
    const message = payload['message'] as { id?: unknown } | undefined;
    const type = typeof payload['type'] === 'number' ? payload['type'] : 0;
    const record: InteractionRecord = {
      id: String(payload['id']),
      token: String(payload['token']),
      type,
      channelId: str(payload['channel_id']) ?? str(channel?.id) ?? CHANNEL_ID,
      userId: str(user['id']) ?? '',
      userName: str(user['global_name']) ?? str(user['username']) ?? '',
      command: command ?? (type === 2 || type === 4 ? commandLine(payload['data']) : null),
      messageId: str(message?.id),
      dispatchedAt: now,
      acknowledged: null,
      originalId: null,
      loading: false,
      own: new Set(),
      choices: null,
    };
    this.byId.set(record.id, record);
    this.byToken.set(record.token, record);
    return record;
  }

  get(id: string): InteractionRecord | undefined {
    return this.byId.get(id);
  }

  withToken(token: string): InteractionRecord | undefined {
    return this.byToken.get(token);
  }
}
