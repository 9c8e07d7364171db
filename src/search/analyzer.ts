import snowball from 'snowball-stemmers';
import type { Language } from '../languages.js';
import { CacheBudget, LruCache, statsOf, stringEntryBytes, type CacheStats } from './lru.js';
import { foldLatin, scriptOf, type Script } from './normalize.js';
import { romanizeArmenian, romanizeAzerbaijani, romanizeCyrillic } from './romanize.js';
import { stemArmenian } from './stem/armenian.js';
import { stemAzerbaijani } from './stem/azerbaijani.js';

/**
 * The per-language analysis hook. Everything language-specific in the engine
 * goes through one of these; the index and the query code are the same for all
 * languages. Inputs are tokens already normalised by `normalize`.
 */
export interface LanguageAnalyzer {
  readonly language: Language;
  /** The language's stem of a token: the term the index stores for it. */
  stem(norm: string): string;
  /** The token romanised to English-style Latin, for cross-script name matching. */
  nameKey(norm: string): string;
  /** Folds a token for comparing it with a glossary name written in this language. */
  fold(norm: string): string;
  /** Whether `rest` can be an inflectional ending after a name in this language. */
  isNameEnding(rest: string): boolean;
  /** Words too common to search on their own (queries only; the index keeps them). */
  readonly stopwords: ReadonlySet<string>;
}

/** All four analysers; build once per process and pass it down. */
export type Analyzers = Readonly<Record<Language, LanguageAnalyzer>>;

/** Bumped whenever analysis changes, so that stored indexes are rebuilt. */
export const ANALYSIS_VERSION = 1;

/**
 * The longest word, in UTF-16 code units (for the letters of the four
 * languages, characters), that is cached or corrected for typos. Longer words
 * are still analysed and found exactly, but they are neither remembered nor
 * compared by edit distance. No word of the four languages in use is that
 * long: the longest in the bundled library has 22 letters; in the 19,835
 * paragraphs of the benchmark corpus (documentation, treebanks and the UDHR
 * in all four languages) the longest are run-together hashtags and code
 * identifiers of up to 35 letters, and beyond 40 there are only hashes and
 * markup debris. (English's 45-letter coinage for a lung disease would still
 * be found exactly and by its prefix, only not through a typo.) Every such
 * word an attacker sends would otherwise cost memory in each cache and a
 * scan of the vocabulary, for nothing.
 */
export const MAX_WORD_LENGTH = 40;

/** Whether a normalised word is too long to cache or to correct: see {@link MAX_WORD_LENGTH}. */
export function isOverlong(norm: string): boolean {
  return norm.length > MAX_WORD_LENGTH;
}

/**
 * Byte budget shared by the eight caches of a set of analysers (a stem and a
 * name key for each language): what unique query words can make a
 * long-running bot hold. Index building of the 100,000 passages of
 * `npm run bench` needs 7.9 MiB in all, most of it for Russian and Armenian
 * stems, and the cache keeps at least the most recent half of its budget, so
 * such a build misses no more often than with unbounded caches.
 */
export const ANALYZER_CACHE_BYTES = 20 * 1024 * 1024;

/** Options of {@link createAnalyzers}. */
export interface AnalyzerOptions {
  /** Byte budget of the analysers' caches together; {@link ANALYZER_CACHE_BYTES} by default. */
  readonly cacheBytes?: number;
}

const CACHES = new WeakMap<Analyzers, readonly LruCache<string, string>[]>();

/** What the analysers' caches hold now (for the memory benchmark and tests). */
export function analyzerCacheStats(analyzers: Analyzers): CacheStats {
  return statsOf(CACHES.get(analyzers) ?? []);
}

// Snowball is ~5 µs a word; a corpus repeats its words, so cache per analyser,
// least recently used first out once the budget is spent.
function cached(
  fn: (s: string) => string,
  budget: CacheBudget,
  caches: LruCache<string, string>[],
): (s: string) => string {
  const cache = new LruCache<string, string>(budget, stringEntryBytes);
  caches.push(cache);
  return (s) => {
    if (isOverlong(s)) return fn(s);
    let v = cache.get(s);
    if (v === undefined) {
      v = fn(s);
      cache.set(s, v);
    }
    return v;
  };
}

const stripApostrophes = (s: string): string => s.replace(/'s$/, '').replace(/'/g, '');

const STOPWORDS: Readonly<Record<Language, readonly string[]>> = {
  en: (
    'a an the of in on at to and or but is are was were be been being by for with from as that this these those it its ' +
    'who whom whose what which when where why how many much did does do done about into than then there their they ' +
    'he she his her we our you your i me my not no so if any all some has have had was were will would can could ' +
    'should shall may might also after before over under up out during between against s'
  ).split(' '),
  ru: (
    'и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее её мне было вот от меня ' +
    'еще ещё нет о об из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ' +
    'ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз ' +
    'тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее ' +
    'были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего ' +
    'них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более ' +
    'всегда конечно всю между сколько это эта эти'
  ).split(' '),
  hy: (
    'և եւ ու է են էր էին եմ ես ենք եք ի ից որ ով ինչ ինչպես ինչու քանի որտեղ երբ մասին համար հետ այդ այս այն նա նրանք ' +
    'մենք դուք ոչ չէ թե բայց կամ էլ ևս մի մեկ որը որոնք ում ինչի կա կան ըստ վրա տակ մեջ միջև առաջ հետո'
  ).split(' '),
  az: (
    've ile bu o ne nece nece kim harada ne vaxt haqqinda ucun da de ki bir hansi niye nə necə neçə haqqında üçün və ilə ' +
    'hansı niyə olan oldu olub idi dir dır dur dür mi mı mu mü amma ya yaxud her hər sonra əvvəl evvel kimi qədər qeder'
  ).split(' '),
};

function latinAnalyzer(
  language: 'en' | 'az',
  stem: (s: string) => string,
  nameKey: (s: string) => string,
  ending: RegExp,
  cache: (fn: (s: string) => string) => (s: string) => string,
): LanguageAnalyzer {
  return {
    language,
    stem: cache(stem),
    nameKey: cache(nameKey),
    fold: (s) => foldLatin(stripApostrophes(s)),
    isNameEnding: (rest) => ending.test(rest),
    stopwords: new Set(STOPWORDS[language].map(foldLatin)),
  };
}

/** Builds the four analysers, each with its own caches. */
export function createAnalyzers(options: AnalyzerOptions = {}): Analyzers {
  const english = snowball.newStemmer('english');
  const russian = snowball.newStemmer('russian');
  const caches: LruCache<string, string>[] = [];
  const budget = new CacheBudget(options.cacheBytes ?? ANALYZER_CACHE_BYTES);
  const cache = (fn: (s: string) => string): ((s: string) => string) => cached(fn, budget, caches);
  const analyzers: Analyzers = {
    en: latinAnalyzer(
      'en',
      (s) => english.stem(stripApostrophes(foldLatin(s))),
      (s) => foldLatin(stripApostrophes(s)),
      /^(?:s|es|ian|ians|is|i|ite|ites)?$/,
      cache,
    ),
    // Azerbaijani is stemmed and keyed on its ASCII fold, so "Xocalinin"
    // (typed on an English keyboard) and "Xocalının" analyse alike.
    az: latinAnalyzer(
      'az',
      (s) => stemAzerbaijani(s),
      (s) => foldLatin(romanizeAzerbaijani(stripApostrophes(s))),
      /^(?:[aeiou]|[nysdlc][aeiou])[a-z]{0,4}$/,
      cache,
    ),
    ru: {
      language: 'ru',
      stem: cache((s) => russian.stem(s)),
      nameKey: cache(romanizeCyrillic),
      fold: (s) => s,
      isNameEnding: (rest) => rest.length <= 5 && /^(?:[аеиоуыэюяйь]|ск|ц|н)/.test(rest),
      stopwords: new Set(STOPWORDS.ru),
    },
    hy: {
      language: 'hy',
      stem: cache(stemArmenian),
      nameKey: cache(romanizeArmenian),
      fold: (s) => s,
      isNameEnding: (rest) => rest.length <= 5,
      stopwords: new Set(STOPWORDS.hy),
    },
  };
  CACHES.set(analyzers, caches);
  return analyzers;
}

/**
 * Languages whose analysers may apply to a token, decided by its script, with
 * the hinted language first when the script allows it. A wrong or missing
 * hint therefore costs nothing: Latin text is tried as English and as
 * Azerbaijani, Cyrillic as Russian, Armenian as Armenian.
 */
export function languagesForScript(script: Script, hint: Language | null): readonly Language[] {
  const base = SCRIPT_LANGUAGES[script];
  if (hint === null || !base.includes(hint) || base[0] === hint) return base;
  return [hint, ...base.filter((l) => l !== hint)];
}

const SCRIPT_LANGUAGES: Readonly<Record<Script, readonly Language[]>> = {
  latin: ['en', 'az'],
  cyrillic: ['ru'],
  armenian: ['hy'],
  digit: ['en'],
  other: ['en'],
};

/** Languages for a token: see {@link languagesForScript}. */
export function languagesForToken(norm: string, hint: Language | null): readonly Language[] {
  return languagesForScript(scriptOf(norm), hint);
}
