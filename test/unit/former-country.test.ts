import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import former from '../../src/data/countries/former.json' with { type: 'json' };

/** country.ts builds its tables once: a fresh module per test, so the tables are built (and mutated code run) inside the test. */
async function fresh() {
  vi.resetModules();
  return import('../../src/normalize/country.js');
}

const isoCodes = createRequire(import.meta.url)('i18n-iso-countries/codes.json') as [string, string][];

describe('former and special country codes (src/data/countries/former.json)', () => {
  it.each([
    ['SU', 'SU'], ['SUN', 'SU'], ['USSR', 'SU'], ['Soviet Union', 'SU'], ['Liên Xô', 'SU'], ['소련', 'SU'],
    ['YU', 'YU'], ['YUG', 'YU'], ['Yugoslavia', 'YU'], ['Nam Tư', 'YU'],
    ['CS', 'CS'], ['SCG', 'CS'], ['Serbia and Montenegro', 'CS'], ['serbia & montenegro', 'CS'],
    ['CSHH', 'CSHH'], ['CSK', 'CSHH'], ['Czechoslovakia', 'CSHH'], ['Tiệp Khắc', 'CSHH'],
    ['DD', 'DD'], ['DDR', 'DD'], ['German Democratic Republic', 'DD'], ['East Germany', 'DD'],
    ['ZR', 'ZR'], ['ZAR', 'ZR'], ['Zaire', 'ZR'],
    ['TP', 'TP'], ['TMP', 'TP'],
    ['AN', 'AN'], ['ANT', 'AN'], ['Netherlands Antilles', 'AN'],
    ['BU', 'BU'], ['BUR', 'BU'],
    ['XK', 'XK'], ['XKX', 'XK'], ['Kosovo', 'XK'], ['Kosovo under UNSCR 1244', 'XK'],
  ])('%j → %s', async (raw, code) => {
    const { normalizeCountry } = await fresh();
    expect(normalizeCountry(raw)).toBe(code);
  });

  it('a name of today keeps its country: Burma and East Timor are MM and TL, only BU and TP are the former codes', async () => {
    const { normalizeCountry } = await fresh();
    expect(normalizeCountry('Burma')).toBe('MM');
    expect(normalizeCountry('Miến Điện')).toBe('MM');
    expect(normalizeCountry('East Timor')).toBe('TL');
    expect(normalizeCountry('Đông Timor')).toBe('TL');
    // a reused alpha-2 code is today's country: CS was Czechoslovakia before Serbia and Montenegro, BY is Belarus
    expect(normalizeCountry('BY')).toBe('BY');
    expect(normalizeCountry('Byelorussian SSR')).toBe('BYAA');
  });

  it('alpha-3 codes count as codes first only in capitals; "Nga" is Russia, "NGA" Nigeria, "ant" Netherlands Antilles', async () => {
    const { normalizeCountry } = await fresh();
    expect(normalizeCountry('NGA')).toBe('NG');
    expect(normalizeCountry('Nga')).toBe('RU');
    expect(normalizeCountry('ant')).toBe('AN');
    expect(normalizeCountry('sun')).toBe('SU');
    expect(normalizeCountry('cshh')).toBe('CSHH');
  });

  it('formerCountry and formerCountryName: the data file entry, its name per language (English for another), nothing for a country of today', async () => {
    const { formerCountry, formerCountryName } = await fresh();
    expect(formerCountry('SU')).toMatchObject({ code: 'SU', alpha3: 'SUN', status: 'former', until: '1992' });
    expect(formerCountry('XK')).toMatchObject({ status: 'user-assigned' });
    expect(formerCountry('RU')).toBeUndefined();
    expect(formerCountryName('SU', 'en')).toBe('USSR');
    expect(formerCountryName('SU', 'vi')).toBe('Liên Xô');
    expect(formerCountryName('SU', 'ko')).toBe('소련');
    expect(formerCountryName('CS', 'fr')).toBe('Serbia and Montenegro');
    expect(formerCountryName('VN', 'en')).toBeUndefined();
  });

  it('the data file: names in en, vi and ko; no code or alpha-3 code of a country of today (except XK); each code once', () => {
    const a2 = new Set(isoCodes.map((c) => c[0]));
    const a3 = new Set(isoCodes.map((c) => c[1]));
    const seen = new Set<string>();
    for (const c of former.countries) {
      expect(c.names.en && c.names.vi && c.names.ko, c.code).toBeTruthy();
      expect(seen.has(c.code), c.code).toBe(false);
      seen.add(c.code);
      if (c.code === 'XK') continue;
      expect(c.status, c.code).toBe('former');
      expect(a2.has(c.code), c.code).toBe(false);
      if ('alpha3' in c && c.alpha3) expect(a3.has(c.alpha3), c.alpha3).toBe(false);
    }
  });
});

describe('aliases.country (createCountryNormalizer)', () => {
  it('maps any spelling to its code before the built-in tables, ignoring case and spaces', async () => {
    const { createCountryNormalizer } = await fresh();
    const n = createCountryNormalizer({ KKK: 'XK', 'Serbia & Montenegro (former)': 'CS', Nga: 'NG' });
    expect(n('KKK', false)).toBe('XK');
    expect(n(' kkk ', false)).toBe('XK');
    expect(n('serbia & montenegro (former)', false)).toBe('CS');
    expect(n('Nga', false)).toBe('NG');
    expect(n('Lào', false)).toBe('LA');
    expect(createCountryNormalizer()('KKK', false)).toBeUndefined();
    expect(createCountryNormalizer({})('Nga', false)).toBe('RU');
  });
});
