import * as z from 'zod';
import { COMMODITIES } from '../normalize/vocabulary.js';
import { CANONICAL_UNITS, type CanonicalUnit } from '../normalize/unit.js';
import { coarserPrecision, formatPrecision } from '../normalize/date.js';

/**
 * The campaign file, defined once: this schema validates campaign.yaml and is
 * also turned into schema/campaign.schema.json for editors (scripts/write-schema.mjs).
 */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: (i) => `expected a date as yyyy-MM-dd, got ${JSON.stringify(i.input)}` })
  .describe('Date as yyyy-MM-dd');

// YAML parses 2024-07-01 as a string with our parse options; accept Date too for safety.
const dateValue = z.union([isoDate, z.date().transform((d) => d.toISOString().slice(0, 10))]);

export const CANONICAL_FIELDS = [
  'id',
  'date',
  'reporting_country',
  'commodity',
  'subtype',
  'quantity',
  'unit',
  'route',
  'origin_country',
  'destination_country',
  'case_id',
  'direction',
  'phase',
  'location',
  'detection_method',
  'concealment',
  'agency',
  'count',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/** Canonical fields a `key:` may name: a record's identity, never its figures (a revised figure would make a new key and be counted twice). */
export const KEY_FIELDS = CANONICAL_FIELDS.filter((f): f is Exclude<CanonicalField, 'quantity' | 'count'> => f !== 'quantity' && f !== 'count');
export type KeyField = (typeof KEY_FIELDS)[number];

export const REQUIRED_FIELDS: readonly CanonicalField[] = ['id', 'date', 'reporting_country', 'commodity', 'quantity', 'unit', 'route'];

const fieldName = z.enum(CANONICAL_FIELDS);

/** A text in one language for all, or per report language (`{ en: August, vi: Tháng Tám, ko: 8월 }`). */
const localizedText = z.union([
  z.string().min(1),
  z
    .object({ en: z.string().min(1).optional(), vi: z.string().min(1).optional(), ko: z.string().min(1).optional() })
    .strict()
    .refine((o) => Object.keys(o).length > 0, { error: 'expected at least one of en, vi, ko' }),
]);

export const phaseSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: (i) => `expected an id of letters, digits, ".", "_" or "-", got ${JSON.stringify(i.input)}` }),
    name: localizedText.optional().describe('The phase\'s name: one for every report language, or { en, vi, ko }; default: the id'),
    start: dateValue,
    end: dateValue,
  })
  .strict();

/** A year (2015), or for months yyyy-MM and for quarters yyyy-Qn. */
const seriesBound = z.union([z.number().int().min(1000).max(9999), z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$/, { error: (i) => `expected a year (2015), a month (2015-07) or a quarter (2015-Q3), got ${JSON.stringify(i.input)}` })]);

export const phaseSeriesSchema = z
  .object({
    every: z.enum(['year', 'quarter', 'month']).describe('One phase per (fiscal) year, quarter or month'),
    from: seriesBound.describe('First year (fiscal year with fiscal_year_start); for months also yyyy-MM, for quarters yyyy-Qn'),
    to: seriesBound.describe('Last year, month or quarter, included'),
    fiscal_year_start: z.number().int().min(1).max(12).optional().describe('Month a fiscal year starts in (10: FY2020 is October 2019 to September 2020, named by the year it ends in)'),
  })
  .strict();

const unitName = z.enum(CANONICAL_UNITS as [CanonicalUnit, ...CanonicalUnit[]]);
const goodId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: (i) => `expected a lowercase kebab-case id such as crystal-meth, got ${JSON.stringify(i.input)}` });

const agencySchema = z.union([
  z.string().min(1),
  z
    .object({
      id: z.string().min(1).describe('Stable id used in outputs (e.g. kcs-icn)'),
      name: z.string().min(1).optional().describe('Name shown in reports; default: the id'),
      aliases: z.array(z.string().min(1)).optional().describe('Other spellings in exports'),
    })
    .strict(),
]);

/** A participant's country: alpha-2, alpha-3 or a name, normalized like records' countries when the campaign is resolved. */
const participantCountry = z.string().trim().min(1, { error: 'expected a country: an ISO 3166-1 alpha-2 or alpha-3 code, or its name' });

const participantSchema = z.union(
  [
  participantCountry,
  z
    .object({
      country: participantCountry,
      agencies: z.array(agencySchema).min(1).optional().describe('The administrations or units of this country that report seizures'),
    })
    .strict(),
  ],
  { error: () => 'expected a country (alpha-2, alpha-3 or name), or { country: XX, agencies: [...] } with agencies as names or { id, name, aliases }' },
);

const vocabularySchema = z
  .object({
    goods: z
      .array(
        z
          .object({
            id: goodId,
            commodity: z.enum(COMMODITIES),
            group: z.string().min(1),
            labels: z.object({ en: z.string().min(1).optional(), vi: z.string().min(1).optional(), ko: z.string().min(1).optional() }).strict().optional(),
            aliases: z.array(z.string().min(1)).optional(),
            units: z.array(unitName).min(1).optional(),
            kg_equivalent: z.partialRecord(unitName, z.number().positive()).optional(),
          })
          .strict(),
      )
      .optional()
      .describe('Goods added to the built-in vocabulary'),
    kg_equivalent: z
      .record(z.string(), z.partialRecord(unitName, z.number().positive()))
      .optional()
      .describe('Kg-equivalent factors replacing the built-in ones: good id → unit → kg per unit (an estimate, see --kg-equivalent)'),
  })
  .strict();

const scalar = z.union([z.string(), z.number()]).transform(String);

/**
 * A cell value as a campaign file writes it in a list: YAML reads an unquoted
 * NULL (or null, ~) as null and true/false as booleans, which mean those words here.
 */
const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((v) => (v === null ? 'NULL' : String(v)));

/** The id of a record made of its file and physical line (`columns: { id: "@line" }`). */
export const LINE_ID = '@line';

/** Several quantity columns: the first non-empty cell (`coalesce`), or the largest value (`max`). */
const quantityColumns = z.union([
  z.object({ coalesce: z.array(z.string().min(1)).min(2).describe('Quantity columns: the first non-empty cell is the quantity') }).strict(),
  z.object({ max: z.array(z.string().min(1)).min(2).describe('Quantity columns: the largest value is the quantity') }).strict(),
]);

/** `{ coalesce }` / `{ max }` are for the quantity only, and "@line" for the id only. */
function checkColumnForms(cols: Partial<Record<CanonicalField, string | string[] | z.output<typeof quantityColumns>>>, ctx: z.RefinementCtx): void {
  for (const [field, spec] of Object.entries(cols)) {
    if (typeof spec === 'object' && !Array.isArray(spec) && field !== 'quantity') {
      ctx.addIssue({ code: 'custom', path: [field], message: `{ coalesce } and { max } are for the quantity only; ${field} takes a header or a list of headers` });
    }
    const names = typeof spec === 'string' ? [spec] : Array.isArray(spec) ? spec : [];
    if (names.includes(LINE_ID) && (field !== 'id' || names.length > 1)) {
      ctx.addIssue({ code: 'custom', path: [field], message: `"${LINE_ID}" is for the id alone (columns: { id: "${LINE_ID}" })` });
    }
  }
}

export const sourceSchema = z
  .object({
    path: z.string().min(1).describe('A file or a glob, relative to the campaign file'),
    format: z.enum(['csv', 'yaml', 'partial', 'xlsx']).optional().describe('Default: from the file extension (.yaml/.yml → yaml, .partial.json → partial, .xlsx/.xlsm → xlsx, else csv)'),
    sheet: z
      .union([z.string().min(1), z.number().int().min(1)])
      .optional()
      .describe('Workbooks: the sheet to read, by name or 1-based position, or "*" for every visible sheet with the same header; default: the first visible sheet with a recognizable header'),
    header_row: z.number().int().min(1).max(1_048_576).optional().describe('The row (1-based, blank rows included) that holds the header; default: found among the first 20 rows'),
    delimiter: z.enum([',', ';', '\t', '|']).optional().describe('Default: detected from the header among , ; TAB'),
    encoding: z
      .enum(['utf-8', 'utf8', 'utf-16le', 'utf-16be', 'windows-1252', 'windows-1258', 'latin1'])
      .optional()
      .describe('Default: detected (BOM, UTF-16, UTF-8, else windows-1252 with a warning)'),
    date_format: z
      .string()
      .min(1)
      .refine((f) => /y/.test(f.replace(/'[^']*'/g, '')), { error: (i) => `a date format needs a year (y), got ${JSON.stringify(i.input)}` })
      .optional()
      .describe('date-fns tokens; default yyyy-MM-dd'),
    date_precision: z
      .enum(['year', 'month', 'day'])
      .optional()
      .describe('How precise this source\'s dates are (default: what date_format writes: yyyy → year, yyyy-MM → month, with a day → day); year or month makes each record a reported total of its period, dated on its first day'),
    decimal: z.enum(['.', ',']).optional().describe('Decimal mark; default "."'),
    fiscal_year_start: z.number().int().min(1).max(12).optional().describe('Month a fiscal year starts in (10 = US federal year)'),
    max_field_bytes: z.number().int().min(1024).max(64 * 1024 * 1024).optional().describe('Longest field accepted, in characters (default 1 MiB); a longer one rejects its record'),
    max_columns: z.number().int().min(1).max(1_000_000).optional().describe('Most fields a row may have (default 20,000); a longer row is rejected'),
    defaults: z.partialRecord(fieldName, scalar).optional().describe('Value used when the column is absent or the cell empty'),
    columns: z
      .partialRecord(fieldName, z.union([z.string(), z.array(z.string()).min(1), quantityColumns]))
      .superRefine(checkColumnForms)
      .optional()
      .describe('canonical field: header in this file (a list joins the values with a space); id: "@line" makes ids of the file and line; quantity: { coalesce: [A, B] } or { max: [A, B] }'),
    values: z
      .partialRecord(fieldName, z.record(z.string(), scalar))
      .optional()
      .describe('Per-field aliases applied before normalization'),
    null_values: z
      .array(cellValue)
      .min(1)
      .optional()
      .describe('Cells equal to one of these (trimmed, case ignored), e.g. [NULL, "-", "n/a"], are empty: a default applies, and a required field is MISSING_FIELD'),
    allow_zero: z.boolean().optional().describe('Accept a quantity of 0 (a reported nil), counted as a seizure of quantity 0; default: a quantity must be positive'),
    where: z
      .record(z.string().min(1), z.array(cellValue).min(1))
      .optional()
      .describe('Row filter: header → allowed values (trimmed, case ignored); a row whose cells do not match every header is out of scope (reason filtered)'),
  })
  .strict()
  .superRefine((src, ctx) => {
    // A date is never made more precise than its format writes it (a year is not a day).
    const written = formatPrecision(src.date_format ?? 'yyyy-MM-dd');
    if (src.date_precision !== undefined && coarserPrecision(src.date_precision, written) !== src.date_precision) {
      ctx.addIssue({ code: 'custom', path: ['date_precision'], message: `${src.date_precision} is more precise than date_format ${JSON.stringify(src.date_format ?? 'yyyy-MM-dd')} writes dates (${written})` });
    }
  });

export const campaignSchema = z
  .object({
    $schema: z.string().optional(),
    campaign: z
      .object({
        id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: (i) => `expected an id of letters, digits, ".", "_" or "-", got ${JSON.stringify(i.input)}` }),
        name: z.string().min(1),
        participants: z
          .array(participantSchema)
          .min(1)
          .optional()
          .describe('Countries (alpha-2, alpha-3 or names), or { country, agencies } naming the agencies that report; absent: any reporting country is accepted, and reports list the reporters found'),
        commodities: z.array(z.string().min(1)).min(1).optional().describe('In scope; default: all four'),
        coordinator: z.string().optional(),
        classification: z.string().optional(),
      })
      .strict(),
    phases: z
      .union([z.array(phaseSchema).min(1), z.string().min(1), phaseSeriesSchema])
      .describe('A list of { id, name, start, end }; a path to a CSV/YAML file of them; or generated: { every: year | quarter | month, from, to, fiscal_year_start }'),
    sources: z.array(sourceSchema).min(1),
    key: z
      .array(z.enum(KEY_FIELDS))
      .min(1)
      .refine((k) => new Set(k).size === k.length, { error: 'a field is listed twice' })
      .optional()
      .describe('Canonical fields that identify a record across sources (instead of reporting country and id); see on_conflict'),
    on_conflict: z
      .enum(['latest', 'first'])
      .optional()
      .describe('With key: the same key with other content from a later source replaces the earlier record (latest, the default) or is set aside (first); either way counted under duplicates as SUPERSEDED'),
    limits: z
      .object({
        max_field_bytes: z.number().int().min(1024).max(64 * 1024 * 1024).optional(),
        max_columns: z.number().int().min(1).max(1_000_000).optional(),
      })
      .strict()
      .optional()
      .describe('Defaults for every source: longest field (characters) and most fields per row'),
    units: z
      .object({ pack: z.number().positive().optional(), carton: z.number().positive().optional() })
      .strict()
      .optional()
      .describe('Cigarette sticks per pack and per carton (default 20 and 200)'),
    aliases: z
      .object({
        commodity: z.record(z.string(), z.string()).optional(),
        route: z.record(z.string(), z.string()).optional(),
        direction: z.record(z.string(), z.string()).optional(),
        subtype: z.record(z.string(), z.string()).optional().describe('spelling → good id of the goods vocabulary'),
        country: z.record(z.string(), z.string().min(1)).optional().describe('any value → a country (alpha-2, alpha-3, a former code such as CS, or a name), for every country field'),
      })
      .strict()
      .optional(),
    vocabulary: vocabularySchema.optional(),
    redact: z
      .array(z.string().min(1))
      .optional()
      .describe('Columns (header names, or optional canonical fields such as concealment) that are dropped as they are read: they reach no output, partial or log'),
    report: z
      .object({
        issued: dateValue.optional().describe('Issue date (yyyy-MM-dd): on the cover and as the PDF\'s creation date; default: the last day of the phase'),
        version: z.union([z.string().min(1), z.number()]).transform(String).optional().describe('Version of the report, e.g. "1.0" or "2 (corrected)"'),
        contact: z.string().min(1).optional().describe('Contact point for questions on the report'),
        agencies: z.array(z.string().min(1)).optional().describe('Participating agencies and organisations named on the cover'),
        acknowledgements: localizedText.optional().describe('A paragraph of thanks on the cover, in one language or per report language'),
        annex: z.enum(['full', 'summary', 'none']).optional().describe('The data-quality annex: full (default), summary (no file paths, hashes or row details), none'),
      })
      .strict()
      .optional()
      .describe('What the phase-end reports say about themselves (cover and PDF metadata)'),
    formats: z.array(z.enum(['md', 'html', 'pdf'])).optional(),
    templates: z.string().optional(),
    locale: z.enum(['en', 'vi', 'ko']).optional(),
    thresholds: z
      .partialRecord(z.enum(COMMODITIES), z.partialRecord(unitName, z.number().positive()))
      .optional()
      .describe('`summary` lists new seizures at or above these sizes: commodity → canonical unit (kg, l, pieces, sticks, packages, m, m2) → quantity, e.g. { drugs: { kg: 10 }, tobacco: { sticks: 100000 } }'),
  })
  .strict();

export type CampaignFileInput = z.input<typeof campaignSchema>;
export type CampaignFile = z.output<typeof campaignSchema>;
export type SourceConfig = z.output<typeof sourceSchema>;
