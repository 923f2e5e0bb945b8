/** exceljs's streaming workbook reader, imported alone (xlsx-reader.ts): its main entry loads the writers too. */
declare module 'exceljs/lib/stream/xlsx/workbook-reader.js' {
  import type { WorkbookReaderClass } from './xlsx-zip.js';
  const WorkbookReader: WorkbookReaderClass;
  export default WorkbookReader;
}
