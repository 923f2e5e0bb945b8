// Writes schema/campaign.schema.json from the same zod definition that validates campaign files.
// The definition is TypeScript (src/config/schema.ts): esbuild bundles it to a module beside
// dist/ for the time of the import, with packages left external so that it and this script
// share one zod.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { z } from 'zod';

const root = new URL('../', import.meta.url);
const temp = fileURLToPath(new URL(`dist/schema-${process.pid}.mjs`, root));
const { outputFiles } = await build({
  absWorkingDir: fileURLToPath(root),
  entryPoints: ['src/config/schema.ts'],
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  write: false,
  outfile: temp,
  logLevel: 'warning',
});
mkdirSync(new URL('dist/', root), { recursive: true });
writeFileSync(temp, outputFiles[0].contents);
let campaignSchema;
try {
  ({ campaignSchema } = await import(pathToFileURL(temp).href));
} finally {
  rmSync(temp, { force: true });
}

const schema = z.toJSONSchema(campaignSchema, { io: 'input', unrepresentable: 'any' });
schema.title = 'campaign-report campaign file';
mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schema/campaign.schema.json', import.meta.url), JSON.stringify(schema, null, 2) + '\n');
