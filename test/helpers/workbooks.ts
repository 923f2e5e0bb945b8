/**
 * Workbooks as agencies send them, built with exceljs: a title row, a blank
 * row, the header, seizures with typed date and number cells, a totals row.
 */
import ExcelJS from 'exceljs';

/** A cell; `{ serial }` is an Excel date serial number written as such (a number with a date format), as Excel stores dates. */
export type Cell = string | number | Date | null | { formula: string; result?: number | string | Date } | { serial: number };

export interface SheetSpec {
  name: string;
  rows: Cell[][];
  /** Row number (1-based) of each entry of `rows`: gaps are blank rows. Default: consecutive from 1. */
  at?: number[];
  state?: 'visible' | 'hidden' | 'veryHidden';
  /** Merged ranges, e.g. "A1:H1". */
  merges?: string[];
  /** Number format of date cells (default dd/mm/yyyy, as a Vietnamese clerk's Excel shows them). */
  dateFormat?: string;
}

/** A UTC date (exceljs writes a Date as its serial number in UTC). */
export const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** Writes a workbook of `sheets` to `file`. */
export async function writeWorkbook(file: string, sheets: SheetSpec[], options: { date1904?: boolean } = {}): Promise<void> {
  const wb = new ExcelJS.Workbook();
  if (options.date1904) wb.properties.date1904 = true;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { state: s.state ?? 'visible' });
    s.rows.forEach((cells, i) => {
      const r = ws.getRow(s.at?.[i] ?? i + 1);
      cells.forEach((v, c) => {
        if (v === null) return;
        const cell = r.getCell(c + 1);
        if (typeof v === 'object' && 'serial' in v) {
          cell.value = v.serial;
          cell.numFmt = s.dateFormat ?? 'dd/mm/yyyy';
          return;
        }
        cell.value = v as ExcelJS.CellValue;
        if (v instanceof Date || (typeof v === 'object' && 'result' in v && v.result instanceof Date)) cell.numFmt = s.dateFormat ?? 'dd/mm/yyyy';
      });
      r.commit();
    });
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  await wb.xlsx.writeFile(file);
}

export const VN_TITLE = 'BÁO CÁO KẾT QUẢ BẮT GIỮ THÁNG 7/2024';
export const VN_HEADER = ['STT', 'Số vụ', 'Ngày bắt giữ', 'Mặt hàng', 'Loại', 'Số lượng', 'Đơn vị', 'Tuyến', 'Nước xuất xứ', 'Nước đến'];

/** The Vietnamese seizures of the fixture (fixtures/workbooks): typed dates and quantities. */
export const VN_ROWS: Cell[][] = [
  [1, 'VN-HQ-001', day('2024-07-02'), 'ma túy', 'heroin', 1.25, 'kg', 'đường bộ', 'Lào', 'Việt Nam'],
  [2, 'VN-HQ-002', day('2024-07-05'), 'ma túy', 'methamphetamine', 12.5, 'kg', 'hàng không', 'Campuchia', 'Việt Nam'],
  [3, 'VN-HQ-003', day('2024-07-09'), 'tiền chất', 'safrole', 2.5, 'lít', 'đường biển', 'Trung Quốc', 'Việt Nam'],
  [4, 'VN-HQ-004', day('2024-07-15'), 'ma túy', 'heroin', 0.75, 'kg', 'chuyển phát nhanh', 'Thái Lan', 'Việt Nam'],
];

/** The sheet an agency sends: title (merged), blank row, header on row 3, seizures, a totals row with a SUM formula. */
export function vnSheet(name: string, rows: Cell[][] = VN_ROWS, total?: number): SheetSpec {
  const first = 4;
  const last = first + rows.length - 1;
  const sum = total ?? rows.filter((r) => r[6] === 'kg').reduce((a, r) => a + (r[5] as number), 0);
  return {
    name,
    rows: [[VN_TITLE], VN_HEADER, ...rows, ['Tổng cộng', null, null, null, null, { formula: `SUMIF(G${first}:G${last},"kg",F${first}:F${last})`, result: sum }, 'kg']],
    at: [1, 3, ...rows.map((_r, i) => first + i), last + 1],
    merges: ['A1:J1'],
  };
}

export const EN_HEADER = ['No.', 'Seizure No', 'Date of seizure', 'Commodity', 'Type', 'Quantity', 'Unit', 'Mode', 'Origin', 'Destination'];

/** Thailand's July sheet of fixtures/workbooks: a "Total" row that says 20 kg where the rows sum to 15.5 kg. */
export function thSheets(): SheetSpec[] {
  return [
    { name: 'Notes', rows: [['Prepared by the Bangkok customs office'], ['Figures provisional']] },
    {
      name: 'July',
      rows: [
        ['ROYAL THAI CUSTOMS — SEIZURES, JULY 2024'],
        EN_HEADER,
        [1, 'TH-BKK-1', day('2024-07-06'), 'drugs', 'methamphetamine', 10, 'kg', 'land', 'Myanmar', 'Thailand'],
        [2, 'TH-BKK-2', day('2024-07-21'), 'drugs', 'ketamine', 5.5, 'kg', 'air', 'India', 'Thailand'],
        ['Total', null, null, null, null, 20, 'kg'],
      ],
    },
  ];
}

/**
 * A ZIP of the given parts, written here (no library): for hostile workbooks
 * whose bytes must be exactly so. `deflated` parts are given already deflated
 * (raw), with their uncompressed size.
 */
export function zipOf(parts: { name: string; data: Buffer; deflated?: { size: number } }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const size = p.deflated ? p.deflated.size : p.data.length;
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(p.deflated ? 8 : 0, 8);
    h.writeUInt32LE(p.data.length, 18);
    h.writeUInt32LE(size, 22);
    h.writeUInt16LE(name.length, 26);
    locals.push(h, name, p.data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(p.deflated ? 8 : 0, 10);
    c.writeUInt32LE(p.data.length, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + p.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The parts of a minimal workbook with one sheet whose sheetData is `sheetData` (inline strings), and a sheet XML prologue. */
export function minimalWorkbook(sheetData: string, prologue = XML): { name: string; data: Buffer }[] {
  return [
    { name: '[Content_Types].xml', data: Buffer.from(`${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`) },
    { name: '_rels/.rels', data: Buffer.from(`${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    { name: 'xl/workbook.xml', data: Buffer.from(`${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(`${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`) },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(`${prologue}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData></worksheet>`) },
  ];
}

/** An inline-string row of a sheet (`cells` from column A on). */
export function inlineRow(r: number, cells: string[]): string {
  const col = (i: number) => String.fromCharCode(65 + i);
  return `<row r="${r}">${cells.map((v, i) => `<c r="${col(i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`).join('')}</row>`;
}
