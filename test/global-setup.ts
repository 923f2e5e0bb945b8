// Before any test: the bundle (dist/bundle/cli.js and worker.js) is rebuilt from src/, so
// end-to-end tests and the worker threads the pipeline starts never run stale code.
// Only files whose bytes changed are rewritten (esbuild takes about a second).
import { bundle } from '../scripts/bundle.mjs';

export async function setup(): Promise<void> {
  await bundle({ prune: false });
}
