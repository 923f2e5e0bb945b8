/**
 * Workbooks as agencies send them, built with exceljs: a title row, a blank
 * row, the header, seizures with typed date and number cells, a totals row.
 */
import ExcelJS from 'exceljs';

export type Cell = string | number | Date | null | { formula: string; result?: number | string | Date };

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
