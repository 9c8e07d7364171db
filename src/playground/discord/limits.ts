/**
 * Discord's size limits, checked as Discord checks them: a payload beyond
 * one is refused with 400 and code 50035 ("Invalid Form Body"), the errors
 * nested by field path. Lengths are counted in Unicode code points.
 */

/** One field error: its dotted path (`data.embeds.0.description`), Discord's code and message. */
export interface FieldError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedsTotal: 6000,
  rows: 5,
  rowButtons: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectOptionText: 100,
  placeholder: 150,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  attachments: 10,
} as const;

const chars = (s: string): number => [...s].length;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

const tooLong = (path: string, max: number): FieldError => ({
  path,
  code: 'BASE_TYPE_MAX_LENGTH',
  message: `Must be ${max} or fewer in length.`,
});
const required = (path: string): FieldError => ({
  path,
  code: 'BASE_TYPE_REQUIRED',
  message: 'This field is required',
});

function maxLength(errors: FieldError[], path: string, value: unknown, max: number): void {
  if (typeof value === 'string' && chars(value) > max) errors.push(tooLong(path, max));
}

function embedErrors(embeds: unknown, at: string, errors: FieldError[]): void {
  if (!Array.isArray(embeds)) return;
  if (embeds.length > LIMITS.embeds) errors.push(tooLong(at, LIMITS.embeds));
  let total = 0;
  embeds.forEach((e: unknown, i) => {
    if (!isObject(e)) return;
    const p = `${at}.${i}`;
    maxLength(errors, `${p}.title`, e['title'], LIMITS.embedTitle);
    maxLength(errors, `${p}.description`, e['description'], LIMITS.embedDescription);
    const footer = isObject(e['footer']) ? e['footer'] : {};
    const author = isObject(e['author']) ? e['author'] : {};
    maxLength(errors, `${p}.footer.text`, footer['text'], LIMITS.footerText);
    maxLength(errors, `${p}.author.name`, author['name'], LIMITS.authorName);
    total +=
      chars(text(e['title'])) +
      chars(text(e['description'])) +
      chars(text(footer['text'])) +
      chars(text(author['name']));
    const fields = Array.isArray(e['fields']) ? (e['fields'] as unknown[]) : [];
    if (fields.length > LIMITS.embedFields) errors.push(tooLong(`${p}.fields`, LIMITS.embedFields));
    fields.forEach((f, j) => {
      if (!isObject(f)) return;
      const name = text(f['name']);
      const value = text(f['value']);
      if (name === '') errors.push(required(`${p}.fields.${j}.name`));
      if (value === '') errors.push(required(`${p}.fields.${j}.value`));
      maxLength(errors, `${p}.fields.${j}.name`, name, LIMITS.fieldName);
      maxLength(errors, `${p}.fields.${j}.value`, value, LIMITS.fieldValue);
      total += chars(name) + chars(value);
    });
  });
  if (total > LIMITS.embedsTotal)
    errors.push({
      path: at,
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of ${LIMITS.embedsTotal}`,
    });
}

function componentErrors(rows: unknown, at: string, errors: FieldError[]): void {
  if (!Array.isArray(rows)) return;
  if (rows.length > LIMITS.rows) errors.push(tooLong(at, LIMITS.rows));
  const seen = new Set<string>();
  rows.forEach((row: unknown, i) => {
    if (!isObject(row)) return;
    const children = Array.isArray(row['components']) ? (row['components'] as unknown[]) : [];
    const rowPath = `${at}.${i}.components`;
    const hasSelect = children.some((c) => isObject(c) && c['type'] !== 2);
    if (children.length > (hasSelect ? 1 : LIMITS.rowButtons))
      errors.push(tooLong(rowPath, hasSelect ? 1 : LIMITS.rowButtons));
    children.forEach((c, j) => {
      if (!isObject(c)) return;
      const p = `${rowPath}.${j}`;
      const id = c['custom_id'];
      maxLength(errors, `${p}.custom_id`, id, LIMITS.customId);
      if (typeof id === 'string') {
        if (seen.has(id))
          errors.push({
            path: `${p}.custom_id`,
            code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
            message: 'Component custom id cannot be duplicated',
          });
        seen.add(id);
      }
      maxLength(errors, `${p}.label`, c['label'], LIMITS.buttonLabel);
      maxLength(errors, `${p}.placeholder`, c['placeholder'], LIMITS.placeholder);
      const options = Array.isArray(c['options']) ? (c['options'] as unknown[]) : [];
      if (options.length > LIMITS.selectOptions) errors.push(tooLong(`${p}.options`, LIMITS.selectOptions));
      options.forEach((o, k) => {
        if (!isObject(o)) return;
        for (const key of ['label', 'value', 'description'])
          maxLength(errors, `${p}.options.${k}.${key}`, o[key], LIMITS.selectOptionText);
      });
    });
  });
}

/** What is wrong with a message payload (a reply, a follow-up, an edit, a channel message). */
export function messageErrors(body: unknown, at = ''): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObject(body)) return errors;
  const p = (key: string): string => (at === '' ? key : `${at}.${key}`);
  maxLength(errors, p('content'), body['content'], LIMITS.content);
  embedErrors(body['embeds'], p('embeds'), errors);
  componentErrors(body['components'], p('components'), errors);
  if (Array.isArray(body['attachments']) && body['attachments'].length > LIMITS.attachments)
    errors.push(tooLong(p('attachments'), LIMITS.attachments));
  return errors;
}

/** What is wrong with an autocomplete result's choices. */
export function choiceErrors(data: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const choices = isObject(data) && Array.isArray(data['choices']) ? (data['choices'] as unknown[]) : null;
  if (choices === null) return [required('data.choices')];
  if (choices.length > LIMITS.choices) errors.push(tooLong('data.choices', LIMITS.choices));
  choices.forEach((c, i) => {
    if (!isObject(c)) return;
    const name = text(c['name']);
    if (name === '') errors.push(required(`data.choices.${i}.name`));
    maxLength(errors, `data.choices.${i}.name`, name, LIMITS.choiceName);
    maxLength(errors, `data.choices.${i}.value`, c['value'], LIMITS.choiceValue);
  });
  return errors;
}

/** Discord's error body for field errors: `{ code: 50035, errors: { data: { content: { _errors } } } }`. */
export function invalidFormBody(errors: readonly FieldError[]): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const e of errors) {
    let node = tree;
    for (const key of e.path.split('.')) {
      const child = node[key];
      node = isObject(child) ? child : (node[key] = {});
    }
    const list = Array.isArray(node['_errors']) ? (node['_errors'] as unknown[]) : (node['_errors'] = []);
    list.push({ code: e.code, message: e.message });
  }
  return { message: 'Invalid Form Body', code: 50035, errors: tree };
}
