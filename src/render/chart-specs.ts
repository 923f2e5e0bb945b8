import type { CountRow, ReportModel } from '../aggregate/report-model.js';
import type { ChartDatum, ChartSpec } from './charts.js';
import type { ReportLocale } from './locale.js';
import { formatters, type Formatters } from './format.js';
import { fill } from './fill.js';
import { labelPeriod } from './periods.js';

/** A report chart: its file name (without `.svg`), its title, and what to draw. */
export interface ReportChartSpec {
  readonly name: string;
  readonly title: string;
  readonly spec: ChartSpec;
}

export interface RenderedChart {
  name: string;
  title: string;
  svg: string;
  /** Drawn across the page (else half its width, two side by side). */
  wide: boolean;
}

/** Width in px of a chart drawn half across the page, two side by side (A4 with the report's margins holds 2 × 300 px and a gap). */
export const HALF_WIDTH = 300;
/** A bar chart with at most this many bars is drawn half across the page. */
const HALF_MAX_BARS = 6;

/**
 * The charts as rows of the page: a wide chart alone, half-width ones two by two,
 * so a row moves to the next page whole (two charts side by side never split
 * between pages).
 */
export function chartRows<T extends { wide: boolean }>(charts: readonly T[]): T[][] {
  const rows: T[][] = [];
  for (const c of charts) {
    const last = rows[rows.length - 1];
    if (!c.wide && last && last.length === 1 && !last[0]!.wide) last.push(c);
    else rows.push([c]);
  }
  return rows;
}

/** Names the model does not carry: goods by the vocabulary (in the report's language). Ids are shown when absent. */
export interface ChartNames {
  good?: (id: string) => string | undefined;
}

/** How a chart's values and names are said in the report's language. */
export class ChartWords {
  readonly L: Record<string, string>;
  private readonly format: Formatters;
  private readonly numbers: Intl.NumberFormat;

  constructor(
    readonly loc: ReportLocale,
    private readonly names: ChartNames,
  ) {
    this.L = loc.labels;
    this.format = formatters(loc);
    this.numbers = new Intl.NumberFormat(loc.numberLocale, { maximumFractionDigits: 3 });
  }

  /** A country as the tables name it (CLDR in the report's language, a former country by its own name): the tables' formatter. */
  country(code: string): string {
    if (code === '') return this.L.unknown ?? code;
    return this.format.country(code);
  }

  good(id: string): string {
    if (id === '') return this.L.unspecified ?? '—';
    return this.names.good?.(id) ?? id;
  }

  number(v: number): string {
    return this.numbers.format(v);
  }

  /** The chart's text for screen readers, in the report's language: its title, then each value. */
  describe(title: string, data: readonly ChartDatum[]): string {
    return chartDescription(title, data, this.loc);
  }
}

/** What a screen reader says for a chart, in the report's language (locale key chartDescription): its title, then each label with its value. */
export function chartDescription(title: string, data: readonly ChartDatum[], loc: ReportLocale): string {
  const nf = new Intl.NumberFormat(loc.numberLocale, { maximumFractionDigits: 3 });
  const values = data.map((d) => `${d.series ? `${d.series}, ` : ''}${d.label} ${nf.format(d.value)}`).join('; ');
  return (loc.labels.chartDescription ?? '{title}. {values}.').replace('{title}', title).replace('{values}', values || (loc.labels.none ?? ''));
}

/** The charts of a phase-end report, in the order the templates show them, labelled in the report's language. */
export function reportChartSpecs(model: ReportModel, loc: ReportLocale, names: ChartNames = {}): ReportChartSpec[] {
  const w = new ChartWords(loc, names);
  const L = w.L;
  const locale = { decimal: loc.decimal, group: loc.group };
  const cases = (name: string, title: string, xTitle: string, data: ChartDatum[]): ReportChartSpec => ({
    name,
    title,
    spec: { kind: 'bar', title, xTitle, yTitle: L.axisCases!, data, locale, description: w.describe(title, data), ...halfWhenSmall(data) },
  });
  const byCases = (rows: readonly CountRow[], label: (r: CountRow) => string) =>
    [...rows].sort((a, b) => b.cases - a.cases).map((r) => ({ label: label(r), value: r.cases }));
  return [
    cases('commodity', L.chartCommodity!, L.axisCommodity!, model.headline.byCommodity.map((r) => ({ label: loc.commodities[r.commodity] ?? r.commodity, value: r.cases }))),
    ...quantityCharts(model, w, locale),
    cases('route', L.chartRoute!, L.axisRoute!, model.byRouteOnly.map((r) => ({ label: loc.routes[r.keys.route!] ?? r.keys.route!, value: r.cases }))),
    cases('country', L.chartCountry!, L.axisCountry!, byCases(model.byCountry, (r) => w.country(r.keys.country!))),
    trendChart(model, loc, cases),
    cases('phases', L.chartPhases!, L.axisPhase!, model.trend.phases.map((p) => ({ label: p.name, value: p.cases }))),
  ];
}

/**
 * One chart per commodity and canonical unit: the quantity of each good, largest
 * first (kg of each drug, sticks of cigarettes, pieces of wildlife …); quantities
 * of different units or commodities are never drawn on one axis.
 */
function quantityCharts(model: ReportModel, w: ChartWords, locale: ChartSpec['locale']): ReportChartSpec[] {
  const { L, loc } = w;
  const out: ReportChartSpec[] = [];
  for (const c of model.headline.byCommodity) {
    for (const unit of model.units) {
      const data = model.bySubtype
        .filter((r) => r.keys.commodity === c.commodity)
        .map((r) => ({ label: w.good(r.keys.subtype!), value: r.quantities.find((q) => q.unit === unit)?.quantity ?? 0 }))
        .filter((d) => d.value > 0)
        .sort((a, b) => b.value - a.value);
      if (data.length === 0) continue;
      const values = { commodity: loc.commodities[c.commodity] ?? c.commodity, unit: loc.units[unit] ?? unit };
      const title = fill(L.chartQuantity ?? '{commodity}: quantity by type ({unit})', values);
      out.push({
        name: `quantity-${c.commodity}-${unit}`,
        title,
        spec: { kind: 'bar', title, xTitle: L.subtype ?? 'Type', yTitle: fill(L.axisQuantity ?? 'Quantity ({unit})', values), data, locale, description: w.describe(title, data), ...halfWhenSmall(data) },
      });
    }
  }
  return out;
}

/** A chart of few bars is drawn half across the page, so two stand side by side rather than leave half of each row empty. */
function halfWhenSmall(data: readonly ChartDatum[]): { width?: number } {
  return data.length <= HALF_MAX_BARS ? { width: HALF_WIDTH } : {};
}

/** Cases per week, or per month or year when the phase has totals of a month or a year (ReportModel.trend.grain). */
function trendChart(model: ReportModel, loc: ReportLocale, cases: (name: string, title: string, xTitle: string, data: ChartDatum[]) => ReportChartSpec): ReportChartSpec {
  const L = loc.labels;
  const { grain } = model.trend;
  if (grain === 'week') return cases('weekly', L.chartWeekly!, L.axisWeek!, weeklyData(model, loc));
  const data = model.trend.periods.map((p) => ({ label: labelPeriod(p.period, model.phase.start, model.phase.end, loc).label, value: p.cases }));
  if (grain === 'month') return cases('monthly', L.trendMonthly!, L.trendMonth!, data);
  return cases('yearly', L.trendYearly!, L.trendYear!, data);
}

/** Cases per trend period, each labelled by its dates; a period the phase covers in part is drawn lighter and says so. */
function weeklyData(model: ReportModel, loc: ReportLocale): ChartDatum[] {
  return model.trend.weekly.map((r) => {
    const p = labelPeriod(r.week, model.phase.start, model.phase.end, loc);
    if (!p.partial) return { label: p.label, value: r.cases };
    const part = fill(loc.labels.partialPeriod ?? '{days} of {of} days', p.partial);
    return { label: `${p.label} (${part})`, value: r.cases, muted: true };
  });
}

/**
 * The report's charts as SVG: the route map (`flows-map`, when a flow has both
 * ends known), the half-width charts, then the other wide ones; the charting library and the map's outlines
 * are loaded only now (not for `--help`, nor for a build without charts).
 */
export async function renderReportCharts(model: ReportModel, loc: ReportLocale, names: ChartNames = {}): Promise<RenderedChart[]> {
  const { renderCharts } = await import('./charts.js');
  const charts = reportChartSpecs(model, loc, names);
  const svgs = await renderCharts(charts.map((c) => c.spec));
  const out = charts.map((c, i) => ({ name: c.name, title: c.title, svg: svgs[i]!, wide: c.spec.width === undefined }));
  const map = await renderFlowMap(model, new ChartWords(loc, names));
  // the map, then the half-width charts two by two (short rows that fill the page under the map), then the tall wide ones
  return [...(map ? [map] : []), ...out.filter((c) => !c.wide), ...out.filter((c) => c.wide)];
}

/** The route map of the model's top flows, or undefined when no flow can be drawn (an end unknown, or both the same). */
export async function renderFlowMap(model: ReportModel, w: ChartWords): Promise<RenderedChart | undefined> {
  const flows = model.flows.map((r) => ({ origin: r.keys.origin!, destination: r.keys.destination!, cases: r.cases }));
  const codes = [...new Set(flows.flatMap((f) => [f.origin, f.destination]))].filter((c) => c !== '' && c !== 'ZZ');
  if (!flows.some((f) => f.origin !== f.destination && codes.includes(f.origin) && codes.includes(f.destination))) return undefined;
  const [{ loadTopology, placeCountries }, { drawFlowMap, drawableFlows, flowMapLayout }] = await Promise.all([import('./atlas.js'), import('./flow-map.js')]);
  const atlas = loadTopology('countries-110m');
  const places = placeCountries(codes, atlas, () => loadTopology('countries-50m'));
  const drawn = drawableFlows(flows, new Map(places.map((p) => [p.code, p])));
  if (drawn.length === 0) return undefined;
  const { L } = w;
  const title = L.chartMap ?? 'Top origin → destination flows';
  const names = Object.fromEntries(places.map((p) => [p.code, w.country(p.code)]));
  const layout = flowMapLayout(atlas, places, { title, note: L.mapNote ?? '', flows: drawn, names, format: (n) => w.number(n) });
  const description = `${L.mapDescription ?? title}: ${drawn.map((f) => `${names[f.origin]} → ${names[f.destination]}: ${w.number(f.cases)}`).join('; ')}.`;
  return { name: 'flows-map', title, svg: drawFlowMap(layout, description, 'flows-map'), wide: true };
}
