#!/usr/bin/env node
/**
 * Benchmark baseline: the least a Node tool must do. Streams the file through
 * csv-parse, counts rows and sums quantity per (commodity, route, reporting
 * country), no normalization or validation. Prints CSV to stdout:
 * commodity,route,reporting_country,count,sum
 *
 * Usage: node bench/csv-parse-loop.mjs FILE
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/csv-parse-loop.mjs FILE');
  process.exit(2);
}

const groups = new Map();
let header;
let iCommodity, iRoute, iCountry, iQuantity;
for await (const record of createReadStream(file).pipe(parse())) {
  if (!header) {
    header = record;
    [iCommodity, iRoute, iCountry, iQuantity] = ['commodity', 'route', 'reporting_country', 'quantity'].map((h) => header.indexOf(h));
    continue;
  }
  const key = `${record[iCommodity]},${record[iRoute]},${record[iCountry]}`;
  let g = groups.get(key);
  if (!g) groups.set(key, (g = { count: 0, sum: 0 }));
  g.count++;
  g.sum += Number(record[iQuantity]);
}
let out = 'commodity,route,reporting_country,count,sum\n';
for (const key of [...groups.keys()].sort()) {
  const g = groups.get(key);
  out += `${key},${g.count},${g.sum}\n`;
}
process.stdout.write(out);
