/**
 * Labels instead of ids for the values of `aggregate --labels en|vi|ko`: names
 * of commodities, routes and directions from the locale file, goods and their
 * groups from the goods vocabulary, countries from CLDR (former ones from
 * src/data/countries/former.json), agencies from the
 * campaign. A value with no label (a subtype the vocabulary does not know, an
 * agency the campaign does not name) is shown as written.
 */
import type { Dimension } from '../aggregate/dimensions.js';
import type { Campaign } from '../config/campaign.js';
import { agencyDirectory } from '../config/agencies.js';
import { goodsVocabulary, LABEL_LANGUAGES, type LabelLanguage } from '../normalize/goods.js';
import { formerCountryName } from '../normalize/country.js';
import { loadLocale } from './locale.js';
import type { TemplateVocabulary } from './templates.js';

export type ValueLabel = (value: string) => string;

/** For each `--by` dimension, how its values are shown in `lang` (identity for dimensions without labels: dates, phases). */
export function dimensionLabels(campaign: Campaign, lang: LabelLanguage, dims: readonly Dimension[]): ValueLabel[] {
  const loc = loadLocale(lang);
  const goods = goodsVocabulary(campaign.vocabulary);
  const agencies = agencyDirectory(campaign.agencies);
  const regions = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
  // A former code's own name (CLDR gives SU as Russia, its successor).
  const country: ValueLabel = (v) => (v === '' ? v : v === 'ZZ' ? (loc.labels.unknown ?? v) : (formerCountryName(v, lang) ?? safe(() => regions.of(v)) ?? v));
  const from = (table: Record<string, string>): ValueLabel => (v) => table[v] ?? v;
  const byDim: Partial<Record<Dimension, ValueLabel>> = {
    commodity: from(loc.commodities),
    route: from(loc.routes),
    direction: from(loc.directions),
    subtype: (v) => goods.good(v)?.labels[lang] ?? v,
    group: (v) => goods.anyGroupLabel(v, lang) ?? v,
    country,
    origin: country,
    destination: country,
    agency: (v) => agencies.byId(v)?.name ?? v,
  };
  return dims.map((d) => byDim[d] ?? ((v: string) => v));
}

function safe(f: () => string | undefined): string | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** The campaign's goods for report templates: a good's label in the report's language (English for a locale the vocabulary has no labels in). */
export function templateVocabulary(campaign: Campaign): TemplateVocabulary {
  const goods = goodsVocabulary(campaign.vocabulary);
  const languages: readonly string[] = LABEL_LANGUAGES;
  return { good: (id, lang) => goods.good(id)?.labels[languages.includes(lang) ? (lang as LabelLanguage) : 'en'] };
}
