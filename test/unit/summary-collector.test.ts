import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/aggregate/aggregator.js';
import type { Dimension } from '../../src/aggregate/dimensions.js';
import { compareNotable, RUNNING, SummaryCollector, type NotableSeizure, type SummaryScope } from '../../src/aggregate/summary-collector.js';
import type { CanonicalUnit } from '../../src/normalize/unit.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { mulberry32 } from '../helpers/random.js';
import { keyHash, rec } from '../helpers/records.js';
import { collect, RECORDS, scope } from '../helpers/summary-records.js';

const rows = (a: { rows(): { dims: readonly string[]; unit: string; cases: number; seizures: number; quantity: number }[] }) => a.rows().map((r) => [...r.dims, r.unit, r.cases, r.seizures, r.quantity].join(' '));

describe('SummaryCollector', () => {
  // Built in each test, not while the file loads: so each test covers the code it checks (mutation testing).
  const collected = () => collect();

  it('the window: by seizure date, both days included', () => {
    const c = collected();
    expect(rows(c.windowTotal)).toEqual([' 6 7 0']); // V1, K1, K2 and 3 from the totals row
    expect(rows(c.windowCommodity)).toEqual(['cites  1 1 0', 'drugs  5 6 0']);
    expect(rows(c.windowCommodityQty)).toEqual(['cites pieces 1 1 12', 'drugs kg 5 5 58', 'drugs l 1 1 0.5']);
    expect(rows(c.windowRoute)).toEqual(['air  4 5 0', 'post  1 1 0', 'sea  1 1 0']);
    expect([...c.reporting].sort()).toEqual(['KR', 'VN']);
  });

  it('running totals: the current phase and the previous one, each up to its day', () => {
    const c = collected();
    expect(rows(c.runningTotal)).toEqual(['current  7 8 0', 'previous  1 1 0']);
    expect(rows(c.runningCommodityQty)).toEqual(['current cites pieces 1 1 12', 'current drugs kg 5 5 58', 'current drugs l 1 1 0.5', 'current tobacco sticks 1 1 200', 'previous drugs kg 1 1 10']);
  });

  it('notable: at or above the threshold, in the window, never a totals row; commodity order first', () => {
    const c = collected();
    expect(c.notableCount).toBe(2);
    expect(c.notable.map((n) => `${n.record} ${n.commodity} ${n.quantity} ${n.unit} ${n.fileIndex}:${n.line}`)).toEqual(['S1 drugs 6 kg 0:5', 'S8 cites 12 pieces 1:7']);
  });

  it('notable: at most notableMax listed, all counted; the list is the first in order, whatever the arrival order', () => {
    const many = Array.from({ length: 6 }, (_, i) => [rec({ id: `N${i}`, date: '2024-08-10', quantity: 5 + ((i * 7) % 6), line: 10 + i }), 'p2'] as [SeizureRecord, string]);
    const forward = collect(scope, many, 3);
    const backward = collect(scope, [...many].reverse(), 3);
    expect(forward.notableCount).toBe(6);
    expect(forward.notable.map((n) => `${n.quantity}:${n.line}`)).toEqual(['10:15', '9:14', '8:13']);
    expect(backward.notable).toEqual(forward.notable);
  });

  it('no phase contains the window: window figures only', () => {
    const outside = collect({ window: scope.window, thresholds: [] });
    expect(rows(outside.runningTotal)).toEqual([]);
    expect(rows(outside.windowTotal)).toEqual([' 6 7 0']);
    expect(outside.notableCount).toBe(0);
  });
});

describe('compareNotable', () => {
  const n = (o: Partial<NotableSeizure>): NotableSeizure => ({ date: '2024-08-10', country: 'VN', commodity: 'drugs', subtype: '', route: 'air', quantity: 1, unit: 'kg', concealment: '', record: 'x', fileIndex: 0, line: 1, ...o });
  it('commodity, unit, largest, date, file, line', () => {
    const list = [
      n({ commodity: 'tobacco', unit: 'sticks' }),
      n({ line: 9 }),
      n({ unit: 'l', quantity: 100 }),
      n({ quantity: 2, date: '2024-08-11' }),
      n({ quantity: 2 }),
      n({ fileIndex: 1 }),
    ].sort(compareNotable);
    expect(list.map((x) => `${x.commodity} ${x.unit} ${x.quantity} ${x.date} ${x.fileIndex}:${x.line}`)).toEqual([
      'drugs kg 2 2024-08-10 0:1',
      'drugs kg 2 2024-08-11 0:1',
      'drugs kg 1 2024-08-10 0:9',
      'drugs kg 1 2024-08-10 1:1',
      'drugs l 100 2024-08-10 0:1',
      'tobacco sticks 1 2024-08-10 0:1',
    ]);
  });
});

describe('SummaryCollector: the rules one by one', () => {
  it('agencies that reported in the window, by country; a record without an agency names none', () => {
    const c = collect(scope, [
      [rec({ id: 'A', date: '2024-08-10', reportingCountry: 'KR', agency: 'kcs-icn' }), 'p2'],
      [rec({ id: 'B', date: '2024-08-10', agency: '' }), 'p2'],
      [rec({ id: 'C', date: '2024-08-03', agency: 'vn-hcm' }), 'p2'],
    ]);
    expect([...c.reportingAgencies]).toEqual(['KR\u001fkcs-icn']);
  });

  it('running totals: a record of another phase is in neither, whatever its date', () => {
    const c = collect(scope, [...RECORDS, [rec({ id: 'X', caseId: 'X', date: '2024-07-05' }), 'p3']]);
    expect(rows(c.runningTotal)).toEqual(['current  7 8 0', 'previous  1 1 0']);
  });

  it('a case whose items differ in commodity, route and unit counts once in each table it falls in', () => {
    const c = collect(scope, [
      [rec({ id: 'M1', caseId: 'M', date: '2024-08-10', commodity: 'drugs', route: 'air', quantity: 1 }), 'p2'],
      [rec({ id: 'M2', caseId: 'M', date: '2024-08-10', commodity: 'cites', route: 'sea', quantity: 4, unit: 'pieces' }), 'p2'],
      [rec({ id: 'M3', caseId: 'M', date: '2024-08-09', commodity: 'drugs', route: 'sea', quantity: 2, unit: 'l' }), 'p2'],
      [rec({ id: 'N1', caseId: 'N', date: '2024-08-09', commodity: 'drugs', route: 'air', quantity: 3 }), 'p2'],
    ]);
    expect(rows(c.windowTotal)).toEqual([' 2 4 0']);
    expect(rows(c.windowCommodity)).toEqual(['cites  1 1 0', 'drugs  2 3 0']);
    expect(rows(c.windowCommodityQty)).toEqual(['cites pieces 1 1 4', 'drugs kg 2 2 4', 'drugs l 1 1 2']);
    expect(rows(c.windowRoute)).toEqual(['air  2 2 0', 'sea  1 2 0']);
    expect(rows(c.runningTotal)).toEqual(['current  2 4 0']);
    expect(rows(c.runningCommodity)).toEqual(['current cites  1 1 0', 'current drugs  2 3 0']);
  });

  it('tables are derived again after later records', () => {
    const c = collect(scope, [[rec({ id: 'A', caseId: 'A', date: '2024-08-10', quantity: 1 }), 'p2']]);
    expect(rows(c.windowTotal)).toEqual([' 1 1 0']);
    const [h1, h2] = keyHash('VN', 'B');
    c.add(rec({ id: 'B', caseId: 'B', date: '2024-08-10', quantity: 2, route: 'post' }), 'p2', h1, h2);
    expect(rows(c.windowTotal)).toEqual([' 2 2 0']);
    expect(rows(c.windowRoute)).toEqual(['air  1 1 0', 'post  1 1 0']);
    expect(rows(c.runningCommodityQty)).toEqual(['current drugs kg 2 2 3']);
  });

  it('a commodity with no threshold has no notable seizure', () => {
    const c = collect({ ...scope, thresholds: [{ commodity: 'cites', unit: 'pieces', quantity: 1 }] }, RECORDS);
    expect(c.notable.map((n) => n.record)).toEqual(['S8']);
  });
});

describe('compareNotable: each tie-break', () => {
  const n = (o: Partial<NotableSeizure>): NotableSeizure => ({ date: '2024-08-10', country: 'VN', commodity: 'drugs', subtype: '', route: 'air', quantity: 1, unit: 'kg', concealment: '', record: 'x', fileIndex: 0, line: 1, ...o });
  const order = (list: NotableSeizure[]) => [...list].sort(compareNotable).map((x) => x.record);
  it('a commodity the campaign does not know comes last; then the date, the file, the line, each way round', () => {
    expect(order([n({ record: 'w', commodity: 'weapons' }), n({ record: 't', commodity: 'tobacco' })])).toEqual(['t', 'w']);
    expect(order([n({ record: 'b', date: '2024-08-11' }), n({ record: 'a', date: '2024-08-09' })])).toEqual(['a', 'b']);
    expect(order([n({ record: 'a', date: '2024-08-09' }), n({ record: 'b', date: '2024-08-11' })])).toEqual(['a', 'b']);
    expect(order([n({ record: 'c', fileIndex: 2 }), n({ record: 'b', fileIndex: 1 }), n({ record: 'd', fileIndex: 3 })])).toEqual(['b', 'c', 'd']);
    expect(order([n({ record: 'c', line: 30 }), n({ record: 'b', line: 20 }), n({ record: 'd', line: 40 })])).toEqual(['b', 'c', 'd']);
    expect(compareNotable(n({}), n({}))).toBe(0);
  });
});

describe('SummaryCollector: every table equals the same records aggregated directly', () => {
  const day = (iso: string) => rec({ date: iso }).day;
  const wide: SummaryScope = {
    window: { from: day('2024-08-05'), to: day('2024-08-20') },
    current: { phase: scope.current!.phase, to: day('2024-08-20') },
    previous: { phase: scope.previous!.phase, to: day('2024-07-20') },
    thresholds: [],
  };
  const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  /** Cases of one to four items over goods, routes and units; case ids reused; totals rows; phases p1 (July), p2 (August), p3. */
  function records(seed: number, n: number): [SeizureRecord, string][] {
    const r = mulberry32(seed);
    const out: [SeizureRecord, string][] = [];
    for (let caseNo = 0; out.length < n; caseNo++) {
      const month = pick(r, [7, 8]);
      const phase = r() < 0.1 ? 'p3' : month === 7 ? 'p1' : 'p2';
      const caseId = `C${r() < 0.2 ? Math.floor(r() * 5) : caseNo}`;
      const date = `2024-0${month}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
      const totals = r() < 0.05;
      const country = pick(r, ['VN', 'KR']);
      for (let i = 1 + Math.floor(r() * r() * 4); i > 0 && out.length < n; i--) {
        const record = rec({ id: `${caseId}-${out.length}`, caseId, date, reportingCountry: country, commodity: pick(r, ['drugs', 'cites', 'tobacco']), route: pick(r, ['air', 'sea', 'post']), unit: pick(r, ['kg', 'l', 'pieces'] as CanonicalUnit[]), quantity: Math.round(r() * 1e7) / 1e4 + 1e-4, totals, count: totals ? 2 + Math.floor(r() * 5) : 1 });
        out.push([record, phase]);
      }
    }
    return out;
  }
  const direct = (data: readonly [SeizureRecord, string][], dims: Dimension[], split: boolean, place: (rec: SeizureRecord, phase: string) => string | undefined) => {
    const a = new Aggregator(dims, RUNNING, split);
    for (const [r, phase] of data) {
      const label = place(r, phase);
      const [h1, h2] = keyHash(r.reportingCountry, r.caseId);
      if (label !== undefined) a.add(r, label, h1, h2);
    }
    return a.rows();
  };
  const inWindow = (r: SeizureRecord) => (r.day >= wide.window.from && r.day <= wide.window.to ? '' : undefined);
  const running = (r: SeizureRecord, phase: string) => (phase === 'p2' && r.day <= wide.current!.to ? 'current' : phase === 'p1' && r.day <= wide.previous!.to ? 'previous' : undefined);

  it.each([1, 2, 3])('seed %i: 2,000 records', (seed) => {
    const data = records(seed, 2000);
    const c = new SummaryCollector(wide);
    for (const [r, phase] of data) {
      const [h1, h2] = keyHash(r.reportingCountry, r.caseId);
      c.add(r, phase, h1, h2);
    }
    expect(c.windowTotal.rows()).toEqual(direct(data, [], false, inWindow));
    expect(c.windowCommodity.rows()).toEqual(direct(data, ['commodity'], false, inWindow));
    expect(c.windowCommodityQty.rows()).toEqual(direct(data, ['commodity'], true, inWindow));
    expect(c.windowRoute.rows()).toEqual(direct(data, ['route'], false, inWindow));
    expect(c.runningTotal.rows()).toEqual(direct(data, ['phase'], false, running));
    expect(c.runningCommodity.rows()).toEqual(direct(data, ['phase', 'commodity'], false, running));
    expect(c.runningCommodityQty.rows()).toEqual(direct(data, ['phase', 'commodity'], true, running));
    expect(c.windowCommodity.rows().length).toBe(3);
    expect(c.runningTotal.rows().map((r) => r.dims[0])).toEqual(['current', 'previous']);
  });
});
