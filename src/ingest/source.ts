import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { SourceFile } from '../config/campaign.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { CampaignReportError } from '../errors.js';
import { createCsvReader, DEFAULT_CSV_LIMITS } from './csv-reader.js';
import { locateHeader } from './header-rows.js';
import type { FileStats, SourceReader } from './rows.js';
import { createXlsxReader } from './xlsx-reader.js';
import { createYamlReader } from './yaml-reader.js';
import { settingHints } from '../config/setting-hints.js';

/** The format a source is read as: its `format:`, else its extension. */
export function sourceFormat(file: SourceFile): 'csv' | 'yaml' | 'xlsx' | 'partial' {
  const f = file.config.format;
  if (f !== undefined) return f;
  if (/\.ya?ml$/i.test(file.path)) return 'yaml';
  if (/\.xls[xm]$/i.test(file.path)) return 'xlsx';
  return 'csv';
}

/** What the first bytes of a file say it is: a ZIP (an .xlsx), an OLE2 compound file (.xls, or an encrypted workbook), or neither. */
export function sniffContainer(head: Buffer): 'zip' | 'ole2' | undefined {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1) return 'ole2';
  return undefined;
}

/**
 * The reader for a source file, by its `format:` or its extension, and for a
 * file named .csv (or with no format) by what its first bytes are: a workbook
 * saved under a .csv name is read as a workbook, with a warning. An OLE2 file
 * (an old .xls, or a password-protected workbook) is refused with what to do.
 *
 * @param redact the campaign's `redact:` (header detection maps headers as the reader will).
 */
export function createSourceReader(file: SourceFile, redact: readonly string[] = []): SourceReader {
  const format = sourceFormat(file);
  const maxColumns = file.config.max_columns ?? DEFAULT_CSV_LIMITS.maxColumns;
  if (format === 'yaml') return createYamlReader(file);
  if (format === 'xlsx') return guarded(file, () => createXlsxReader(file, { redact, maxColumns }));
  return guarded(file, async (container) => {
    if (container === 'zip') {
      const notice: Diagnostic = {
        severity: 'warning',
        code: 'WORKBOOK_NAMED_CSV',
        file: file.display,
        line: 0,
        message: `this file is an .xlsx workbook, not ${format === 'csv' ? 'delimited text' : format}: read as a workbook`,
        hint: settingHints(file.settingsFrom).workbook,
      };
      return createXlsxReader(file, { redact, maxColumns, notice });
    }
    const csv = createCsvReader(file);
    return { file, stats: csv.stats, batches: () => locateHeader(csv.batches(), file.config, redact) };
  });
}

/** A reader that looks at the file's first bytes before it is read (OLE2 files are refused, whatever their name). */
function guarded(file: SourceFile, make: (container: 'zip' | undefined) => SourceReader | Promise<SourceReader>): SourceReader {
  let inner: SourceReader | undefined;
  const pending: FileStats = { sha256: '', bytes: 0, encoding: '' };
  return {
    file,
    get stats() {
      return inner?.stats ?? pending;
    },
    async *batches() {
      const container = file.path === '-' ? undefined : await peek(file);
      if (container === 'ole2') throw oleError(file);
      inner = await make(container);
      yield* inner.batches();
    },
  };
}

async function peek(file: SourceFile): Promise<'zip' | 'ole2' | undefined> {
  let fh;
  try {
    fh = await open(file.path, 'r');
  } catch {
    return undefined; // the reader reports it
  }
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await fh.read(head, 0, 8, 0);
    return sniffContainer(head.subarray(0, bytesRead));
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}

const CONVERT = 'open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook), or run `soffice --headless --convert-to xlsx FILE`';

function oldExcel(file: SourceFile): CampaignReportError {
  return new CampaignReportError('INPUT_UNREADABLE', `cannot read ${file.display}: it is an Excel 97-2003 workbook (.xls, the old binary format), which is not read`, { hint: CONVERT });
}

/** An OLE2 file: an encrypted (password-protected) workbook carries an "EncryptionInfo" stream, else it is an old .xls. */
function oleError(file: SourceFile): CampaignReportError {
  let encrypted = false;
  try {
    encrypted = readFileSync(file.path).includes(Buffer.from('EncryptionInfo', 'utf16le'));
  } catch {
    // named as an old workbook below
  }
  if (encrypted) {
    return new CampaignReportError('INPUT_UNREADABLE', `cannot read ${file.display}: the workbook is password-protected (encrypted)`, {
      hint: 'open it with its password and save a copy without one (File › Info › Protect Workbook › Encrypt with Password: clear it), then list that copy',
    });
  }
  return oldExcel(file);
}
