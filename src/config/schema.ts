import { z } from 'zod';
import { COMMODITIES } from '../normalize/vocabulary.js';
import { CANONICAL_UNITS, type CanonicalUnit } from '../normalize/unit.js';

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

const alpha2 = z
  .string()
  .regex(/^[A-Za-z]{2}$/, { error: (i) => `expected an ISO 3166-1 alpha-2 code such as VN, got ${JSON.stringify(i.input)}` })
  .transform((s) => s.toUpperCase());

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

const participantSchema = z.union(
  [
  alpha2,
  z
    .object({
      country: alpha2,
      agencies: z.array(agencySchema).min(1).optional().describe('The administrations or units of this country that report seizures'),
    })
    .strict(),
  ],
  { error: (i) => (typeof i.input === 'string' ? `expected an ISO 3166-1 alpha-2 code such as VN, got ${JSON.stringify(i.input)}` : 'expected a country code, or { country: XX, agencies: [...] } with agencies as names or { id, name, aliases }') },
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
    decimal: z.enum(['.', ',']).optional().describe('Decimal mark; default "."'),
    fiscal_year_start: z.number().int().min(1).max(12).optional().describe('Month a fiscal year starts in (10 = US federal year)'),
    max_field_bytes: z.number().int().min(1024).max(64 * 1024 * 1024).optional().describe('Longest field accepted, in characters (default 1 MiB); a longer one rejects its record'),
    max_columns: z.number().int().min(1).max(1_000_000).optional().describe('Most fields a row may have (default 20,000); a longer row is rejected'),
    defaults: z.partialRecord(fieldName, scalar).optional().describe('Value used when the column is absent or the cell empty'),
    columns: z
      .partialRecord(fieldName, z.union([z.string(), z.array(z.string()).min(1)]))
      .optional()
      .describe('canonical field: header in this file (a list joins the values with a space)'),
    values: z
      .partialRecord(fieldName, z.record(z.string(), scalar))
      .optional()
      .describe('Per-field aliases applied before normalization'),
  })
  .strict();

export const campaignSchema = z
  .object({
    $schema: z.string().optional(),
    campaign: z
      .object({
        id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: (i) => `expected an id of letters, digits, ".", "_" or "-", got ${JSON.stringify(i.input)}` }),
        name: z.string().min(1),
        participants: z.array(participantSchema).min(1).describe('Countries (alpha-2), or { country, agencies } naming the agencies that report'),
        commodities: z.array(z.string().min(1)).min(1).optional().describe('In scope; default: all four'),
        coordinator: z.string().optional(),
        classification: z.string().optional(),
      })
      .strict(),
    phases: z.union([z.array(phaseSchema).min(1), z.string().min(1)]),
    sources: z.array(sourceSchema).min(1),
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
    locale: z.enum(['en', 'vi']).optional(),
    thresholds: z
      .partialRecord(z.enum(COMMODITIES), z.partialRecord(unitName, z.number().positive()))
      .optional()
      .describe('`summary` lists new seizures at or above these sizes: commodity → canonical unit (kg, l, pieces, sticks, packages, m, m2) → quantity, e.g. { drugs: { kg: 10 }, tobacco: { sticks: 100000 } }'),
  })
  .strict();

export type CampaignFileInput = z.input<typeof campaignSchema>;
export type CampaignFile = z.output<typeof campaignSchema>;
export type SourceConfig = z.output<typeof sourceSchema>;
