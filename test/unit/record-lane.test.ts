import { describe, expect, it } from 'vitest';
import type { Campaign, SourceFile } from '../../src/config/campaign.js';
import type { SourceConfig } from '../../src/config/schema.js';
import { FIELD_INDEX } from '../../src/config/column-map.js';
import { mapColumns } from '../../src/ingest/columns.js';
import { createRecordLane, createRecordNormalizer, type RecordResult } from '../../src/validate/record.js';
import { FieldContext, NO_CONVERSION, type FileParser, type ParsedFields } from '../../src/validate/record-fields.js';
import { createGoodsMemo, GOODS_SLOTS, goodsHash } from '../../src/validate/record-lane.js';
import { testCampaign } from '../helpers/records.js';

const HEADER = ['id', 'date', 'reporting_country', 'commodity', 'subtype', 'quantity', 'unit', 'route', 'origin_country', 'destination_country', 'case_id'];
const CLEAN: Record<string, string> = { id: 'R1', date: '2024-07-10', reporting_country: 'VN', commodity: 'drugs', subtype: 'heroin', quantity: '2', unit: 'kg', route: 'air', origin_country: 'LA', destination_country: 'VN', case_id: 'C1', direction: 'import', phase: 'p1', agency: 'x', location: 'port' };

function ctxOf(config: Partial<SourceConfig> = {}, header: string[] = HEADER, campaign: Campaign = testCampaign(), path = 'data/x.csv') {
  const file: SourceFile = { path: `/abs/${path}`, display: path, config: { path, ...config } };
  return { campaign, file, fileIndex: 0, columns: mapColumns(header, file.config, path) };
}

const rowOf = (o: Record<string, string> = {}, header: string[] = HEADER) => header.map((h) => ({ ...CLEAN, ...o })[h] ?? '');

/** Both lanes of one file, and the slow lane alone. */
function lanes(config: Partial<SourceConfig> = {}, header: string[] = HEADER) {
  const ctx = ctxOf(config, header);
  const lane = createRecordLane(ctx);
  return { lane, both: createRecordNormalizer(ctx), slow: createRecordNormalizer(ctx, false) };
}

/** The same result, key for key in the same order (outputs iterate records' keys). */
function same(a: RecordResult, b: RecordResult): void {
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  expect(a).toEqual(b);
}

describe('createRecordLane: which files are plain', () => {
  it('a plain file has a lane; each option that changes cells, and each unusual column, leaves it to the slow lane', () => {
    expect(createRecordLane(ctxOf())).toBeDefined();
    expect(createRecordLane(ctxOf({ allow_zero: true, date_format: 'dd/MM/yyyy' }))).toBeDefined();
    expect(createRecordLane(ctxOf({ null_values: ['n/a'] }))).toBeUndefined();
    expect(createRecordLane(ctxOf({ null_values: [] }))).toBeDefined();
    expect(createRecordLane(ctxOf({ values: { route: { flight: 'air' } } }))).toBeUndefined();
    expect(createRecordLane(ctxOf({ values: { route: {} } }))).toBeDefined();
    expect(createRecordLane(ctxOf({ decimal: ',' }))).toBeUndefined();
    expect(createRecordLane(ctxOf({ decimal: '.' }))).toBeDefined();
    expect(createRecordLane(ctxOf({}, [...HEADER, 'count']))).toBeUndefined();
    expect(createRecordLane(ctxOf({}, [...HEADER, 'remarks']))).toBeUndefined();
    expect(createRecordLane(ctxOf({}, [...HEADER, 'agency']))).toBeUndefined();
    expect(createRecordLane(ctxOf({}, [...HEADER, 'direction', 'phase', 'location']))).toBeDefined();
    expect(createRecordLane(ctxOf({ columns: { id: '@line' } }, HEADER.slice(1)))).toBeUndefined();
    expect(createRecordLane(ctxOf({ columns: { quantity: ['quantity', 'qty2'] } }, [...HEADER, 'qty2']))).toBeUndefined();
    expect(createRecordLane(ctxOf({ columns: { route: ['route', 'route2'] } }, [...HEADER, 'route2']))).toBeUndefined();
    expect(createRecordLane(ctxOf({ defaults: { direction: 'import' } }))).toBeUndefined();
    expect(createRecordLane(ctxOf({}, HEADER, testCampaign(), 'data/x.yaml'))).toBeUndefined();
    expect(createRecordLane({ ...ctxOf(), isoDates: true })).toBeUndefined();
  });
});

describe('createRecordLane: the rows it takes give the slow lane\'s results', () => {
  it('takes a clean row: the same record, key for key', () => {
    const { lane, slow } = lanes();
    const r = lane!(rowOf(), 4);
    expect(r?.ok).toBe(true);
    same(r!, slow(rowOf(), 4));
    expect(r!.ok && r!.record).toMatchObject({ id: 'R1', caseId: 'C1', day: Date.UTC(2024, 6, 10) / 86_400_000, quantity: 2, unit: 'kg', subtype: 'heroin', group: 'opioids', line: 4, quantityText: '2' });
  });

  it('cells with spaces around them, units converted, sticks, an unknown subtype, a case id that defaults to the id', () => {
    const { lane, slow } = lanes();
    const rows = [
      rowOf({ quantity: ' 350 ', unit: ' g', route: 'air ', origin_country: '\tLA' }),
      rowOf({ commodity: 'tobacco', subtype: 'cigarettes', unit: 'carton', quantity: '3' }),
      rowOf({ commodity: 'tobacco', subtype: 'cigars', unit: 'carton', quantity: '3' }),
      rowOf({ subtype: 'mystery powder' }),
      rowOf({ case_id: '' }),
      rowOf({ reporting_country: 'TH' }),
      rowOf({ unit: 'pieces' }),
    ];
    for (const row of rows) {
      const r = lane!(row, 9);
      expect(r).toBeDefined();
      same(r!, slow(row, 9));
    }
    const sticks = lane!(rows[1]!, 9)!;
    expect(sticks.ok && sticks.record).toMatchObject({ quantity: 600, unit: 'sticks', quantityText: '3' });
    const cigars = lane!(rows[2]!, 9)!;
    expect(cigars.ok && cigars.record.unit).not.toBe('sticks');
    expect(lane!(rows[5]!, 9)!.warnings.map((w) => w.code)).toEqual(['NOT_PARTICIPANT']);
    expect(lane!(rows[6]!, 9)!.warnings.map((w) => w.code)).toEqual(['UNUSUAL_UNIT']);
  });

  it('a file without subtype, origin or destination columns: the lane leaves those fields empty', () => {
    const header = ['id', 'date', 'reporting_country', 'commodity', 'quantity', 'unit', 'route'];
    const { lane, slow } = lanes({}, header);
    const row = rowOf({}, header);
    const r = lane!(row, 2);
    expect(r!.ok && r!.record).toMatchObject({ subtype: '', group: '', origin: '', destination: '', caseId: 'R1' });
    same(r!, slow(row, 2));
  });

  it('direction and phase columns are read through their vocabularies', () => {
    const header = [...HEADER, 'direction', 'phase', 'location'];
    const { lane, slow } = lanes({}, header);
    const row = rowOf({ phase: 'August', location: ' port ' }, header);
    const r = lane!(row, 2);
    expect(r!.ok && r!.record).toMatchObject({ direction: 'import', phase: 'p2', location: 'port' });
    same(r!, slow(row, 2));
  });

  it('hands back (undefined) every row it cannot take whole; the normalizer then gives the slow lane\'s diagnostics', () => {
    const header = [...HEADER, 'direction', 'phase'];
    const { lane, both, slow } = lanes({}, header);
    const handed: Record<string, string>[] = [
      { id: '' }, { id: '  ' }, { date: '' }, { date: '2024-02-30' }, { quantity: '0' }, { quantity: '-1' }, { quantity: '-0' }, { quantity: 'abc' }, { quantity: '' },
      { quantity: '2e12' }, { commodity: '' }, { commodity: 'widgets' }, { commodity: 'tobacco' }, { unit: '' }, { unit: 'furlongs' },
      { route: '' }, { route: 'teleport' }, { reporting_country: '' }, { reporting_country: 'XX' }, { origin_country: 'QQ' },
      { destination_country: 'QQ' }, { direction: 'sideways' }, { phase: 'p9' },
    ];
    for (const o of handed) {
      const row = rowOf(o, header);
      expect(lane!(row, 3), JSON.stringify(o)).toBeUndefined();
      same(both(row, 3), slow(row, 3));
    }
    expect(lane!(rowOf({}, header).slice(1), 3)).toBeUndefined();
    expect(lane!([...rowOf({}, header), 'x'], 3)).toBeUndefined();
    expect(lane!(rowOf({}, header), 3)).toBeDefined();
  });

  it('the largest quantity the slow lane accepts is taken; one over it is handed back', () => {
    const { lane, slow } = lanes();
    const top = rowOf({ quantity: '1000000000000' });
    same(lane!(top, 2)!, slow(top, 2));
    expect(lane!(rowOf({ quantity: '1000000000001' }), 2)).toBeUndefined();
    expect(lane!(rowOf({ quantity: '1000000000000', unit: 'g' }), 2)).toBeDefined();
  });

  it('a value that is an error is one each time it repeats: the goods table remembers the failure, the slow lane reports it', () => {
    const { lane, both, slow } = lanes();
    const row = rowOf({ commodity: 'tobacco', subtype: 'heroin' });
    for (let i = 0; i < 3; i++) {
      expect(lane!(row, 5 + i)).toBeUndefined();
      const r = both(row, 5 + i);
      same(r, slow(row, 5 + i));
      expect(!r.ok && r.errors.map((e) => [e.code, e.field, e.line, e.value])).toEqual([['SUBTYPE_COMMODITY_MISMATCH', 'subtype', 5 + i, 'heroin']]);
    }
    // the same goods after: taken again (the failure was not left on the file's context)
    same(lane!(rowOf(), 9)!, slow(rowOf(), 9));
  });

  it('an empty cell with a default: the slow lane gives the default', () => {
    const { lane, both } = lanes({ defaults: { route: 'sea' } });
    const row = rowOf({ route: '' });
    expect(lane!(row, 2)).toBeUndefined();
    const r = both(row, 2);
    expect(r.ok && r.record.route).toBe('sea');
    const header = [...HEADER, 'direction', 'phase'];
    for (const [f, v] of [['subtype', 'heroin'], ['origin_country', 'TH'], ['destination_country', 'TH'], ['direction', 'export'], ['phase', 'p2']] as const) {
      const d = lanes({ defaults: { [f]: v } }, header);
      const empty = rowOf({ [f]: ' ' }, header);
      expect(d.lane!(empty, 2), f).toBeUndefined();
      same(d.both(empty, 2), d.slow(empty, 2));
      expect(d.lane!(rowOf({}, header), 2), f).toBeDefined();
    }
  });

  it('an empty optional cell without a default is taken: the field stays empty, as the slow lane leaves it', () => {
    const header = [...HEADER, 'direction', 'phase'];
    const { lane, slow } = lanes({}, header);
    for (const f of ['subtype', 'origin_country', 'destination_country', 'direction', 'phase']) {
      const row = rowOf({ [f]: '' }, header);
      const r = lane!(row, 2);
      expect(r, f).toBeDefined();
      same(r!, slow(row, 2));
    }
    const r = lane!(rowOf({ subtype: '', origin_country: ' ', destination_country: '', direction: '', phase: '' }, header), 2);
    expect(r!.ok && r!.record).toMatchObject({ subtype: '', group: '', origin: '', destination: '', direction: '', phase: '' });
  });

  it('more distinct goods than the table holds: the same records as the slow lane, twice over', () => {
    const { both, slow } = lanes();
    const units = ['kg', 'g', 'carton', 'pieces'];
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < GOODS_SLOTS * 3; i++) {
        const row = rowOf({ subtype: `powder ${i}`, unit: units[i % 4]!, commodity: i % 3 === 0 ? 'tobacco' : 'drugs' });
        same(both(row, i + 2), slow(row, i + 2));
      }
    }
  });

  it('random rows: the normalizer with its lane gives what the slow lane alone gives, row for row', () => {
    const header = [...HEADER, 'direction', 'phase', 'location'];
    const { both, slow } = lanes({}, header);
    const pools: Record<string, string[]> = {
      id: ['R1', 'R2', '', ' R3 ', 'Total'],
      date: ['2024-07-10', '2024-08-01', '', '2024-02-30', ' 2024-07-11', '10/07/2024'],
      reporting_country: ['VN', 'KR', 'TH', 'XX', '', 'Viet Nam'],
      commodity: ['drugs', 'tobacco', 'cites', '', 'widgets', 'Drugs '],
      subtype: ['heroin', 'cigarettes', 'cigars', '', 'ivory', 'zz1', 'zz2'],
      quantity: ['2', '0.5', '0', '-1', '', 'x', ' 7 ', '1e3', '1000000000001'],
      unit: ['kg', 'g', 'carton', 'pack', 'sticks', 'pieces', '', 'furlongs'],
      route: ['air', 'sea', '', 'teleport', 'unknown'],
      origin_country: ['LA', '', 'ZZ', 'QQ', 'unknown'],
      destination_country: ['VN', '', 'QQ'],
      case_id: ['C1', '', ' C2'],
      direction: ['import', '', 'sideways'],
      phase: ['p1', 'August', '', 'p9'],
      location: ['', 'port'],
    };
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let i = 0; i < 3000; i++) {
      const row = header.map((h) => pools[h]![rnd(pools[h]!.length)]!);
      same(both(row, i + 2), slow(row, i + 2));
    }
  });
});

describe('createGoodsMemo: the goods table', () => {
  const campaign = testCampaign();
  const fields = new FieldContext(campaign, { path: 'x.csv' }, false, 'x.csv', () => '');
  /** Parsers that write what they were given, and count their calls; a commodity `bad` is an error. */
  function spyParsers() {
    const calls = { n: 0 };
    const mk = (index: number, parse: (v: string, rec: ParsedFields, ctx: FieldContext) => void): FileParser => ({
      index,
      required: false,
      whenEmpty: false,
      words: () => undefined,
      parse: (v, rec, ctx) => {
        calls.n++;
        parse(v, rec, ctx);
      },
    });
    const parsers = [
      mk(FIELD_INDEX.subtype, (v, rec) => {
        rec.subtype = `s:${v}`;
        rec.group = 'g';
      }),
      mk(FIELD_INDEX.commodity, (v, rec, ctx) => {
        if (v === 'bad') ctx.fail('UNKNOWN_COMMODITY', 'commodity', v, 'no');
        rec.commodity = `c:${v}:${rec.subtype}`;
      }),
      mk(FIELD_INDEX.unit, (v, rec) => {
        rec.conversion = { from: v, unit: 'kg', factor: v.length };
      }),
    ];
    return { calls, parsers };
  }

  it('parses a combination once, then answers from the table; a failure is remembered as one and leaves no error behind', () => {
    const { calls, parsers } = spyParsers();
    const goods = createGoodsMemo(parsers, fields);
    const a = goods('heroin', 'drugs', 'kg', []);
    expect(a).toEqual({ subtype: 's:heroin', group: 'g', commodity: 'c:drugs:s:heroin', conversion: { from: 'kg', unit: 'kg', factor: 2 } });
    expect(calls.n).toBe(3);
    expect(goods('heroin', 'drugs', 'kg', [])).toBe(a);
    expect(calls.n).toBe(3);
    expect(goods('heroin', 'bad', 'kg', [])).toBeUndefined();
    expect(fields.errors).toBeUndefined();
    expect(calls.n).toBe(6);
    expect(goods('heroin', 'bad', 'kg', [])).toBeUndefined();
    expect(calls.n).toBe(6);
    // each cell is part of the key
    expect(goods('heroin', 'drugs', 'g', [])!.conversion.factor).toBe(1);
    expect(goods('heroinx', 'drugs', 'kg', [])!.subtype).toBe('s:heroinx');
    expect(goods('heroin', 'drugsx', 'kg', [])!.commodity).toBe('c:drugsx:s:heroin');
    expect(calls.n).toBe(15);
  });

  it('no subtype: the subtype parser is not asked', () => {
    const { calls, parsers } = spyParsers();
    const goods = createGoodsMemo(parsers, fields);
    expect(goods('', 'drugs', 'kg', [])).toEqual({ subtype: '', group: '', commodity: 'c:drugs:', conversion: { from: 'kg', unit: 'kg', factor: 2 } });
    expect(calls.n).toBe(2);
    const noSubtype = createGoodsMemo(parsers.slice(1), fields);
    expect(noSubtype('x', 'drugs', 'kg', [])!.subtype).toBe('');
  });

  it('is bounded: more distinct combinations than slots give the same answers, each new one parsed again', () => {
    const { calls, parsers } = spyParsers();
    const goods = createGoodsMemo(parsers, fields);
    const n = GOODS_SLOTS * 4;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < n; i++) expect(goods(`s${i}`, 'drugs', 'kg', [])!.subtype).toBe(`s:s${i}`);
    }
    // at most GOODS_SLOTS are remembered: the second round parses most of them again
    expect(calls.n).toBeGreaterThan(3 * n + 3 * (n - GOODS_SLOTS));
  });

  it('two combinations of one slot take turns in it, each answered right', () => {
    const { parsers } = spyParsers();
    const goods = createGoodsMemo(parsers, fields);
    // same length and ends: the same slot
    expect(goodsHash('aXb')).toBe(goodsHash('aYb'));
    for (let i = 0; i < 3; i++) {
      expect(goods('aXb', 'drugs', 'kg', [])!.subtype).toBe('s:aXb');
      expect(goods('aYb', 'drugs', 'kg', [])!.subtype).toBe('s:aYb');
    }
    expect(goodsHash('')).toBe(0);
    expect(goodsHash('ab')).toBe(2 * 17 + 97 * 5 + 98);
  });

  it('starts each combination from an empty record', () => {
    const parsers: FileParser[] = [FIELD_INDEX.subtype, FIELD_INDEX.commodity, FIELD_INDEX.unit].map((index) => ({
      index,
      required: false,
      whenEmpty: false,
      words: () => undefined,
      parse: (v: string, rec: ParsedFields) => {
        if (index === FIELD_INDEX.unit) rec.conversion = { from: `${rec.subtype}|${rec.group}|${rec.commodity}|${rec.quantity}|${rec.conversion === NO_CONVERSION}`, unit: 'kg', factor: 1 };
        else if (index === FIELD_INDEX.commodity) rec.commodity = v;
      },
    }));
    const goods = createGoodsMemo(parsers, fields);
    expect(goods('x', 'drugs', 'kg', [])!.conversion.from).toBe('||drugs|NaN|true');
  });
});
