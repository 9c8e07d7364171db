import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

// WCAG 2.1 AA for the page's palette, read from the variables at the top of
// style.css: 4.5:1 for text, 3:1 for borders, focus rings and other
// non-text marks. The page README lists the same pairs with their ratios.

const css = readFileSync(join(ROOT, 'src', 'playground', 'page', 'style.css'), 'utf8');
const palette = new Map(
  [...css.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\b/gi)].map((m) => [m[1] ?? '', (m[2] ?? '').toLowerCase()]),
);

function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

const TEXT = 4.5;
const MARK = 3;

/** [foreground, background, minimum, where]. */
const PAIRS: [string, string, number, string][] = [
  ['text', 'bg', TEXT, 'message text'],
  ['text', 'bg-side', TEXT, 'sidebar, panel, composer'],
  ['text', 'bg-embed', TEXT, 'embed text'],
  ['text', 'bg-code', TEXT, 'code, active list item'],
  ['text', 'bg-ephemeral', TEXT, 'ephemeral message'],
  ['text', 'bg-hover', TEXT, 'hovered message'],
  ['text', 'bg-revealed', TEXT, 'revealed spoiler, current channel'],
  ['text-2', 'bg', TEXT, 'secondary text'],
  ['text-2', 'bg-side', TEXT, 'channel names'],
  ['text-2', 'bg-ephemeral', TEXT, '"Only you can see this"'],
  ['text-3', 'bg', TEXT, 'timestamps, descriptions'],
  ['text-3', 'bg-side', TEXT, 'panel notes'],
  ['text-3', 'bg-embed', TEXT, 'embed footer'],
  ['text-3', 'bg-code', TEXT, 'User / Discord language labels'],
  ['text-3', 'bg-ephemeral', TEXT, 'time on an ephemeral message'],
  ['text-3', 'bg-hover', TEXT, 'time on a hovered message'],
  ['link', 'bg', TEXT, 'links'],
  ['link', 'bg-embed', TEXT, 'links and files in embeds'],
  ['link', 'bg-ephemeral', TEXT, 'Dismiss, used /command'],
  ['mention-text', 'mention-bg', TEXT, 'mentions'],
  ['on-color', 'primary', TEXT, 'primary button, APP tag, Send'],
  ['on-color', 'secondary', TEXT, 'secondary and link buttons'],
  ['on-color', 'success', TEXT, 'success button'],
  ['on-color', 'danger', TEXT, 'danger button, unread badge'],
  ['on-color', 'avatar-0', TEXT, 'avatar initial'],
  ['on-color', 'avatar-1', TEXT, 'avatar initial'],
  ['on-color', 'avatar-2', TEXT, 'avatar initial'],
  ['on-color', 'avatar-3', TEXT, 'avatar initial'],
  ['on-color', 'avatar-4', TEXT, 'avatar initial'],
  ['error', 'bg', TEXT, 'composer error, "required"'],
  ['error', 'bg-code', TEXT, '"required" on the active suggestion, "Disconnected"'],
  ['border', 'bg', MARK, 'input and select borders'],
  ['border', 'bg-side', MARK, 'composer border'],
  ['focus', 'bg', MARK, 'focus ring'],
  ['focus', 'bg-side', MARK, 'focus ring on the sidebar'],
  ['focus', 'bg-code', MARK, 'focus ring on the active item'],
  ['focus', 'bg-ephemeral', MARK, 'focus ring in an ephemeral message'],
  ['spoiler', 'bg-embed', MARK, 'hidden spoiler in an embed'],
  ['spoiler', 'bg', MARK, 'hidden spoiler in a message'],
  ['primary', 'bg-side', MARK, 'selected tab underline'],
  ['success', 'bg-code', MARK, 'connected dot'],
];

describe('the palette meets WCAG AA', () => {
  it.each(PAIRS)('%s on %s (at least %s:1, %s)', (fg, bg, min) => {
    const a = palette.get(fg);
    const b = palette.get(bg);
    expect(a, fg).toBeDefined();
    expect(b, bg).toBeDefined();
    expect(contrast(a ?? '', b ?? '')).toBeGreaterThanOrEqual(min);
  });

  it('lists the ratios for the README', () => {
    const rows = PAIRS.map(
      ([fg, bg, min, where]) =>
        `| \`--${fg}\` ${palette.get(fg)} | \`--${bg}\` ${palette.get(bg)} | ${contrast(palette.get(fg) ?? '', palette.get(bg) ?? '').toFixed(2)} | ${min} | ${where} |`,
    );
    if (process.env['PRINT_CONTRAST']) console.log(rows.join('\n'));
    expect(rows.length).toBe(PAIRS.length);
  });
});
