import type { Campaign } from '../config/campaign.js';
import type { CanonicalUnit } from '../normalize/unit.js';
import type { SeizureRecord } from '../validate/record.js';
import type { AggregateRow } from './aggregator.js';
import { CaseNumbers, FineAggregator, type TableSpec } from './fine.js';
import { RecordCoder } from './record-codes.js';
import type { Dimension } from './dimensions.js';
import { compareLarge, largeSeizureOf, type LargeSeizure } from './large-seizure.js';
import { partialCaseKeys, partialValue, type PartialDocument } from './partial.js';
import { mergeTopN, offerTopN } from './top-n.js';

/** The groupings a phase-end report needs, each per phase; collected in one pass. */
export const REPORT_TABLES = {
  total: [],
  commodity: ['commodity'],
  subtype: ['commodity', 'subtype'],
  country: ['country'],
  agency: ['country', 'agency'],
  countryCommodity: ['country', 'commodity'],
  agencyCommodity: ['country', 'agency', 'commodity'],
  routeCommodity: ['route', 'commodity'],
  route: ['route', 'direction'],
  routeOnly: ['route'],
  flow: ['origin', 'destination'],
  week: ['week'],
  month: ['month'],
  year: ['year'],
} as const satisfies Record<string, readonly Dimension[]>;
export type ReportTable = keyof typeof REPORT_TABLES;

/** The fine grain every report table is derived from: the phase and each table's dimensions. */
export const REPORT_GRAIN: readonly Dimension[] = ['phase', 'commodity', 'subtype', 'country', 'agency', 'route', 'direction', 'origin', 'destination', 'week', 'month', 'year'];

/**
 * REPORT_GRAIN as the fine aggregations the collector keeps: no table crosses
 * the goods, places and routes with the flows or the periods, and one grain of
 * all of them has a row for nearly every few records (every day's week and
 * every origin and destination of each good, country and route).
 */
export const REPORT_GRAINS: readonly (readonly Dimension[])[] = [
  ['phase', 'commodity', 'subtype', 'country', 'agency', 'route', 'direction'],
  ['phase', 'origin', 'destination'],
  ['phase', 'week', 'month', 'year'],
];

/**
 * Feeds accepted records into fine aggregations (FineAggregator, at
 * REPORT_GRAINS) from which every report table is derived per phase: without
 * units (cases, seizures: a case counts once however many units its items are
 * in) and split by canonical unit (quantities). A record costs the same
 * whatever the number of tables.
 */
export class ReportCollector {
  /** The records' cases, numbered once for every fine aggregation. */
  private readonly cases = new CaseNumbers();
  /** Codes each record's value of every dimension of REPORT_GRAINS once, for every fine aggregation. */
  private readonly coder = new RecordCoder([...new Set(REPORT_GRAINS.flat())]);
  private readonly fines = REPORT_GRAINS.map((grain) => new FineAggregator(grain, this.cases, grain.map((d) => this.coder.dictionaries[this.coder.dims.indexOf(d)]!)));
  /** Per fine aggregation: where its grain's codes (then the unit's) are in the coder's, and its codes of the record. */
  private readonly picks = REPORT_GRAINS.map((grain) => Int32Array.from([...grain.map((d) => this.coder.dims.indexOf(d)), this.coder.dims.length]));
  private readonly scratch = REPORT_GRAINS.map((grain) => new Uint32Array(grain.length + 1));
  private readonly order: readonly string[];
  /** The report tables, derived at the first `rows` call after the last record (see rows). */
  private readonly derived = new Map<string, AggregateRow[]>();
  private readonly largestByCommodity = new WeakMap<object, Map<string, Map<CanonicalUnit, LargeSeizure[]>>>();
  /** phase → commodity\u001funit → largest seizures, biggest first. */
  private readonly largest = new Map<string, Map<string, LargeSeizure[]>>();
  /** Accepted records per phase of the partials (a totals row is one record however many seizures it stands for); the records' are per fine row (rowRecords). */
  private readonly records = new Map<string, number>();
  /** The campaign-to-date tables, by the last phase they cover (see toDate). */
  private readonly toDateTables = new Map<string, AggregateRow[][]>();
  /** Phases with a reported total: a totals row (count column) or a record dated by month or year. */
  private readonly totalsPhases = new Set<string>();

  constructor(
    campaign: Campaign,
    private readonly topN = 5,
  ) {
    this.order = campaign.phases.map((p) => p.id);
  }

  readonly add = (rec: SeizureRecord, phase: string, case1: number, case2: number): void => {
    const caseNo = rec.totals ? -1 : this.cases.of(case1, case2);
    const coder = this.coder;
    coder.encode(rec, phase);
    const codes = coder.codes;
    const fines = this.fines;
    const totalsCases = rec.totals ? rec.count : 0;
    for (let i = 0; i < fines.length; i++) {
      const pick = this.picks[i]!;
      const s = this.scratch[i]!;
      for (let j = 0; j < pick.length; j++) s[j] = codes[pick[j]!]!;
      fines[i]!.addCoded(s, rec.count, rec.quantity, totalsCases, caseNo);
    }
    // The row of the fine aggregation of goods (its grain has the phase, commodity and unit).
    const row = fines[0]!.lastRow;
    if (row >= this.rowRecords.length) this.growRows(row);
    this.rowRecords[row]!++;
    if (this.derived.size > 0) this.derived.clear();
    if (this.toDateTables.size > 0) this.toDateTables.clear();
    // Totals rows, and totals of a month or a year, are not single seizures.
    if (rec.totals || rec.precision !== 'day') {
      this.totalsPhases.add(phase);
      return;
    }
    let at = this.listOfRow[row]! - 1;
    if (at === -1) this.listOfRow[row] = (at = this.listIndex(this.largestList(phase, rec.commodity, rec.unit))) + 1;
    // Most records are smaller than the smallest kept: leave them without making an item.
    if (rec.quantity < this.floor[at]!) return;
    const list = this.lists[at]!;
    offerTopN(list, largeSeizureOf(rec), this.topN, compareLarge);
    if (list.length === this.topN) this.floor[at] = list[list.length - 1]!.quantity;
  };

  /** Per fine row of goods: its accepted records, and its list of largest seizures (index + 1; 0: not looked up yet). */
  private rowRecords = new Float64Array(1 << 10);
  private listOfRow = new Int32Array(1 << 10);
  /** Every list of largest seizures, its index, and its smallest item's quantity once full (else −∞): a record below it cannot enter. */
  private readonly lists: LargeSeizure[][] = [];
  private readonly listAt = new Map<LargeSeizure[], number>();
  private floor = new Float64Array(64).fill(-Infinity);

  private growRows(row: number): void {
    let n = this.rowRecords.length * 2;
    while (n <= row) n *= 2;
    const records = new Float64Array(n);
    records.set(this.rowRecords);
    this.rowRecords = records;
    const lists = new Int32Array(n);
    lists.set(this.listOfRow);
    this.listOfRow = lists;
  }

  private listIndex(list: LargeSeizure[]): number {
    let at = this.listAt.get(list);
    if (at === undefined) {
      at = this.lists.length;
      this.lists.push(list);
      this.listAt.set(list, at);
      if (at >= this.floor.length) {
        const floor = new Float64Array(this.floor.length * 2).fill(-Infinity);
        floor.set(this.floor);
        this.floor = floor;
      }
      // A list partials filled already.
      if (list.length === this.topN) this.floor[at] = list[list.length - 1]!.quantity;
    }
    return at;
  }

  /** The cases of the records about to come (RunCallbacks.onUpcomingCases): their numbers' entries fetched ahead. */
  // Stryker disable next-line BlockStatement: equivalent, a fetch ahead numbers nothing (only when the cache misses come changes)
  readonly expect = (h1: Uint32Array, h2: Uint32Array, n: number): void => {
    this.cases.expect(h1, h2, n);
  };

  /** Room for `records` more cases (RunCallbacks.onReserve). */
  readonly reserve = (records: number): void => {
    this.cases.reserve(records);
    for (const fine of this.fines) fine.reserveCaseRows(this.cases.size + records);
  };

  /** Adds a partial's fine rows and largest seizures (see partial.ts). */
  addPartial(doc: PartialDocument, sourceIndex: number): void {
    for (const row of doc.rows) {
      const keys = partialCaseKeys(sourceIndex, row.cases);
      const cases = row.cases.map((_, i) => this.cases.of(keys[2 * i]!, keys[2 * i + 1]!));
      for (const fine of this.fines) fine.addFineNumbered((d: Dimension) => partialValue(row, d), row.unit, row.seizures, row.quantity, row.totalsCases, cases);
      this.records.set(row.phase, (this.records.get(row.phase) ?? 0) + row.records);
      // A row of totals rows, or of records dated by month or year (no week).
      if (row.totalsCases > 0 || row.week === '') this.totalsPhases.add(row.phase);
    }
    this.derived.clear();
    this.toDateTables.clear();
    for (const l of doc.largest) mergeTopN(this.largestList(l.phase, l.commodity, l.unit), l.items, this.topN, compareLarge);
  }

  /** The last list largestList gave, and for what: records come in runs of one phase, commodity and unit. */
  private last: { phase: string; commodity: string; unit: CanonicalUnit; list: LargeSeizure[] } | undefined;

  /** The largest seizures so far of a phase, commodity and unit (created empty). */
  private largestList(phase: string, commodity: string, unit: CanonicalUnit): LargeSeizure[] {
    const last = this.last;
    if (last !== undefined && last.phase === phase && last.commodity === commodity && last.unit === unit) return last.list;
    const list = this.findLargest(phase, commodity, unit);
    this.last = { phase, commodity, unit, list };
    return list;
  }

  private findLargest(phase: string, commodity: string, unit: CanonicalUnit): LargeSeizure[] {
    let byPhase = this.largest.get(phase);
    if (!byPhase) this.largest.set(phase, (byPhase = new Map()));
    // phase → commodity → unit, built without a key string per record; flattened by largestOf
    let byCommodity = this.largestByCommodity.get(byPhase);
    if (!byCommodity) this.largestByCommodity.set(byPhase, (byCommodity = new Map()));
    let byUnit = byCommodity.get(commodity);
    if (!byUnit) byCommodity.set(commodity, (byUnit = new Map()));
    let list = byUnit.get(unit);
    if (!list) {
      byUnit.set(unit, (list = []));
      byPhase.set(`${commodity}\u001f${unit}`, list);
    }
    return list;
  }

  /** A report table's rows, every phase (phase first); all tables are derived at the first call, in one pass over the fine rows. */
  rows(table: ReportTable, withUnits: boolean): AggregateRow[] {
    if (this.derived.size === 0) {
      const names = Object.keys(REPORT_TABLES) as ReportTable[];
      const specs = names.flatMap((t) => [false, true].map((splitUnits) => ({ dims: ['phase', ...REPORT_TABLES[t]] as Dimension[], splitUnits })));
      this.tables(specs).forEach((rows, i) => this.derived.set(`${names[i >> 1]}\u001f${(i & 1) === 1}`, rows));
    }
    return this.derived.get(`${table}\u001f${withUnits}`)!;
  }

  /**
   * The campaign to date: the totals and the commodities (without units, then
   * per unit) of every phase up to `phase` (campaign order) as one period, a case
   * counted once however many of those phases its items fall in.
   */
  toDate(phase: string): { total: AggregateRow[]; commodity: AggregateRow[]; commodityUnits: AggregateRow[] } {
    let t = this.toDateTables.get(phase);
    if (t === undefined) {
      const upTo = new Set(this.order.slice(0, this.order.indexOf(phase) + 1));
      const where = { dim: 'phase' as const, values: upTo };
      t = this.tables([
        { dims: [], splitUnits: false, where },
        { dims: ['commodity'], splitUnits: false, where },
        { dims: ['commodity'], splitUnits: true, where },
      ]);
      this.toDateTables.set(phase, t);
    }
    return { total: t[0]!, commodity: t[1]!, commodityUnits: t[2]! };
  }

  /** Tables derived from the fine aggregations, each from the first whose grain has its dimensions (and `where`'s). */
  private tables(specs: readonly TableSpec[]): AggregateRow[][] {
    const out: AggregateRow[][] = new Array<AggregateRow[]>(specs.length);
    this.fines.forEach((fine, f) => {
      const mine = specs.flatMap((spec, i) => (this.fineOf(spec) === f ? [i] : []));
      if (mine.length > 0) fine.tables(mine.map((i) => specs[i]!), this.order).forEach((rows, j) => (out[mine[j]!] = rows));
    });
    return out;
  }

  private fineOf(spec: TableSpec): number {
    const dims = spec.where ? [...spec.dims, spec.where.dim] : spec.dims;
    return this.fines.findIndex((fine) => dims.every((d) => fine.grain.includes(d)));
  }

  /** Accepted records of a phase (records, not seizures: a totals row is one). */
  recordsOf(phase: string): number {
    const goods = this.fines[0]!;
    let n = this.records.get(phase) ?? 0;
    for (let row = 0; row < this.rowRecords.length; row++) if (this.rowRecords[row]! > 0 && goods.valueAt(row, 0) === phase) n += this.rowRecords[row]!;
    return n;
  }

  /** Whether a phase has reported totals (a count column, or dates that are only a month or a year). */
  hasReportedTotals(phase: string): boolean {
    return this.totalsPhases.has(phase);
  }

  largestOf(phase: string): ReadonlyMap<string, readonly LargeSeizure[]> {
    return this.largest.get(phase) ?? new Map();
  }
}
