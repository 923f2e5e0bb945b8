#!/usr/bin/env node
/**
 * Benchmark baseline: DuckDB (in-process, via @duckdb/node-api) reads the CSV
 * and runs the same group-by as the other tools. Prints CSV to stdout:
 * commodity,route,reporting_country,count,sum
 *
 * Usage: node bench/duckdb-groupby.mjs FILE
 */
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/duckdb-groupby.mjs FILE');
  process.exit(2);
}

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
// Single quotes doubled: the path is a SQL string literal.
const source = `read_csv('${file.replaceAll("'", "''")}', header = true)`;
const reader = await connection.runAndReadAll(`
  SELECT commodity, route, reporting_country, count(*) AS count, sum(quantity) AS sum
  FROM ${source}
  GROUP BY commodity, route, reporting_country
  ORDER BY commodity, route, reporting_country`);
let out = 'commodity,route,reporting_country,count,sum\n';
for (const [commodity, route, country, count, sum] of reader.getRows()) {
  out += `${commodity},${route},${country},${count},${sum}\n`;
}
process.stdout.write(out);
connection.closeSync();
instance.closeSync();
