import type { ComponentSpec, Feature } from '../../define.js';
import { UserFacingError } from '../../types.js';
import { citeCommand, quoteCommand, readCommand, sourcesCommand } from './commands.js';
import { readerView, sourcesView } from './views.js';

/** The reader's previous and next buttons: stateless, the id holds document and paragraph. */
const read: ComponentSpec<'read'> = {
  handle(input, ctx) {
    const found = ctx.room.quote(`${input.id.document}:${String(input.id.n)}`);
    if (!('quote' in found)) throw new UserFacingError('expired');
    const { t, language } = input.audience.reader;
    return { kind: 'update', payload: readerView(found.quote, t, language) };
  },
};

/** The paging buttons of /sources. */
const sources: ComponentSpec<'sources'> = {
  handle(input, ctx) {
    const { t, language } = input.audience.reader;
    return { kind: 'update', payload: sourcesView(ctx.room.documents, t, language, input.id.page) };
  },
};

/** Reading: /quote, /cite, /read, /sources, and the reader's and the library's paging. */
export const reading = {
  commands: [quoteCommand, citeCommand, readCommand, sourcesCommand],
  components: { read, sources },
} satisfies Feature;
