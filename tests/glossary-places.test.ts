import { describe, expect, it } from 'vitest';
import { createAnalyzers } from '../src/search/analyzer.js';
import { ConceptMatcher, documentScope, queryScope } from '../src/search/glossary.js';
import { tokenize } from '../src/search/tokenize.js';
import { bundledRoom, realGlossary } from './helpers.js';

const glossary = realGlossary();
const matcher = new ConceptMatcher(glossary, createAnalyzers());
type Derived = 'ru' | 'hy' | 'az';
const conceptsOf = (text: string, scope = queryScope(null)): string[] => [
  ...new Set(matcher.match(tokenize(text), scope).map((m) => m.concept)),
];

/** A place is a concept of kind `place` (src/search/glossary.ts, CONCEPT_KINDS). */
const places = glossary.concepts.filter((c) => c.kind === 'place');

/**
 * The adjectives and demonyms of every place, as a speaker writes them, in
 * the three languages that derive them (English ones are listed in the
 * glossary itself). A form given as [form, concept] belongs to that concept
 * instead: a country's ethnic adjective is its people's (армянский, the
 * armenians concept), as the English "Armenian" is.
 */
const FORMS: Readonly<
  Record<string, Partial<Record<Derived, readonly (string | readonly [string, string])[]>>>
> = {
  azerbaijan: {
    ru: ['азербайджанский', 'азербайджанские'],
    hy: ['ադրբեջանցի', 'ադրբեջանական'],
    az: ['azərbaycanlı', 'azərbaycanlılar'],
  },
  armenia: {
    ru: [
      ['армянский', 'armenians'],
      ['армяне', 'armenians'],
    ],
    hy: ['հայաստանցի', 'հայաստանցիներ', 'հայաստանյան'],
    az: ['ermənistanlı', 'ermənistanlılar'],
  },
  russia: {
    ru: ['российский', 'российского', 'российские', ['россияне', 'russians']],
    hy: ['ռուսաստանցի', 'ռուսաստանյան'],
    az: ['rusiyalı', 'rusiyalılar'],
  },
  'turkey-turkiye': {
    ru: [
      ['турецкий', 'turks'],
      ['турки', 'turks'],
    ],
    hy: ['թուրքիացի'],
    az: ['türkiyəli', 'türkiyəlilər'],
  },
  ussr: { ru: ['советский', 'советского', 'советские'], hy: ['խորհրդային'], az: ['sovet'] },
  usa: {
    ru: ['американский', 'американские', 'американцы', 'американец'],
    hy: ['ամերիկացի', 'ամերիկյան'],
    az: ['amerikalı', 'amerikalılar'],
  },
  pakistan: {
    ru: ['пакистанский', 'пакистанского', 'пакистанцы'],
    hy: ['պակիստանցի', 'պակիստանյան'],
    az: ['pakistanlı', 'pakistanlılar'],
  },
  iran: { ru: ['иранский', 'иранцы'], hy: ['իրանցի', 'իրանական'], az: ['iranlı'] },
  afghanistan: {
    ru: ['афганский', 'афганские', 'афганец', 'афганцы'],
    hy: ['աֆղանստանցի', 'աֆղանական'],
    az: ['əfqanıstanlı', 'əfqan'],
  },
  netherlands: {
    ru: ['нидерландский', 'нидерландские', 'голландский', 'голландская', 'голландцы', 'голландец'],
    hy: ['հոլանդացի', 'հոլանդական', 'նիդեռլանդական'],
    az: ['niderlandlı', 'hollandiyalı'],
  },
  france: {
    ru: ['французский', 'французские', 'француз', 'французы'],
    hy: ['ֆրանսիացի', 'ֆրանսիական'],
    az: ['fransız', 'fransızlar'],
  },
  europe: {
    ru: ['европейский', 'европейские', 'европейцы', 'европеец'],
    hy: ['եվրոպացի', 'եվրոպական'],
    az: ['avropalı', 'avropalılar'],
  },
  chechnya: {
    ru: ['чеченский', 'чеченские', 'чеченцы', 'чеченец'],
    hy: ['չեչենական'],
    az: ['çeçenistanlı'],
  },
  caucasus: {
    ru: ['кавказский', 'кавказцы', 'закавказский', 'закавказские'],
    hy: ['կովկասյան', 'կովկասցի', 'անդրկովկասյան'],
    az: ['qafqazlı', 'qafqazlılar'],
  },
  'karabakh-artsakh': {
    ru: ['карабахский', 'карабахцы', 'арцахский', 'арцахцы', 'нагорно-карабахский'],
    hy: ['ղարաբաղցի', 'ղարաբաղյան', 'արցախցի', 'արցախցիների', 'արցախյան'],
    az: ['qarabağlı', 'qarabağlılar', 'qarabağlıların'],
  },
  sumgait: {
    ru: ['сумгаитский', 'сумгаитские', 'сумгаитец', 'сумгаитцы'],
    hy: ['սումգայիթցի', 'սումգայիթցիներ', 'սումգայիթցիների', 'սումգայիթյան'],
    az: ['sumqayıtlı', 'sumqayıtlılar', 'sumqayıtlıların'],
  },
  baku: {
    ru: ['бакинский', 'бакинских', 'бакинец', 'бакинцы', 'бакинка'],
    hy: ['բաքվեցի', 'բաքվեցիներ', 'բաքվյան'],
    az: ['bakılı', 'bakılılar', 'bakılılardan'],
  },
  'ganja-kirovabad': {
    ru: ['гянджинский', 'гянджинцы', 'кировабадский', 'кировабадцы'],
    hy: ['գանձակեցի', 'գանձակեցիներ', 'կիրովաբադցի'],
    az: ['gəncəli', 'gəncəlilər', 'kirovabadlı'],
  },
  shamakhi: { ru: ['шемахинский', 'шемахинцы'], hy: ['շամախեցի'], az: ['şamaxılı', 'şamaxılılar'] },
  'shamkhor-shamkir': { ru: ['шамхорский', 'шамкирский'], hy: ['շամքորցի'], az: ['şəmkirli'] },
  mingachevir: { ru: ['мингечаурский', 'мингечевирский'], hy: ['մինգեչաուրցի'], az: ['mingəçevirli'] },
  'khanlar-goygol': { ru: ['ханларский'], hy: ['խանլարցի'], az: ['xanlarlı', 'göygöllü'] },
  dashkesan: { ru: ['дашкесанский'], hy: ['դաշքեսանցի'], az: ['daşkəsənli'] },
  'kedabek-gadabay': { ru: ['кедабекский', 'гедабекский'], hy: ['գետաբեկցի'], az: ['gədəbəyli'] },
  shahumyan: { ru: ['шаумяновский', 'шаумянский'], hy: ['շահումյանցի'], az: ['şaumyanlı'] },
  goranboy: { ru: ['горанбойский'], hy: ['գորանբոյցի'], az: ['goranboylu'] },
  'martakert-aghdara': {
    ru: ['мартакертский', 'мартакертцы', 'агдеринский'],
    hy: ['մարտակերտցի', 'մարտակերտցիներ', 'աղդարացի'],
    az: ['ağdərəli', 'ağdərəlilər'],
  },
  'stepanakert-khankendi': {
    ru: ['степанакертский', 'степанакертцы', 'ханкендинский'],
    hy: ['ստեփանակերտցի', 'ստեփանակերտցիներ', 'խանքենդեցի'],
    az: ['xankəndili', 'stepanakertli'],
  },
  'shusha-shushi': {
    ru: ['шушинский', 'шушинские', 'шушинец', 'шушинцы'],
    hy: ['շուշեցի', 'շուշեցիներ', 'շուշեցիների'],
    az: ['şuşalı', 'şuşalılar', 'şuşalıların'],
  },
  'khojaly-ivanyan': {
    ru: [
      'ходжалинский',
      'ходжалинские',
      'ходжалинского',
      'ходжалинец',
      'ходжалинцы',
      'ходжалинцами',
      'ходжалинка',
    ],
    hy: ['խոջալուցի', 'խոջալուցիներ', 'խոջալուցիների'],
    az: ['xocalılı', 'xocalılılar', 'xocalılıların'],
  },
  'agdam-akna': { ru: ['агдамский', 'агдамцы'], hy: ['աղդամցի'], az: ['ağdamlı', 'ağdamlılar'] },
  venjali: { ru: ['венджалинский'], hy: ['վենջալեցի'], az: ['vəncəlili'] },
  syunik: { ru: ['сюникский'], hy: ['սյունեցի', 'սյունեցիներ', 'սյունիքցի'], az: ['sünikli'] },
  zangezur: { ru: ['зангезурский', 'зангезурцы'], hy: ['զանգեզուրցի', 'զանգեզուրյան'], az: ['zəngəzurlu'] },
  talish: { ru: ['талишский', 'талишцы'], hy: ['թալիշցի'], az: ['talışlı'] },
  moscow: {
    ru: ['московский', 'московского', 'москвич', 'москвичи'],
    hy: ['մոսկվացի', 'մոսկվացիներ', 'մոսկովյան'],
    az: ['moskvalı', 'moskvalılar'],
  },
  washington: { ru: ['вашингтонский'], hy: ['վաշինգտոնյան'], az: ['vaşinqtonlu'] },
  tbilisi: { ru: ['тбилисский', 'тбилисцы', 'тифлисский'], hy: ['թբիլիսեցի'], az: ['tbilisili'] },
  ulyanovsk: { ru: ['ульяновский', 'ульяновцы'], hy: ['ուլյանովսկցի'], az: ['ulyanovsklu'] },
  islamabad: { ru: ['исламабадский'], hy: ['իսլամաբադցի'], az: ['islamabadlı'] },
  karachi: { ru: ['карачинский'], hy: ['կարաչեցի'], az: ['karaçili'] },
  alyat: { ru: ['алятский', 'алятцы'], hy: ['ալյաթցի'], az: ['ələtli'] },
  'saint-petersburg': {
    ru: ['петербургский', 'петербургские', 'петербуржец', 'петербуржцы'],
    hy: ['պետերբուրգցի', 'պետերբուրգյան'],
    az: ['peterburqlu'],
  },
};

/** Places that have no adjective or demonym of their own, and why. */
const NONE: Readonly<Record<string, string>> = {
  'azerbaijani-ssr': 'a state name of several words: its adjective is Azerbaijan’s (azerbaijan)',
  rsfsr: 'an abbreviation',
};

describe('adjectives and demonyms of places', () => {
  it('GIVEN the glossary WHEN its place concepts are listed THEN each has its adjective and demonym forms here, or a reason for having none', () => {
    const covered = [...Object.keys(FORMS), ...Object.keys(NONE)].sort();
    expect(covered).toEqual(places.map((c) => c.id).sort());
    for (const [id, forms] of Object.entries(FORMS)) {
      for (const language of ['ru', 'hy', 'az'] as const) {
        expect(forms[language]?.length ?? 0, `${id} ${language}`).toBeGreaterThan(0);
      }
    }
  });

  it.each(Object.entries(FORMS))(
    'GIVEN the place %s WHEN its adjectives and demonyms are looked up, in a query and in a document of their language THEN they reach the place',
    (id, forms) => {
      for (const language of ['ru', 'hy', 'az'] as const) {
        for (const entry of forms[language] ?? []) {
          const [form, concept] = typeof entry === 'string' ? [entry, id] : entry;
          expect(conceptsOf(form), `${form} (query)`).toContain(concept);
          expect(conceptsOf(form, documentScope(language)), `${form} (${language} document)`).toContain(
            concept,
          );
        }
      }
    },
  );

  it.each([
    // Words that begin like a shortened place name but are not derived from it.
    ['советы', 'ussr'],
    ['советник', 'ussr'],
    ['бакалея', 'baku'],
    ['бакен', 'baku'],
    ['карачаевский', 'karachi'],
    ['американистика', 'usa'],
    ['шушукаться', 'shusha-shushi'],
    ['ходжа', 'khojaly-ivanyan'],
    ['россыпь', 'russia'],
    ['сюжет', 'syunik'],
    ['սյունազարդ', 'syunik'],
    ['բաքվածք', 'baku'],
  ])('GIVEN the word %s WHEN looked up THEN it does not reach %s', (word, concept) => {
    expect(conceptsOf(word)).not.toContain(concept);
    expect(conceptsOf(word, documentScope('ru'))).not.toContain(concept);
    expect(conceptsOf(word, documentScope('hy'))).not.toContain(concept);
  });
});

describe('adjectives and demonyms in search', () => {
  const room = bundledRoom();
  const ids = (query: string, limit = 5): string[] =>
    room
      .search(query, { limit })
      .hits.filter((h) => h.contextOf === null)
      .map((h) => h.passage.id);
  const khojaly = new Set(ids('Ходжалы', 50));
  const sumgait = new Set(ids('Сумгаит', 50));

  it.each(['ходжалинцы', 'ходжалинские события', 'ходжалинского', 'xocalılılar', 'խոջալուցիներ'])(
    'GIVEN the Khojaly form %s WHEN searched THEN it finds the Khojaly passages, as the Sumgait forms find Sumgait’s',
    (query) => {
      const found = ids(query);
      expect(found).toHaveLength(5);
      expect(found.filter((id) => khojaly.has(id)).length).toBeGreaterThanOrEqual(4);
    },
  );

  it.each(['сумгаитцы', 'сумгаитские события', 'sumqayıtlılar', 'սումգայիթցիների'])(
    'GIVEN the Sumgait form %s WHEN searched THEN it finds the Sumgait passages',
    (query) => {
      const found = ids(query);
      expect(found).toHaveLength(5);
      expect(found.filter((id) => sumgait.has(id)).length).toBeGreaterThanOrEqual(4);
    },
  );

  it.each(['шушинцы', 'շուշեցիներ', 'şuşalılar'])(
    'GIVEN the Shusha/Shushi demonym %s WHEN searched THEN it finds the passage naming Shusha',
    (query) => {
      expect(ids(query)[0]).toBe('khojaly-1992:16');
    },
  );
});
