import { describe, expect, it } from 'vitest';
import type { Campaign, SourceFile } from '../../src/config/campaign.js';
import { CANONICAL_FIELDS, type SourceConfig } from '../../src/config/schema.js';
import { mapColumns } from '../../src/ingest/columns.js';
import { parseNumber } from '../../src/normalize/number.js';
import { createRecordNormalizer, createRowCells, MAX_QUANTITY, type RecordResult } from '../../src/validate/record.js';
import { testCampaign } from '../helpers/records.js';

const HEADER = ['id', 'date', 'reporting_country', 'commodity', 'subtype', 'quantity', 'unit', 'route', 'origin_country', 'destination_country'];

function normalizer(config: Partial<SourceConfig> = {}, header: string[] = HEADER, campaign: Campaign = testCampaign(), path = 'data/x.csv') {
  const file: SourceFile = { path: `/abs/${path}`, display: path, config: { path, ...config } };
  return createRecordNormalizer({ campaign, file, fileIndex: 0, columns: mapColumns(header, file.config, path) });
}

const row = (o: Partial<Record<(typeof HEADER)[number], string>> = {}) =>
  HEADER.map((h) => ({ id: 'R1', date: '2024-07-10', reporting_country: 'VN', commodity: 'drugs', subtype: 'heroin', quantity: '2', unit: 'kg', route: 'air', origin_country: 'LA', destination_country: 'VN', ...o })[h]!);

function errorsOf(r: RecordResult) {
  if (r.ok) throw new Error('expected a rejected record');
  return r.errors.map((e) => [e.code, e.field ?? null, e.line]);
}

describe('createRecordNormalizer: accepted rows', () => {
  it('normalizes every field; case id defaults to the id', () => {
    const r = normalizer()(row(), 7);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    expect(r.record).toMatchObject({
      id: 'R1',
      caseId: 'R1',
      date: '2024-07-10',
      day: Date.UTC(2024, 6, 10) / 86_400_000,
      reportingCountry: 'VN',
      commodity: 'drugs',
      subtype: 'heroin',
      quantity: 2,
      unit: 'kg',
      route: 'air',
      origin: 'LA',
      destination: 'VN',
      count: 1,
      totals: false,
      line: 7,
    });
  });

  it('converts to the canonical unit: 350 g is 0.35 kg, 3 cartons are 600 sticks, 500 ml is 0.5 l', () => {
    const n = normalizer();
    const q = (quantity: string, unit: string, commodity = 'drugs') => {
      const r = n(row({ quantity, unit, commodity, subtype: '' }), 2);
      if (!r.ok) throw new Error(r.errors.map((e) => e.code).join());
      return r.record;
    };
    expect(q('350', 'g').unit).toBe('kg');
    expect(q('350', 'g').quantity).toBeCloseTo(0.35, 12);
    expect(q('3', 'carton', 'tobacco')).toMatchObject({ quantity: 600, unit: 'sticks' });
    expect(q('500', 'ml').unit).toBe('l');
    expect(q('500', 'ml').quantity).toBeCloseTo(0.5, 12);
    expect(q('2', 'lb').quantity).toBeCloseTo(0.90718474, 12);
    expect(q('2', 'lb').conversion).toEqual({ from: 'lb', unit: 'kg', factor: 0.45359237 });
  });

  it('reads Vietnamese values and a decimal comma', () => {
    const r = normalizer({ decimal: ',', date_format: 'dd/MM/yyyy' })(
      row({ date: '05/07/2024', commodity: 'ma túy', route: 'đường bộ', quantity: '1.234,5', unit: 'gam', origin_country: 'Lào', reporting_country: 'Việt Nam' }),
      3,
    );
    expect(r.ok && r.record).toMatchObject({ date: '2024-07-05', commodity: 'drugs', route: 'land', quantity: 1.2345, unit: 'kg', origin: 'LA', reportingCountry: 'VN' });
    // the quantity as written stays as written: the decimal mark and the unit are not applied
    expect(r.ok && r.record.quantityText).toBe('1.234,5');
    expect(r.ok && r.record.conversion.from).toBe('gam');
  });

  it('keeps the quantity cell as written: trimmed, after the source\'s values:, the default when empty', () => {
    expect((normalizer()(row({ quantity: ' 0350 ' }), 2) as { record: { quantityText: string } }).record.quantityText).toBe('0350');
    const aliased = normalizer({ values: { quantity: { 'một': '1' } } })(row({ quantity: 'một' }), 2);
    expect(aliased.ok && aliased.record).toMatchObject({ quantity: 1, quantityText: '1' });
    const defaulted = normalizer({ defaults: { quantity: '7' } })(row({ quantity: '' }), 2);
    expect(defaulted.ok && defaulted.record).toMatchObject({ quantity: 7, quantityText: '7' });
  });

  it('uses a source default when the cell is empty, and ZZ for unknown origins', () => {
    const r = normalizer({ defaults: { reporting_country: 'KR' } })(row({ reporting_country: '', origin_country: 'unknown', destination_country: '' }), 2);
    expect(r.ok && r.record).toMatchObject({ reportingCountry: 'KR', origin: 'ZZ', destination: '' });
  });

  it('applies per-source value aliases before normalizing', () => {
    const r = normalizer({ values: { route: { 'đường sắt': 'land' }, subtype: { 'ma túy đá': 'methamphetamine' } } })(row({ route: 'Đường sắt', subtype: 'ma túy đá' }), 2);
    expect(r.ok && r.record).toMatchObject({ route: 'land', subtype: 'methamphetamine' });
  });

  it('a phase column may name a phase by id or by name', () => {
    const header = [...HEADER, 'phase'];
    const n = normalizer({}, header);
    const byId = n([...row(), 'p2'], 2);
    const byName = n([...row(), 'July'], 3);
    expect(byId.ok && byId.record.phase).toBe('p2');
    expect(byName.ok && byName.record.phase).toBe('p1');
  });

  it('NOT_PARTICIPANT and UNUSUAL_UNIT are warnings on an accepted record', () => {
    const r = normalizer()(row({ reporting_country: 'TH', commodity: 'precursors', subtype: '', unit: 'sticks' }), 4);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => [w.severity, w.code, w.line])).toEqual([
      ['warning', 'NOT_PARTICIPANT', 4],
      ['warning', 'UNUSUAL_UNIT', 4],
    ]);
  });

  it('joins a field mapped to several columns with a space (fiscal year + month)', () => {
    const header = ['FY', 'Month', 'id', 'commodity', 'quantity', 'unit', 'route'];
    const n = normalizer({ columns: { date: ['FY', 'Month'] }, date_format: 'yyyy MMM', fiscal_year_start: 10, defaults: { reporting_country: 'KR' } }, header);
    const r = n(['2024', 'NOV', 'X1', 'drugs', '1', 'kg', 'sea'], 2);
    expect(r.ok && r.record.date).toBe('2023-11-01');
  });
});

describe('createRecordNormalizer: rejected rows', () => {
  it('FIELD_COUNT when the row is wider or narrower than the header', () => {
    const n = normalizer();
    expect(errorsOf(n([...row(), 'extra'], 5))).toEqual([['FIELD_COUNT', null, 5]]);
    expect(errorsOf(n(row().slice(0, 9), 6))).toEqual([['FIELD_COUNT', null, 6]]);
  });

  it('MISSING_FIELD for each empty required field, all reported', () => {
    const r = normalizer()(row({ id: '', quantity: ' ', route: '' }), 3);
    expect(errorsOf(r)).toEqual([
      ['MISSING_FIELD', 'id', 3],
      ['MISSING_FIELD', 'quantity', 3],
      ['MISSING_FIELD', 'route', 3],
    ]);
  });

  it.each([
    ['0', 'zero'],
    ['-0.929', 'negative'],
    ['-0', 'negative zero'],
    ['abc', 'not a number'],
    ['1,5', 'decimal comma in a "." source'],
  ])('INVALID_QUANTITY for %j (%s)', (quantity) => {
    expect(errorsOf(normalizer()(row({ quantity }), 2))).toEqual([['INVALID_QUANTITY', 'quantity', 2]]);
  });

  it.each(['1.', '.5', '007', '1,234.5', '1 234', '1e3', '+5', '12345678901234567890', '1'.repeat(400), '١٢'])(
    'reads quantity %j exactly as parseNumber(raw, ".") does',
    (quantity) => {
      const r = normalizer()(row({ quantity }), 2);
      const n = parseNumber(quantity, '.');
      // beyond MAX_QUANTITY (1e12 in the canonical unit) a quantity is implausible: rejected too
      if (Number.isNaN(n) || n <= 0 || n > MAX_QUANTITY) expect(errorsOf(r)).toEqual([['INVALID_QUANTITY', 'quantity', 2]]);
      else expect(r.ok && r.record.quantity).toBe(n);
    },
  );

  it('each unknown value is its own error, with the value as written', () => {
    const r = normalizer()(row({ date: '2024-02-30', unit: 'sacks', commodity: 'durgs', route: 'teleport', origin_country: 'Cambodai' }), 9);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.code, e.field, e.value])).toEqual([
      ['INVALID_DATE', 'date', '2024-02-30'],
      // the unit after the goods it measures (a carton holds sticks only for tobacco)
      ['UNKNOWN_COMMODITY', 'commodity', 'durgs'],
      ['UNKNOWN_UNIT', 'unit', 'sacks'],
      ['UNKNOWN_ROUTE', 'route', 'teleport'],
      ['UNKNOWN_COUNTRY', 'origin_country', 'Cambodai'],
    ]);
    expect(r.errors.every((e) => e.severity === 'error' && e.file === 'data/x.csv' && e.line === 9)).toBe(true);
  });

  it('a reporting country must be a real country: ZZ/unknown is not allowed there', () => {
    expect(errorsOf(normalizer()(row({ reporting_country: 'unknown' }), 2))).toEqual([['UNKNOWN_COUNTRY', 'reporting_country', 2]]);
  });

  it('UNKNOWN_DIRECTION and UNKNOWN_PHASE', () => {
    const header = [...HEADER, 'direction', 'phase'];
    const r = normalizer({}, header)([...row(), 'imprt', 'Giai đoạn 4'], 2);
    expect(errorsOf(r)).toEqual([
      ['UNKNOWN_DIRECTION', 'direction', 2],
      ['UNKNOWN_PHASE', 'phase', 2],
    ]);
  });

  it('route "unknown" (or "not reported") is accepted from an item-level source that says so (issue 11)', () => {
    for (const route of ['unknown', ' Not Reported ', 'không báo cáo', '미보고']) {
      const r = normalizer()(row({ route }), 2);
      expect(r.ok && r.record.route, route).toBe('unknown');
    }
    expect(errorsOf(normalizer()(row({ route: 'unknwon' }), 2))).toEqual([['UNKNOWN_ROUTE', 'route', 2]]);
  });

  it('a rejected row keeps the day of its date when the date parsed (as SeizureRecord.day), and none otherwise', () => {
    const n = normalizer();
    const dated = n(row({ commodity: 'durgs', date: '2024-07-15' }), 4);
    expect(dated).toMatchObject({ ok: false, day: Date.UTC(2024, 6, 15) / 86_400_000 });
    // the first day of the epoch is a day like any other
    expect(n(row({ quantity: '-1', date: '1970-01-01' }), 4)).toMatchObject({ ok: false, day: 0 });
    // in the source's date format
    const dmy = normalizer({ date_format: 'dd/MM/yyyy' })(row({ date: '01/08/2024', unit: 'sacks' }), 2);
    expect(dmy).toMatchObject({ ok: false, day: Date.UTC(2024, 7, 1) / 86_400_000 });
    for (const r of [n(row({ date: '2024-02-30', unit: 'sacks' }), 5), n(row({ date: '', unit: 'sacks' }), 6), n([...row(), 'extra'], 7)]) {
      expect(r.ok).toBe(false);
      expect(r).not.toHaveProperty('day');
    }
  });
});

describe('createRecordNormalizer: totals sources (a count column is mapped)', () => {
  const header = [...HEADER, 'count'];
  // Made in each test (not while the file loads), so each test covers the normalizer it checks.
  const n = (row: string[], line: number) => normalizer({}, header)(row, line);

  it('a row stands for `count` seizures; route "unknown" and quantity 0 are allowed', () => {
    const r = n([...row({ route: 'unknown', quantity: '0' }), '12'], 2);
    expect(r.ok && r.record).toMatchObject({ count: 12, totals: true, route: 'unknown', quantity: 0 });
  });

  it.each(['0', '1.5', '-2', 'many', ''])('INVALID_COUNT for count %j', (count) => {
    expect(errorsOf(n([...row(), count], 3))).toEqual([['INVALID_COUNT', 'count', 3]]);
  });

  it('a count of 1 is one seizure; route "unknown" in any case and spacing', () => {
    const r = n([...row({ route: ' UNKNOWN ' }), '1'], 2);
    expect(r.ok && [r.record.count, r.record.route]).toEqual([1, 'unknown']);
  });

  it('a negative quantity is still rejected', () => {
    expect(errorsOf(n([...row({ quantity: '-1' }), '2'], 4))).toEqual([['INVALID_QUANTITY', 'quantity', 4]]);
  });
});

describe('createRecordNormalizer: goods and units that know the commodity', () => {
  const one = (o: Partial<Record<(typeof HEADER)[number], string>>, campaign?: Campaign, config: Partial<SourceConfig> = {}) => normalizer(config, HEADER, campaign)(row(o), 5);

  it('the subtype becomes the vocabulary id and group, however an agency spells it', () => {
    for (const subtype of ['meth', 'Methamphetamine', 'ma túy đá', 'ma tuy da', '필로폰', '  ICE ', 'shabu', 'yaba', 'hồng phiến']) {
      const r = one({ subtype });
      expect(r.ok && [r.record.subtype, r.record.group]).toEqual(['methamphetamine', 'ats']);
    }
    const herb = one({ subtype: 'Marijuana' });
    expect(herb.ok && [herb.record.subtype, herb.record.group]).toEqual(['cannabis-herb', 'cannabis-type']);
  });

  it('an unknown subtype is kept as written (trimmed), group unclassified; none: no group', () => {
    const r = one({ subtype: '  Blue Dream pills ' });
    expect(r.ok && [r.record.subtype, r.record.group]).toEqual(['Blue Dream pills', 'unclassified']);
    expect(r.warnings).toEqual([]);
    const none = one({ subtype: '' });
    expect(none.ok && [none.record.subtype, none.record.group]).toEqual(['', '']);
  });

  it('an empty commodity comes from a known subtype; with an unknown one it is missing', () => {
    const r = one({ commodity: '', subtype: 'ngà voi', unit: 'kg' });
    expect(r.ok && [r.record.commodity, r.record.subtype, r.record.group]).toEqual(['cites', 'ivory', 'mammals']);
    expect(errorsOf(one({ commodity: '', subtype: 'mystery powder' }))).toEqual([['MISSING_FIELD', 'commodity', 5]]);
    expect(errorsOf(one({ commodity: '', subtype: '' }))).toEqual([['MISSING_FIELD', 'commodity', 5]]);
    // missing fields are still all reported, the commodity only when no subtype gave it
    expect(errorsOf(one({ commodity: '', subtype: 'heroin', id: '' }))).toEqual([['MISSING_FIELD', 'id', 5]]);
  });

  it('a file without a commodity column: the commodity from each known subtype; an unknown one is MISSING_FIELD', () => {
    const header = HEADER.filter((h) => h !== 'commodity');
    const n = normalizer({}, header);
    const cells = (subtype: string, unit: string) => header.map((h) => ({ id: 'R1', date: '2024-07-10', reporting_country: 'VN', subtype, quantity: '2', unit, route: 'air', origin_country: 'LA', destination_country: 'VN' })[h]!);
    const cig = n(cells('thuốc lá điếu', 'cây'), 2);
    expect(cig.ok && [cig.record.commodity, cig.record.subtype, cig.record.quantity, cig.record.unit]).toEqual(['tobacco', 'cigarettes', 400, 'sticks']);
    const ivory = n(cells('상아', 'kg'), 3);
    expect(ivory.ok && [ivory.record.commodity, ivory.record.subtype]).toEqual(['cites', 'ivory']);
    expect(errorsOf(n(cells('mystery', 'kg'), 4))).toEqual([['MISSING_FIELD', 'commodity', 4]]);
    // without a subtype column either, the commodity column is missing
    expect(mapColumns(header.filter((h) => h !== 'subtype'), { path: 'x.csv' }, 'x.csv').missing).toEqual(['commodity']);
    expect(mapColumns(header, { path: 'x.csv' }, 'x.csv').missing).toEqual([]);
  });

  it('SUBTYPE_COMMODITY_MISMATCH: a known good under another commodity, naming both', () => {
    const r = one({ commodity: 'drugs', subtype: 'cigarettes', unit: 'sticks' });
    expect(errorsOf(r)).toEqual([['SUBTYPE_COMMODITY_MISMATCH', 'subtype', 5]]);
    if (r.ok) return;
    expect(r.errors[0]!.value).toBe('cigarettes');
    expect(r.errors[0]!.message).toBe('"cigarettes" is Cigarettes (cigarettes), one of the tobacco, but the commodity is drugs');
    expect(r.errors[0]!.hint).toContain('aliases.subtype');
  });

  it('a carton of pangolin scales is one package, never 200 sticks; a carton of cigarettes is 200 sticks; a pack of shisha is a package', () => {
    const cites = one({ commodity: 'cites', subtype: 'pangolin scales', quantity: '3', unit: 'cartons' });
    expect(cites.ok && [cites.record.quantity, cites.record.unit]).toEqual([3, 'packages']);
    expect(cites.warnings.map((w) => [w.code, w.message])).toEqual([['UNUSUAL_UNIT', 'packages is unusual for Pangolin scales (cites)']]);
    const tobacco = one({ commodity: 'tobacco', subtype: 'cigarettes', quantity: '3', unit: 'cây' });
    expect(tobacco.ok && [tobacco.record.quantity, tobacco.record.unit]).toEqual([600, 'sticks']);
    expect(tobacco.warnings).toEqual([]);
    // tobacco that is not counted in sticks: a pack of shisha, a carton of cigars are packages
    const shisha = one({ commodity: 'tobacco', subtype: 'shisha', quantity: '2', unit: 'pack' });
    expect(shisha.ok && [shisha.record.quantity, shisha.record.unit]).toEqual([2, 'packages']);
    const cigars = one({ commodity: 'tobacco', subtype: 'cigars', quantity: '2', unit: 'carton' });
    expect(cigars.ok && [cigars.record.quantity, cigars.record.unit]).toEqual([2, 'packages']);
    // tobacco of no or an unknown subtype: cigarette packagings
    const plain = one({ commodity: 'tobacco', subtype: '', quantity: '2', unit: 'pack' });
    expect(plain.ok && [plain.record.quantity, plain.record.unit]).toEqual([40, 'sticks']);
    const kretek = one({ commodity: 'tobacco', subtype: 'kretek', quantity: '1', unit: 'carton' });
    expect(kretek.ok && [kretek.record.quantity, kretek.record.unit]).toEqual([200, 'sticks']);
    const heets = one({ commodity: 'tobacco', subtype: 'heated tobacco', quantity: '1', unit: 'pack' });
    expect(heets.ok && [heets.record.quantity, heets.record.unit]).toEqual([20, 'sticks']);
    const pairs = one({ commodity: 'cites', subtype: 'ivory', quantity: '4', unit: 'pairs' });
    expect(pairs.ok && [pairs.record.quantity, pairs.record.unit]).toEqual([8, 'pieces']);
    const timber = one({ commodity: 'cites', subtype: 'timber', quantity: '2.5', unit: 'm3' });
    expect(timber.ok && [timber.record.quantity, timber.record.unit]).toEqual([2500, 'l']);
  });

  it('UNUSUAL_UNIT follows the good: kg of cigarettes is unusual, kg of raw tobacco is not', () => {
    expect(one({ commodity: 'tobacco', subtype: 'cigarettes', unit: 'kg' }).warnings.map((w) => w.code)).toEqual(['UNUSUAL_UNIT']);
    expect(one({ commodity: 'tobacco', subtype: 'raw tobacco', unit: 'kg' }).warnings).toEqual([]);
    // an unknown subtype: the units of all the commodity's goods
    expect(one({ commodity: 'tobacco', subtype: 'mystery leaf', unit: 'kg' }).warnings).toEqual([]);
  });
});

describe('createRecordNormalizer: agencies', () => {
  const header = [...HEADER, 'agency'];
  const campaign = testCampaign({
    participants: ['VN', 'KR'],
    agencies: [
      { id: 'kcs-icn', name: 'Incheon Main Customs', country: 'KR', aliases: ['인천본부세관', 'ICN'] },
      { id: 'vn-hcm', name: 'Hải quan TP. Hồ Chí Minh', country: 'VN', aliases: [] },
    ],
  });
  const one = (reporting: string, agency: string) => normalizer({}, header, campaign)([...row({ reporting_country: reporting }), agency], 6);

  it('an agency named by the campaign (id, name, alias, no diacritics) becomes its id', () => {
    for (const a of ['kcs-icn', 'Incheon Main Customs', '인천본부세관', 'icn']) {
      const r = one('KR', a);
      expect(r.ok && r.record.agency).toBe('kcs-icn');
    }
    const r = one('VN', 'hai quan tp. ho chi minh');
    expect(r.ok && r.record.agency).toBe('vn-hcm');
  });

  it('an agency the campaign does not name is kept as written', () => {
    const r = one('KR', ' Busan Main Customs ');
    expect(r.ok && r.record.agency).toBe('Busan Main Customs');
  });

  it('AGENCY_COUNTRY_MISMATCH: an agency listed under another country than the reporting one', () => {
    const r = one('VN', 'ICN');
    expect(errorsOf(r)).toEqual([['AGENCY_COUNTRY_MISMATCH', 'agency', 6]]);
    if (r.ok) return;
    expect(r.errors[0]!.message).toBe('Incheon Main Customs is an agency of KR, but the reporting country is VN');
  });

  it('a source may default its agency', () => {
    const r = normalizer({ defaults: { agency: 'ICN' } }, HEADER, campaign)(row({ reporting_country: 'KR' }), 2);
    expect(r.ok && r.record.agency).toBe('kcs-icn');
  });
});

describe('createRecordNormalizer: cells (columns, several columns, defaults, trimming, extras)', () => {
  const header = [...HEADER, 'case', 'Port', 'Terminal', 'detection', 'concealment', 'Officer', 'Notes'];
  const cfg: Partial<SourceConfig> = { columns: { location: ['Port', 'Terminal'] } };
  const wide = (o: Record<string, string> = {}) => [...row(o), o.case ?? '', o.Port ?? '', o.Terminal ?? '', o.detection ?? '', o.concealment ?? '', o.Officer ?? '', o.Notes ?? ''];
  const rec = (r: RecordResult) => {
    if (!r.ok) throw new Error(r.errors.map((e) => `${e.code} ${e.field}`).join());
    return r.record;
  };

  it('text fields as written, trimmed; the extra columns in header order; the case id when given', () => {
    const r = rec(normalizer(cfg, header)(wide({ case: ' C-7 ', Port: 'Cát Lái', Terminal: 'T2', detection: 'X-ray', concealment: '\tin luggage\n', Officer: ' Lee ', Notes: 'n' }), 8));
    expect([r.caseId, r.location, r.detectionMethod, r.concealment]).toEqual(['C-7', 'Cát Lái T2', 'X-ray', 'in luggage']);
    expect(r.extras).toEqual([' Lee ', 'n']);
    expect([r.fileIndex, r.line]).toEqual([0, 8]);
  });

  it('a field of several columns: each cell trimmed, empty ones left out, joined by one space', () => {
    const n = normalizer(cfg, header);
    expect(rec(n(wide({ Port: '  Cát Lái ', Terminal: ' Gate 2 ' }), 2)).location).toBe('Cát Lái Gate 2');
    expect(rec(n(wide({ Port: '', Terminal: 'Gate 2' }), 2)).location).toBe('Gate 2');
    expect(rec(n(wide({ Port: ' ', Terminal: '' }), 2)).location).toBe('');
  });

  it('a field of several columns, all empty, takes the source default', () => {
    const n = normalizer({ ...cfg, defaults: { location: 'Cảng Hải Phòng' } }, header);
    expect(rec(n(wide({ Port: ' ', Terminal: '' }), 2)).location).toBe('Cảng Hải Phòng');
    expect(rec(n(wide({ Port: 'Đình Vũ' }), 2)).location).toBe('Đình Vũ');
  });

  it('a cell is trimmed of spaces, tabs and line breaks at either end, not inside; a no-break space stays', () => {
    const n = normalizer();
    expect(rec(n(row({ id: ' R 9' }), 2)).id).toBe('R 9');
    expect(rec(n(row({ id: 'R 9 ' }), 2)).id).toBe('R 9');
    expect(rec(n(row({ id: '\tR9\r\n' }), 2)).id).toBe('R9');
    expect(rec(n(row({ id: 'R9\u00a0' }), 2)).id).toBe('R9\u00a0');
    expect(errorsOf(n(row({ id: ' \t ' }), 3))).toEqual([['MISSING_FIELD', 'id', 3]]);
  });

  it('an empty cell takes the source default; a field with no column takes it on every row; neither: empty', () => {
    const n = normalizer({ defaults: { route: 'sea', location: 'Cát Lái' } });
    const r = rec(n(row({ route: '' }), 2));
    expect([r.route, r.location, r.detectionMethod]).toEqual(['sea', 'Cát Lái', '']);
    expect(rec(n(row({ route: 'air' }), 3)).route).toBe('air');
  });

  it("the source's value aliases apply to the trimmed cell of any field, text fields too; other values pass as written", () => {
    const n = normalizer({ values: { location: { HPH: 'Hải Phòng' }, origin_country: { 'Xứ Lào': 'LA' } } }, [...HEADER, 'location']);
    const aliased = rec(n([...row({ origin_country: ' xứ lào ' }), ' hph '], 2));
    expect([aliased.location, aliased.origin]).toEqual(['Hải Phòng', 'LA']);
    expect(rec(n([...row(), 'SGN'], 3)).location).toBe('SGN');
  });

  it('a YAML source (by format, or .yaml/.yml path) has no fixed width: a missing key is an empty cell', () => {
    const short = row().slice(0, 9); // no destination_country
    for (const [config, path] of [[{ format: 'yaml' as const }, 'data/x.txt'], [{}, 'data/x.yaml'], [{}, 'data/X.YML']] as const) {
      const r = normalizer(config, HEADER, testCampaign(), path)(short, 4);
      expect(rec(r).destination, path).toBe('');
    }
    expect(errorsOf(normalizer({}, HEADER, testCampaign(), 'data/x.yaml.csv')(short, 4))).toEqual([['FIELD_COUNT', null, 4]]);
  });

  it('a rejected row is its errors, the day of its date, and no warnings', () => {
    const r = normalizer(cfg, header)(wide({ quantity: '-3', Port: 'Cát Lái' }), 6);
    expect(r).toEqual({
      ok: false,
      day: Date.UTC(2024, 6, 10) / 86_400_000,
      warnings: [],
      errors: [{ severity: 'error', code: 'INVALID_QUANTITY', file: 'data/x.csv', line: 6, field: 'quantity', value: '-3', message: 'must be a positive number' }],
    });
  });

  it('quantity × factor in the canonical unit, and the conversion kept as written', () => {
    const r = rec(normalizer()(row({ quantity: '250', unit: ' G ' }), 2));
    expect([r.quantity, r.unit, r.conversion]).toEqual([0.25, 'kg', { from: 'G', unit: 'kg', factor: 0.001 }]);
  });
});

describe('createRecordNormalizer: every field of the record, and every diagnostic, exactly', () => {
  const MINIMAL = ['id', 'date', 'reporting_country', 'commodity', 'quantity', 'unit', 'route'];

  it('a quantity of exactly 1e12 in the canonical unit is accepted, one gram more is not', () => {
    const ok = normalizer()(row({ quantity: '1000000000000' }), 2);
    expect(ok.ok && ok.record.quantity).toBe(1e12);
    expect(errorsOf(normalizer()(row({ quantity: '1000000000000001', unit: 'g' }), 2))).toEqual([['INVALID_QUANTITY', 'quantity', 2]]);
  });

  it('a record of the required fields alone: every other field empty, one seizure, no extras', () => {
    const r = normalizer({}, MINIMAL)(['M1', '2024-07-10', 'VN', 'drugs', '2', 'kg', 'air'], 3);
    expect(r).toStrictEqual({
      ok: true,
      warnings: [],
      record: {
        id: 'M1',
        caseId: 'M1',
        day: Date.UTC(2024, 6, 10) / 86_400_000,
        date: '2024-07-10',
        precision: 'day',
        reportingCountry: 'VN',
        commodity: 'drugs',
        subtype: '',
        group: '',
        agency: '',
        quantity: 2,
        unit: 'kg',
        conversion: { from: 'kg', unit: 'kg', factor: 1 },
        quantityColumn: '',
        route: 'air',
        origin: '',
        destination: '',
        direction: '',
        phase: '',
        location: '',
        detectionMethod: '',
        concealment: '',
        count: 1,
        totals: false,
        fileIndex: 0,
        line: 3,
        quantityText: '2',
        extras: [],
      },
    });
  });

  const error = (code: string, field: string | undefined, value: string | undefined, message: string, hint?: string) => ({
    severity: 'error',
    code,
    file: 'data/x.csv',
    line: 2,
    ...(field ? { field } : {}),
    ...(value !== undefined ? { value } : {}),
    message,
    ...(hint ? { hint } : {}),
  });
  const errors = (r: RecordResult) => (r.ok ? [] : r.errors);

  it.each<[string, Partial<SourceConfig>, Record<string, string>, ReturnType<typeof error>]>([
    ['a date not in the format', {}, { date: '2024-02-30' }, error('INVALID_DATE', 'date', '2024-02-30', 'is not a real date in the format yyyy-MM-dd')],
    ['an ISO date in a dd/MM/yyyy source', { date_format: 'dd/MM/yyyy' }, { date: '2024-07-10' }, error('INVALID_DATE', 'date', '2024-07-10', 'is not a real date in the format dd/MM/yyyy', 'looks like yyyy-MM-dd: set date_format on this source?')],
    ['a dd/MM/yyyy date in an ISO source', {}, { date: '10/07/2024' }, error('INVALID_DATE', 'date', '10/07/2024', 'is not a real date in the format yyyy-MM-dd', 'looks like dd/MM/yyyy: set date_format: dd/MM/yyyy on this source')],
    ['a d/M/yyyy date in an ISO source', {}, { date: '1/7/2024' }, error('INVALID_DATE', 'date', '1/7/2024', 'is not a real date in the format yyyy-MM-dd', 'looks like dd/MM/yyyy: set date_format: dd/MM/yyyy on this source')],
    ['a date like neither', { date_format: 'dd/MM/yyyy' }, { date: '10/07/24' }, error('INVALID_DATE', 'date', '10/07/24', 'is not a real date in the format dd/MM/yyyy')],
    ['a longer ISO-like date', { date_format: 'dd/MM/yyyy' }, { date: '2024-07-10T00' }, error('INVALID_DATE', 'date', '2024-07-10T00', 'is not a real date in the format dd/MM/yyyy')],
    ['a dd/MM/yyyy date with a time', {}, { date: '10/07/2024 10:00' }, error('INVALID_DATE', 'date', '10/07/2024 10:00', 'is not a real date in the format yyyy-MM-dd')],
    ['a quantity that is not a number', {}, { quantity: 'two' }, error('INVALID_QUANTITY', 'quantity', 'two', 'is not a number (decimal: ".")')],
    ['a quantity that is not a number, decimal comma', { decimal: ',' }, { quantity: '1.5' }, error('INVALID_QUANTITY', 'quantity', '1.5', 'is not a number (decimal: ",")')],
    ['a quantity of zero', {}, { quantity: '0' }, error('INVALID_QUANTITY', 'quantity', '0', 'must be a positive number')],
    ['an implausible quantity', {}, { quantity: '2000000000', unit: 't' }, error('INVALID_QUANTITY', 'quantity', '2000000000', 'is implausibly large: over 1e+12 kg', 'check the unit and the decimal mark of this source')],
    ['an unknown unit', {}, { unit: 'sacks' }, error('UNKNOWN_UNIT', 'unit', 'sacks', 'is not a known unit', 'expected e.g. kg, g, lb, l, ml, m3, pieces, tablets, pairs, sticks, pack, carton, box, m, cm, m2')],
    ['an unknown commodity', {}, { commodity: 'weapons', subtype: '' }, error('UNKNOWN_COMMODITY', 'commodity', 'weapons', 'is not a known commodity', "expected drugs, precursors, cites or tobacco, or add an alias under `aliases.commodity` / the source's `values.commodity`")],
    ['an unknown route', {}, { route: 'teleport' }, error('UNKNOWN_ROUTE', 'route', 'teleport', 'is not a known route', 'expected express, air, sea, post or land (or unknown)')],
    ['an unknown reporting country', {}, { reporting_country: 'Atlantis' }, error('UNKNOWN_COUNTRY', 'reporting_country', 'Atlantis', 'is not a known country', 'expected an ISO code (VN, VNM) or a country name')],
    ['an unknown origin', {}, { origin_country: 'Atlantis' }, error('UNKNOWN_COUNTRY', 'origin_country', 'Atlantis', 'is not a known country', 'expected an ISO code, a country name, or ZZ/unknown')],
    ['an unknown destination', {}, { destination_country: 'Atlantis' }, error('UNKNOWN_COUNTRY', 'destination_country', 'Atlantis', 'is not a known country', 'expected an ISO code, a country name, or ZZ/unknown')],
    ['an empty required field', {}, { route: '' }, error('MISSING_FIELD', 'route', '', 'route is required but empty')],
  ])('%s', (_what, config, values, expected) => {
    expect(errors(normalizer(config)(row(values), 2))).toStrictEqual([expected]);
  });

  it('direction, phase and count: their diagnostics', () => {
    const header = [...HEADER, 'direction', 'phase', 'count'];
    const r = normalizer({}, header)([...row({ route: 'teleport' }), 'sideways', 'p9', '0'], 2);
    expect(errors(r)).toStrictEqual([
      error('UNKNOWN_ROUTE', 'route', 'teleport', 'is not a known route', 'expected express, air, sea, post or land (or unknown)'),
      error('UNKNOWN_DIRECTION', 'direction', 'sideways', 'is not a known direction', 'expected import, export, transit or domestic'),
      error('UNKNOWN_PHASE', 'phase', 'p9', 'is not a phase of this campaign', 'expected one of p1, p2'),
      error('INVALID_COUNT', 'count', '0', 'must be a whole number of seizures, 1 or more'),
    ]);
    expect(errors(normalizer({}, header)([...row({ quantity: '-1' }), 'import', 'p1', '2'], 2))).toStrictEqual([error('INVALID_QUANTITY', 'quantity', '-1', 'must not be negative')]);
  });

  it('a row of the wrong width: FIELD_COUNT alone, with its hint', () => {
    expect(errors(normalizer()(row().slice(1), 2))).toStrictEqual([error('FIELD_COUNT', undefined, undefined, 'row has 9 fields, the header has 10', 'a delimiter or quote inside a value? quote values that contain the delimiter')]);
  });

  it('warnings: NOT_PARTICIPANT with the reporting country as written, UNUSUAL_UNIT with the usual units', () => {
    const r = normalizer()(row({ reporting_country: 'Thái Lan', subtype: 'heroin', unit: 'sticks' }), 2);
    expect(r.warnings).toStrictEqual([
      { severity: 'warning', code: 'NOT_PARTICIPANT', file: 'data/x.csv', line: 2, field: 'reporting_country', value: 'Thái Lan', message: 'TH is not a participant of this campaign', hint: 'add it to campaign.participants if it joined' },
      { severity: 'warning', code: 'UNUSUAL_UNIT', file: 'data/x.csv', line: 2, field: 'unit', value: 'sticks', message: 'sticks is unusual for Heroin (drugs)', hint: 'expected kg' },
    ]);
    const unknown = normalizer()(row({ subtype: 'mystery', unit: 'sticks' }), 2);
    expect(unknown.warnings.map((w) => [w.message, w.hint])).toEqual([['sticks is unusual for drugs', 'expected kg or l or pieces']]);
  });

  it('an ad-hoc run (no participants listed) warns of no reporting country', () => {
    const r = normalizer({}, HEADER, testCampaign({ participants: [] }))(row({ reporting_country: 'TH' }), 2);
    expect(r.ok && r.warnings).toEqual([]);
  });

  it('cigarette packagings of goods other than tobacco are packages, whatever the subtype', () => {
    for (const [commodity, subtype] of [['cites', ''], ['cites', 'mystery horn'], ['drugs', ''], ['precursors', 'unknown liquid']]) {
      const r = normalizer()(row({ commodity, subtype, quantity: '3', unit: 'carton' }), 2);
      expect(r.ok && [r.record.quantity, r.record.unit], `${commodity} ${subtype}`).toEqual([3, 'packages']);
    }
  });

  it('a required field with no column and no default is missing on every row', () => {
    const header = HEADER.filter((h) => h !== 'route');
    const r = normalizer({}, header)(row().filter((_v, i) => HEADER[i] !== 'route'), 2);
    expect(errorsOf(r)).toEqual([['MISSING_FIELD', 'route', 2]]);
  });

  it('an empty required field is missing even when the id is given', () => {
    expect(errorsOf(normalizer()(row({ route: ' ' }), 2))).toEqual([['MISSING_FIELD', 'route', 2]]);
  });

  it('an agency is checked against the reporting country only when there is one', () => {
    const campaign = testCampaign({ agencies: [{ id: 'kcs-icn', name: 'Incheon Main Customs', country: 'KR', aliases: ['ICN'] }] });
    const r = normalizer({}, [...HEADER, 'agency'], campaign)([...row({ reporting_country: '' }), 'ICN'], 2);
    expect(errorsOf(r)).toEqual([['MISSING_FIELD', 'reporting_country', 2]]);
    const unknown = normalizer({}, [...HEADER, 'agency'], campaign)([...row({ reporting_country: 'Atlantis' }), 'ICN'], 2);
    expect(errorsOf(unknown)).toEqual([['UNKNOWN_COUNTRY', 'reporting_country', 2]]);
  });

  it('a field of three columns leaves out an empty one in the middle', () => {
    const header = [...HEADER, 'A', 'B', 'C'];
    const r = normalizer({ columns: { location: ['A', 'B', 'C'] } }, header)([...row(), 'Cát Lái', ' ', 'Gate 2'], 2);
    expect(r.ok && r.record.location).toBe('Cát Lái Gate 2');
  });

  it('a YAML row may lack the keys of extras and of a field of several columns', () => {
    const header = [...HEADER, 'A', 'B', 'Notes'];
    const r = normalizer({ format: 'yaml', columns: { location: ['A', 'B'] } }, header)([...row(), 'Cát Lái'], 2);
    expect(r.ok && [r.record.location, r.record.extras]).toEqual(['Cát Lái', ['']]);
  });

  it('a source with no header (width 0, as YAML gives): its fields from defaults, any row length', () => {
    const defaults = { id: 'D1', date: '2024-07-10', reporting_country: 'VN', commodity: 'drugs', quantity: '1', unit: 'kg', route: 'air' };
    const r = normalizer({ defaults }, [], testCampaign(), 'data/x.csv')(['stray', 'cells'], 2);
    expect(r.ok && [r.record.id, r.record.route]).toEqual(['D1', 'air']);
  });
});

describe('createRowCells: a row as written', () => {
  const cellsOf = (config: Partial<SourceConfig>, header: string[], cells: string[], redact: string[] = []) => {
    const file: SourceFile = { path: '/abs/data/x.csv', display: 'data/x.csv', config: { path: 'data/x.csv', ...config } };
    return createRowCells({ campaign: testCampaign(), file, fileIndex: 0, columns: mapColumns(header, file.config, 'data/x.csv', redact) })(cells);
  };

  it('gives every canonical field its cell in CANONICAL_FIELDS order: trimmed, values: and defaults applied, nothing parsed', () => {
    const cells = cellsOf({ defaults: { route: 'sea' }, values: { unit: { bao: 'sacks' } } }, [...HEADER, 'Ghi chú'], ['R1', ' 31/02/2024 ', 'Việt Nam', 'ma túy', '', '1,5', 'bao', '', 'Lào', '', 'note']);
    expect(cells).toHaveLength(CANONICAL_FIELDS.length);
    const named = Object.fromEntries(CANONICAL_FIELDS.map((f, i) => [f, cells[i]]));
    expect(named).toEqual({ ...Object.fromEntries(CANONICAL_FIELDS.map((f) => [f, ''])), id: 'R1', date: '31/02/2024', reporting_country: 'Việt Nam', commodity: 'ma túy', quantity: '1,5', unit: 'sacks', route: 'sea', origin_country: 'Lào' });
  });

  it('a redacted column feeds no cell', () => {
    const cells = cellsOf({}, [...HEADER, 'concealment'], [...row(), 'CANARY'], ['concealment']);
    expect(cells).not.toContain('CANARY');
    expect(cells[CANONICAL_FIELDS.indexOf('concealment')]).toBe('');
  });
});
