import type { Table } from './table.js';

export interface Sheet {
  /** Sheet name; made valid for Excel (≤ 31 chars, no []:*?/\) here. */
  name: string;
  table: Table;
}

/**
 * An .xlsx workbook, one sheet per table: numeric columns as numbers, header row
 * frozen, an autofilter over the table. ExcelJS is loaded only when asked for.
 * Cells are written as values, never as formulas, so a text cell such as
 * `=HYPERLINK(...)` stays text.
 */
export async function writeXlsx(sheets: readonly Sheet[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'campaign-report';
  // Fixed dates: the same inputs give the same workbook bytes.
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const used = new Set<string>();
  for (const s of sheets) {
    const name = uniqueName(sheetName(s.name), used);
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const { columns, rows, numeric } = s.table;
    ws.addRow([...columns]);
    ws.getRow(1).font = { bold: true };
    for (const r of rows) {
      ws.addRow(r.map((v, i) => (numeric.has(columns[i]!) ? (v === '' ? null : Number(v)) : String(v))));
    }
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: columns.length } };
    columns.forEach((c, i) => {
      const width = Math.min(40, Math.max(c.length, ...rows.slice(0, 500).map((r) => String(r[i] ?? '').length)) + 2);
      ws.getColumn(i + 1).width = width;
      if (numeric.has(c)) ws.getColumn(i + 1).numFmt = c === 'quantity' || c === 'kg_equivalent' ? '0.###' : '0';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function sheetName(s: string): string {
  const n = s.replace(/[[\]:*?/\\]/g, '-').replace(/^'+|'+$/g, '').slice(0, 31);
  return n === '' ? 'Sheet' : n;
}

function uniqueName(name: string, used: Set<string>): string {
  let n = name;
  for (let i = 2; used.has(n.toLowerCase()); i++) n = `${name.slice(0, 28)}-${i}`;
  used.add(n.toLowerCase());
  return n;
}
