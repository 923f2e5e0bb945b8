import type { SourceFile } from '../config/campaign.js';
import { createCsvReader } from './csv-reader.js';
import { createYamlReader } from './yaml-reader.js';
import type { SourceReader } from './rows.js';

/** The reader for a source file, by its `format:` or its extension. */
export function createSourceReader(file: SourceFile): SourceReader {
  const format = file.config.format ?? (/\.ya?ml$/i.test(file.path) ? 'yaml' : 'csv');
  return format === 'yaml' ? createYamlReader(file) : createCsvReader(file);
}
