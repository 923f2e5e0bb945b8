import type { Campaign, Phase } from '../config/campaign.js';
import { CANONICAL_UNITS, conversionLabel, type CanonicalUnit, type ConversionCount } from '../normalize/unit.js';
import type { Buckets } from '../core/diagnostic.js';
import { round3, type AggregateRow } from './aggregator.js';
import { campaignBlock, silentAgencies, type CampaignBlock, type SilentAgency } from './campaign-block.js';
import { PreviousPhase, rowsByFirst, type Change } from './change.js';
import type { LargeSeizure } from './large-seizure.js';
import { byReason } from './reasons.js';
import type { ReportCollector, ReportTable } from './report-collector.js';

/** Version of the model handed to templates; bumped on any breaking change. */
export const REPORT_SCHEMA_VERSION = 1;

export interface QuantityCell {
  unit: CanonicalUnit;
  quantity: number;
}

export interface CountRow {
  keys: Record<string, string>;
  cases: number;
  seizures: number;
  /** Quantities per canonical unit present in the report (0 when none). */
  quantities: QuantityCell[];
}

export interface HeadlineRow {
  commodity: string;
  cases: number;
  seizures: number;
  casesChange: Change;
  seizuresChange: Change;
  quantities: (QuantityCell & { change: Change })[];
}

export interface SourceSummary extends Buckets {
  file: string;
  sha256: string;
  /** Rows that are not records (title rows above the header, totals rows, blank rows), when there were any. */
  skipped?: { title: number; totals: number; blank: number };
  /** Rows the source's `where:` left out (counted in out_of_scope), when it has a filter. */
  filtered?: number;
  /** Accepted records per quantity column, in the order the campaign file lists them, when the source has several. */
  quantityColumns?: { column: string; records: number }[];
}

/** The documented, versioned data handed to report templates (README "Report model"). */
export interface ReportModel {
  schemaVersion: number;
  generatedAt: string | null;
  campaign: CampaignBlock;
  phase: { id: string; name: string; start: string; end: string; number: number; of: number };
  previousPhase: { id: string; name: string } | null;
  units: CanonicalUnit[];
  /** `reportedTotals`: the phase has reported totals (a count column, or dates that are only a month or a year): its seizures are records, not all single seizures. */
  headline: { cases: number; seizures: number; casesChange: Change; seizuresChange: Change; reportedTotals: boolean; byCommodity: HeadlineRow[] };
  bySubtype: CountRow[];
  byCountry: CountRow[];
  byRoute: CountRow[];
  /** Cases per route over all directions (a case counts once per route). */
  byRouteOnly: CountRow[];
  flows: CountRow[];
  largest: { commodity: string; unit: CanonicalUnit; items: LargeSeizure[] }[];
  trend: {
    /** The coarsest precision of the phase's dates: weeks when every record is dated by day, else months, else years (README "Date precision"). */
    grain: TrendGrain;
    /** Cases and seizures per period of `grain`: ISO week (yyyy-Www), month (yyyy-MM) or year (yyyy). */
    periods: { period: string; cases: number; seizures: number }[];
    /** The periods when the grain is weeks, else none. */
    weekly: { week: string; cases: number; seizures: number }[];
    phases: { id: string; name: string; cases: number; seizures: number }[];
  };
  annex: {
    buckets: Buckets;
    sources: SourceSummary[];
    rejectedByReason: { code: string; count: number }[];
    silentParticipants: string[];
    /** The reporting countries of the phase's accepted records, by code (the report lists them when the campaign lists no participants). */
    reporters: string[];
    /** Agencies the campaign names that reported nothing in the phase (their country may have reported through others). */
    silentAgencies: SilentAgency[];
    /** Spellings to add to the vocabulary (`aliases.subtype`) or the campaign's agencies, with the file and how many records carry them. */
    unknownSubtypes: { value: string; file: string; records: number }[];
    unknownAgencies: { value: string; file: string; records: number }[];
    /** e.g. { from: "cây", factor: 200, unit: "sticks" }: the template says it in its language. */
    conversions: { label: string; from: string; factor: number; unit: string; count: number }[];
  };
}

/** The periods of a report's trend. */
export type TrendGrain = 'week' | 'month' | 'year';

export interface ModelInputs {
  campaign: Campaign;
  phase: Phase;
  collector: ReportCollector;
  buckets: Buckets;
  sources: readonly SourceSummary[];
  rejectedByReason: ReadonlyMap<string, number>;
  conversions: readonly ConversionCount[];
  /** Subtypes outside the goods vocabulary and agencies the campaign does not name, per source file (whole campaign). */
  unknownWords?: readonly { field: 'subtype' | 'agency'; value: string; file: string; records: number }[];
  generatedAt: string | null;
  flowsTop?: number;
}

/** Builds the model of one phase's report from the collected aggregates. Pure. */
export function buildReportModel(inp: ModelInputs): ReportModel {
  const { campaign, phase, collector } = inp;
  const index = campaign.phases.findIndex((p) => p.id === phase.id);
  const prev = index > 0 ? campaign.phases[index - 1]! : undefined;
  const tables = new PhaseTables(collector, phase.id);
  const byCountry = tables.counts('country', ['country']);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: inp.generatedAt,
    campaign: campaignBlock(campaign),
    phase: { id: phase.id, name: phase.name, start: phase.start.iso, end: phase.end.iso, number: index + 1, of: campaign.phases.length },
    previousPhase: prev ? { id: prev.id, name: prev.name } : null,
    units: tables.units,
    headline: headlineOf(tables, collector, prev),
    bySubtype: tables.counts('subtype', ['commodity', 'subtype']),
    byCountry,
    byRoute: tables.counts('route', ['route', 'direction']),
    byRouteOnly: tables.counts('routeOnly', ['route']),
    flows: topFlows(tables, inp.flowsTop ?? 10),
    largest: largestOf(collector, phase.id),
    trend: trendOf(collector, campaign, phase.id),
    annex: annexOf(inp, byCountry, collector),
  };
}

function inPhase(rows: readonly AggregateRow[], id: string | undefined): AggregateRow[] {
  return rows.filter((r) => r.dims[0] === id);
}

/** One phase's rows of the report tables, with the quantities of each group per unit present in the phase. */
class PhaseTables {
  /** The canonical units with a quantity in the phase, in canonical order: the quantity columns of every table. */
  readonly units: CanonicalUnit[];

  constructor(
    readonly collector: ReportCollector,
    readonly phase: string,
  ) {
    const present = new Set<CanonicalUnit>(this.rows('total', true).map((r) => r.unit));
    this.units = CANONICAL_UNITS.filter((u) => present.has(u));
  }

  rows(t: ReportTable, withUnits: boolean): AggregateRow[] {
    return inPhase(this.collector.rows(t, withUnits), this.phase);
  }

  /** Table `t`'s groups, their dimensions (after the phase) named `names`. */
  counts(t: ReportTable, names: readonly string[]): CountRow[] {
    const q = new Map<string, Map<CanonicalUnit, number>>();
    for (const r of this.rows(t, true)) {
      const k = r.dims.slice(1).join('\u001f');
      if (!q.has(k)) q.set(k, new Map());
      q.get(k)!.set(r.unit, r.quantity);
    }
    return this.rows(t, false).map((r) => {
      const k = r.dims.slice(1).join('\u001f');
      return {
        keys: Object.fromEntries(names.map((n, i) => [n, r.dims[i + 1]!])),
        cases: r.cases,
        seizures: r.seizures,
        quantities: this.units.map((unit) => ({ unit, quantity: q.get(k)?.get(unit) ?? 0 })),
      };
    });
  }
}

/** The phase's totals and figures by commodity, each against the previous phase. */
function headlineOf(tables: PhaseTables, collector: ReportCollector, prev: Phase | undefined): ReportModel['headline'] {
  const previous = (t: ReportTable, withUnits: boolean) => new PreviousPhase(prev ? inPhase(collector.rows(t, withUnits), prev.id) : undefined);
  const prevTotal = previous('total', false);
  const prevCommodity = previous('commodity', false);
  const prevQty = previous('commodity', true);
  const total = tables.rows('total', false)[0];
  const byCommodity: HeadlineRow[] = tables.counts('commodity', ['commodity']).map((row) => {
    const c = row.keys.commodity!;
    return {
      commodity: c,
      cases: row.cases,
      seizures: row.seizures,
      casesChange: prevCommodity.change(row.cases, 'cases', [c]),
      seizuresChange: prevCommodity.change(row.seizures, 'seizures', [c]),
      quantities: row.quantities.filter((x) => x.quantity > 0).map((x) => ({ ...x, change: prevQty.change(x.quantity, 'quantity', [c], x.unit) })),
    };
  });
  return {
    cases: total?.cases ?? 0,
    seizures: total?.seizures ?? 0,
    casesChange: prevTotal.change(total?.cases ?? 0, 'cases'),
    seizuresChange: prevTotal.change(total?.seizures ?? 0, 'seizures'),
    reportedTotals: collector.hasReportedTotals(tables.phase),
    byCommodity,
  };
}

/** The `top` origin → destination flows with at least one end known, most cases first. */
function topFlows(tables: PhaseTables, top: number): CountRow[] {
  return tables
    .counts('flow', ['origin', 'destination'])
    .filter((r) => r.keys.origin !== '' || r.keys.destination !== '')
    .sort((a, b) => b.cases - a.cases || b.seizures - a.seizures || (a.keys.origin! + a.keys.destination! < b.keys.origin! + b.keys.destination! ? -1 : 1))
    .slice(0, top);
}

/** The largest seizures of the phase per commodity and unit, in commodity then canonical unit order. */
function largestOf(collector: ReportCollector, phase: string): ReportModel['largest'] {
  return [...collector.largestOf(phase).entries()]
    .map(([key, items]) => {
      const [commodity, unit] = key.split('\u001f') as [string, CanonicalUnit];
      return { commodity, unit, items: items.map((i) => ({ ...i, quantity: round3(i.quantity) })) };
    })
    .sort((a, b) => (a.commodity < b.commodity ? -1 : a.commodity > b.commodity ? 1 : CANONICAL_UNITS.indexOf(a.unit) - CANONICAL_UNITS.indexOf(b.unit)));
}

/**
 * The trend's grain in a phase: weeks when every record has a week (is dated by
 * day), else months when every record has a month, else years. A total of a
 * month or a year is never placed in a week.
 */
export function trendGrain(collector: ReportCollector, phase: string): TrendGrain {
  // The tables with units (true) have the same empty weeks and months: equivalent mutants.
  // Stryker disable next-line BooleanLiteral: equivalent (see above)
  if (!inPhase(collector.rows('week', false), phase).some((r) => r.dims[1] === '')) return 'week';
  // Stryker disable next-line BooleanLiteral: equivalent (see above)
  return inPhase(collector.rows('month', false), phase).some((r) => r.dims[1] === '') ? 'year' : 'month';
}

/** Cases and seizures per period of the phase (weeks, months or years: trendGrain), and per phase of the campaign (0 for a phase with none). */
function trendOf(collector: ReportCollector, campaign: Campaign, phase: string): ReportModel['trend'] {
  const totals = rowsByFirst(collector.rows('total', false));
  const grain = trendGrain(collector, phase);
  const periods = inPhase(collector.rows(grain, false), phase).map((r) => ({ period: r.dims[1]!, cases: r.cases, seizures: r.seizures }));
  return {
    grain,
    periods,
    weekly: grain === 'week' ? periods.map((p) => ({ week: p.period, cases: p.cases, seizures: p.seizures })) : [],
    phases: campaign.phases.map((p) => {
      const t = totals.get(p.id);
      return { id: p.id, name: p.name, cases: t?.cases ?? 0, seizures: t?.seizures ?? 0 };
    }),
  };
}

/** Buckets, sources, rejected records by reason, participants that reported nothing in the phase, unit conversions. */
function annexOf(inp: ModelInputs, byCountry: readonly CountRow[], collector: ReportCollector): ReportModel['annex'] {
  const reporting = new Set(byCountry.map((r) => r.keys.country!));
  const agencies = new Set(collector.rows('agency', false).flatMap((r) => (r.dims[0] === inp.phase.id ? [`${r.dims[1]}\u001f${r.dims[2]}`] : [])));
  return {
    buckets: { ...inp.buckets },
    sources: inp.sources.map((s) => ({ ...s })),
    rejectedByReason: byReason(inp.rejectedByReason),
    silentParticipants: inp.campaign.participants.filter((p) => !reporting.has(p)),
    reporters: [...reporting].sort(),
    silentAgencies: silentAgencies(inp.campaign, (country, agency) => agencies.has(`${country}\u001f${agency}`)),
    unknownSubtypes: (inp.unknownWords ?? []).filter((w) => w.field === 'subtype').map(({ value, file, records }) => ({ value, file, records })),
    unknownAgencies: (inp.unknownWords ?? []).filter((w) => w.field === 'agency').map(({ value, file, records }) => ({ value, file, records })),
    conversions: inp.conversions.map((c) => ({ label: conversionLabel(c), from: c.from, factor: c.factor, unit: c.unit, count: c.count })).sort((a, b) => (a.label < b.label ? -1 : 1)),
  };
}
