#!/usr/bin/env node
/**
 * Writes the adversarial corpus fixtures/hostile/<case>/ (campaign.yaml, data/,
 * expected.json — the layout of fixtures/bad, read by test/e2e/hostile-corpus.test.ts).
 * The expectations are decided here, as a user would expect them, not copied from
 * what the tool does. Cases too large to commit (10 MB field, 10,000 columns, …)
 * carry `generate` and are built by the test into a temporary copy.
 *
 *   node scripts/make-hostile-corpus.mjs      # rewrites fixtures/hostile/
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'fixtures/hostile');

const H = 'id,date,reporting_country,commodity,subtype,quantity,unit,route,origin_country,destination_country';
const row = (id, date = '2024-07-03', q = '1', unit = 'kg', extra = {}) => {
  const r = { id, date, rc: 'KR', commodity: 'drugs', subtype: 'methamphetamine', q, unit, route: 'express', o: 'TH', d: 'KR', ...extra };
  return [r.id, r.date, r.rc, r.commodity, r.subtype, r.q, r.unit, r.route, r.o, r.d].join(',');
};
const csv = (...lines) => lines.join('\n') + '\n';
const B = (read, accepted, rejected, duplicates = 0, out_of_scope = 0) => ({ read, accepted, rejected, duplicates, out_of_scope });
const E = (code, line, file = 'data/kr.csv', extra = {}) => ({ code, file, line, ...extra });

function campaign(name, { sources = '  - path: data/kr.csv', phases, extra = '', campaignExtra = '' } = {}) {
  return `# Hostile corpus case "${name}": see expected.json.
campaign:
  id: hostile-${name}
  name: "Hostile: ${name}"
  participants: [VN, KR]
  commodities: [drugs, precursors]
${campaignExtra}phases:
${phases ?? '  - { id: jul, name: July, start: 2024-07-01, end: 2024-07-31 }'}
sources:
${sources}
${extra}`;
}

/** Windows-1258 bytes of a Vietnamese string: base letters precomposed, tone marks as combining bytes. */
function cp1258(s) {
  const base = { 'Â': 0xc2, 'Ê': 0xca, 'Ô': 0xd4, 'â': 0xe2, 'ê': 0xea, 'ô': 0xf4, 'Ă': 0xc3, 'ă': 0xe3, 'Đ': 0xd0, 'đ': 0xf0, 'Ơ': 0xd5, 'ơ': 0xf5, 'Ư': 0xdd, 'ư': 0xfd, 'à': 0xe0, 'á': 0xe1, 'è': 0xe8, 'é': 0xe9, 'í': 0xed, 'ó': 0xf3, 'ú': 0xfa };
  const tone = { '\u0300': 0xcc, '\u0301': 0xec, '\u0303': 0xde, '\u0309': 0xd2, '\u0323': 0xf2 };
  const out = [];
  for (const ch of s.normalize('NFC')) {
    if (ch.charCodeAt(0) < 0x80) {
      out.push(ch.charCodeAt(0));
      continue;
    }
    const nfd = ch.normalize('NFD');
    const marks = [...nfd].filter((c) => tone[c] !== undefined);
    const rest = [...nfd].filter((c) => tone[c] === undefined).join('').normalize('NFC');
    if (rest.length === 1 && rest.charCodeAt(0) < 0x80) out.push(rest.charCodeAt(0));
    else if (base[rest] !== undefined) out.push(base[rest]);
    else throw new Error(`cp1258: no byte for ${JSON.stringify(rest)}`);
    for (const m of marks) out.push(tone[m]);
  }
  return Buffer.from(out);
}

/** [name, description, files, expected] */
const cases = [];
const add = (name, description, files, expected) => cases.push({ name, description, files, expected });

// ---------------------------------------------------------------- truncation, garbage, bytes
add('truncated-mid-row', 'The export was cut in the middle of its last row (no final newline, 6 of 10 fields): that row is FIELD_COUNT, the rows before are accepted.',
  { 'data/kr.csv': H + '\n' + row('KR-1') + '\n' + row('KR-2') + '\nKR-3,2024-07-05,KR,drugs,coc' },
  { exit: 1, buckets: B(3, 2, 1), diagnostics: [E('FIELD_COUNT', 4)] });

add('truncated-in-quote', 'The export was cut inside a quoted field of its last row: one MALFORMED_CSV record at the line it starts on; the rows before are accepted.',
  { 'data/kr.csv': H + '\n' + row('KR-1') + '\n' + row('KR-2') + '\nKR-3,2024-07-05,KR,drugs,"cocaine, in a hidden compartm' },
  { exit: 1, buckets: B(3, 2, 1), diagnostics: [E('MALFORMED_CSV', 4)] });

add('truncated-multibyte', 'A UTF-8 export cut inside the 3-byte character of its last row ("Việ" + 1 byte of "ệ"). The rows before it have Vietnamese text and must still be read as UTF-8 (a cut at the very end is truncation, not another encoding): no ENCODING_GUESSED, "Lào" is Laos, the cut row is FIELD_COUNT.',
  { 'data/kr.csv': Buffer.concat([Buffer.from(H + ',concealment\n' + row('KR-1', undefined, '1', 'kg').replace(',TH,', ',Lào,') + ',trong vali\n' + row('KR-2').replace(',TH,', ',Lào,') + ',hộp\nKR-3,2024-07-05,KR,drugs,heroin,2,kg,land,Vi'), Buffer.from('ệ').subarray(0, 1)]) },
  { exit: 1, buckets: B(3, 2, 1), diagnostics: [E('FIELD_COUNT', 4)], absent_codes: ['ENCODING_GUESSED', 'UNKNOWN_COUNTRY'] });

{
  // deterministic pseudo-random bytes (xorshift), so the committed file is reproducible
  let x = 0x9e3779b9;
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    bytes[i] = x & 0xff;
  }
  add('binary-garbage', '4 KiB of random bytes named .csv: read as a guessed encoding, no usable header: MISSING_COLUMN at line 1 and every row it splits into rejected; nothing accepted, no crash, exit 1.',
    { 'data/kr.csv': bytes },
    { exit: 1, buckets: { accepted: 0, duplicates: 0, out_of_scope: 0 }, diagnostics: [E('MISSING_COLUMN', 1, 'data/kr.csv', { field: 'id' })] });
}

{
  // the start of a real .xlsx: a ZIP local file header, then deflated bytes
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]), Buffer.from('[Content_Types].xml'), Buffer.alloc(64, 0), Buffer.from([0xad, 0x92, 0xcb, 0x6e, 0xc2, 0x30, 0x10, 0x45, 0xf7, 0x95, 0xfa, 0x0f, 0x91, 0xb7, 0x28, 0x4e, 0xa0, 0xaa, 0xaa, 0x0a, 0x81]), Buffer.from('\nxl/worksheets/sheet1.xml\n')]);
  add('xlsx-named-csv', 'The start of an Excel workbook (ZIP bytes, cut short) saved as kr.csv: its first bytes say it is a workbook, so it is read as one (a whole workbook named .csv is read with a WORKBOOK_NAMED_CSV warning: test/e2e/xlsx-sources.test.ts); cut short, it cannot be: exit 3 naming the file, no crash, no figures.',
    { 'data/kr.csv': zip },
    { exit: 3, buckets: null, diagnostics: [], stderr_includes: ['cannot read workbook data/kr.csv'] });
}

add('nul-in-quantity', 'A NUL byte inside the quantity of line 3 ("1\\0"): INVALID_QUANTITY there; the other rows are accepted.',
  { 'data/kr.csv': H + '\n' + row('KR-1') + '\n' + row('KR-2', undefined, '1\0') + '\n' + row('KR-3') + '\n' },
  { exit: 1, buckets: B(3, 2, 1), diagnostics: [E('INVALID_QUANTITY', 3, 'data/kr.csv', { field: 'quantity' })] });

add('nul-in-header', 'A NUL byte in the header name "quan\\0tity": the quantity column is not found, MISSING_COLUMN at line 1, every row rejected.',
  { 'data/kr.csv': H.replace('quantity', 'quan\0tity') + '\n' + row('KR-1') + '\n' + row('KR-2') + '\n' },
  { exit: 1, buckets: B(2, 0, 2), diagnostics: [E('MISSING_COLUMN', 1, 'data/kr.csv', { field: 'quantity' })] });

// ---------------------------------------------------------------- encodings
add('windows-1252', 'A Windows-1252 export (Côte d\'Ivoire as 0xF4, smart quotes 0x93/0x94 in concealment): read as Windows-1252 with ENCODING_GUESSED (file-level), every row accepted.',
  { 'data/kr.csv': Buffer.from(H + ',concealment\n' + row('KR-1').replace(',TH,', ",C\xf4te d'Ivoire,") + ',\x93false bottom\x94\n' + row('KR-2').replace(',TH,', ',Cura\xe7ao,') + ',\x85\n', 'latin1') },
  { exit: 0, buckets: B(2, 2, 0), diagnostics: [E('ENCODING_GUESSED', 0, 'data/kr.csv', { severity: 'warning' })] });

{
  const vnH = 'Số vụ,Ngày,Nước báo cáo,Mặt hàng,Loại,Số lượng,Đơn vị,Tuyến,Nước xuất xứ,Nước đến';
  const vnRows = ['VN-1,2024-07-03,VN,ma túy,heroin,1,kg,đường bộ,Lào,Việt Nam', 'VN-2,2024-07-04,VN,tiền chất,ephedrine,2,lít,đường biển,Trung Quốc,Việt Nam'];
  const bytes = cp1258(vnH + '\n' + vnRows.join('\n') + '\n');
  add('windows-1258-declared', 'A Vietnamese Windows-1258 export (tone marks as combining bytes) with `encoding: windows-1258` and `columns: { id: "Số vụ" }`: headers, commodities, routes and country names are all recognised; every row accepted.',
    { 'data/vn.csv': bytes },
    { exit: 0, buckets: B(2, 2, 0), diagnostics: [], absent_codes: ['ENCODING_GUESSED', 'MISSING_COLUMN'], campaign: { sources: '  - path: data/vn.csv\n    encoding: windows-1258\n    columns: { id: "Số vụ" }' } });
  add('windows-1258-undeclared', 'The same Windows-1258 export without `encoding:`: it is not UTF-8, so it is read as Windows-1252 with ENCODING_GUESSED, the Vietnamese headers do not match, MISSING_COLUMN at line 1 (and the hint shows the header as read), every row rejected — loud, never a silent mis-read.',
    { 'data/vn.csv': bytes },
    { exit: 1, buckets: B(2, 0, 2), diagnostics: [E('ENCODING_GUESSED', 0, 'data/vn.csv'), E('MISSING_COLUMN', 1, 'data/vn.csv')], campaign: { sources: '  - path: data/vn.csv\n    columns: { id: "Số vụ" }' } });
}

{
  const text = [H, row('KR-1'), row('KR-2', '2024-07-31'), row('KR-3', '2024-02-31')].map((l) => l.replaceAll(',', '\t')).join('\r\n') + '\r\n';
  add('utf16le-no-bom', 'UTF-16 LE without a BOM, tab-separated, CRLF (what some tools write for "Unicode text"): recognised by its NUL pattern, delimiter detected; line 4 (2024-02-31) is INVALID_DATE, the others accepted.',
    { 'data/kr.csv': Buffer.from(text, 'utf16le') },
    { exit: 1, buckets: B(3, 2, 1), diagnostics: [E('INVALID_DATE', 4, 'data/kr.csv', { field: 'date' })] });
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) { be[i] = le[i + 1]; be[i + 1] = le[i]; }
  add('utf16be-no-bom', 'UTF-16 BE without a BOM, tab-separated: recognised; line 4 INVALID_DATE, the others accepted.',
    { 'data/kr.csv': be },
    { exit: 1, buckets: B(3, 2, 1), diagnostics: [E('INVALID_DATE', 4, 'data/kr.csv', { field: 'date' })] });
}

add('double-bom', 'Two UTF-8 BOMs (two exports concatenated by a tool that adds one each time): the header is still recognised, every row accepted.',
  { 'data/kr.csv': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(csv(H, row('KR-1'), row('KR-2')))]) },
  { exit: 0, buckets: B(2, 2, 0), diagnostics: [], absent_codes: ['MISSING_COLUMN'] });

add('nfd-vietnamese-headers', 'Vietnamese headers and values in Unicode NFD (decomposed, as macOS writes file content copied from names): matched as their NFC spellings; every row accepted.',
  { 'data/vn.csv': ('Mã thu giữ,Ngày,Nước báo cáo,Mặt hàng,Loại,Số lượng,Đơn vị,Tuyến,Nước xuất xứ,Nước đến\nVN-1,2024-07-03,VN,ma túy,heroin,1,kg,đường bộ,Lào,Việt Nam\n').normalize('NFD') },
  { exit: 0, buckets: B(1, 1, 0), diagnostics: [], campaign: { sources: '  - path: data/vn.csv' } });

// ---------------------------------------------------------------- size (generated at test time)
add('field-10mb', 'One row with a 10 MB concealment field (generated at test time): that record is rejected with a clear error naming its line (the field limit), the rows around it are accepted; memory stays bounded.',
  { 'data/kr.csv': '(generated)\n' },
  { exit: 1, buckets: B(3, 2, 1), diagnostics: [E('MALFORMED_CSV', 3, 'data/kr.csv', { message_includes: 'limit' })], generate: 'field-10mb' });

add('field-10mb-quoted', 'As field-10mb, the 10 MB field quoted and containing newlines and commas: one MALFORMED_CSV at the line the record starts on, the rows around it accepted.',
  { 'data/kr.csv': '(generated)\n' },
  { exit: 1, buckets: B(3, 2, 1), diagnostics: [E('MALFORMED_CSV', 3, 'data/kr.csv', { message_includes: 'limit' })], generate: 'field-10mb-quoted' });

add('columns-10000', '10,000 columns (the 10 canonical ones and 9,990 extras, generated at test time), 50 rows: extras are kept, every row accepted.',
  { 'data/kr.csv': '(generated)\n' },
  { exit: 0, buckets: B(50, 50, 0), diagnostics: [], generate: 'columns-10000' });

add('blank-lines-100k', '100,000 blank lines between two rows (generated): skipped, and the line numbers after them stay physical (INVALID_DATE at line 100,003).',
  { 'data/kr.csv': '(generated)\n' },
  { exit: 1, buckets: B(2, 1, 1), diagnostics: [E('INVALID_DATE', 100003, 'data/kr.csv', { field: 'date' })], generate: 'blank-lines-100k' });

// ---------------------------------------------------------------- CSV structure
add('unbalanced-quote-mid-file', 'A quote opened on line 4 is never closed; lines 4-6 become one unparsable stretch: one MALFORMED_CSV at line 4 naming lines 4-6, rows 2-3 accepted.',
  { 'data/kr.csv': csv(H, row('KR-1'), row('KR-2'), 'KR-3,2024-07-05,KR,drugs,"cocaine,1,kg,air,BR,KR', row('KR-4'), row('KR-5')) },
  { exit: 1, buckets: B(3, 2, 1), diagnostics: [E('MALFORMED_CSV', 4, 'data/kr.csv', { message_includes: '4-6' })] });

add('stray-quote-in-field', 'A quote inside an unquoted field (12" pipe, as people write inches): kept literally, the row accepted, nothing swallowed.',
  { 'data/kr.csv': csv(H + ',concealment', row('KR-1') + ',12" pipe', row('KR-2') + ',box', row('KR-3') + ',bag') },
  { exit: 0, buckets: B(3, 3, 0), diagnostics: [] });

add('quoted-newlines-line-numbers', 'Quoted fields with LF and CRLF inside (3 and 2 breaks) before a bad row: the bad date is reported at its physical line 10 (the quoted breaks count), and the rows with newlines are accepted.',
  { 'data/kr.csv': H + ',concealment\r\n' + row('KR-1') + ',"a\nb\nc\nd"\r\n' + row('KR-2') + ',"x\r\ny\r\nz"\r\n' + row('KR-3') + ',ok\r\n' + row('KR-4', '2024-07-32') + ',bad\r\n' },
  { exit: 1, buckets: B(4, 3, 1), diagnostics: [E('INVALID_DATE', 10, 'data/kr.csv', { field: 'date' })] });

add('crlf-last-line-lf', 'A CRLF export whose last line ends in a bare LF (a line appended by another tool; found by hostile-property): the bad quantity of that last row is reported at its own line 4, not at the line of the row before.',
  { 'data/kr.csv': [H, row('KR-1'), row('KR-2')].join('\r\n') + '\r\n' + row('KR-3', undefined, '-1') + '\n' },
  { exit: 1, buckets: B(3, 2, 1), diagnostics: [E('INVALID_QUANTITY', 4, 'data/kr.csv', { field: 'quantity' })] });

add('cr-only-line-endings', 'Classic Mac line endings (CR only): rows are split on CR; the bad date on line 4 is reported there.',
  { 'data/kr.csv': [H, row('KR-1'), row('KR-2'), row('KR-3', '2024-02-30')].join('\r') + '\r' },
  { exit: 1, buckets: B(3, 2, 1), diagnostics: [E('INVALID_DATE', 4, 'data/kr.csv', { field: 'date' })] });

add('mixed-delimiters', 'Comma header and rows, but lines 3 and 5 were pasted in with semicolons: each is one field, FIELD_COUNT there; the comma rows accepted.',
  { 'data/kr.csv': csv(H, row('KR-1'), row('KR-2').replaceAll(',', ';'), row('KR-3'), row('KR-4').replaceAll(',', ';')) },
  { exit: 1, buckets: B(4, 2, 2), diagnostics: [E('FIELD_COUNT', 3), E('FIELD_COUNT', 5)] });

add('duplicate-headers', 'Two "quantity" columns and two "id" columns: DUPLICATE_COLUMN warnings at line 1, the first of each is used, rows accepted with the first column\'s values.',
  { 'data/kr.csv': csv(H + ',quantity,id', row('KR-1') + ',999,X-1', row('KR-2') + ',abc,X-2') },
  { exit: 0, buckets: B(2, 2, 0), diagnostics: [E('DUPLICATE_COLUMN', 1, 'data/kr.csv', { field: 'quantity' }), E('DUPLICATE_COLUMN', 1, 'data/kr.csv', { field: 'id' })], aggregate_quantity: { kg: 2 } });

add('empty-headers', 'Empty header names (",," in the middle and at the end, as Excel leaves behind): they are extra columns, the canonical ones still match, rows accepted.',
  { 'data/kr.csv': csv(H.replace(',subtype,', ',,subtype,') + ',,', row('KR-1').replace(',methamphetamine,', ',,methamphetamine,') + ',,', row('KR-2').replace(',methamphetamine,', ',x,methamphetamine,') + ',y,') },
  { exit: 0, buckets: B(2, 2, 0), diagnostics: [] });

add('all-empty-header', 'A header row of empty names only (",,,,,,,,,"): MISSING_COLUMN at line 1 for the required fields, every row rejected.',
  { 'data/kr.csv': csv(',,,,,,,,,', row('KR-1'), row('KR-2')) },
  { exit: 1, buckets: B(2, 0, 2), diagnostics: [E('MISSING_COLUMN', 1, 'data/kr.csv', { field: 'id' })] });

add('proto-headers', 'Extra columns named __proto__, constructor, prototype, toString and hasOwnProperty: plain extras, no prototype pollution, rows accepted.',
  { 'data/kr.csv': csv(H + ',__proto__,constructor,prototype,toString,hasOwnProperty', row('KR-1') + ',{"polluted":1},x,y,z,w', row('KR-2') + ',a,b,c,d,e') },
  { exit: 0, buckets: B(2, 2, 0), diagnostics: [] });

add('proto-values', 'Values __proto__, constructor, toString and hasOwnProperty where a commodity, unit, route and country are expected: each is unknown (never an inherited property), one error each.',
  { 'data/kr.csv': csv(H, row('KR-1'), row('KR-2').replace(',drugs,', ',__proto__,'), row('KR-3', undefined, '1', 'constructor'), row('KR-4').replace(',express,', ',toString,'), row('KR-5').replace(',KR,', ',hasOwnProperty,'), row('KR-6').replace(',TH,', ',__proto__,')) },
  { exit: 1, buckets: B(6, 1, 5), diagnostics: [E('UNKNOWN_COMMODITY', 3), E('UNKNOWN_UNIT', 4), E('UNKNOWN_ROUTE', 5), E('UNKNOWN_COUNTRY', 6, 'data/kr.csv', { field: 'reporting_country' }), E('UNKNOWN_COUNTRY', 7, 'data/kr.csv', { field: 'origin_country' })] });

add('proto-yaml-keys', 'A YAML record with keys __proto__ and constructor beside the canonical fields: read as extra fields, no prototype pollution, accepted.',
  { 'data/kr.yaml': '- id: KR-1\n  date: 2024-07-03\n  reporting_country: KR\n  commodity: drugs\n  quantity: 1\n  unit: kg\n  route: air\n  __proto__: { quantity: 999 }\n  constructor: x\n' },
  { exit: 0, buckets: B(1, 1, 0), diagnostics: [], campaign: { sources: '  - path: data/kr.yaml' }, aggregate_quantity: { kg: 1 } });

add('repeated-header-row', 'Two exports concatenated: the header row appears again at line 4. That line is one rejected record (its "date" is not a date), the data rows on both sides accepted.',
  { 'data/kr.csv': csv(H, row('KR-1'), row('KR-2'), H, row('KR-3'), row('KR-4')) },
  { exit: 1, buckets: B(5, 4, 1), diagnostics: [E('INVALID_DATE', 4, 'data/kr.csv', { field: 'date' })] });

// ---------------------------------------------------------------- dates
add('impossible-dates-iso', 'yyyy-MM-dd dates that do not exist: 2024-02-31, 2024-13-01, 2024-00-10, 2023-02-29 (not a leap year), 0000-07-01: INVALID_DATE each; 2024-02-29 (leap) would be valid but is outside the phase.',
  { 'data/kr.csv': csv(H, row('KR-1'), row('KR-2', '2024-02-31'), row('KR-3', '2024-13-01'), row('KR-4', '2024-00-10'), row('KR-5', '2023-02-29'), row('KR-6', '0000-07-01'), row('KR-7', '2024-02-29')) },
  { exit: 1, buckets: B(7, 1, 5, 0, 1), diagnostics: [2, 3, 4, 5, 6].map((i) => E('INVALID_DATE', i + 1, 'data/kr.csv', { field: 'date' })).concat([E('OUTSIDE_PHASES', 8)]) });

add('excel-serial-dates', 'Excel serial day numbers (45476 = 2024-07-03) where yyyy-MM-dd is expected: INVALID_DATE each, never read as some year.',
  { 'data/kr.csv': csv(H, row('KR-1'), row('KR-2', '45476'), row('KR-3', '45476.5')) },
  { exit: 1, buckets: B(3, 1, 2), diagnostics: [E('INVALID_DATE', 3), E('INVALID_DATE', 4)] });

add('far-future-dates', 'Dates far in the future (2999-01-01, 9999-12-31) are real dates outside every phase: OUTSIDE_PHASES (out of scope); 10000-01-01 and 99999-01-01 are not dates: INVALID_DATE.',
  { 'data/kr.csv': csv(H, row('KR-1'), row('KR-2', '2999-01-01'), row('KR-3', '9999-12-31'), row('KR-4', '10000-01-01'), row('KR-5', '99999-01-01')) },
  { exit: 1, buckets: B(5, 1, 2, 0, 2), diagnostics: [E('OUTSIDE_PHASES', 3), E('OUTSIDE_PHASES', 4), E('INVALID_DATE', 5), E('INVALID_DATE', 6)] });

add('dmy-format-traps', 'date_format dd/MM/yyyy: 31/02/2024 and 29/02/2023 impossible, 2024-07-03 (ISO where d/m/y is declared) and 07/03/2024 (7 March, a real date outside the phase, though a US writer meant 3 July): INVALID_DATE for the first three, OUTSIDE_PHASES for the last.',
  { 'data/kr.csv': csv(H, row('KR-1', '03/07/2024'), row('KR-2', '31/02/2024'), row('KR-3', '29/02/2023'), row('KR-4', '2024-07-03'), row('KR-5', '07/03/2024')) },
  { exit: 1, buckets: B(5, 1, 3, 0, 1), diagnostics: [E('INVALID_DATE', 3), E('INVALID_DATE', 4), E('INVALID_DATE', 5), E('OUTSIDE_PHASES', 6)], campaign: { sources: '  - path: data/kr.csv\n    date_format: dd/MM/yyyy' } });

// ---------------------------------------------------------------- quantities
add('quantity-non-finite', 'Quantities NaN, Infinity, -Infinity, 1e309 (overflows to Infinity), 0x10, 1_000, -0, 0, -1 and 1e308 (implausibly large: over 1e12 in the canonical unit): INVALID_QUANTITY each; 5e-324 is a positive finite number and accepted.',
  { 'data/kr.csv': csv(H, ...['NaN', 'Infinity', '-Infinity', '1e309', '0x10', '1_000', '-0', '0', '-1', '1e308', '5e-324'].map((q, i) => row(`KR-${i + 1}`, undefined, q))) },
  { exit: 1, buckets: B(11, 1, 10), diagnostics: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((l) => E('INVALID_QUANTITY', l, 'data/kr.csv', { field: 'quantity' })) });

add('quantity-overflow-after-conversion', '1e308 tonnes is finite as written but Infinity in kg, and 1e305 t = 1e308 kg is implausibly large: INVALID_QUANTITY both (never an accepted Infinity); 1e6 t = 1e9 kg is within the 1e12 limit and accepted.',
  { 'data/kr.csv': csv(H, row('KR-1', undefined, '1e308', 't'), row('KR-2', undefined, '1e305', 't'), row('KR-3', undefined, '1e6', 't')) },
  { exit: 1, buckets: B(3, 1, 2), diagnostics: [E('INVALID_QUANTITY', 2, 'data/kr.csv', { field: 'quantity' }), E('INVALID_QUANTITY', 3, 'data/kr.csv', { field: 'quantity' })] });

add('quantity-sum-overflow', 'Records of 1e308 and 1.5e308 kg are implausibly large (INVALID_QUANTITY); two of 9e11 kg each are accepted and sum to a finite 1.8e12 kg: aggregate never prints Infinity, NaN or null.',
  { 'data/kr.csv': csv(H, row('KR-1', undefined, '1e308'), row('KR-2', undefined, '1.5e308'), row('KR-3', undefined, '9e11'), row('KR-4', undefined, '9e11')) },
  { exit: 1, buckets: B(4, 2, 2), diagnostics: [E('INVALID_QUANTITY', 2, 'data/kr.csv', { field: 'quantity' }), E('INVALID_QUANTITY', 3, 'data/kr.csv', { field: 'quantity' })] });

add('thousands-separators-dot', 'decimal ".": 1,234,567.8 and 1 234.5 and 1\'000 are grouped numbers (accepted: 1,236,802.3 kg in all); 1,23 and 12,34,567 (Indian grouping) are ambiguous: INVALID_QUANTITY; 1.234.567,8 (comma decimal in a dot file) INVALID_QUANTITY.',
  { 'data/kr.csv': csv(H, row('KR-1', undefined, '"1,234,567.8"'), row('KR-2', undefined, '1 234.5'), row('KR-3', undefined, "1'000"), row('KR-4', undefined, '"1,23"'), row('KR-5', undefined, '"12,34,567"'), row('KR-6', undefined, '"1.234.567,8"')) },
  { exit: 1, buckets: B(6, 3, 3), diagnostics: [E('INVALID_QUANTITY', 5), E('INVALID_QUANTITY', 6), E('INVALID_QUANTITY', 7)], aggregate_quantity: { kg: 1236802.3 } });

add('thousands-separators-comma', 'decimal ",", delimiter ";": 1.234.567,8 and 1 234,5 accepted (1,235,802.3 kg); 1.234,5.6, 1,234.5 (dot decimal in a comma file) and 1,2,3 INVALID_QUANTITY.',
  { 'data/kr.csv': csv(H.replaceAll(',', ';'), ...[['KR-1', '1.234.567,8'], ['KR-2', '1 234,5'], ['KR-3', '1.234,5.6'], ['KR-4', '1,234.5'], ['KR-5', '1,2,3']].map(([id, q]) => [id, '2024-07-03', 'KR', 'drugs', 'methamphetamine', q, 'kg', 'express', 'TH', 'KR'].join(';'))) },
  { exit: 1, buckets: B(5, 2, 3), diagnostics: [E('INVALID_QUANTITY', 4), E('INVALID_QUANTITY', 5), E('INVALID_QUANTITY', 6)], aggregate_quantity: { kg: 1235802.3 }, campaign: { sources: '  - path: data/kr.csv\n    decimal: ","\n    delimiter: ";"' } });

// ---------------------------------------------------------------- YAML sources
const yrec = (id, extra = '') => `- id: ${id}\n  date: 2024-07-03\n  reporting_country: KR\n  commodity: drugs\n  quantity: 1\n  unit: kg\n  route: air\n${extra}`;
{
  const bomb = ['  concealment:', '    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) bomb.push(`    ${names[i]}: &${names[i]} [${Array(9).fill('*' + names[i - 1]).join(',')}]`);
  add('yaml-billion-laughs', 'A YAML record whose concealment is the "billion laughs" (9 levels of 9 aliases, ~387 million strings if expanded): that record is MALFORMED_YAML at its line, promptly (no expansion), the records around it accepted.',
    { 'data/kr.yaml': yrec('KR-1') + yrec('KR-2', bomb.join('\n') + '\n') + yrec('KR-3') },
    { exit: 1, buckets: B(3, 2, 1), diagnostics: [E('MALFORMED_YAML', 8, 'data/kr.yaml')], campaign: { sources: '  - path: data/kr.yaml' } });
}

add('yaml-custom-tags', 'YAML tags (!!js/function, !ruby/object, !!binary, !!float, a local !secret): never executed or resolved; the values are read as their text, so every record is accepted (quantity "!!float 2" is 2).',
  { 'data/kr.yaml': yrec('KR-1', '  subtype: !!js/function "function () { process.exit(9) }"\n') + yrec('KR-2', '  concealment: !ruby/object:Gem::Installer { i: x }\n') + yrec('KR-3', '  location: !!binary aGVsbG8=\n') + yrec('KR-4').replace('quantity: 1', 'quantity: !!float 2') + yrec('KR-5', '  detection_method: !secret x-ray\n') },
  { exit: 0, buckets: B(5, 5, 0), diagnostics: [], campaign: { sources: '  - path: data/kr.yaml' }, aggregate_quantity: { kg: 6 } });

add('yaml-map-not-list', 'A YAML export whose `seizures:` is a single map (one record, not a list of one): MALFORMED_YAML at line 1, one rejected record, the CSV source still read.',
  { 'data/kr.yaml': 'seizures:\n  id: KR-1\n  date: 2024-07-03\n  reporting_country: KR\n  commodity: drugs\n  quantity: 1\n  unit: kg\n  route: air\n', 'data/vn.csv': csv(H, row('VN-1').replace(',KR,', ',VN,')) },
  { exit: 1, buckets: B(2, 1, 1), diagnostics: [E('MALFORMED_YAML', 1, 'data/kr.yaml')], campaign: { sources: '  - path: data/kr.yaml\n  - path: data/vn.csv' } });

add('yaml-list-of-scalars', 'A YAML list whose items are strings and a nested list, not records: MALFORMED_YAML at each item\'s line, the record among them accepted.',
  { 'data/kr.yaml': '- KR-1 2024-07-03 drugs 1 kg\n' + yrec('KR-2') + '- [a, b]\n' },
  { exit: 1, buckets: B(3, 1, 2), diagnostics: [E('MALFORMED_YAML', 1, 'data/kr.yaml'), E('MALFORMED_YAML', 9, 'data/kr.yaml')], campaign: { sources: '  - path: data/kr.yaml' } });

add('yaml-duplicate-keys', 'A YAML record with quantity twice (1 and 1000): which one was meant cannot be known — an error at the record\'s line, never a silent pick.',
  { 'data/kr.yaml': yrec('KR-1') + yrec('KR-2', '  quantity: 1000\n') },
  { exit: 1, buckets: B(2, 1, 1), diagnostics: [E('MALFORMED_YAML', 8, 'data/kr.yaml')], campaign: { sources: '  - path: data/kr.yaml' } });

add('yaml-deep-nesting', 'A field nested 20,000 flow levels deep ([[[[…]]]]): the parser gives up (a syntax error for the whole document, as any YAML syntax error is): one MALFORMED_YAML at the line of the nesting, no crash, exit 1.',
  { 'data/kr.yaml': yrec('KR-1') + yrec('KR-2', '  concealment: ' + '['.repeat(20000) + ']'.repeat(20000) + '\n') },
  { exit: 1, buckets: B(1, 0, 1), diagnostics: [E('MALFORMED_YAML', 15, 'data/kr.yaml')], campaign: { sources: '  - path: data/kr.yaml' } });

add('yaml-multi-document', 'Two YAML documents in one file (--- between): MALFORMED_YAML naming the file, nothing silently dropped.',
  { 'data/kr.yaml': yrec('KR-1') + '---\n' + yrec('KR-2') },
  { exit: 1, buckets: { accepted: 0 }, diagnostics: [], campaign: { sources: '  - path: data/kr.yaml' } });

add('yaml-merge-key', 'Records sharing fields through a YAML merge key (<<: *base): merge keys are standard YAML 1.1 and common in hand-written files; a user expects them merged, so both records are accepted.',
  { 'data/kr.yaml': '- &base\n  id: KR-1\n  date: 2024-07-03\n  reporting_country: KR\n  commodity: drugs\n  quantity: 1\n  unit: kg\n  route: air\n- <<: *base\n  id: KR-2\n' },
  { exit: 0, buckets: B(2, 2, 0), diagnostics: [], campaign: { sources: '  - path: data/kr.yaml' } });

// ---------------------------------------------------------------- empty files
add('bom-only', 'A file of just a UTF-8 BOM: EMPTY_FILE, nothing read, exit 0, no MISSING_COLUMN.',
  { 'data/kr.csv': Buffer.from([0xef, 0xbb, 0xbf]) },
  { exit: 0, buckets: B(0, 0, 0), diagnostics: [E('EMPTY_FILE', 0)], absent_codes: ['MISSING_COLUMN'] });

add('blank-lines-only', 'A file of blank lines and spaces only: EMPTY_FILE, nothing read, exit 0.',
  { 'data/kr.csv': '\n\r\n\n   \n\n' },
  { exit: 0, buckets: B(0, 0, 0), diagnostics: [E('EMPTY_FILE', 0)], absent_codes: ['MISSING_COLUMN'] });

add('header-only-no-newline', 'A header without a final newline and no rows: EMPTY_FILE, nothing read, exit 0.',
  { 'data/kr.csv': H },
  { exit: 0, buckets: B(0, 0, 0), diagnostics: [E('EMPTY_FILE', 0)], absent_codes: ['MISSING_COLUMN'] });

add('empty-yaml', 'An empty YAML export (0 bytes) and one that is only a comment: EMPTY_FILE each, nothing read, exit 0.',
  { 'data/kr.yaml': '', 'data/vn.yaml': '# nothing this month\n' },
  { exit: 0, buckets: B(0, 0, 0), diagnostics: [E('EMPTY_FILE', 0, 'data/kr.yaml'), E('EMPTY_FILE', 0, 'data/vn.yaml')], campaign: { sources: '  - path: data/kr.yaml\n  - path: data/vn.yaml' } });

// ---------------------------------------------------------------- campaign files
const okData = { 'data/kr.csv': csv(H, row('KR-1')) };
const cfgErr = (name, description, campaignOpts, mustSay, exit = 2) =>
  add(name, description, okData, { exit, buckets: null, diagnostics: [], stderr_includes: mustSay, campaign: campaignOpts });

cfgErr('campaign-overlapping-phases', 'Two phases share 2024-07-31 (end of one = start of the next): campaign-file error, exit 2, naming both phases.',
  { phases: '  - { id: jul, start: 2024-07-01, end: 2024-07-31 }\n  - { id: aug, start: 2024-07-31, end: 2024-08-31 }' }, ['overlaps', 'jul', 'aug']);
cfgErr('campaign-unknown-source-key', 'A misspelt key in a source (`colums:`): campaign-file error, exit 2, naming the key and its line.',
  { sources: '  - path: data/kr.csv\n    colums: { id: ID }' }, ['colums', 'line 11']);
cfgErr('campaign-unknown-phase-key', 'An unknown key in a phase (`ends:` for `end:`): exit 2, naming the key.',
  { phases: '  - { id: jul, start: 2024-07-01, end: 2024-07-31, ends: 2024-08-01 }' }, ['ends']);
cfgErr('campaign-sources-scalar', '`sources:` is a single path, not a list: exit 2, saying a list was expected at sources.',
  { sources: '  data/kr.csv' }, ['sources']);
cfgErr('campaign-participants-map', '`participants:` is a map, not a list: exit 2, naming campaign.participants.',
  { campaignExtra: '' , phases: undefined }, ['participants']);
cfgErr('campaign-billion-laughs', 'The campaign file itself is a billion-laughs bomb (an unknown key holding 9 levels of 9 aliases): refused promptly with a campaign-file error (exit 2), not an internal error and not a hang.',
  { extra: 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + 'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill('*' + 'abcdefghi'[i]).join(',')}]`).join('\n') + '\n' }, ['campaign.yaml']);
cfgErr('campaign-not-a-map', 'The campaign file is a YAML list: exit 2, a campaign-file error.',
  { raw: '- campaign: x\n- sources: y\n' }, ['campaign.yaml']);
cfgErr('campaign-phases-file-traversal', '`phases:` points at a file outside the folder that does not exist (../../nowhere/phases.csv): an input that cannot be read, exit 3, naming it, no crash.',
  { phases: null, raw_phases: '../../nowhere/phases.csv' }, ['nowhere/phases.csv'], 3);

add('campaign-custom-tags', 'YAML tags in the campaign file (!!js/function on coordinator, a local !env tag on classification): never executed; read as their text, the run goes on (exit 0).',
  okData,
  { exit: 0, buckets: B(1, 1, 0), diagnostics: [], campaign: { campaignExtra: '  coordinator: !!js/function "function () { process.exit(9) }"\n  classification: !env SECRET\n' } });

// ---------------------------------------------------------------- paths
add('source-outside-dotdot', 'A source outside the campaign folder through .. (../_shared/kr.csv): allowed, read, and named in the report exactly as written, so the annex shows it comes from outside.',
  {},
  { exit: 0, buckets: B(2, 2, 0), diagnostics: [], source_files: ['../_shared/kr.csv'], campaign: { sources: '  - path: ../_shared/kr.csv' } });

add('source-outside-symlink', 'data/kr.csv is a symbolic link (made at test time) to ../../_shared/kr.csv: allowed, read, named as written (data/kr.csv).',
  {},
  { exit: 0, buckets: B(2, 2, 0), diagnostics: [], source_files: ['data/kr.csv'], generate: 'symlink-outside' });

add('source-symlink-device', 'data/kr.csv is a symbolic link (made at test time) to /dev/zero, an endless file: refused as "not a file" (exit 3, naming it), never read forever.',
  {},
  { exit: 3, buckets: null, diagnostics: [], stderr_includes: ['data/kr.csv'], generate: 'symlink-dev-zero' });

// ---------------------------------------------------------------- write
rmSync(OUT, { recursive: true, force: true });
mkdirSync(join(OUT, '_shared'), { recursive: true });
writeFileSync(join(OUT, '_shared/kr.csv'), csv(H, row('KR-1'), row('KR-2')));
writeFileSync(join(OUT, '_shared/README.md'), 'Data shared by the cases `source-outside-dotdot` and `source-outside-symlink` (a source outside their campaign folder). Not a case: no expected.json.\n');
for (const c of cases) {
  const dir = join(OUT, c.name);
  mkdirSync(join(dir, 'data'), { recursive: true });
  for (const [f, content] of Object.entries(c.files)) writeFileSync(join(dir, f), content);
  const { campaign: campaignOpts = {}, ...rest } = c.expected;
  let yaml;
  if (campaignOpts.raw) yaml = campaignOpts.raw;
  else if (c.name === 'campaign-participants-map') yaml = campaign(c.name).replace('participants: [VN, KR]', 'participants: { VN: yes, KR: yes }');
  else if (campaignOpts.raw_phases) yaml = campaign(c.name).replace(/phases:\n.*\n/, `phases: ${campaignOpts.raw_phases}\n`);
  else yaml = campaign(c.name, campaignOpts);
  writeFileSync(join(dir, 'campaign.yaml'), yaml);
  writeFileSync(join(dir, 'expected.json'), JSON.stringify({ description: c.description, command: 'validate', ...rest, diagnostics: rest.diagnostics ?? [] }, null, 2) + '\n');
}
console.log(`${cases.length} cases written to ${OUT}`);
