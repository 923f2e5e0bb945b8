/**
 * The source options of issue 11 in the pure stages: null_values, allow_zero,
 * several quantity columns (coalesce / max, and which column each figure came
 * from), the where filter, ids made of file and line, route unknown; their
 * campaign-file syntax and their ad-hoc flags.
 */
import { describe, expect, it } from 'vitest';
import type { Campaign, SourceFile } from '../../src/config/campaign.js';
import { adhocCampaign } from '../../src/config/adhoc.js';
import { campaignSchema, sourceSchema, type SourceConfig } from '../../src/config/schema.js';
import { CampaignReportError } from '../../src/errors.js';
import { headersOf, mapColumns } from '../../src/ingest/columns.js';
import { isRecognizable } from '../../src/ingest/header-rows.js';
import type { UnitSink } from '../../src/pipeline/read-unit.js';
import { replayUnit, UnitEncoder } from '../../src/pipeline/unit-codec.js';
import { createRecordNormalizer, type RecordResult, type SeizureRecord } from '../../src/validate/record.js';
import { createNullTest, createRowFilter, pickQuantityCell } from '../../src/validate/source-cells.js';
import { rec, testCampaign } from '../helpers/records.js';

const HEADER = ['id', 'date', 'reporting_country', 'commodity', 'Importer qty', 'Exporter qty', 'unit', 'route', 'Source'];

function normalizer(config: Partial<SourceConfig>, header: string[] = HEADER, sheet?: string, campaign: Campaign = testCampaign()) {
  const file: SourceFile = { path: '/abs/data/x.csv', display: 'data/x.csv', config: sourceSchema.parse({ path: 'data/x.csv', ...config }) };
  return createRecordNormalizer({ campaign, file, fileIndex: 0, columns: mapColumns(header, file.config, 'data/x.csv'), ...(sheet !== undefined ? { sheet } : {}) });
}

const row = (o: Partial<Record<string, string>> = {}) =>
  HEADER.map((h) => ({ id: 'R1', date: '2024-07-10', reporting_country: 'VN', commodity: 'drugs', 'Importer qty': '2', 'Exporter qty': '', unit: 'kg', route: 'air', Source: 'I', ...o })[h]!);

function ok(r: RecordResult): SeizureRecord {
  if (!r.ok) throw new Error(`rejected: ${r.errors.map((e) => `${e.code} ${e.field} ${e.message}`).join('; ')}`);
  return r.record;
}

function errors(r: RecordResult) {
  if (r.ok) throw new Error('expected a rejected record');
  return r.errors.map((e) => [e.code, e.field ?? null, e.value ?? null, e.message, e.line]);
}

const COALESCE = { columns: { quantity: { coalesce: ['Importer qty', 'Exporter qty'] } } };
const MAX = { columns: { quantity: { max: ['Importer qty', 'Exporter qty'] } } };

describe('createNullTest', () => {
  it('is undefined without null values', () => {
    expect(createNullTest(undefined)).toBeUndefined();
    expect(createNullTest([])).toBeUndefined();
  });

  it('matches a trimmed cell equal to a value, case ignored; nothing else', () => {
    const isNull = createNullTest(['NULL', ' - ', 'n/a'])!;
    for (const v of ['NULL', 'null', 'Null', '-', 'n/a', 'N/A']) expect(isNull(v), v).toBe(true);
    for (const v of ['', 'NULLS', 'nul', '--', 'n/a.', '0', 'none']) expect(isNull(v), v).toBe(false);
  });
});

describe('pickQuantityCell', () => {
  it('coalesce: the first non-empty cell, -1 when all are empty', () => {
    expect(pickQuantityCell(['5', '7'], 'coalesce', '.')).toBe(0);
    expect(pickQuantityCell(['', '7'], 'coalesce', '.')).toBe(1);
    expect(pickQuantityCell(['', '', 'x'], 'coalesce', '.')).toBe(2);
    expect(pickQuantityCell(['', ''], 'coalesce', '.')).toBe(-1);
  });

  it('max: the largest number (the first of equals), in the decimal mark of the source', () => {
    expect(pickQuantityCell(['5', '7'], 'max', '.')).toBe(1);
    expect(pickQuantityCell(['9', '7'], 'max', '.')).toBe(0);
    expect(pickQuantityCell(['7', '7'], 'max', '.')).toBe(0);
    expect(pickQuantityCell(['', '0', ''], 'max', '.')).toBe(1);
    expect(pickQuantityCell(['1,5', '1.234'], 'max', ',')).toBe(1);
    expect(pickQuantityCell(['1.5', '1,2'], 'max', '.')).toBe(1);
    expect(pickQuantityCell(['-3', '-1'], 'max', '.')).toBe(1);
    expect(pickQuantityCell(['', ''], 'max', '.')).toBe(-1);
  });

  it('max: a cell that is not a number is chosen, so that it is reported', () => {
    expect(pickQuantityCell(['5', 'abc', '9'], 'max', '.')).toBe(1);
    expect(pickQuantityCell(['abc', '9'], 'max', '.')).toBe(0);
  });
});

describe('createRowFilter', () => {
  it('is undefined without a filter', () => {
    expect(createRowFilter(undefined)).toBeUndefined();
    expect(createRowFilter([])).toBeUndefined();
  });

  it('keeps a row whose cell is one of the values (trimmed, case ignored, as values are matched)', () => {
    const keep = createRowFilter([{ index: 1, values: ['I', 'Seized'] }])!;
    for (const v of ['I', 'i', ' I ', 'seized', 'SEIZED']) expect(keep(['x', v]), v).toBe(true);
    for (const v of ['W', 'II', '', 'seize']) expect(keep(['x', v]), v).toBe(false);
    expect(keep(['x'])).toBe(false);
    // asked again: the same answer from its cache
    expect([keep(['x', 'I']), keep(['x', 'W'])]).toEqual([true, false]);
  });

  it('every header must match', () => {
    const keep = createRowFilter([
      { index: 0, values: ['I'] },
      { index: 1, values: ['T', 'P'] },
    ])!;
    expect([keep(['I', 'T']), keep(['I', 'p']), keep(['I', 'Q']), keep(['W', 'T'])]).toEqual([true, true, false, false]);
  });

  it('a null value is an empty cell: kept only when an empty value is allowed', () => {
    const isNull = createNullTest(['NULL']);
    expect(createRowFilter([{ index: 0, values: ['I'] }], isNull)!(['NULL'])).toBe(false);
    expect(createRowFilter([{ index: 0, values: [''] }], isNull)!(['NULL'])).toBe(true);
    expect(createRowFilter([{ index: 0, values: ['NULL'] }])!(['null'])).toBe(true);
  });
});

describe('mapColumns with the options', () => {
  const cfg = (o: object) => sourceSchema.parse({ path: 'x.csv', ...o });

  it('{ coalesce } / { max }: the columns in their order, with the headers as the file has them', () => {
    const m = mapColumns(['Exporter qty', 'id', ' IMPORTER QTY '], cfg({ columns: { quantity: { coalesce: ['importer qty', 'Exporter qty'] } } }), 'x.csv');
    expect(m.cells[5]).toEqual([2, 0]);
    expect(m.quantityPick).toEqual({ mode: 'coalesce', headers: ['IMPORTER QTY', 'Exporter qty'] });
    expect(mapColumns(['a', 'b'], cfg({ columns: { quantity: { max: ['b', 'a'] } } }), 'x.csv').quantityPick).toEqual({ mode: 'max', headers: ['b', 'a'] });
    expect(mapColumns(['quantity'], cfg({}), 'x.csv').quantityPick).toBeUndefined();
  });

  it('a quantity column missing from the file is MISSING_COLUMN, and there is nothing to pick from', () => {
    const m = mapColumns(['id', 'a'], cfg({ columns: { quantity: { coalesce: ['a', 'b'] } } }), 'x.csv');
    expect(m.quantityPick).toBeUndefined();
    expect(m.diagnostics.map((d) => [d.code, d.field, d.value])).toContainEqual(['MISSING_COLUMN', 'quantity', 'b']);
  });

  it('id "@line": no id column is looked for, and the id is not missing', () => {
    const m = mapColumns(['id', 'date'], cfg({ columns: { id: '@line' } }), 'x.csv');
    expect(m.lineId).toBe(true);
    expect(m.cells[0]).toEqual([]);
    expect(m.missing).not.toContain('id');
    expect(m.diagnostics.filter((d) => d.field === 'id')).toEqual([]);
    expect(m.extras.map((e) => e.name)).toEqual(['id']);
    expect(mapColumns(['id'], cfg({}), 'x.csv').lineId).toBeUndefined();
  });

  it('where: the columns of its headers (matched as headers are), and the headers the file lacks', () => {
    const m = mapColumns(['Source', 'purpose_code'], cfg({ where: { source: ['I'], 'Purpose code': ['T'], Term: ['scales'] } }), 'x.csv');
    expect(m.where).toEqual([
      { header: 'source', index: 0, values: ['I'] },
      { header: 'Purpose code', index: 1, values: ['T'] },
    ]);
    expect(m.whereMissing).toEqual(['Term']);
    expect(mapColumns(['Source'], cfg({ where: { Source: ['I'] } }), 'x.csv').whereMissing).toBeUndefined();
    expect(mapColumns(['Source'], cfg({}), 'x.csv').where).toBeUndefined();
  });

  it('headersOf: the headers an entry of columns: names', () => {
    expect(headersOf(undefined)).toEqual([]);
    expect(headersOf('@line')).toEqual([]);
    expect(headersOf('A')).toEqual(['A']);
    expect(headersOf(['A', 'B'])).toEqual(['A', 'B']);
    expect(headersOf({ coalesce: ['A', 'B'] })).toEqual(['A', 'B']);
    expect(headersOf({ max: ['C', 'D'] })).toEqual(['C', 'D']);
  });

  it('a header is recognizable without an id column when ids are made of lines', () => {
    const needed7 = cfg({});
    const line = cfg({ columns: { id: '@line' } });
    expect([isRecognizable(3, needed7), isRecognizable(4, needed7)]).toEqual([false, true]);
    // six fields needed: three are half
    expect([isRecognizable(2, line), isRecognizable(3, line)]).toEqual([false, true]);
  });
});

describe('null_values in records', () => {
  const nulls = { null_values: ['NULL', '-'] };

  it('a null quantity is a missing field, not "not a number"', () => {
    expect(errors(normalizer(nulls)(row({ 'Importer qty': 'NULL' }), 5))).toEqual([['MISSING_FIELD', 'quantity', '', 'quantity is required but empty', 5]]);
    // without the option: as today
    const cfg = { columns: { quantity: 'Importer qty' } };
    expect(errors(normalizer(cfg)(row({ 'Importer qty': 'NULL' }), 5))).toEqual([['INVALID_QUANTITY', 'quantity', 'NULL', 'is not a number (decimal: ".")', 5]]);
  });

  it('a null cell takes the default, and any field may be null', () => {
    const n = normalizer({ ...nulls, columns: { quantity: 'Importer qty' }, defaults: { route: 'sea' } });
    const r = ok(n(row({ route: ' null ', 'Exporter qty': '-' }), 3));
    expect([r.route, r.quantity]).toEqual(['sea', 2]);
    expect(errors(n(row({ reporting_country: '-' }), 4))).toEqual([['MISSING_FIELD', 'reporting_country', '', 'reporting_country is required but empty', 4]]);
  });

  it('in an id of several columns, a null cell is left out of the join', () => {
    const n = normalizer({ ...nulls, columns: { id: ['id', 'Source', 'Exporter qty'], quantity: 'Importer qty' } });
    expect(ok(n(row({ Source: 'NULL', 'Exporter qty': '9' }), 2)).id).toBe('R1 9');
    expect(ok(n(row({ Source: 'I', 'Exporter qty': '-' }), 2)).id).toBe('R1 I');
  });
});

describe('allow_zero', () => {
  const single = { columns: { quantity: 'Importer qty' } };

  it('a quantity of 0 is a reported nil: accepted, one seizure of quantity 0', () => {
    const r = ok(normalizer({ ...single, allow_zero: true })(row({ 'Importer qty': '0' }), 2));
    expect([r.quantity, r.count, r.unit]).toEqual([0, 1, 'kg']);
    expect(ok(normalizer({ ...single, allow_zero: true, decimal: ',' })(row({ 'Importer qty': '0,000' }), 2)).quantity).toBe(0);
  });

  it('a negative quantity is still rejected; without the option 0 is rejected as today', () => {
    expect(errors(normalizer({ ...single, allow_zero: true })(row({ 'Importer qty': '-1' }), 2))).toEqual([['INVALID_QUANTITY', 'quantity', '-1', 'must not be negative', 2]]);
    expect(errors(normalizer({ ...single, allow_zero: true })(row({ 'Importer qty': '-0' }), 2))).toEqual([['INVALID_QUANTITY', 'quantity', '-0', 'must not be negative', 2]]);
    expect(errors(normalizer(single)(row({ 'Importer qty': '0' }), 2))).toEqual([['INVALID_QUANTITY', 'quantity', '0', 'must be a positive number', 2]]);
    expect(errors(normalizer({ ...single, allow_zero: false })(row({ 'Importer qty': '0' }), 2))).toEqual([['INVALID_QUANTITY', 'quantity', '0', 'must be a positive number', 2]]);
  });
});

describe('several quantity columns', () => {
  it('coalesce: the first non-empty cell, and its column is recorded', () => {
    const n = normalizer(COALESCE);
    expect([ok(n(row(), 2)).quantity, ok(n(row(), 2)).quantityColumn]).toEqual([2, 'Importer qty']);
    const b = ok(n(row({ 'Importer qty': '', 'Exporter qty': '7.5' }), 3));
    expect([b.quantity, b.quantityColumn]).toEqual([7.5, 'Exporter qty']);
    const both = ok(n(row({ 'Importer qty': '3', 'Exporter qty': '70' }), 4));
    expect([both.quantity, both.quantityColumn]).toEqual([3, 'Importer qty']);
  });

  it('coalesce with null values: a null cell is passed over', () => {
    const r = ok(normalizer({ ...COALESCE, null_values: ['NULL'] })(row({ 'Importer qty': 'NULL', 'Exporter qty': '4' }), 2));
    expect([r.quantity, r.quantityColumn]).toEqual([4, 'Exporter qty']);
  });

  it('max: the largest value, and its column', () => {
    const n = normalizer(MAX);
    const r = ok(n(row({ 'Importer qty': '3', 'Exporter qty': '70' }), 2));
    expect([r.quantity, r.quantityColumn]).toEqual([70, 'Exporter qty']);
    const s = ok(n(row({ 'Importer qty': '300', 'Exporter qty': '70' }), 2));
    expect([s.quantity, s.quantityColumn]).toEqual([300, 'Importer qty']);
    const g = ok(normalizer(MAX)(row({ 'Importer qty': '', 'Exporter qty': '500', unit: 'g' }), 2));
    expect([g.quantity, g.quantityColumn]).toEqual([0.5, 'Exporter qty']);
  });

  it('max: a cell that is not a number rejects the row, naming it', () => {
    expect(errors(normalizer(MAX)(row({ 'Importer qty': '3', 'Exporter qty': 'lots' }), 6))).toEqual([['INVALID_QUANTITY', 'quantity', 'lots', 'is not a number (decimal: ".")', 6]]);
  });

  it('every quantity cell empty: MISSING_FIELD, or the default (which no column gave)', () => {
    expect(errors(normalizer(COALESCE)(row({ 'Importer qty': '', 'Exporter qty': ' ' }), 2))).toEqual([['MISSING_FIELD', 'quantity', '', 'quantity is required but empty', 2]]);
    const d = ok(normalizer({ ...COALESCE, defaults: { quantity: '1' } })(row({ 'Importer qty': '' }), 2));
    expect([d.quantity, d.quantityColumn]).toEqual([1, '']);
  });

  it('a source of one quantity column records none', () => {
    expect(ok(normalizer({ columns: { quantity: 'Importer qty' } })(row(), 2)).quantityColumn).toBe('');
  });
});

describe('ids made of file and line', () => {
  it('"@line": the file as written and the physical line; the id column is not read', () => {
    const n = normalizer({ columns: { id: '@line', quantity: 'Importer qty' } });
    const r = ok(n(row({ id: '' }), 17));
    expect([r.id, r.caseId]).toEqual(['data/x.csv:17', 'data/x.csv:17']);
    expect(ok(n(row({ id: 'R9' }), 18)).id).toBe('data/x.csv:18');
  });

  it('in a workbook, the sheet too', () => {
    expect(ok(normalizer({ columns: { id: '@line', quantity: 'Importer qty' } }, HEADER, 'July')(row(), 4)).id).toBe('data/x.csv [July]:4');
  });

  it('a row missing another field is not missing its id', () => {
    const r = normalizer({ columns: { id: '@line', quantity: 'Importer qty' } })(row({ date: '', id: '' }), 9);
    expect(errors(r)).toEqual([['MISSING_FIELD', 'date', '', 'date is required but empty', 9]]);
  });
});

describe('route unknown from a default', () => {
  it('defaults: { route: unknown } is accepted from an item-level source', () => {
    const header = HEADER.filter((h) => h !== 'route');
    const r = ok(normalizer({ columns: { quantity: 'Importer qty' }, defaults: { route: 'unknown' } }, header)(row().filter((_, i) => HEADER[i] !== 'route'), 2));
    expect(r.route).toBe('unknown');
  });
});

describe('the campaign-file syntax', () => {
  const source = (o: object) => sourceSchema.safeParse({ path: 'x.csv', ...o });
  const messages = (o: object) => {
    const r = source(o);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts the options as agreed', () => {
    const r = source({ null_values: [null, '-', 'n/a', 0], allow_zero: true, where: { Source: ['I'], Purpose: ['T', 'P', 1] }, columns: { id: '@line', quantity: { coalesce: ['A', 'B'] } } });
    expect(r.success && r.data).toMatchObject({ null_values: ['NULL', '-', 'n/a', '0'], allow_zero: true, where: { Source: ['I'], Purpose: ['T', 'P', '1'] }, columns: { id: '@line', quantity: { coalesce: ['A', 'B'] } } });
    expect(source({ columns: { quantity: { max: ['A', 'B'] }, id: ['A', 'B', 'C'] } }).success).toBe(true);
  });

  it('refuses the forms where they mean nothing', () => {
    expect(messages({ columns: { date: { coalesce: ['A', 'B'] } } })).toEqual(['columns.date: { coalesce } and { max } are for the quantity only; date takes a header or a list of headers']);
    expect(messages({ columns: { date: '@line' } })).toEqual(['columns.date: "@line" is for the id alone (columns: { id: "@line" })']);
    expect(messages({ columns: { id: ['@line', 'B'] } })).toEqual(['columns.id: "@line" is for the id alone (columns: { id: "@line" })']);
    expect(source({ columns: { quantity: { coalesce: ['A'] } } }).success).toBe(false);
    expect(source({ columns: { quantity: { coalesce: ['A', 'B'], max: ['A', 'B'] } } }).success).toBe(false);
    expect(source({ null_values: [] }).success).toBe(false);
    expect(source({ where: { Source: [] } }).success).toBe(false);
    expect(source({ allow_zero: 'yes' }).success).toBe(false);
  });

  it('is part of the campaign schema', () => {
    const c = campaignSchema.safeParse({ campaign: { id: 'x', name: 'X', participants: ['VN'] }, phases: [{ id: 'p', start: '2024-01-01', end: '2024-01-31' }], sources: [{ path: 'a.csv', where: { S: ['I'] }, allow_zero: true, null_values: ['NULL'] }] });
    expect(c.success).toBe(true);
  });
});

describe('ad-hoc flags', () => {
  const config = async (flags: Parameters<typeof adhocCampaign>[1]) => (await adhocCampaign(['-'], flags)).files[0]!.config;
  const usage = async (flags: Parameters<typeof adhocCampaign>[1]) => {
    try {
      await adhocCampaign(['-'], flags);
    } catch (e) {
      expect(e).toBeInstanceOf(CampaignReportError);
      return [(e as CampaignReportError).code, (e as Error).message];
    }
    throw new Error('expected a usage error');
  };

  it('--map id=A+B+C is the list form; one name stays a name', async () => {
    expect((await config({ map: ['id=ISO Code + Drug+Year', 'date=Year'] })).columns).toEqual({ id: ['ISO Code', 'Drug', 'Year'], date: 'Year' });
    expect((await config({ map: ['id=@line'] })).columns).toEqual({ id: '@line' });
    expect(await usage({ map: ['id=A++B'] })).toEqual(['USAGE', '--map id=A++B: an empty column name']);
  });

  it('a field given twice to --map or --default is a usage error (the last no longer silently wins)', async () => {
    expect(await usage({ map: ['id=A', 'id=B'] })).toEqual(['USAGE', '--map id= is given twice ("id=A" and "id=B")']);
    expect(await usage({ default: ['route=air', 'route=sea'] })).toEqual(['USAGE', '--default route= is given twice ("route=air" and "route=sea")']);
    expect((await config({ map: ['id=A', 'date=B'], default: ['route=air', 'unit=kg'] })).defaults).toEqual({ route: 'air', unit: 'kg' });
  });

  it('a field that is not one: the field it is near to, if any, with the list of fields', async () => {
    expect(await usage({ map: ['reporting_contry=Country'] })).toEqual(['USAGE', '--map "reporting_contry=Country": "reporting_contry" is not a field (did you mean reporting_country?)']);
    expect(await usage({ default: ['rout=air'] })).toEqual(['USAGE', '--default "rout=air": "rout" is not a field (did you mean route?)']);
    const fields = 'id, date, reporting_country, commodity, subtype, quantity, unit, route, origin_country, destination_country, case_id, direction, phase, location, detection_method, concealment, agency, count';
    await expect(adhocCampaign(['-'], { default: ['rout=air'] })).rejects.toMatchObject({ hint: `the fields: ${fields}` });
    expect(await usage({ map: ['weight=Kg'] })).toEqual(['USAGE', `--map "weight=Kg": expected field=value with a field among ${fields}`]);
    expect(await usage({ map: ['=rout'] })).toEqual(['USAGE', `--map "=rout": expected field=value with a field among ${fields}`]);
    expect(await usage({ default: ['route'] })).toEqual(['USAGE', `--default "route": expected field=value with a field among ${fields}`]);
  });

  it('--null-values, --allow-zero and --where are the source options', async () => {
    const c = await config({ nullValues: 'NULL, -,n/a', allowZero: true, where: ['Source=I', 'Purpose= T,P '] });
    expect([c.null_values, c.allow_zero, c.where]).toEqual([['NULL', '-', 'n/a'], true, { Source: ['I'], Purpose: ['T', 'P'] }]);
    const none = await config({});
    expect([none.null_values, none.allow_zero, none.where]).toEqual([undefined, undefined, undefined]);
  });

  it('--where needs Header=values, once per header', async () => {
    expect(await usage({ where: ['Source'] })).toEqual(['USAGE', '--where "Source": expected Header=value[,value…]']);
    expect(await usage({ where: ['=I'] })).toEqual(['USAGE', '--where "=I": expected Header=value[,value…]']);
    expect(await usage({ where: ['Source=I', 'Source=W'] })).toEqual(['USAGE', '--where Source= is given twice']);
  });
});

describe('the worker-thread codec', () => {
  it('carries the quantity column of each record and the filtered rows', () => {
    const encoder = new UnitEncoder(0, 4);
    encoder.rows(5, 1, 2);
    encoder.record(rec({ id: 'a', quantityColumn: 'Importer qty' }), 1);
    encoder.record(rec({ id: 'b', quantityColumn: 'Exporter qty' }), 2);
    encoder.record(rec({ id: 'c' }), 3);
    encoder.rows(3, 0, 1);
    const { unit, transfer } = encoder.finish();
    const got: unknown[] = [];
    const sink: UnitSink = {
      diagnostic: () => {},
      rows: (read, rejected, filtered) => got.push(['rows', read, rejected, filtered]),
      record: (r) => got.push([r.id, r.quantityColumn]),
      rejectedRow: () => {},
      note: () => {},
    };
    replayUnit(structuredClone(unit, { transfer }), sink);
    expect(got).toEqual([['rows', 8, 1, 3], ['a', 'Importer qty'], ['b', 'Exporter qty'], ['c', '']]);
  });
});
