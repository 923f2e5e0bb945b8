#!/usr/bin/env node
/**
 * Bundles src/ with esbuild into dist/bundle/: the entries below, every dynamic
 * import (charts, PDF, xlsx, each command) as its own chunk, so `--help` loads
 * only the wiring and `build` loads one file per concern instead of ~700
 * modules. Resolving and compiling that many ES modules cost ~0.3 s of a 1.3 s
 * build (Node 20 has no module compile cache). esbuild only strips types:
 * `npm run build` runs `tsc --noEmit` first (`npm run typecheck`).
 * Chunks sit two levels below the package root like src/<stage>/*.ts, so paths
 * built from import.meta.url (templates/, the worker) resolve the same from
 * src/ (tests) and from the bundle.
 *
 * `node scripts/bundle.mjs` (the build) also removes chunks of earlier builds;
 * vitest's global setup (test/global-setup.ts) calls `bundle({ prune: false })`
 * before every test run, so no test runs a stale CLI or worker.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { build } from 'esbuild';

/** The bundle's entries: dist/bundle/<name>.js ← source. bin/campaign-report.js imports cli.js; the pipeline starts worker.js. */
export const ENTRIES = {
  cli: 'src/cli.ts',
  worker: 'src/pipeline/worker.ts',
  pdf: 'src/render/pdf.ts', // scripts/quickstart.mjs looks for a browser with its resolveBrowserPath, as `build` does
};

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const OUT = path.join(DIST, 'bundle');

/** @type {import('esbuild').BuildOptions} */
const OPTIONS = {
  absWorkingDir: ROOT,
  entryPoints: ENTRIES,
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  tsconfig: path.join(ROOT, 'tsconfig.json'),
  chunkNames: 'chunk-[hash]',
  // Puppeteer stays a package: it locates its own browser cache and files at run time.
  external: ['puppeteer'],
  // Smaller stand-ins for two CommonJS dependencies of the workbook reader (scripts/shims/: why);
  // they took ~15 ms of loading every build that reads a workbook.
  alias: {
    unzipper: './scripts/shims/unzipper.cjs',
    'typedarray.prototype.slice': './scripts/shims/typedarray-slice.cjs',
  },
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
};

/**
 * Builds the bundle in memory and writes only the files whose bytes changed,
 * each under a temporary name renamed into place, chunks before entries: a CLI
 * started meanwhile (another test run, an end-to-end test) loads either the old
 * files or the new ones, never half a file. Returns how many files were written.
 *
 * `prune` removes what the build did not produce: chunks of earlier builds
 * (their names carry content hashes, so they would pile up) and the tsc output
 * of builds before the bundle was made from src/. Only the build prunes: a
 * test run must not delete a chunk that a CLI started just before still loads.
 */
export async function bundle({ prune = true } = {}) {
  const { outputFiles: built } = await build({ ...OPTIONS, write: false });
  const outputFiles = [...built, await precompiledTemplates()];
  const entryFiles = new Set(Object.keys(ENTRIES).map((name) => path.join(OUT, `${name}.js`)));
  const ordered = [...outputFiles].sort((a, b) => Number(entryFiles.has(a.path)) - Number(entryFiles.has(b.path)));
  mkdirSync(OUT, { recursive: true });
  let written = 0;
  for (const file of ordered) {
    if (existsSync(file.path) && readFileSync(file.path).equals(file.contents)) continue;
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
    written++;
  }
  if (prune) {
    const keep = new Set(outputFiles.map((f) => f.path));
    for (const name of readdirSync(OUT)) if (!keep.has(path.join(OUT, name))) rmSync(path.join(OUT, name), { recursive: true, force: true });
    for (const name of readdirSync(DIST)) if (name !== 'bundle') rmSync(path.join(DIST, name), { recursive: true, force: true });
  }
  return written;
}

/**
 * The default templates precompiled (dist/bundle/templates.precompiled.json):
 * Handlebars parsing and compiling them took ~0.12 s of every build. Each entry
 * carries the SHA-1 of the source it was made from; src/render/templates.ts uses
 * it only for a template whose file has those very bytes, and compiles any other.
 */
async function precompiledTemplates() {
  const { default: Handlebars } = await import('handlebars');
  const root = path.join(ROOT, 'templates');
  const out = {};
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.hbs')) {
        const rel = path.relative(root, file).split(path.sep).join('/');
        const format = rel.split('/').at(-2);
        if (!['html', 'md', 'txt'].includes(format)) continue;
        const source = readFileSync(file, 'utf8');
        const ast = Handlebars.parse(source);
        const noEscape = format !== 'html';
        out[rel] = { sha1: createHash('sha1').update(source).digest('hex'), noEscape, spec: Handlebars.precompile(ast, { noEscape, strict: false, knownHelpersOnly: false }) };
      }
    }
  };
  walk(root);
  const contents = Buffer.from(`${JSON.stringify(out)}\n`);
  return { path: path.join(OUT, 'templates.precompiled.json'), contents };
}

// esbuild has printed its errors already (logLevel): no stack trace after them.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await bundle().catch(() => (process.exitCode = 1));
