import type { Campaign, Phase } from '../config/campaign.js';
import { CANONICAL_UNITS, conversionLabel, type CanonicalUnit, type ConversionCount } from '../normalize/unit.js';
import type { Buckets } from '../core/diagnostic.js';
import { round3, type AggregateRow } from './aggregator.js';
import { campaignBlock, silentAgencies, type CampaignBlock, type SilentAgency } from './campaign-block.js';
import { PreviousPhase, rowsByFirst, type Change } from './change.js';
import type { LargeSeizure } from './large-seizure.js';
import { byReason } from './reasons.js';
import type { PhaseTally } from './phase-tally.js';
import type { ReportCollector, ReportTable } from './report-collector.js';

/** Version of the model handed to templates; bumped on any breaking change (2: no quantity summed across commodities). */
export const REPORT_SCHEMA_VERSION = 2;

export interface QuantityCell {
  unit: CanonicalUnit;
  quantity: number;
}

/** A group's cases and seizures (counts may be added across goods; quantities may not). */
export interface CountRow {
  keys: Record<string, string>;
  cases: number;
  seizures: number;
}

/** A group of one good or one commodity, with its quantities per unit of its table (0 when none). */
export interface QuantityRow extends CountRow {
  quantities: QuantityCell[];
}

/**
 * One commodity's rows of a breakdown (by country, agency or route): its
 * units are those with a quantity of this commodity in the table, so no
 * column is empty and no column adds two commodities.
 */
export interface CommodityTable {
  commodity: string;
  units: CanonicalUnit[];
  rows: QuantityRow[];
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

/** `full`: everything; `summary`: no file path, hash or row detail (for reports that leave the coordinating agency). */
export type AnnexMode = 'full' | 'summary' | 'none';

/** What the report says about itself (`report:` of the campaign file), texts in the report's language. */
export interface ReportMeta {
  /** yyyy-MM-dd: the campaign file's issue date, else the last day of the phase. */
  issued: string;
  /** Whether `issued` was given (else it is the phase's last day). */
  issuedGiven: boolean;
  version: string | null;
  contact: string | null;
  agencies: string[];
  acknowledgements: string | null;
}

export interface PhaseRef {
  id: string;
  /** Its name in the report's language (the id when the campaign file gives none). */
  name: string;
  /** False when the campaign file gives it no name (templates then say "Phase N"). */
  named: boolean;
  number: number;
}

/** The documented, versioned data handed to report templates (README "Report model"). */
export interface ReportModel {
  schemaVersion: number;
  generatedAt: string | null;
  report: ReportMeta;
  campaign: CampaignBlock;
  /** `subtitle`: the name without a leading "Phase N" (null when nothing else is left, or the name is the id). */
  phase: PhaseRef & { start: string; end: string; of: number; subtitle: string | null };
  previousPhase: PhaseRef | null;
  /** The canonical units with a (non-zero) quantity in the phase, in canonical order (the columns of bySubtype). */
  units: CanonicalUnit[];
  /** `reportedTotals`: the phase has reported totals (a count column, or dates that are only a month or a year): its seizures are records, not all single seizures. */
  headline: { cases: number; seizures: number; casesChange: Change; seizuresChange: Change; reportedTotals: boolean; byCommodity: HeadlineRow[] };
  /** One row per good (commodity, subtype), quantities per unit of the phase. */
  bySubtype: QuantityRow[];
  /** Cases and seizures per reporting country (every commodity). */
  byCountry: CountRow[];
  byCountryCommodity: CommodityTable[];
  /** Per commodity, its agencies (keys: country, agency id, agencyName; agency '' when the record named none). */
  byAgencyCommodity: CommodityTable[];
  /** Cases and seizures per route and direction. */
  byRoute: CountRow[];
  /** Whether any record of the phase gives a direction (else byRoute says nothing byRouteOnly does not). */
  directions: boolean;
  /** Cases per route over all directions (a case counts once per route). */
  byRouteOnly: CountRow[];
  byRouteCommodity: CommodityTable[];
  flows: CountRow[];
  /** `concealment`: whether any item of the list says where the goods were hidden. */
  largest: { commodity: string; unit: CanonicalUnit; concealment: boolean; items: LargeSeizure[] }[];
  trend: {
    /** The coarsest precision of the phase's dates: weeks when every record is dated by day, else months, else years (README "Date precision"). */
    grain: TrendGrain;
    /** Cases and seizures per period of `grain`: ISO week (yyyy-Www), month (yyyy-MM) or year (yyyy). */
    periods: { period: string; cases: number; seizures: number }[];
    /** The periods when the grain is weeks, else none. */
    weekly: { week: string; cases: number; seizures: number }[];
    phases: (PhaseRef & { cases: number; seizures: number })[];
  };
  /** Every phase up to this one as one period (a case counted once however many of them it falls in). */
  toDate: { phases: PhaseRef[]; start: string; end: string; cases: number; seizures: number; byCommodity: (QuantityRow & { commodity: string })[] };
  /** null with `--annex none`. */
  annex: {
    mode: 'full' | 'summary';
    /**
     * The phase's own records: accepted, and those of raw sources dated in the
     * phase that were rejected, duplicates or out of scope (`read` their sum).
     */
    phase: Buckets & { rejectedByReason: { code: string; count: number }[] };
    /** Rejected records of the campaign that cannot be placed in a phase (no readable date, or outside every phase). */
    unplacedRejected: number;
    /** The whole campaign (every phase, every source). */
    buckets: Buckets;
    /** Empty in `summary` mode. */
    sources: SourceSummary[];
    rejectedByReason: { code: string; count: number }[];
    silentParticipants: string[];
    /** The reporting countries of the phase's accepted records, by code (the report lists them when the campaign lists no participants). */
    reporters: string[];
    /** Agencies the campaign names that reported nothing in the phase (their country may have reported through others). */
    silentAgencies: SilentAgency[];
    /** Spellings to add to the vocabulary (`aliases.subtype`) or the campaign's agencies, with the file (empty in `summary` mode, merged by value) and how many records carry them. */
    unknownSubtypes: { value: string; file: string; records: number }[];
    unknownAgencies: { value: string; file: string; records: number }[];
    /** e.g. { from: "cây", factor: 200, unit: "sticks" }: the template says it in its language. */
    conversions: { label: string; from: string; factor: number; unit: string; count: number }[];
  } | null;
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
  /** The report's language (phase names, acknowledgements); default en. */
  lang?: string;
  /** A phase's one name (the campaign file's, else a default such as "Phase 2" or "2024-07") in the report's language; default: as written. */
  localizeName?: (name: string) => string;
  /** Default: the campaign file's `report.annex`, else full. */
  annex?: AnnexMode;
  /** What was set aside in each phase (rejected, duplicates, out of scope); none given: zeros. */
  tally?: PhaseTally;
}

/** Builds the model of one phase's report from the collected aggregates. Pure. */
export function buildReportModel(inp: ModelInputs): ReportModel {
  const { campaign, phase, collector } = inp;
  const lang = inp.lang ?? 'en';
  const index = campaign.phases.findIndex((p) => p.id === phase.id);
  const localize = inp.localizeName ?? ((name: string) => name);
  // A name per language from the campaign file wins; else its one name, localized when it is a default the tool knows.
  const nameOf = (p: Phase) => p.names?.[lang as 'en' | 'vi' | 'ko'] ?? localize(p.name);
  const ref = (p: Phase): PhaseRef => {
    const name = nameOf(p);
    return { id: p.id, name, named: name !== p.id || isPeriodId(p.id), number: campaign.phases.indexOf(p) + 1 };
  };
  const prev = index > 0 ? campaign.phases[index - 1]! : undefined;
  const tables = new PhaseTables(collector, phase.id);
  const byCountry = tables.counts('country', ['country']);
  const byRoute = tables.counts('route', ['route', 'direction']);
  const agencyName = agencyNames(campaign);
  const mode = inp.annex ?? campaign.report?.annex ?? 'full';
  const current = ref(phase);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: inp.generatedAt,
    report: reportMeta(campaign, phase, lang),
    campaign: campaignBlock(campaign),
    phase: { ...current, start: phase.start.iso, end: phase.end.iso, of: campaign.phases.length, subtitle: phaseSubtitle(current.name, phase.id, current.number) },
    previousPhase: prev ? ref(prev) : null,
    units: tables.units,
    headline: headlineOf(tables, collector, prev),
    bySubtype: tables.quantities('subtype', ['commodity', 'subtype']),
    byCountry,
    byCountryCommodity: tables.byCommodity('countryCommodity', ['country']),
    byAgencyCommodity: agencyTables(tables.byCommodity('agencyCommodity', ['country', 'agency']), agencyName),
    byRoute,
    directions: byRoute.some((r) => r.keys.direction !== ''),
    byRouteOnly: tables.counts('routeOnly', ['route']),
    byRouteCommodity: tables.byCommodity('routeCommodity', ['route']),
    flows: topFlows(tables, inp.flowsTop ?? 10),
    largest: largestOf(collector, phase.id),
    trend: trendOf(collector, campaign, phase.id, ref),
    toDate: toDateOf(collector, campaign.phases.slice(0, index + 1), ref, phase.id),
    annex: mode === 'none' ? null : annexOf(inp, mode, byCountry, collector),
  };
}

/** A phase's name in `lang`: its name in that language, else its one name (the id when it has none). */
export function phaseName(p: Phase, lang: string): string {
  return p.names?.[lang as 'en' | 'vi' | 'ko'] ?? p.name;
}

/** Leading "Phase N" / "Giai đoạn N" / "N단계" (and what separates it from the rest) of the phase numbered N. */
const PHASE_PREFIX = (n: number) => new RegExp(`^\\s*(?:(?:phase|giai\\s+đoạn|đợt|p)\\s*0*${n}|0*${n}\\s*단계|단계\\s*0*${n})(?![\\p{L}\\p{N}])[\\s:.,;—–-]*`, 'iu');

/**
 * What the cover adds after "Phase N of M": the name without a leading
 * "Phase N" (in English, Vietnamese or Korean); null when the name is the id
 * (the campaign file gives none) or nothing is left ("Phase 1 of 3: Phase 1").
 */
export function phaseSubtitle(name: string, id: string, n: number): string | null {
  if (name === id && !isPeriodId(id)) return null;
  const rest = name.replace(PHASE_PREFIX(n), '').trim();
  return rest === '' ? null : rest;
}

/** The report block: the campaign file's `report:` in `lang`; the issue date defaults to the phase's last day. */
function reportMeta(campaign: Campaign, phase: Phase, lang: string): ReportMeta {
  const r = campaign.report;
  const ack = r?.acknowledgements;
  return {
    issued: r?.issued ?? phase.end.iso,
    issuedGiven: r?.issued !== undefined,
    version: r?.version ?? null,
    contact: r?.contact ?? null,
    agencies: [...(r?.agencies ?? [])],
    acknowledgements: ack ? (ack[lang as 'en' | 'vi' | 'ko'] ?? ack[''] ?? ack.en ?? null) : null,
  };
}

/** Agency id → the name the campaign gives it (an agency it does not name: as written). */
function agencyNames(campaign: Campaign): (id: string) => string {
  const names = new Map(campaign.agencies.map((a) => [a.id, a.name]));
  return (id) => names.get(id) ?? id;
}

function inPhase(rows: readonly AggregateRow[], id: string | undefined): AggregateRow[] {
  return rows.filter((r) => r.dims[0] === id);
}

/** One phase's rows of the report tables, with the quantities of each group per unit present in the phase. */
class PhaseTables {
  /** The canonical units with a quantity in the phase, in canonical order: the quantity columns of bySubtype. */
  readonly units: CanonicalUnit[];

  constructor(
    readonly collector: ReportCollector,
    readonly phase: string,
  ) {
    // A unit only a count row (quantity 0) is in has nothing to show: no column.
    const present = new Set<CanonicalUnit>(this.rows('total', true).flatMap((r) => (r.quantity > 0 ? [r.unit] : [])));
    this.units = CANONICAL_UNITS.filter((u) => present.has(u));
  }

  rows(t: ReportTable, withUnits: boolean): AggregateRow[] {
    return inPhase(this.collector.rows(t, withUnits), this.phase);
  }

  /** Table `t`'s groups (cases and seizures), their dimensions (after the phase) named `names`. */
  counts(t: ReportTable, names: readonly string[]): CountRow[] {
    return this.rows(t, false).map((r) => ({ keys: keysOf(r, names), cases: r.cases, seizures: r.seizures }));
  }

  /** Table `t`'s groups with their quantities in `units` (default: the phase's), 0 where none. */
  quantities(t: ReportTable, names: readonly string[], rows = this.rows(t, false), units = this.units): QuantityRow[] {
    const q = quantitiesByKey(this.rows(t, true));
    return rows.map((r) => {
      const k = keyOf(r);
      return { keys: keysOf(r, names), cases: r.cases, seizures: r.seizures, quantities: units.map((unit) => ({ unit, quantity: q.get(k)?.get(unit) ?? 0 })) };
    });
  }

  /**
   * Table `t` (dimensions: `names`, then commodity) as one table per commodity,
   * each with the units that commodity has a quantity in.
   */
  byCommodity(t: ReportTable, names: readonly string[]): CommodityTable[] {
    const withUnits = this.rows(t, true);
    const commodityAt = names.length + 1;
    const out: CommodityTable[] = [];
    for (const commodity of [...new Set(this.rows(t, false).map((r) => r.dims[commodityAt]!))].sort()) {
      const present = new Set(withUnits.filter((r) => r.dims[commodityAt] === commodity && r.quantity > 0).map((r) => r.unit));
      const units = CANONICAL_UNITS.filter((u) => present.has(u));
      const rows = this.rows(t, false).filter((r) => r.dims[commodityAt] === commodity);
      out.push({ commodity, units, rows: this.quantities(t, names, rows, units) });
    }
    return out;
  }
}

function keyOf(r: AggregateRow): string {
  return r.dims.slice(1).join('\u001f');
}

function keysOf(r: AggregateRow, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n, i) => [n, r.dims[i + 1]!]));
}

/** Rows split by unit → group key (the dimensions after the first) → unit → quantity. */
function quantitiesByKey(rows: readonly AggregateRow[]): Map<string, Map<CanonicalUnit, number>> {
  const q = new Map<string, Map<CanonicalUnit, number>>();
  for (const r of rows) {
    const k = keyOf(r);
    if (!q.has(k)) q.set(k, new Map());
    q.get(k)!.set(r.unit, r.quantity);
  }
  return q;
}

/** The phase's totals and figures by commodity, each against the previous phase. */
function headlineOf(tables: PhaseTables, collector: ReportCollector, prev: Phase | undefined): ReportModel['headline'] {
  const previous = (t: ReportTable, withUnits: boolean) => new PreviousPhase(prev ? inPhase(collector.rows(t, withUnits), prev.id) : undefined);
  const prevTotal = previous('total', false);
  const prevCommodity = previous('commodity', false);
  const prevQty = previous('commodity', true);
  const total = tables.rows('total', false)[0];
  const byCommodity: HeadlineRow[] = tables.quantities('commodity', ['commodity']).map((row) => {
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
      return { commodity, unit, concealment: items.some((i) => i.concealment !== ''), items: items.map((i) => ({ ...i, quantity: round3(i.quantity) })) };
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
function trendOf(collector: ReportCollector, campaign: Campaign, phase: string, ref: (p: Phase) => PhaseRef): ReportModel['trend'] {
  const totals = rowsByFirst(collector.rows('total', false));
  const grain = trendGrain(collector, phase);
  const periods = inPhase(collector.rows(grain, false), phase).map((r) => ({ period: r.dims[1]!, cases: r.cases, seizures: r.seizures }));
  return {
    grain,
    periods,
    weekly: grain === 'week' ? periods.map((p) => ({ week: p.period, cases: p.cases, seizures: p.seizures })) : [],
    phases: campaign.phases.map((p) => {
      const t = totals.get(p.id);
      return { ...ref(p), cases: t?.cases ?? 0, seizures: t?.seizures ?? 0 };
    }),
  };
}

/** The campaign from its first phase to `phase`: totals, and per commodity its cases, seizures and quantities. */
function toDateOf(collector: ReportCollector, phases: readonly Phase[], ref: (p: Phase) => PhaseRef, phase: string): ReportModel['toDate'] {
  const t = collector.toDate(phase);
  const q = new Map<string, QuantityCell[]>();
  for (const r of t.commodityUnits) if (r.quantity > 0) q.set(r.dims[0]!, [...(q.get(r.dims[0]!) ?? []), { unit: r.unit, quantity: r.quantity }]);
  return {
    phases: phases.map(ref),
    start: phases[0]!.start.iso,
    end: phases[phases.length - 1]!.end.iso,
    cases: t.total[0]?.cases ?? 0,
    seizures: t.total[0]?.seizures ?? 0,
    byCommodity: t.commodity.map((r) => ({ commodity: r.dims[0]!, keys: { commodity: r.dims[0]! }, cases: r.cases, seizures: r.seizures, quantities: q.get(r.dims[0]!) ?? [] })),
  };
}

/** The annex: the phase's own figures, then the campaign's buckets, sources (full only), rejected records, silent participants, conversions. */
function annexOf(inp: ModelInputs, mode: 'full' | 'summary', byCountry: readonly CountRow[], collector: ReportCollector): NonNullable<ReportModel['annex']> {
  const reporting = new Set(byCountry.map((r) => r.keys.country!));
  const agencies = new Set(collector.rows('agency', false).flatMap((r) => (r.dims[0] === inp.phase.id ? [`${r.dims[1]}\u001f${r.dims[2]}`] : [])));
  const full = mode === 'full';
  const words = (field: 'subtype' | 'agency') => {
    const list = (inp.unknownWords ?? []).filter((w) => w.field === field).map(({ value, file, records }) => ({ value, file, records }));
    return full ? list : mergeByValue(list);
  };
  const own = inp.tally?.of(inp.phase.id) ?? { rejected: 0, duplicates: 0, out_of_scope: 0, rejectedByReason: new Map<string, number>() };
  const accepted = collector.recordsOf(inp.phase.id);
  return {
    mode,
    phase: {
      read: accepted + own.rejected + own.duplicates + own.out_of_scope,
      accepted,
      rejected: own.rejected,
      duplicates: own.duplicates,
      out_of_scope: own.out_of_scope,
      rejectedByReason: byReason(own.rejectedByReason),
    },
    unplacedRejected: inp.tally?.unplaced ?? 0,
    buckets: { ...inp.buckets },
    sources: full ? inp.sources.map((s) => ({ ...s })) : [],
    rejectedByReason: byReason(inp.rejectedByReason),
    silentParticipants: inp.campaign.participants.filter((p) => !reporting.has(p)),
    reporters: [...reporting].sort(),
    silentAgencies: silentAgencies(inp.campaign, (country, agency) => agencies.has(`${country}\u001f${agency}`)),
    unknownSubtypes: words('subtype'),
    unknownAgencies: words('agency'),
    conversions: inp.conversions.map((c) => ({ label: conversionLabel(c), from: c.from, factor: c.factor, unit: c.unit, count: c.count })).sort((a, b) => (a.label < b.label ? -1 : 1)),
  };
}

/** The same values from several files as one, without the file: records added, in first-seen order. */
function mergeByValue(list: readonly { value: string; records: number }[]): { value: string; file: string; records: number }[] {
  const out = new Map<string, { value: string; file: string; records: number }>();
  for (const w of list) {
    const e = out.get(w.value);
    if (e) e.records += w.records;
    else out.set(w.value, { value: w.value, file: '', records: w.records });
  }
  return [...out.values()];
}

/** The by-agency tables, with each agency's name; none when no record of the phase names an agency (a table of "not given" says nothing). */
export function agencyTables(tables: CommodityTable[], agencyName: (id: string) => string): CommodityTable[] {
  if (!tables.some((t) => t.rows.some((r) => r.keys.agency !== ''))) return [];
  return tables.map((t) => ({ ...t, rows: t.rows.map((r) => ({ ...r, keys: { ...r.keys, agencyName: agencyName(r.keys.agency!) } })) }));
}

/** An id that is itself a period (2017, 2017-Q3, 2017-07, fy2019, fy2019-q1: generated phases) names its phase; p1 does not. */
export function isPeriodId(id: string): boolean {
  return /^(?:fy)?\d{4}(?:-(?:q[1-4]|\d{2}))?$/i.test(id);
}
