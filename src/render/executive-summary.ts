import type { ReportModel } from '../aggregate/report-model.js';
import { fill } from './fill.js';
import { formatters, type Formatters } from './format.js';
import type { ReportLocale } from './locale.js';

/**
 * The executive summary: four to six sentences in the report's language,
 * each figure taken from the model the tables show and written by the same
 * formatters, so no figure of the summary differs from a table's:
 *   1. the period and who reported (the participants with a row in the by-country table; when the campaign lists none, the countries of that table);
 *   2. cases and seizures, against the previous phase (the headline);
 *   3. the quantities of each commodity in each of its units (the headline table);
 *   4. the leading route (the route table) and flows (the flows table);
 *   5. the largest single seizure (the first of the largest-seizures tables: kg first).
 * Sentences are plain text (the template escapes them). `good` names a good (subtype id) in the report's language.
 */
export function executiveSummary(model: ReportModel, loc: ReportLocale, good: (id: string) => string = (id) => id): string[] {
  const f = formatters(loc);
  const L = (key: string) => loc.labels[key] ?? key;
  const out: string[] = [];
  const period = { start: f.date(model.phase.start), end: f.date(model.phase.end), participants: f.int(model.campaign.participantCount) };
  const h = model.headline;
  const listed = model.campaign.participantCount > 0;
  if (h.seizures === 0) {
    out.push(fill(L(listed ? 'execNone' : 'execNoneReporters'), period));
    return out;
  }
  // one participant: name it ("all 1 participating countries" says nothing)
  out.push(listed && model.campaign.participantCount > 1 ? participantsSentence(model, L, f, period) : reportersSentence(model, L, f, period));
  const counts = { cases: f.int(h.cases), seizures: f.int(h.seizures) };
  const n = { cases: h.cases, seizures: h.seizures };
  out.push(
    model.previousPhase
      ? fill(f.forms(L('execCasesChange'), n), { ...counts, casesChange: f.pct(h.casesChange), seizuresChange: f.pct(h.seizuresChange), prev: model.previousPhase.name })
      : fill(f.forms(L('execCases'), n), counts),
  );
  const quantities = h.byCommodity
    .filter((c) => c.quantities.length > 0)
    .map((c) => fill(L('execQuantityItem'), { commodity: f.commodity(c.commodity), quantities: list(c.quantities.map((q) => f.qty(q.quantity, q.unit)), L('execAnd')) }));
  if (quantities.length > 0) out.push(fill(L('execQuantities'), { list: quantities.join('; ') }));
  // the leading route among those reported: "not reported" leads nothing
  const route = model.byRouteOnly.filter((r) => r.keys.route !== 'unknown').sort((a, b) => b.cases - a.cases || b.seizures - a.seizures)[0];
  const flows = model.flows.slice(0, 3).map((r) => fill(f.forms(L('execFlowItem'), { cases: r.cases }), { origin: f.country(r.keys.origin), destination: f.country(r.keys.destination), cases: f.int(r.cases) }));
  if (route) {
    const routeText = { route: f.route(route.keys.route), cases: f.int(route.cases) };
    const routeLabel = f.forms(L(flows.length > 0 ? 'execRouteFlows' : 'execRoute'), { cases: route.cases });
    out.push(flows.length > 0 ? fill(routeLabel, { ...routeText, flows: flows.join(', ') }) : fill(routeLabel, routeText));
  }
  const largest = model.largest.find((l) => l.unit === 'kg') ?? model.largest[0];
  const top = largest?.items[0];
  if (largest && top) {
    out.push(
      fill(L('execLargest'), {
        quantity: f.qty(top.quantity, top.unit),
        good: top.subtype === '' ? f.commodity(largest.commodity) : good(top.subtype),
        commodity: f.commodity(largest.commodity),
        country: f.country(top.country),
        date: f.date(top.date),
        route: f.route(top.route),
      }),
    );
  }
  return out;
}

type Label = (key: string) => string;

/** Sentence 1 when the campaign lists participants: how many of them have a row in the by-country table (the annex lists the others as silent; observers are not counted). */
function participantsSentence(model: ReportModel, L: Label, f: Formatters, period: Record<string, string>): string {
  const reported = new Set(model.byCountry.map((r) => r.keys.country));
  const reporting = model.campaign.participants.filter((p) => reported.has(p)).length;
  return fill(L(reporting === model.campaign.participantCount ? 'execPeriodAll' : 'execPeriod'), { ...period, reporting: f.int(reporting) });
}

/** At most this many reporting countries are named in sentence 1 (more: their number). */
const NAMED_REPORTERS = 5;

/** Sentence 1 when the campaign lists no participants: the countries that reported (the by-country table's), by name when few. */
function reportersSentence(model: ReportModel, L: Label, f: Formatters, period: Record<string, string>): string {
  const codes = model.byCountry.map((r) => r.keys.country!);
  const countries = codes.length <= NAMED_REPORTERS ? list(codes.map((c) => f.country(c)), L('execAnd')) : fill(L('execCountries'), { n: f.int(codes.length) });
  return fill(L('execPeriodReporters'), { ...period, countries });
}

/** "a", "a and b", "a, b and c" (`and`: the locale's word with its spaces). */
export function list(items: readonly string[], and: string): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')}${and}${items[items.length - 1]}`;
}
