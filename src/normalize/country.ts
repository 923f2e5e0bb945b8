import { createRequire } from 'node:module';
import former from '../data/countries/former.json' with { type: 'json' };
import { AliasTable, foldKey } from './text.js';

/**
 * Country names → ISO 3166-1 alpha-2. Sources, in order of trust:
 * 1. i18n-iso-countries (maintained ISO data): alpha-2, alpha-3, English and
 *    Vietnamese official and alternative names;
 * 2. Node's CLDR data via Intl.DisplayNames (en, vi);
 * 3. the short forms real exports use that neither has;
 * 4. former and special codes (src/data/countries/former.json: ISO 3166-3, XK).
 */
const require = createRequire(import.meta.url);

interface IsoCountries {
  registerLocale(data: unknown): void;
  getAlpha2Codes(): Record<string, string>;
  alpha2ToAlpha3(code: string): string | undefined;
  getNames(lang: string, opts: { select: 'all' }): Record<string, string[]>;
}

/** Short and informal forms seen in exports, beyond the ISO and CLDR names. */
const SHORT_FORMS: Record<string, string> = {
  'viet nam': 'VN', vietnam: 'VN', 'việt nam': 'VN', 'vn': 'VN',
  laos: 'LA', 'lào': 'LA', 'lao pdr': 'LA', 'lao': 'LA',
  'hoa kỳ': 'US', 'mỹ': 'US', usa: 'US', 'u.s.': 'US', 'u.s.a.': 'US', 'united states of america': 'US', america: 'US',
  'south korea': 'KR', 'korea': 'KR', 'republic of korea': 'KR', 'korea, republic of': 'KR', 'hàn quốc': 'KR', 'đại hàn': 'KR', '한국': 'KR',
  'north korea': 'KP', 'triều tiên': 'KP',
  'trung quốc': 'CN', prc: 'CN', "people's republic of china": 'CN',
  'hong kong': 'HK', 'hồng kông': 'HK', 'hongkong': 'HK', 'hong kong sar': 'HK',
  'macau': 'MO', 'macao': 'MO', 'ma cao': 'MO',
  'đài loan': 'TW', taiwan: 'TW',
  'campuchia': 'KH', cambodia: 'KH', 'căm pu chia': 'KH',
  'thái lan': 'TH', 'myanmar': 'MM', burma: 'MM', 'miến điện': 'MM',
  'ma-lai-xi-a': 'MY', 'malaixia': 'MY', 'in-đô-nê-xi-a': 'ID', 'indonexia': 'ID',
  'phi-líp-pin': 'PH', 'philippin': 'PH', 'xin-ga-po': 'SG', 'singapo': 'SG', 'brunei darussalam': 'BN',
  'nhật bản': 'JP', 'ấn độ': 'IN', 'úc': 'AU', 'ô-xtrây-li-a': 'AU', 'anh': 'GB', uk: 'GB', 'great britain': 'GB', england: 'GB',
  'russia': 'RU', 'nga': 'RU', 'uae': 'AE', 'các tiểu vương quốc ả rập thống nhất': 'AE', 'đức': 'DE', 'pháp': 'FR', 'hà lan': 'NL',
  'bỉ': 'BE', 'ca-na-đa': 'CA', 'canada': 'CA', 'nam phi': 'ZA', 'ni-giê-ri-a': 'NG', 'nigeria': 'NG', 'mô-dăm-bích': 'MZ',
  'côte d’ivoire': 'CI', "cote d'ivoire": 'CI', 'ivory coast': 'CI', 'turkey': 'TR', 'türkiye': 'TR', 'czech republic': 'CZ',
  'east timor': 'TL', 'đông timor': 'TL',
  'iran': 'IR', 'syria': 'SY', 'bolivia': 'BO', 'venezuela': 'VE', 'tanzania': 'TZ', 'moldova': 'MD', 'palestine': 'PS',
};

/** Values accepted for origin/destination when the country is not known. */
export const UNKNOWN_COUNTRY = 'ZZ';
const UNKNOWN_FORMS = ['zz', 'xx', 'unknown', 'không rõ', 'không xác định', 'n/a', 'chưa rõ', '미상', '불명'];

/** A code deleted from ISO 3166-1 (ISO 3166-3) or a user-assigned one (XK), with its names (src/data/countries/former.json). */
export interface FormerCountry {
  readonly code: string;
  readonly alpha3?: string;
  readonly status: 'former' | 'user-assigned';
  /** The year ISO deleted it. */
  readonly until?: string;
  readonly names: { readonly en: string; readonly vi: string; readonly ko: string };
  readonly aliases: readonly string[];
}

const FORMER: ReadonlyMap<string, FormerCountry> = new Map((former.countries as FormerCountry[]).map((c) => [c.code, c]));

/** A former or special code's entry (SU, CS, XK …), or undefined for any other value. */
export function formerCountry(code: string): FormerCountry | undefined {
  return FORMER.get(code);
}

/** A former or special code's name in `lang` (English for a language the data file does not have), or undefined for any other code. */
export function formerCountryName(code: string, lang: string): string | undefined {
  const c = FORMER.get(code);
  return c === undefined ? undefined : (c.names[lang as keyof FormerCountry['names']] ?? c.names.en);
}

/** Names (ISO, CLDR, short forms, former countries' aliases), without codes. */
let table: AliasTable<string> | undefined;
/** Alpha-2 and alpha-3 codes (current and former) as written in upper case → the record's code. */
let upperCodes: Map<string, string> | undefined;
/** The same codes in any case ("vn", "Vnm"): tried after the names. */
let anyCaseCodes: Map<string, string> | undefined;
let codes: Set<string> | undefined;

/** ISO codes from i18n-iso-countries' data file alone (its main entry loads every locale), then the former ones. */
function loadCodes(): Map<string, string> {
  const data = require('i18n-iso-countries/codes.json') as readonly (readonly [string, string, ...string[]])[];
  const upper = new Map<string, string>();
  codes = new Set();
  for (const [a2, a3] of data) {
    codes.add(a2);
    upper.set(a2, a2);
    // Every entry of codes.json has an alpha-3 code.
    // Stryker disable next-line ConditionalExpression: equivalent (see above)
    if (a3) upper.set(a3, a2);
  }
  for (const c of FORMER.values()) {
    upper.set(c.code, c.code);
    if (c.alpha3 !== undefined) upper.set(c.alpha3, c.code);
  }
  anyCaseCodes = new Map([...upper].map(([k, v]) => [k.toLowerCase(), v]));
  return upper;
}

function build(): AliasTable<string> {
  const iso = require('i18n-iso-countries/index.js') as IsoCountries;
  iso.registerLocale(require('i18n-iso-countries/langs/en.json'));
  iso.registerLocale(require('i18n-iso-countries/langs/vi.json'));
  iso.registerLocale(require('i18n-iso-countries/langs/ko.json'));
  const t = new AliasTable<string>();
  const alpha2 = Object.keys(iso.getAlpha2Codes());
  // Names first, codes last: a code must never be shadowed by a name.
  const display = ['en', 'vi', 'ko'].map((l) => new Intl.DisplayNames([l], { type: 'region', fallback: 'none' }));
  for (const lang of ['en', 'vi', 'ko']) {
    for (const [code, names] of Object.entries(iso.getNames(lang, { select: 'all' }))) {
      for (const n of names) t.add(n, code);
    }
  }
  for (const code of alpha2) {
    for (const d of display) {
      const n = d.of(code);
      if (n) t.add(n, code);
    }
  }
  for (const [alias, code] of Object.entries(SHORT_FORMS)) t.add(alias, code);
  // A former country's alias never takes a name from a country of today.
  for (const c of FORMER.values()) for (const a of c.aliases) if (t.getExact(a) === undefined) t.add(a, c.code);
  return t;
}

/**
 * Alpha-2 code of a country written any way the tables know (for a former
 * country whose alpha-2 code ISO gave to another since, its four-letter ISO
 * 3166-3 code), or undefined. `ZZ` (unknown) is returned only when
 * `allowUnknown` is set.
 *
 * Codes count as codes when written in upper case (`NGA` is Nigeria); any other
 * spelling is a name first (`Nga`, Vietnamese for Russia, is RU), then a code
 * in another case (`vn`, `Vnm`), then a name without its diacritics (`Han
 * Quoc`) unless that is another country's code. The names (CLDR via Intl.DisplayNames, ISO names in two languages)
 * are built only when a value is not an upper-case code.
 */
export function normalizeCountry(raw: string, allowUnknown = false): string | undefined {
  const written = raw.normalize('NFC').trim();
  const key = written.toLowerCase();
  if (UNKNOWN_FORMS.includes(key)) return allowUnknown ? UNKNOWN_COUNTRY : undefined;
  const code = (upperCodes ??= loadCodes()).get(written);
  if (code !== undefined) return code;
  const names = (table ??= build());
  const found = names.getExact(written) ?? anyCaseCodes!.get(key);
  if (found !== undefined) return found;
  // Without its diacritics, a name that is also another country's code is no guess ('Mý': Mỹ, or MY?).
  const folded = names.getFolded(written);
  const code2 = anyCaseCodes!.get(foldKey(written));
  return code2 === undefined || code2 === folded ? folded : undefined;
}

/**
 * The country a value that is none is most likely a slip of, as `KH (Cambodia)`
 * ("Cambodai", "Campuchai"), if any: names only, of 4 characters or more (see
 * NearSpellings); a code is too short to guess from.
 */
export function nearCountry(raw: string): string | undefined {
  const code = (table ??= build()).near(raw)?.value;
  if (code === undefined) return undefined;
  // one label per country, not one per rejected row (diagnostics are kept to the end of the run)
  let label = nearLabels.get(code);
  // Stryker disable next-line ConditionalExpression: equivalent, a label made again reads the same (only memory)
  if (label === undefined) {
    // a former country by its own name, as the reports name it: CLDR calls YU Serbia and SU Russia
    const name = formerCountryName(code, 'en') ?? (englishNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })).of(code);
    nearLabels.set(code, (label = name === undefined ? code : `${code} (${name})`));
  }
  return label;
}

let englishNames: Intl.DisplayNames | undefined;
/** Country code → its `KH (Cambodia)` label (at most one per country code). */
const nearLabels = new Map<string, string>();

/** True for an assigned ISO 3166-1 alpha-2 code. */
export function isCountryCode(code: string): boolean {
  upperCodes ??= loadCodes();
  return codes!.has(code);
}

/**
 * A cached per-run country normalizer (exports repeat the same few names).
 * `aliases` (the campaign's `aliases.country`: any spelling → a code, already
 * normalized) are matched first, like every alias table: case, spaces and, where
 * unambiguous, diacritics aside.
 */
export function createCountryNormalizer(aliases?: Readonly<Record<string, string>>): (raw: string, allowUnknown: boolean) => string | undefined {
  const cache = new Map<string, string | undefined>();
  const own = aliases && Object.keys(aliases).length > 0 ? new AliasTable(Object.entries(aliases)) : undefined;
  return (raw, allowUnknown) => {
    const k = allowUnknown ? `1${raw}` : `0${raw}`;
    // Stryker disable next-line ConditionalExpression: equivalent, a cache of a pure function only saves time
    if (cache.has(k)) return cache.get(k);
    const v = own?.get(raw) ?? normalizeCountry(raw, allowUnknown);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, the bound of the cache only limits memory
    if (cache.size < 10_000) cache.set(k, v);
    return v;
  };
}
