import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../../src/config/campaign.js';
import { campaignHints, settingHints } from '../../src/config/setting-hints.js';
import { mapColumns } from '../../src/ingest/columns.js';
import { FileWords } from '../../src/pipeline/file-words.js';
import type { SeizureRecord } from '../../src/validate/record.js';
import { createRecordNormalizer } from '../../src/validate/record.js';
import { testCampaign } from '../helpers/records.js';

const INIT = '; files named on the command line have no campaign file: `campaign-report init` writes one to start from';

describe('settingHints: the words of a hint, for a campaign file and for the command line', () => {
  it('a source in a campaign file (the default) is told its keys', () => {
    const h = settingHints('campaign');
    expect(settingHints(undefined)).toBe(h);
    expect(h.columnOrDefault('route')).toBe('map one with columns: { route: "Header" } or set defaults: { route: ... }');
    expect(h.sheetSkipped('Notes')).toBe('name the sheet with `sheet:` on its own source entry to read it');
    expect(h.sheetNotFound).toBe('name the sheet to read with `sheet:` (a name, a 1-based position, or "*")');
    expect(h.encoding).toBe('set `encoding:` on this source if that is wrong');
    expect(h.workbook).toBe('name it .xlsx (or set `format: xlsx` on the source)');
    expect(h.campaignOnly('add an alias')).toBe('add an alias');
  });

  it('files named on the command line are told the flags, and that a campaign file is what has aliases', () => {
    const h = settingHints('flags');
    expect(h.columnOrDefault('route')).toBe('map one with --map route=Header or set --default route=value');
    expect(h.sheetSkipped('Notes')).toBe('read it in a run of its own with --sheet "Notes"');
    expect(h.sheetNotFound).toBe('name the sheet to read with --sheet (a name, a 1-based position, or "*")');
    expect(h.encoding).toBe('if that is wrong, name the encoding with --encoding, e.g. --encoding windows-1258');
    expect(h.workbook).toBe('name it .xlsx');
    expect(h.campaignOnly('add an alias')).toBe(`add an alias${INIT}`);
  });

  it('campaignHints: a campaign without a file is one of files named on the command line', () => {
    expect(campaignHints({ file: undefined })).toBe(settingHints('flags'));
    expect(campaignHints({ file: '/x/campaign.yaml' })).toBe(settingHints('campaign'));
  });
});

describe('the stages give the hint of where the source is set', () => {
  const header = ['id', 'date', 'commodity', 'quantity', 'unit'];

  it('mapColumns: MISSING_COLUMN', () => {
    const hintOf = (syntax?: 'flags') => mapColumns(header, { path: 'x.csv', defaults: { route: 'air' } }, 'x.csv', [], syntax).diagnostics.map((d) => [d.code, d.field, d.hint]);
    const has = 'the header has: "id", "date", "commodity", "quantity", "unit"';
    expect(hintOf()).toEqual([['MISSING_COLUMN', 'reporting_country', `map one with columns: { reporting_country: "Header" } or set defaults: { reporting_country: ... }; ${has}`]]);
    expect(hintOf('flags')).toEqual([['MISSING_COLUMN', 'reporting_country', `map one with --map reporting_country=Header or set --default reporting_country=value; ${has}`]]);
  });

  it('the record normalizer: UNKNOWN_COMMODITY and SUBTYPE_COMMODITY_MISMATCH', () => {
    const cols = ['id', 'date', 'reporting_country', 'commodity', 'subtype', 'quantity', 'unit', 'route'];
    const hintsOf = (file: string | undefined) => {
      const source: SourceFile = { path: '/abs/x.csv', display: 'x.csv', config: { path: 'x.csv' } };
      const n = createRecordNormalizer({ campaign: testCampaign({ file }), file: source, fileIndex: 0, columns: mapColumns(cols, source.config, 'x.csv') });
      return [['R1', '2024-07-10', 'VN', 'weapons', '', '1', 'kg', 'air'], ['R2', '2024-07-10', 'VN', 'tobacco', 'heroin', '1', 'kg', 'air']].map((row, i) => {
        const r = n(row, i + 2);
        return r.ok ? [] : r.errors.map((e) => e.hint);
      });
    };
    const commodity = "expected drugs, precursors, cites or tobacco, or add an alias under `aliases.commodity` / the source's `values.commodity`";
    const mismatch = 'correct the commodity or the subtype; if "heroin" means another good in this source, map it with the source\'s values.subtype or the campaign\'s aliases.subtype';
    expect(hintsOf('/x/campaign.yaml')).toEqual([[commodity], [mismatch]]);
    expect(hintsOf(undefined)).toEqual([[commodity + INIT], [mismatch + INIT]]);
  });

  it('FileWords: UNKNOWN_SUBTYPE and FORMER_COUNTRY_CODE', () => {
    const rec = { group: 'unclassified', subtype: 'blue dream', agency: '', reportingCountry: 'YU', origin: '', destination: '', line: 4 } as unknown as SeizureRecord;
    const hintsOf = (file: string | undefined) => {
      const words = new FileWords(testCampaign({ file }));
      words.add(rec);
      return words.warnings('x.csv').map((d) => [d.code, d.hint]);
    };
    const subtype = 'add an alias under aliases.subtype (spelling: good id) or a good under vocabulary.goods in the campaign file';
    const former = 'its figures stay apart from its successors; aliases.country in the campaign file maps any other spelling';
    expect(hintsOf('/x/campaign.yaml')).toEqual([['UNKNOWN_SUBTYPE', subtype], ['FORMER_COUNTRY_CODE', former]]);
    expect(hintsOf(undefined)).toEqual([['UNKNOWN_SUBTYPE', subtype + INIT], ['FORMER_COUNTRY_CODE', former + INIT]]);
  });
});
