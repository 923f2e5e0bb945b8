#!/usr/bin/env node
/**
 * Bundles the tsc output (dist/) into dist/bundle/ with esbuild: the CLI and the
 * parallel-read worker as entries, every dynamic import (charts, PDF, xlsx, each
 * command) as its own chunk, so `--help` loads only the wiring and `build` loads
 * one file per concern instead of ~700 modules. Resolving and compiling that many
 * ES modules cost ~0.3 s of a 1.3 s build (Node 20 has no module compile cache).
 * Chunks sit two levels below the package root like dist/<stage>/*.js, so paths
 * built from import.meta.url (templates/, the worker) resolve the same.
 */
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: chunks of earlier builds would pile up beside the new ones.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: { cli: 'dist/cli.js', 'parallel-worker': 'dist/pipeline/parallel-worker.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // Puppeteer stays a package: it locates its own browser cache and files at run time.
  external: ['puppeteer'],
  keepNames: true,
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'linked',
  // CommonJS packages in an ES module bundle still call require() and read __filename
  // (write-file-atomic hashes it into temp names).
  banner: {
    js: [
      "import { createRequire as __crCreateRequire } from 'node:module';",
      "import { fileURLToPath as __crFileURLToPath } from 'node:url';",
      "import { dirname as __crDirname } from 'node:path';",
      'const require = __crCreateRequire(import.meta.url);',
      'const __filename = __crFileURLToPath(import.meta.url);',
      // not `new URL(...)`: a bundled module may declare its own top-level URL
      'const __dirname = __crDirname(__filename);',
    ].join(' '),
  },
  logLevel: 'warning',
});
