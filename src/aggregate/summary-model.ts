import type { Campaign, Phase } from '../config/campaign.js';
import { isoOfDay } from '../normalize/date.js';
import type { CanonicalUnit } from '../normalize/unit.js';
import type { Buckets } from '../core/diagnostic.js';
import { round3, type AggregateRow } from './aggregator.js';
import { campaignBlock, silentAgencies, type CampaignBlock, type SilentAgency } from './campaign-block.js';
import { PreviousPhase, rowsByFirst, type Change } from './change.js';
import { byReason } from './reasons.js';
import type { QuantityCell } from './report-model.js';
import { RUNNING, type SummaryCollector, type SummaryScope } from './summary-collector.js';

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
  campaign: CampaignBlock;
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
  /** Agencies the campaign names that sent nothing dated in the window. */
  silentAgencies: SilentAgency[];
  buckets: Buckets;
}

export interface SummaryInputs {
  campaign: Campaign;
  collector: SummaryCollector;
  buckets: Buckets;
  /** Every rejected record the run could find, with its date (null: undated). */
  rejected: readonly { file: string; line: number; sheet?: string; date: string | null; codes: readonly string[] }[];
  generatedAt: string | null;
}

/** Builds the summary model from the collected aggregates. Pure. */
export function buildSummaryModel(inp: SummaryInputs): SummaryModel {
  const { campaign, collector } = inp;
  const scope = collector.scope;
  const since = isoOfDay(scope.window.from);
  const until = isoOfDay(scope.window.to);
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    generatedAt: inp.generatedAt,
    campaign: campaignBlock(campaign),
    window: { since, until, days: scope.window.to - scope.window.from + 1 },
    phase: scope.current ? phaseInfo(scope.current.phase, scope.current.to) : null,
    new: newInWindow(collector),
    running: runningOf(collector),
    notable: notableOf(campaign, collector),
    rejected: rejectedOf(inp, since, until),
    silentParticipants: campaign.participants.filter((p) => !collector.reporting.has(p)),
    silentAgencies: silentAgencies(campaign, (country, agency) => collector.reportingAgencies.has(`${country}\u001f${agency}`)),
    buckets: { ...inp.buckets },
  };
}

/** Cases, seizures and quantities dated in the window, by commodity and by route. */
function newInWindow(collector: SummaryCollector): SummaryModel['new'] {
  const qty = new Map<string, QuantityCell[]>();
  for (const r of collector.windowCommodityQty.rows()) {
    const c = r.dims[0]!;
    if (!qty.has(c)) qty.set(c, []);
    if (r.quantity > 0) qty.get(c)!.push({ unit: r.unit, quantity: r.quantity });
  }
  const total = collector.windowTotal.rows()[0];
  return {
    cases: total?.cases ?? 0,
    seizures: total?.seizures ?? 0,
    byCommodity: collector.windowCommodity.rows().map((r) => ({ commodity: r.dims[0]!, cases: r.cases, seizures: r.seizures, quantities: qty.get(r.dims[0]!) ?? [] })),
    byRoute: collector.windowRoute.rows().map((r) => ({ route: r.dims[0]!, cases: r.cases, seizures: r.seizures })),
  };
}

/** The current phase to date against the previous phase to the same day (null: the window's last day is in no phase). */
function runningOf(collector: SummaryCollector): SummaryModel['running'] {
  const { current: cur, previous: prev } = collector.scope;
  if (!cur) return null;
  const [CURRENT, PREVIOUS] = RUNNING;
  const previous = (rows: readonly AggregateRow[]) => new PreviousPhase(prev ? rows.filter((r) => r.dims[0] === PREVIOUS) : undefined);
  const totals = collector.runningTotal.rows();
  const rows = collector.runningCommodity.rows();
  const qrows = collector.runningCommodityQty.rows();
  const prevTotal = previous(totals);
  const prevCommodity = previous(rows);
  const prevQty = previous(qrows);
  const quantities = new Map<string, AggregateRow[]>();
  for (const x of qrows) {
    if (x.dims[0] !== CURRENT || x.quantity <= 0) continue;
    const list = quantities.get(x.dims[1]!);
    if (list) list.push(x);
    else quantities.set(x.dims[1]!, [x]);
  }
  const c = rowsByFirst(totals).get(CURRENT);
  return {
    through: isoOfDay(cur.to),
    day: cur.to - cur.phase.start.day + 1,
    previous: prev ? previousInfo(cur, prev) : null,
    cases: c?.cases ?? 0,
    seizures: c?.seizures ?? 0,
    casesChange: prevTotal.change(c?.cases ?? 0, 'cases'),
    seizuresChange: prevTotal.change(c?.seizures ?? 0, 'seizures'),
    byCommodity: rows
      .filter((r) => r.dims[0] === CURRENT)
      .map((r) => {
        const k = r.dims[1]!;
        return {
          commodity: k,
          cases: r.cases,
          seizures: r.seizures,
          casesChange: prevCommodity.change(r.cases, 'cases', [k]),
          seizuresChange: prevCommodity.change(r.seizures, 'seizures', [k]),
          quantities: (quantities.get(k) ?? []).map((x) => ({ unit: x.unit, quantity: x.quantity, change: prevQty.change(x.quantity, 'quantity', [k], x.unit) })),
        };
      }),
  };
}

type RunningScope = NonNullable<SummaryScope['current']>;

/** The previous phase as compared: to which day, and whether all of it (it was shorter than the current phase so far). */
function previousInfo(cur: RunningScope, prev: RunningScope): NonNullable<NonNullable<SummaryModel['running']>['previous']> {
  return {
    id: prev.phase.id,
    name: prev.phase.name,
    through: isoOfDay(prev.to),
    day: prev.to - prev.phase.start.day + 1,
    days: prev.phase.end.day - prev.phase.start.day + 1,
    whole: prev.to === prev.phase.end.day && cur.to - cur.phase.start.day > prev.phase.end.day - prev.phase.start.day,
  };
}

/** New seizures at or above the thresholds: the first listed, the rest counted. */
function notableOf(campaign: Campaign, collector: SummaryCollector): SummaryModel['notable'] {
  const display = (fileIndex: number) => campaign.files[fileIndex]?.display ?? '?';
  return {
    thresholds: (collector.scope.thresholds ?? []).map((t) => ({ commodity: t.commodity, unit: t.unit, quantity: t.quantity })),
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
  };
}

/** Rejected records dated in the window, and those that cannot be placed by date. */
function rejectedOf(inp: SummaryInputs, since: string, until: string): SummaryModel['rejected'] {
  // Stryker disable next-line MethodExpression,ConditionalExpression: equivalent, a shortcut: a null date is in no window either (null >= since is false)
  const dated = inp.rejected.filter((r) => r.date !== null);
  const inWindow = dated.filter((r) => r.date! >= since && r.date! <= until);
  const undated = inp.rejected.filter((r) => r.date === null);
  // Records the run counted as rejected but could not place (index full, file changed): undated too.
  const unplaced = Math.max(0, inp.buckets.rejected - inp.rejected.length);
  return { inWindow: rejectedGroup(inWindow, 0), undated: rejectedGroup(undated, unplaced) };
}

function phaseInfo(p: Phase, to: number): NonNullable<SummaryModel['phase']> {
  return { id: p.id, name: p.name, start: p.start.iso, end: p.end.iso, day: to - p.start.day + 1, days: p.end.day - p.start.day + 1 };
}

function rejectedGroup(rows: SummaryInputs['rejected'], unplaced: number): SummaryRejectedGroup {
  const sorted = [...rows].sort((a, b) => ((a.date ?? '') < (b.date ?? '') ? -1 : (a.date ?? '') > (b.date ?? '') ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const reasons = new Map<string, number>();
  for (const r of rows) for (const c of r.codes) reasons.set(c, (reasons.get(c) ?? 0) + 1);
  const items = sorted.slice(0, REJECTED_LISTED).map((r) => ({ source: r.sheet !== undefined ? `${r.file} [${r.sheet}]${r.line > 0 ? ` row ${r.line}` : ''}` : r.line > 0 ? `${r.file}:${r.line}` : r.file, date: r.date, reasons: r.codes.map((code) => ({ code })) }));
  return {
    count: rows.length + unplaced,
    byReason: byReason(reasons),
    items,
    more: rows.length + unplaced - items.length,
  };
}

