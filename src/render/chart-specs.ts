import type { ReportModel } from '../aggregate/report-model.js';
import type { ChartDatum, ChartSpec } from './charts.js';
import type { ReportLocale } from './locale.js';

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
}

/** The charts of a phase-end report, in the order the templates show them, labelled in the report's language. */
export function reportChartSpecs(model: ReportModel, loc: ReportLocale): ReportChartSpec[] {
  const L = loc.labels;
  const locale = { decimal: loc.decimal, group: loc.group };
  const charts = [
    { name: 'commodity', title: L.chartCommodity!, xTitle: L.axisCommodity!, data: model.headline.byCommodity.map((r) => ({ label: loc.commodities[r.commodity] ?? r.commodity, value: r.cases })), kind: 'bar' as const },
    { name: 'route', title: L.chartRoute!, xTitle: L.axisRoute!, data: model.byRouteOnly.map((r) => ({ label: loc.routes[r.keys.route!] ?? r.keys.route!, value: r.cases })), kind: 'bar' as const },
    { name: 'country', title: L.chartCountry!, xTitle: L.axisCountry!, data: model.byCountry.map((r) => ({ label: r.keys.country!, value: r.cases })), kind: 'bar' as const },
    trendChart(model, loc),
    { name: 'phases', title: L.chartPhases!, xTitle: L.axisPhase!, data: model.trend.phases.map((p) => ({ label: p.id, value: p.cases })), kind: 'bar' as const },
  ];
  return charts.map((c) => ({ name: c.name, title: c.title, spec: { kind: c.kind, title: c.title, xTitle: c.xTitle, yTitle: L.axisCases!, data: c.data, locale, description: chartDescription(c.title, c.data, loc) } }));
}

/** What a screen reader says for a chart, in the report's language: its title, then each label with its value. */
export function chartDescription(title: string, data: readonly ChartDatum[], loc: ReportLocale): string {
  const nf = new Intl.NumberFormat(loc.numberLocale, { maximumFractionDigits: 3 });
  const values = data.map((d) => `${d.series ? `${d.series}, ` : ''}${d.label} ${nf.format(d.value)}`).join('; ');
  return (loc.labels.chartDescription ?? '{title}. {values}.').replace('{title}', title).replace('{values}', values || (loc.labels.none ?? ''));
}

/** Cases per week, or per month or year when the phase has totals of a month or a year (ReportModel.trend.grain). */
function trendChart(model: ReportModel, loc: ReportLocale) {
  const L = loc.labels;
  const { grain } = model.trend;
  const data = model.trend.periods.map((p) => ({ label: p.period, value: p.cases }));
  if (grain === 'week') return { name: 'weekly', title: L.chartWeekly!, xTitle: L.axisWeek!, data, kind: 'line' as const };
  if (grain === 'month') return { name: 'monthly', title: L.trendMonthly!, xTitle: L.trendMonth!, data, kind: 'line' as const };
  return { name: 'yearly', title: L.trendYearly!, xTitle: L.trendYear!, data, kind: 'line' as const };
}

/** The report's charts as SVG; the charting library is loaded only now (not for `--help`, nor for a build without charts). */
export async function renderReportCharts(model: ReportModel, loc: ReportLocale): Promise<RenderedChart[]> {
  const { renderCharts } = await import('./charts.js');
  const charts = reportChartSpecs(model, loc);
  const svgs = await renderCharts(charts.map((c) => c.spec));
  return charts.map((c, i) => ({ name: c.name, title: c.title, svg: svgs[i]! }));
}
