/**
 * Helpers for the acceptance tests on real data (`../shared/real-data/`, next to the
 * project): an independent reader (DuckDB, a dev dependency the tool does not use) and
 * checks of what a report built from totals must not show.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ROOT } from './cli.js';

/** The shared real-data folder (beside the project root), or a file in it. */
export function realDataPath(...parts: string[]): string {
  return resolve(ROOT, '../shared/real-data', ...parts);
}

export type SqlRow = Record<string, string | number | boolean | null>;

/** Runs SQL statements in a fresh in-memory DuckDB; returns the rows of the last one (numbers as JS numbers). */
export async function duckdb(...statements: string[]): Promise<SqlRow[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  try {
    let rows: SqlRow[] = [];
    for (const sql of statements) {
      const reader = await con.runAndReadAll(sql);
      rows = reader.getRowObjectsJS().map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : (v as string | number | boolean | null)]),
        ),
      );
    }
    return rows;
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

/** A string as a SQL literal. */
export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** ISO week labels (2017-W01) anywhere in a text. */
export function weekLabels(text: string): string[] {
  return text.match(/\b\d{4}-W\d{2}\b/g) ?? [];
}

/**
 * The table rows (data rows, not the header or the |---| line) of the Markdown section
 * whose `##` heading starts with `heading`, up to the next `##` heading; [] when the
 * report has no such section.
 */
export function sectionTableRows(md: string, heading: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## ${heading}`));
  if (start < 0) return [];
  const rows: string[] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (!line.startsWith('|')) {
      inTable = false;
      continue;
    }
    if (!inTable) {
      inTable = true; // the header line
      continue;
    }
    if (/^\|[\s|:-]+\|$/.test(line)) continue; // the alignment line
    rows.push(line);
  }
  return rows;
}

/** Every file under a folder (a build's Markdown and its charts), as text. */
export function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [{ path: p, text: readFileSync(p, 'utf8') }];
  });
}
