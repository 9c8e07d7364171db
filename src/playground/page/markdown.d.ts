/** Types of markdown.js and what it re-exports from markdown-inline.js (plain JavaScript served as it is). */
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong' | 'em' | 'u' | 's' | 'spoiler'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; url: string; children: Inline[]; masked: boolean }
  | { type: 'user' | 'channel' | 'role'; id: string }
  | { type: 'time'; unix: number; style: string }
  | { type: 'emoji'; name: string; id: string; animated: boolean };

export type Block =
  | { type: 'paragraph' | 'subtext'; children: Inline[] }
  | { type: 'heading'; level: 1 | 2 | 3; children: Inline[] }
  | { type: 'quote'; children: Block[] }
  | { type: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { type: 'codeblock'; lang: string; text: string };

export const MAX_DEPTH: number;
export function parseMarkdown(text: string): Block[];
export function parseInline(text: string): Inline[];
export function safeUrl(url: string): boolean;
export function plainText(nodes: readonly Inline[]): string;
