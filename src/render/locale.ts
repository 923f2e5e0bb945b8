import { readFileSync } from 'node:fs';
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
  reasons: Record<string, string>;
}

export const DEFAULT_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

export function loadLocale(name: string): ReportLocale {
  const file = `${DEFAULT_TEMPLATES}locales/${name}.json`;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ReportLocale;
  } catch (err) {
    throw new CampaignReportError('USAGE', `no report locale "${name}"`, {
      hint: 'available: en, vi (add templates/locales/<name>.json to add one)',
      cause: err,
    });
  }
}
