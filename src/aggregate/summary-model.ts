import type { Campaign, Phase } from '../config/campaign.js';
import { isoOfDay } from '../normalize/date.js';
import type { CanonicalUnit } from '../normalize/unit.js';
import type { Buckets } from '../core/diagnostic.js';
import { round3 } from './aggregator.js';
import { change, type Change, type QuantityCell } from './report-model.js';
import { RUNNING, type SummaryCollector } from './summary-collector.js';

/** Version of the model handed to summary templates; bumped on any breaking change. */
export const SUMMARY_SCHEMA_VERSION = 1;

/** At most this many rejected records are listed (dated and undated each); the rest are counted. */
export const REJECTED_LISTED = 50;

export interface SummaryRejectedRow {
  /** `file:line` as written in the campaign file. */
  source: string;
  date: string | null;
  reasons: { code: string }[];
}

export interface SummaryRejectedGroup {
  count: number;
  byReason: { code: string; count: number }[];
  items: SummaryRejectedRow[];
  /** Records counted but not listed. */
  more: number;
}

/** The documented, versioned data handed to summary templates (README "Nightly summary"). */
export interface SummaryModel {
  schemaVersion: number;
  generatedAt: string | null;
  campaign: { id: string; name: string; coordinator: string | null; classification: string | null; participants: string[]; participantCount: number };
  /** The window, by seizure date, both days included. */
  window: { since: string; until: string; days: number };
  /** The phase containing `window.until` (null: none does). */
  phase: { id: string; name: string; start: string; end: string; day: number; days: number } | null;
  new: {
    cases: number;
    seizures: number;
    byCommodity: { commodity: string; cases: number; seizures: number; quantities: QuantityCell[] }[];
    byRoute: { route: string; cases: number; seizures: number }[];
  };
  /** Phase to date against the previous phase to the same day (null: `until` is in no phase). */
  running: {
    through: string;
    day: number;
    previous: { id: string; name: string; through: string; day: number; days: number; whole: boolean } | null;
    cases: number;
    seizures: number;
    casesChange: Change;
    seizuresChange: Change;
    byCommodity: { commodity: string; cases: number; seizures: number; casesChange: Change; seizuresChange: Change; quantities: (QuantityCell & { change: Change })[] }[];
  } | null;
  notable: {
    thresholds: { commodity: string; unit: CanonicalUnit; quantity: number }[];
    items: { date: string; country: string; commodity: string; subtype: string; route: string; quantity: number; unit: CanonicalUnit; concealment: string; record: string; source: string }[];
    count: number;
    more: number;
  };
  rejected: { inWindow: SummaryRejectedGroup; undated: SummaryRejectedGroup };
  silentParticipants: string[];
  buckets: Buckets;
}

export interface SummaryInputs {
  campaign: Campaign;
  collector: SummaryCollector;
  buckets: Buckets;
  /** Every rejected record the run could find, with its date (null: undated). */
  rejected: readonly { file: string; line: number; date: string | null; codes: readonly string[] }[];
  generatedAt: string | null;
}

/** Builds the summary model from the collected aggregates. Pure. */
export function buildSummaryModel(inp: SummaryInputs): SummaryModel {
  const { campaign, collector } = inp;
  const scope = collector.scope;
  const since = isoOfDay(scope.window.from);
  const until = isoOfDay(scope.window.to);
  const cur = scope.current;
  const prev = scope.previous;

  const qty = new Map<string, QuantityCell[]>();
  for (const r of collector.windowCommodityQty.rows()) {
    const c = r.dims[0]!;
    if (!qty.has(c)) qty.set(c, []);
    if (r.quantity > 0) qty.get(c)!.push({ unit: r.unit, quantity: r.quantity });
  }
  const total = collector.windowTotal.rows()[0];

  let running: SummaryModel['running'] = null;
  if (cur) {
    const rows = collector.runningCommodity.rows();
    const qrows = collector.runningCommodityQty.rows();
    const totals = collector.runningTotal.rows();
    const t = (label: string) => totals.find((r) => r.dims[0] === label);
    const hasPrev = prev !== undefined;
    const c = t(RUNNING[0]);
    const p = t(RUNNING[1]);
    const commodities = rows.filter((r) => r.dims[0] === RUNNING[0]);
    running = {
      through: isoOfDay(cur.to),
      day: cur.to - cur.phase.start.day + 1,
      previous: prev ? { id: prev.phase.id, name: prev.phase.name, through: isoOfDay(prev.to), day: prev.to - prev.phase.start.day + 1, days: prev.phase.end.day - prev.phase.start.day + 1, whole: prev.to === prev.phase.end.day && cur.to - cur.phase.start.day > prev.phase.end.day - prev.phase.start.day } : null,
      cases: c?.cases ?? 0,
      seizures: c?.seizures ?? 0,
      casesChange: change(c?.cases ?? 0, hasPrev ? (p?.cases ?? 0) : null),
      seizuresChange: change(c?.seizures ?? 0, hasPrev ? (p?.seizures ?? 0) : null),
      byCommodity: commodities.map((r) => {
        const k = r.dims[1]!;
        const before = rows.find((x) => x.dims[0] === RUNNING[1] && x.dims[1] === k);
        return {
          commodity: k,
          cases: r.cases,
          seizures: r.seizures,
          casesChange: change(r.cases, hasPrev ? (before?.cases ?? 0) : null),
          seizuresChange: change(r.seizures, hasPrev ? (before?.seizures ?? 0) : null),
          quantities: qrows
            .filter((x) => x.dims[0] === RUNNING[0] && x.dims[1] === k && x.quantity > 0)
            .map((x) => ({
              unit: x.unit,
              quantity: x.quantity,
              change: change(x.quantity, hasPrev ? (qrows.find((y) => y.dims[0] === RUNNING[1] && y.dims[1] === k && y.unit === x.unit)?.quantity ?? 0) : null),
            })),
        };
      }),
    };
  }

  const display = (fileIndex: number) => campaign.files[fileIndex]?.display ?? '?';
  const dated = inp.rejected.filter((r) => r.date !== null);
  const inWindow = dated.filter((r) => r.date! >= since && r.date! <= until);
  const undated = inp.rejected.filter((r) => r.date === null);
  // Records the run counted as rejected but could not place (index full, file changed): undated too.
  const unplaced = Math.max(0, inp.buckets.rejected - inp.rejected.length);

  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    generatedAt: inp.generatedAt,
    campaign: {
      id: campaign.id,
      name: campaign.name,
      coordinator: campaign.coordinator ?? null,
      classification: campaign.classification ?? null,
      participants: [...campaign.participants],
      participantCount: campaign.participants.length,
    },
    window: { since, until, days: scope.window.to - scope.window.from + 1 },
    phase: cur ? phaseInfo(cur.phase, cur.to) : null,
    new: {
      cases: total?.cases ?? 0,
      seizures: total?.seizures ?? 0,
      byCommodity: collector.windowCommodity.rows().map((r) => ({ commodity: r.dims[0]!, cases: r.cases, seizures: r.seizures, quantities: qty.get(r.dims[0]!) ?? [] })),
      byRoute: collector.windowRoute.rows().map((r) => ({ route: r.dims[0]!, cases: r.cases, seizures: r.seizures })),
    },
    running,
    notable: {
      thresholds: (scope.thresholds ?? []).map((t) => ({ commodity: t.commodity, unit: t.unit, quantity: t.quantity })),
      items: collector.notable.map((n) => ({
        date: n.date,
        country: n.country,
        commodity: n.commodity,
        subtype: n.subtype,
        route: n.route,
        quantity: round3(n.quantity),
        unit: n.unit,
        concealment: n.concealment,
        record: n.record,
        source: `${display(n.fileIndex)}:${n.line}`,
      })),
      count: collector.notableCount,
      more: collector.notableCount - collector.notable.length,
    },
    rejected: { inWindow: rejectedGroup(inWindow, 0), undated: rejectedGroup(undated, unplaced) },
    silentParticipants: campaign.participants.filter((p) => !collector.reporting.has(p)),
    buckets: { ...inp.buckets },
  };
}

function phaseInfo(p: Phase, to: number): NonNullable<SummaryModel['phase']> {
  return { id: p.id, name: p.name, start: p.start.iso, end: p.end.iso, day: to - p.start.day + 1, days: p.end.day - p.start.day + 1 };
}

function rejectedGroup(rows: SummaryInputs['rejected'], unplaced: number): SummaryRejectedGroup {
  const sorted = [...rows].sort((a, b) => ((a.date ?? '') < (b.date ?? '') ? -1 : (a.date ?? '') > (b.date ?? '') ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const reasons = new Map<string, number>();
  for (const r of rows) for (const c of r.codes) reasons.set(c, (reasons.get(c) ?? 0) + 1);
  const items = sorted.slice(0, REJECTED_LISTED).map((r) => ({ source: r.line > 0 ? `${r.file}:${r.line}` : r.file, date: r.date, reasons: r.codes.map((code) => ({ code })) }));
  return {
    count: rows.length + unplaced,
    byReason: [...reasons].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1)),
    items,
    more: rows.length + unplaced - items.length,
  };
}

