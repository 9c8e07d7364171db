import { ButtonStyle, ComponentType } from 'discord.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { registry } from '../../src/bot/registry.js';
import type { PageEvent, PlaygroundMessage, ServerEvent } from '../../src/playground/protocol.js';
import { PAGE_HEADERS, pageFile } from '../../src/playground/server/static.js';
import { ROOT } from '../helpers.js';

/**
 * A stand-in for the playground server, for testing the page alone: it
 * serves src/playground/page/ as the real server does (its own file lookup
 * and headers) and speaks the protocol over /ws from fixture messages. The
 * real server is tested by playground.browser.test.ts.
 */
export const PAGE_DIR = join(ROOT, 'src', 'playground', 'page');

export const CHANNEL = '200000000000000002';
export const THREAD = '200000000000000004';
export const MEMBER = '600000000000000001';
export const MODERATOR = '600000000000000002';
export const BOT = '100000000000000002';

/** The export the fixture serves as an attachment. */
export const EXPORT_TEXT = '# Notebook\n\n> “Verbatim quote.”\n\nde Waal, T. (2003). Black Garden.\n';

export class FixtureServer {
  readonly received: PageEvent[] = [];
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  messages: PlaygroundMessage[];

  constructor(messages: PlaygroundMessage[] = fixtureMessages()) {
    this.messages = messages;
    this.server = createServer((req, res) => {
      void (async () => {
        const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
        if (path === '/files/notebook.md') {
          res.writeHead(200, { ...PAGE_HEADERS, 'Content-Type': 'text/markdown; charset=utf-8' });
          res.end(EXPORT_TEXT);
          return;
        }
        const file = await pageFile(PAGE_DIR, path);
        if (!file) {
          res.writeHead(404, PAGE_HEADERS);
          res.end();
          return;
        }
        res.writeHead(200, { ...PAGE_HEADERS, 'Content-Type': file.contentType });
        res.end(file.data);
      })();
    });
    this.wss = new WebSocketServer({ server: this.server, path: '/ws' });
    this.wss.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => {
        this.sockets.delete(ws);
      });
      ws.on('message', (raw: Buffer) => {
        this.onEvent(JSON.parse(raw.toString('utf8')) as PageEvent);
      });
      this.sendTo(ws, this.hello());
      this.sendTo(ws, {
        type: 'inspector',
        entry: {
          at: '2024-05-01T10:00:00.000Z',
          direction: 'from-bot',
          method: 'PUT',
          path: '/applications/1/commands',
          status: 200,
          body: { first: true },
        },
      });
      this.sendTo(ws, {
        type: 'inspector',
        entry: {
          at: '2024-05-01T10:00:01.000Z',
          direction: 'to-bot',
          method: 'INTERACTION_CREATE',
          path: 'gateway',
          status: null,
          body: { second: '<b>not html</b>' },
        },
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => {
      this.wss.close(() => {
        resolve();
      });
    });
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
      // Keep-alive connections of the browser would hold close() open.
      this.server.closeAllConnections();
    });
  }

  /** Sends an event to every page connected. */
  broadcast(event: ServerEvent): void {
    for (const ws of this.sockets) this.sendTo(ws, event);
  }

  private sendTo(ws: WebSocket, event: ServerEvent): void {
    ws.send(JSON.stringify(event));
  }

  private hello(): ServerEvent {
    return {
      type: 'hello',
      guild: { id: '200000000000000001', name: 'Reading group' },
      channels: [
        { id: CHANNEL, name: 'reading', kind: 'channel' },
        { id: THREAD, name: 'thursday-group', kind: 'thread' },
      ],
      users: [
        { id: MEMBER, name: 'Ana', role: 'member', permissions: '3072' },
        { id: MODERATOR, name: 'Mher', role: 'moderator', permissions: '2251799813697536' },
        { id: '600000000000000003', name: 'Leyla', role: 'admin', permissions: '2251799813697568' },
      ],
      locales: ['en-US', 'en-GB', 'ru', 'tr'],
      // The real command data, as the bot registers it.
      commands: registry.commands.map((c, i) => ({
        ...(c.data as object),
        id: String(400000000000000000n + BigInt(i)),
        application_id: '100000000000000001',
        version: '1',
        default_member_permissions: null,
      })) as unknown as Extract<ServerEvent, { type: 'hello' }>['commands'],
      messages: this.messages,
    };
  }

  private onEvent(event: PageEvent): void {
    this.received.push(event);
    if (event.type === 'autocomplete') {
      this.broadcast({
        type: 'choices',
        nonce: event.nonce,
        choices: [
          { name: 'khojaly-1992:2 — The town of Khojaly…', value: 'khojaly-1992:2' },
          { name: 'khojaly-1992:3 — On the night of…', value: 'khojaly-1992:3' },
        ],
      });
    }
  }
}

/** A message of the fixture, with defaults for what a test does not care about. */
export function message(m: Partial<PlaygroundMessage> & { id: string }): PlaygroundMessage {
  return {
    channelId: CHANNEL,
    author: { id: BOT, name: 'Reading Room', bot: true },
    content: '',
    embeds: [],
    components: [],
    attachments: [],
    flags: 0,
    interaction: null,
    visibleTo: null,
    pinned: false,
    timestamp: '2024-05-01T10:00:00.000Z',
    editedTimestamp: null,
    ...m,
  };
}

export const MARKDOWN = [
  '# A heading',
  '## Second',
  '### Third',
  '**bold** *italic* _also italic_ __underline__ ~~strike~~ `code` \\*not italic\\* \\# not a heading',
  '-# small print',
  '> a quoted line',
  '- a list item',
  '```',
  'code block **not bold**',
  '```',
  'A ||hidden passage|| here. Go to <#200000000000000004>, ask <@600000000000000002>, on <t:1700000000:D>.',
  'Read [the source](https://example.org/article) first.',
].join('\n');

export function fixtureMessages(): PlaygroundMessage[] {
  return [
    message({
      id: '300000000000000001',
      interaction: { userId: MEMBER, userName: 'Ana', command: '/search query:Xocalı' },
      content: MARKDOWN,
    }),
    message({
      id: '300000000000000002',
      interaction: { userId: MEMBER, userName: 'Ana', command: '/search query:Xocalı' },
      flags: 64,
      visibleTo: MEMBER,
      embeds: [
        {
          color: 0x4752c4,
          author: { name: 'Thomas de Waal' },
          title: 'Results for **Xocalı**',
          description: 'khojaly-1992:2 — The town of **Khojaly** …',
          fields: [
            { name: 'Author', value: 'Thomas de Waal', inline: true },
            { name: 'Published', value: '2003', inline: true },
            { name: 'Citation', value: '`khojaly-1992:2`', inline: true },
            { name: 'Context', value: 'An opinion article.', inline: false },
          ],
          footer: { text: 'Page 1 of 3' },
        },
      ],
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.Button,
              style: ButtonStyle.Secondary,
              custom_id: 'search:prev',
              label: 'Previous',
              emoji: { name: '◀' },
              disabled: true,
            },
            {
              type: ComponentType.Button,
              style: ButtonStyle.Primary,
              custom_id: 'search:next',
              label: 'Next',
              emoji: { name: '▶' },
            },
            {
              type: ComponentType.Button,
              style: ButtonStyle.Success,
              custom_id: 'search:post',
              label: 'Post to channel',
            },
            {
              type: ComponentType.Button,
              style: ButtonStyle.Danger,
              custom_id: 'search:danger',
              label: 'Danger',
            },
            {
              type: ComponentType.Button,
              style: ButtonStyle.Link,
              url: 'https://example.org/',
              label: 'Source',
            },
          ],
        },
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.StringSelect,
              custom_id: 'search:open',
              placeholder: 'Open a passage',
              options: [
                { label: 'khojaly-1992:2', value: 'khojaly-1992:2', description: 'The town of Khojaly…' },
                { label: 'khojaly-1992:3', value: 'khojaly-1992:3', description: 'On the night of…' },
              ],
            },
          ],
        },
      ],
    }),
    message({
      id: '300000000000000003',
      content:
        '<img src=x onerror="window.pwned=1"> [click](javascript:window.pwned=2) <script>window.pwned=3</script>',
      embeds: [
        {
          title: '<img src=x onerror="window.pwned=4">',
          description: '[x](javascript:alert(1)) <b>not bold</b>',
          fields: [{ name: '<i>n</i>', value: '<svg onload="window.pwned=5">' }],
        },
      ],
      attachments: [
        { id: '1', filename: '<img src=x>.md', size: 10, url: 'javascript:alert(1)', proxy_url: '' },
      ],
    }),
    message({
      id: '300000000000000004',
      pinned: true,
      interaction: { userId: MODERATOR, userName: 'Mher', command: '/pin citation:khojaly-1992:2' },
      embeds: [{ title: 'Pinned quote card', description: '“The town of Khojaly…”', color: 0x1f7a3f }],
    }),
    message({
      id: '300000000000000005',
      channelId: THREAD,
      content: 'Only in the thread',
    }),
    message({
      id: '300000000000000006',
      interaction: { userId: MEMBER, userName: 'Ana', command: '/notebook export' },
      content: 'Your notebook, 3 passages.',
      attachments: [
        {
          id: '2',
          filename: 'notebook-reading.md',
          size: 2345,
          url: '/files/notebook.md',
          proxy_url: '/files/notebook.md',
        },
      ],
    }),
  ];
}
