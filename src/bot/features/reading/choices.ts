import { LIMITS, MAX_QUERY } from '../../limits.js';
import { clip } from '../../render.js';
import type { AutocompleteInput, BotContext, Choice } from '../../types.js';

/** Autocomplete of a document option: ids and titles in any language. */
export function documentChoices(input: AutocompleteInput, ctx: BotContext): readonly Choice[] {
  const needle = input.value.trim().toLowerCase();
  return ctx.room.documents
    .filter((d) => needle === '' || d.id.includes(needle) || d.title.toLowerCase().includes(needle))
    .slice(0, LIMITS.choices)
    .map((d) => ({ name: clip(`${d.id} — ${d.title}`, LIMITS.choiceName), value: d.id }));
}

/**
 * Autocomplete of a citation: ids, titles and passage text, in any of the
 * four languages. A keystroke searches, but shows only text: no hit is
 * highlighted (spans are computed only when read).
 */
export function citationChoices(input: AutocompleteInput, ctx: BotContext): readonly Choice[] {
  const value = input.value.trim();
  const byId = ctx.room.quote(value);
  const seen = new Set<string>();
  const out: Choice[] = [];
  const add = (id: string, text: string): void => {
    if (seen.has(id) || out.length >= LIMITS.choices) return;
    seen.add(id);
    out.push({ name: clip(`${id} — ${text.replace(/\s+/g, ' ')}`, LIMITS.choiceName), value: id });
  };
  if ('quote' in byId) add(byId.quote.passage.id, byId.quote.passage.text);
  const prefix = value.toLowerCase();
  for (const d of ctx.room.documents) {
    if (
      prefix !== '' &&
      (d.id.startsWith(prefix.split(':')[0] ?? prefix) || d.title.toLowerCase().includes(prefix))
    )
      for (const p of d.passages) add(p.id, p.text);
  }
  if (value !== '' && out.length < LIMITS.choices) {
    for (const hit of ctx.room.search(clip(value, MAX_QUERY), { limit: LIMITS.choices }).hits)
      add(hit.passage.id, hit.passage.text);
  }
  if (value === '')
    for (const d of ctx.room.documents) for (const p of d.passages.slice(0, 5)) add(p.id, p.text);
  return out;
}
