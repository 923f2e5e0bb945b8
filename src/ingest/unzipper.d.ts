/** The one export of unzipper (exceljs's own unzip library) that xlsx-zip.ts uses. */
declare module 'unzipper' {
  import type { Transform } from 'node:stream';
  const unzipper: { Parse(options?: { forceStream?: boolean }): Transform };
  export default unzipper;
}
