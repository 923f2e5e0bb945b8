/**
 * What the pipeline's V8 settings (young-generation.ts, tier-up.ts) read and set:
 * the process's V8 by default, a fake one in tests. Each is applied only on a V8
 * it was measured on, since an unknown flag would print an error.
 */
import { setFlagsFromString } from 'node:v8';

export interface V8Settings {
  readonly version: string;
  setFlags(flags: string): void;
}

export const PROCESS_V8: V8Settings = { version: process.versions.v8, setFlags: setFlagsFromString };

/** V8 versions (major) the settings were measured on: Node 20's. */
const MEASURED = new Set([11]);

/** Whether a V8 of this version is one the settings were measured on. */
export function measuredV8(version: string): boolean {
  return MEASURED.has(Number(version.split('.')[0]));
}
