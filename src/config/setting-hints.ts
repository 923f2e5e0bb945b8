/**
 * How a hint tells a user to change the way a source is read. A source listed
 * in a campaign file is set in its entry there (`columns:`, `defaults:`,
 * `sheet:`, `encoding:`); files named on the command line (`aggregate FILE…`,
 * no campaign file) are set with the command's flags (`--map`, `--default`,
 * `--sheet`, `--encoding`). Every hint that names a setting takes its words
 * from here, so no one is told to edit a campaign file they do not have.
 */

/** Where a source's settings are written. */
export type SettingsSyntax = 'campaign' | 'flags';

export interface SettingHints {
  /** MISSING_COLUMN: map a column to a required field, or give the field a value. */
  columnOrDefault(field: string): string;
  /** SHEET_SKIPPED (every sheet read): read this sheet on its own. */
  sheetSkipped(sheet: string): string;
  /** SHEET_NOT_FOUND: name the sheet to read. */
  readonly sheetNotFound: string;
  /** ENCODING_GUESSED: say the file's encoding. */
  readonly encoding: string;
  /** WORKBOOK_NAMED_CSV: have the file read as a workbook. */
  readonly workbook: string;
  /** A hint that names what only a campaign file has (aliases, the vocabulary, a source's `values:`). */
  campaignOnly(hint: string): string;
}

const CAMPAIGN: SettingHints = {
  columnOrDefault: (f) => `map one with columns: { ${f}: "Header" } or set defaults: { ${f}: ... }`,
  sheetSkipped: () => 'name the sheet with `sheet:` on its own source entry to read it',
  sheetNotFound: 'name the sheet to read with `sheet:` (a name, a 1-based position, or "*")',
  encoding: 'set `encoding:` on this source if that is wrong',
  workbook: 'name it .xlsx (or set `format: xlsx` on the source)',
  campaignOnly: (hint) => hint,
};

const FLAGS: SettingHints = {
  columnOrDefault: (f) => `map one with --map ${f}=Header or set --default ${f}=value`,
  sheetSkipped: (sheet) => `read it in a run of its own with --sheet ${JSON.stringify(sheet)}`,
  sheetNotFound: 'name the sheet to read with --sheet (a name, a 1-based position, or "*")',
  encoding: 'if that is wrong, name the encoding with --encoding, e.g. --encoding windows-1258',
  workbook: 'name it .xlsx',
  campaignOnly: (hint) => `${hint}; files named on the command line have no campaign file: \`campaign-report init\` writes one to start from`,
};

/** The hints for sources set one way or the other (absent: in a campaign file). */
export function settingHints(syntax: SettingsSyntax | undefined): SettingHints {
  return syntax === 'flags' ? FLAGS : CAMPAIGN;
}

/** The hints for a campaign's own settings (aliases, the vocabulary): a campaign without a file is made of files named on the command line. */
export function campaignHints(campaign: { readonly file: string | undefined }): SettingHints {
  return settingHints(campaign.file === undefined ? 'flags' : 'campaign');
}
