import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CampaignReportError } from '../errors.js';

/** A report language: labels, number and date formats. One JSON file per locale in templates/locales/. */
export interface ReportLocale {
  locale: string;
  numberLocale: string;
  decimal: string;
  group: string;
  dateFormat: string;
  labels: Record<string, string>;
  commodities: Record<string, string>;
  routes: Record<string, string>;
  directions: Record<string, string>;
  units: Record<string, string>;
  /** Unit spellings by the word they are (src/normalize/unit.ts `unitWordOf`): "tablet" → "viên", "carton" → "보루". */
  unitWords: Record<string, string>;
  reasons: Record<string, string>;
}

export const DEFAULT_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

/**
 * The locale `name`: the default file, with the user's template folder's
 * `locales/<name>.json` (from `templates eject`) merged over it key by key.
 */
export function loadLocale(name: string, userDir?: string): ReportLocale {
  const file = `${DEFAULT_TEMPLATES}locales/${name}.json`;
  let base: ReportLocale;
  try {
    base = JSON.parse(readFileSync(file, 'utf8')) as ReportLocale;
  } catch (err) {
    throw new CampaignReportError('USAGE', `no report locale "${name}"`, {
      hint: 'available: en, vi, ko (add templates/locales/<name>.json to add one)',
      cause: err,
    });
  }
  const own = userDir ? path.join(userDir, 'locales', `${name}.json`) : undefined;
  if (!own || !existsSync(own)) return base;
  let user: Partial<ReportLocale>;
  try {
    user = JSON.parse(readFileSync(own, 'utf8')) as Partial<ReportLocale>;
  } catch (err) {
    throw new CampaignReportError('TEMPLATE_ERROR', `${own}: not valid JSON: ${(err as Error).message}`);
  }
  const merged = { ...base, ...user } as ReportLocale;
  for (const k of ['labels', 'commodities', 'routes', 'directions', 'units', 'unitWords', 'reasons'] as const) merged[k] = { ...base[k], ...(user[k] ?? {}) };
  return merged;
}
