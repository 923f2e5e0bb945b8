import type { CountRow, ReportModel } from '../aggregate/report-model.js';
import { formatters } from './format.js';
import type { ReportLocale } from './locale.js';

/**
 * The report's tables of countries in the order a reader looks a country up
 * in: by its name in the report's language (`Intl.Collator` of that language:
 * Cambodia before China in English, Campuchia after Brunei in Vietnamese,
 * Hangul order in Korean), not by its ISO code, which the model and
 * `aggregate` sort by. Within a country, agencies by the name the campaign
 * gives them, a record that named none ("not given") last. The model's other
 * tables keep their order (largest first, by week, by route …), and so do
 * `aggregate`, `export` and the partials: only what a person reads changes.
 */
export function inDisplayOrder(model: ReportModel, loc: ReportLocale): ReportModel {
  const f = formatters(loc);
  const collator = new Intl.Collator(loc.locale, { sensitivity: 'base', numeric: true });
  const names = new Map<string, string>();
  const name = (code: string) => {
    let n = names.get(code);
    if (n === undefined) names.set(code, (n = f.country(code)));
    return n;
  };
  const byCountry = (a: CountRow, b: CountRow) => collator.compare(name(a.keys.country ?? ''), name(b.keys.country ?? '')) || compareCodes(a.keys.country, b.keys.country);
  const byAgency = (a: CountRow, b: CountRow) =>
    byCountry(a, b) || Number(a.keys.agency === '') - Number(b.keys.agency === '') || collator.compare(a.keys.agencyName ?? '', b.keys.agencyName ?? '') || compareCodes(a.keys.agency, b.keys.agency);
  return {
    ...model,
    byCountry: [...model.byCountry].sort(byCountry),
    byCountryCommodity: model.byCountryCommodity.map((t) => ({ ...t, rows: [...t.rows].sort(byCountry) })),
    byAgencyCommodity: model.byAgencyCommodity.map((t) => ({ ...t, rows: [...t.rows].sort(byAgency) })),
  };
}

/** Two codes in code point order (the model's own tie-break). */
function compareCodes(a: string | undefined, b: string | undefined): number {
  return a === b ? 0 : (a ?? '') < (b ?? '') ? -1 : 1;
}
