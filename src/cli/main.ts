import { Command, InvalidArgumentError, Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { LANGUAGES, isLanguage, type Language } from '../languages.js';
import { formatAttribution } from '../format/attribution.js';
import { libraryPaths } from '../paths.js';
import { PARTIAL_DATE } from '../search/query.js';
import { GlossaryError, ReadingRoom, type Hit } from '../reading-room.js';
import type { SourceProblem } from '../library/yaml.js';
import type { LibraryDocument } from '../library/library.js';

/** Where the CLI writes; injected so tests can capture it. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly isTTY: boolean;
}

const PROGRESS_THRESHOLD = 5000;

function language(value: string): Language {
  const v = value.toLowerCase();
  if (!isLanguage(v)) throw new InvalidArgumentError(`expected one of ${LANGUAGES.join(', ')}`);
  return v;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new InvalidArgumentError('expected a whole number from 1 to 1000');
  return n;
}

function partialDate(value: string): string {
  if (!PARTIAL_DATE.test(value)) throw new InvalidArgumentError('expected YYYY, YYYY-MM or YYYY-MM-DD');
  return value;
}

function problemLine(p: SourceProblem): string {
  return `${p.file}:${p.line}${p.field !== null ? ` (${p.field})` : ''}: ${p.message}`;
}

/** Builds the command-line program; `run` parses argv and returns the exit code. */
export function createProgram(io: CliIo): { run: (argv: readonly string[]) => Promise<number> } {
  let exitCode = 0;
  const program = new Command()
    .name('reading-room')
    .description('Search, quote and list the Reading Room library offline.')
    .option('--data <dir>', 'library folder holding documents/ and glossary.yaml')
    .option('--state <dir>', 'folder for the stored index')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  const open = (opts: { data?: string; state?: string }, forceRebuild = false): ReadingRoom => {
    let bar: SingleBar | null = null;
    const { room, report } = ReadingRoom.open(libraryPaths(opts.data, opts.state), {
      forceRebuild,
      onProgress: (done, total) => {
        if (!io.isTTY || total < PROGRESS_THRESHOLD) return;
        if (!bar) {
          bar = new SingleBar(
            { format: 'indexing [{bar}] {value}/{total} passages' },
            Presets.shades_classic,
          );
          bar.start(total, 0);
        }
        bar.update(done);
        if (done === total) bar.stop();
      },
    });
    for (const p of report.problems) io.err(`warning: skipped a document: ${problemLine(p)}\n`);
    return room;
  };

  program
    .command('search')
    .description('ranked passages for a query in English, Armenian, Azerbaijani or Russian')
    .argument('<query>', 'words, "a phrase", doc:<id>, lang:<xx>, from:<date>, to:<date>')
    .addOption(new Option('--lang <xx>', 'language the query is written in (a hint)').argParser(language))
    .option('--doc <id...>', 'only these documents')
    .addOption(
      new Option('--in <xx...>', 'only documents written in these languages').argParser(
        (v: string, prev: Language[] | undefined) => [...(prev ?? []), language(v)],
      ),
    )
    .addOption(new Option('--from <date>', 'earliest date').argParser(partialDate))
    .addOption(new Option('--to <date>', 'latest date').argParser(partialDate))
    .addOption(new Option('--limit <n>', 'how many hits').argParser(positiveInt).default(10))
    .option('--json', 'print a JSON array of hits')
    .action(
      (
        query: string,
        opts: {
          lang?: Language;
          doc?: string[];
          in?: Language[];
          from?: string;
          to?: string;
          limit: number;
          json?: boolean;
        },
      ) => {
        if (query.trim() === '') {
          io.err('error: the query is empty\n');
          exitCode = 2;
          return;
        }
        const room = open(program.opts());
        const unknownDocs = (opts.doc ?? []).filter((d) => !room.document(d));
        if (unknownDocs.length > 0) {
          io.err(`error: unknown document ${unknownDocs.join(', ')}; run "sources" to list them\n`);
          exitCode = 2;
          return;
        }
        const result = room.search(query, {
          hint: opts.lang ?? null,
          limit: opts.limit,
          filters: {
            ...(opts.doc ? { documents: opts.doc } : {}),
            ...(opts.in ? { languages: opts.in } : {}),
            ...(opts.from !== undefined ? { from: opts.from } : {}),
            ...(opts.to !== undefined ? { to: opts.to } : {}),
          },
        });
        for (const f of result.invalidFilters) io.err(`warning: ignored filter ${f} (see --help)\n`);
        if (opts.json) {
          io.out(`${JSON.stringify(result.hits.map(toJson), null, 2)}\n`);
          return;
        }
        if (result.hits.length === 0) {
          io.out(
            `No passages found for “${query}”. Check the spelling, try another language's name, or run "sources".\n`,
          );
          return;
        }
        result.hits.forEach((hit, i) => {
          io.out(renderHit(hit, i + 1, io.isTTY));
        });
        io.out(`${result.hits.length} of ${result.total} matching passages.\n`);
      },
    );

  program
    .command('quote')
    .description('print one passage verbatim with its attribution')
    .argument('<citationId>', 'e.g. sumgait-1988:3 or khojaly-1992:2')
    .option('--json', 'print JSON')
    .action((citationId: string, opts: { json?: boolean }) => {
      const room = open(program.opts());
      const found = room.quote(citationId);
      if ('error' in found) {
        const why = {
          'malformed-citation':
            'is not a citation id (expected <document>:<paragraph>, e.g. khojaly-1992:2 or sumgait-1988:3)',
          'unknown-document': 'names a document that is not in the library; run "sources"',
          'unknown-passage': 'names a paragraph the document does not have',
        }[found.error];
        io.err(`error: "${citationId}" ${why}\n`);
        exitCode = 1;
        return;
      }
      const { passage, attribution, document } = found.quote;
      if (opts.json) {
        io.out(
          `${JSON.stringify({ id: passage.id, documentId: document.id, text: passage.text, attribution }, null, 2)}\n`,
        );
        return;
      }
      io.out(
        `${passage.text}\n\n— ${formatAttribution(attribution)}\n[${passage.id}, paragraph ${passage.n} of ${document.passages.length}]\n`,
      );
    });

  program
    .command('sources')
    .description('list the documents of the library')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const room = open(program.opts());
      if (opts.json) {
        io.out(
          `${JSON.stringify(
            room.documents.map((d) => ({ ...sourceFields(d), passages: d.passages.length })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      for (const d of room.documents) {
        io.out(
          [
            `${d.id}: “${d.title}”`,
            `  ${d.author.name}${d.author.affiliation !== null ? ` (${d.author.affiliation})` : ''}`,
            `  outlet: ${d.outlet ?? 'not stated'}; date: ${d.published ?? `not stated: ${d.dateNote?.en ?? ''}`}; ${d.genre}, ${d.language}; ${d.passages.length} passages`,
            ...d.nestedSources.map(
              (s) =>
                `  reprints: ${s.outlet}, ${s.published ?? 'date unknown'}${s.note !== null ? `, ${s.note}` : ''}`,
            ),
            `  ${d.context.en}`,
            '',
          ].join('\n'),
        );
      }
    });

  program
    .command('index')
    .description('rebuild the search index from data/ (done automatically when it is stale)')
    .action(() => {
      const started = performance.now();
      const room = open(program.opts(), true);
      io.out(
        `indexed ${room.passageCount} passages from ${room.documents.length} documents in ${Math.round(performance.now() - started)} ms\n`,
      );
    });

  return {
    run: async (argv) => {
      exitCode = 0;
      try {
        await program.parseAsync(argv, { from: 'user' });
      } catch (error) {
        if (error instanceof GlossaryError) {
          io.err(`error: ${error.message}\n`);
          return 1;
        }
        if (error && typeof error === 'object' && 'exitCode' in error && typeof error.exitCode === 'number') {
          // commander already printed help or the usage error.
          return error.exitCode === 0 ? 0 : 2;
        }
        throw error;
      }
      return exitCode;
    },
  };
}

/** The public fields of a document (not its file path or hash). */
function sourceFields(d: LibraryDocument): object {
  return {
    id: d.id,
    title: d.title,
    author: d.author,
    outlet: d.outlet,
    published: d.published,
    dateNote: d.dateNote,
    language: d.language,
    genre: d.genre,
    url: d.url,
    context: d.context,
    nestedSources: d.nestedSources,
  };
}

/** A hit as --json prints it: flat, as scripts that read it expect. */
function toJson(hit: Hit): object {
  return {
    id: hit.passage.id,
    documentId: hit.document.id,
    text: hit.passage.text,
    score: Number(hit.score.toFixed(4)),
    contextOf: hit.contextOf,
    spans: hit.spans,
    attribution: hit.attribution,
  };
}

function renderHit(hit: Hit, rank: number, color: boolean): string {
  const verbatim = hit.passage.text;
  let text = '';
  let at = 0;
  for (const s of hit.spans) {
    text +=
      verbatim.slice(at, s.start) +
      (color ? `\x1b[1m${verbatim.slice(s.start, s.end)}\x1b[22m` : verbatim.slice(s.start, s.end));
    at = s.end;
  }
  text += verbatim.slice(at);
  const context = hit.contextOf !== null ? ` (context of ${hit.contextOf}; none of the search words)` : '';
  return `${rank}. [${hit.passage.id}]${context}\n“${text}”\n— ${formatAttribution(hit.attribution)}\n\n`;
}
