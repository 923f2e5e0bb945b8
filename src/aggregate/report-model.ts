import type { Campaign, Phase } from '../config/campaign.js';
import { CANONICAL_UNITS, type CanonicalUnit } from '../normalize/unit.js';
import type { Buckets } from '../core/diagnostic.js';
import type { AggregateRow } from './aggregator.js';
import type { LargeSeizure } from './large-seizure.js';
import type { ReportCollector, ReportTable } from './report-collector.js';

/** Version of the model handed to templates; bumped on any breaking change. */
export const REPORT_SCHEMA_VERSION = 1;

export interface Change {
  /** The value of the previous phase, or null when there is none to compare with. */
  previous: number | null;
  /** Percent change against it, or null ("n/a"): no previous phase, or it was 0. */
  percent: number | null;
}

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
}

/** The documented, versioned data handed to report templates (README "Report model"). */
export interface ReportModel {
  schemaVersion: number;
  generatedAt: string | null;
  campaign: {
    id: string;
    name: string;
    coordinator: string | null;
    classification: string | null;
    participants: string[];
    participantCount: number;
  };
  phase: { id: string; name: string; start: string; end: string; number: number; of: number };
  previousPhase: { id: string; name: string } | null;
  units: CanonicalUnit[];
  headline: { cases: number; seizures: number; casesChange: Change; seizuresChange: Change; byCommodity: HeadlineRow[] };
  bySubtype: CountRow[];
  byCountry: CountRow[];
  byRoute: CountRow[];
  /** Cases per route over all directions (a case counts once per route). */
  byRouteOnly: CountRow[];
  flows: CountRow[];
  largest: { commodity: string; unit: CanonicalUnit; items: LargeSeizure[] }[];
  trend: { weekly: { week: string; cases: number; seizures: number }[]; phases: { id: string; name: string; cases: number; seizures: number }[] };
  annex: {
    buckets: Buckets;
    sources: SourceSummary[];
    rejectedByReason: { code: string; count: number }[];
    silentParticipants: string[];
    /** e.g. { from: "cây", factor: 200, unit: "sticks" }: the template says it in its language. */
    conversions: { label: string; from: string; factor: number; unit: string; count: number }[];
  };
}

export interface ModelInputs {
  campaign: Campaign;
  phase: Phase;
  collector: ReportCollector;
  buckets: Buckets;
  sources: readonly SourceSummary[];
  rejectedByReason: ReadonlyMap<string, number>;
  conversions: ReadonlyMap<string, number>;
  generatedAt: string | null;
  flowsTop?: number;
}

export function change(current: number, previous: number | null | undefined): Change {
  if (previous === null || previous === undefined) return { previous: null, percent: null };
  return { previous, percent: previous === 0 ? null : ((current - previous) / previous) * 100 };
}

/** Builds the model of one phase's report from the collected aggregates. Pure. */
export function buildReportModel(inp: ModelInputs): ReportModel {
  const { campaign, phase, collector } = inp;
  const index = campaign.phases.findIndex((p) => p.id === phase.id);
  const prev = index > 0 ? campaign.phases[index - 1]! : undefined;
  const inPhase = (rows: AggregateRow[], id: string | undefined) => rows.filter((r) => r.dims[0] === id);

  const qtyRows = (t: ReportTable) => inPhase(collector.rows(t, true), phase.id);
  const unitsPresent = new Set<CanonicalUnit>(qtyRows('total').map((r) => r.unit));
  const units = CANONICAL_UNITS.filter((u) => unitsPresent.has(u));

  const table = (t: ReportTable, names: string[]): CountRow[] => {
    const counts = inPhase(collector.rows(t, false), phase.id);
    const q = new Map<string, Map<CanonicalUnit, number>>();
    for (const r of qtyRows(t)) {
      const k = r.dims.slice(1).join('\u001f');
      if (!q.has(k)) q.set(k, new Map());
      q.get(k)!.set(r.unit, r.quantity);
    }
    return counts.map((r) => {
      const k = r.dims.slice(1).join('\u001f');
      return {
        keys: Object.fromEntries(names.map((n, i) => [n, r.dims[i + 1]!])),
        cases: r.cases,
        seizures: r.seizures,
        quantities: units.map((unit) => ({ unit, quantity: q.get(k)?.get(unit) ?? 0 })),
      };
    });
  };

  const total = inPhase(collector.rows('total', false), phase.id)[0];
  const prevTotal = prev ? inPhase(collector.rows('total', false), prev.id)[0] : undefined;
  const commodities = table('commodity', ['commodity']);
  const prevCommodity = prev ? inPhase(collector.rows('commodity', false), prev.id) : [];
  const prevQty = prev ? inPhase(collector.rows('commodity', true), prev.id) : [];
  const byCommodity: HeadlineRow[] = commodities.map((row) => {
    const c = row.keys.commodity!;
    const p = prevCommodity.find((r) => r.dims[1] === c);
    return {
      commodity: c,
      cases: row.cases,
      seizures: row.seizures,
      casesChange: change(row.cases, prev ? (p?.cases ?? 0) : null),
      seizuresChange: change(row.seizures, prev ? (p?.seizures ?? 0) : null),
      quantities: row.quantities
        .filter((x) => x.quantity > 0)
        .map((x) => ({ ...x, change: change(x.quantity, prev ? (prevQty.find((r) => r.dims[1] === c && r.unit === x.unit)?.quantity ?? 0) : null) })),
    };
  });

  const flows = table('flow', ['origin', 'destination'])
    .filter((r) => r.keys.origin !== '' || r.keys.destination !== '')
    .sort((a, b) => b.cases - a.cases || b.seizures - a.seizures || (a.keys.origin! + a.keys.destination! < b.keys.origin! + b.keys.destination! ? -1 : 1))
    .slice(0, inp.flowsTop ?? 10);

  const largest = [...collector.largestOf(phase.id).entries()]
    .map(([key, items]) => {
      const [commodity, unit] = key.split('\u001f') as [string, CanonicalUnit];
      return { commodity, unit, items: items.map((i) => ({ ...i, quantity: Math.round(i.quantity * 1000) / 1000 })) };
    })
    .sort((a, b) => (a.commodity < b.commodity ? -1 : a.commodity > b.commodity ? 1 : CANONICAL_UNITS.indexOf(a.unit) - CANONICAL_UNITS.indexOf(b.unit)));

  const reporting = new Set(table('country', ['country']).map((r) => r.keys.country));
  const phaseTotals = collector.rows('total', false);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: inp.generatedAt,
    campaign: {
      id: campaign.id,
      name: campaign.name,
      coordinator: campaign.coordinator ?? null,
      classification: campaign.classification ?? null,
      participants: [...campaign.participants],
      participantCount: campaign.participants.length,
    },
    phase: { id: phase.id, name: phase.name, start: phase.start.iso, end: phase.end.iso, number: index + 1, of: campaign.phases.length },
    previousPhase: prev ? { id: prev.id, name: prev.name } : null,
    units,
    headline: {
      cases: total?.cases ?? 0,
      seizures: total?.seizures ?? 0,
      casesChange: change(total?.cases ?? 0, prev ? (prevTotal?.cases ?? 0) : null),
      seizuresChange: change(total?.seizures ?? 0, prev ? (prevTotal?.seizures ?? 0) : null),
      byCommodity,
    },
    bySubtype: table('subtype', ['commodity', 'subtype']),
    byCountry: table('country', ['country']),
    byRoute: table('route', ['route', 'direction']),
    byRouteOnly: table('routeOnly', ['route']),
    flows,
    largest,
    trend: {
      weekly: inPhase(collector.rows('week', false), phase.id).map((r) => ({ week: r.dims[1]!, cases: r.cases, seizures: r.seizures })),
      phases: campaign.phases.map((p) => {
        const t = phaseTotals.find((r) => r.dims[0] === p.id);
        return { id: p.id, name: p.name, cases: t?.cases ?? 0, seizures: t?.seizures ?? 0 };
      }),
    },
    annex: {
      buckets: { ...inp.buckets },
      sources: inp.sources.map((s) => ({ ...s })),
      rejectedByReason: [...inp.rejectedByReason].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1)),
      silentParticipants: campaign.participants.filter((p) => !reporting.has(p)),
      conversions: [...inp.conversions].map(([label, count]) => ({ label, ...parseConversion(label), count })).sort((a, b) => (a.label < b.label ? -1 : 1)),
    },
  };
}

/** The pipeline labels conversions "<from> × <factor> → <unit>". */
function parseConversion(label: string): { from: string; factor: number; unit: string } {
  const m = /^(.*) × (\S+) → (\S+)$/.exec(label);
  return m ? { from: m[1]!, factor: Number(m[2]), unit: m[3]! } : { from: label, factor: NaN, unit: '' };
}
