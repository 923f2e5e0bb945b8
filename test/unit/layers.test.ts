import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const depcruise = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = path.join(root, '.dependency-cruiser.cjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

/** Runs the project's depcruise rules on `dir`/src, as `npm run lint` does; returns the violations. */
async function cruise(dir: string): Promise<Violation[]> {
  // depcruise exits non-zero when it finds errors; the JSON report is on stdout either way.
  const { stdout } = await promisify(execFile)(process.execPath, [depcruise, 'src', '--config', config, '--output-type', 'json'], { cwd: dir, maxBuffer: 64 << 20 }).catch(
    (e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }),
  );
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

/** A tiny src tree: every layer, one allowed import of each kind, and one of each forbidden kind. */
const FIXTURE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src'] }),
  'src/cli.ts': "export async function main(): Promise<void> { await import('./commands/build.js'); }\n",
  'src/commands/build.ts': "import { render } from '../render/page.js';\nimport { safe } from './common.js';\nexport const build = (): string => render(safe('x'));\n",
  'src/commands/common.ts': "export const safe = (s: string): string => s;\n",
  // forbidden: one command importing another
  'src/commands/summary.ts': "import { build } from './build.js';\nexport const summary = build;\n",
  'src/render/page.ts': "import { escape } from '../util/escape.js';\nexport const render = (s: string): string => escape(s);\n",
  // forbidden: render and output are one level
  'src/render/chart.ts': "import { table } from '../output/table.js';\nexport const chart = table;\n",
  'src/output/table.ts': "import { runAll } from '../pipeline/run.js';\nexport const table = runAll;\n",
  // forbidden: a dynamic import of a higher layer
  'src/pipeline/run.ts': "import { read } from '../ingest/read.js';\nexport const runAll = read;\nexport const later = () => import('../commands/common.js');\n",
  'src/ingest/read.ts': "import type { Diagnostic } from '../core/diagnostic.js';\nexport const read = (d: Diagnostic): string => d.code;\n",
  // forbidden: the upward import this issue began with (validate → ingest)
  'src/validate/record.ts': "import { read } from '../ingest/read.js';\nexport const check = read;\n",
  // forbidden: a cycle inside one layer
  'src/aggregate/partial.ts': "import { collect } from './collector.js';\nexport const partial = (): number => collect() + 1;\n",
  'src/aggregate/collector.ts': "import { partial } from './partial.js';\nexport const collect = (): number => partial() - 1;\n",
  'src/config/schema.ts': "import { fold } from '../normalize/text.js';\nexport const key = fold;\n",
  // forbidden: a type-only import of a higher layer still counts
  'src/normalize/text.ts': "import type { Campaign } from '../config/campaign.js';\nexport const fold = (s: string): string => s;\nexport type C = Campaign;\n",
  'src/config/campaign.ts': 'export interface Campaign { id: string }\n',
  'src/core/diagnostic.ts': 'export interface Diagnostic { code: string }\n',
  'src/util/escape.ts': 'export const escape = (s: string): string => s;\n',
  'src/errors.ts': 'export class CampaignReportError extends Error {}\n',
  // forbidden: a folder outside every layer, imported and importing
  'src/extras/helper.ts': "import { escape } from '../util/escape.js';\nexport const helper = escape;\n",
  'src/ingest/extra.ts': "import { helper } from '../extras/helper.js';\nexport const extra = helper;\n",
};

describe('layer rules (.dependency-cruiser.cjs)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cr-layers-'));
    for (const [file, text] of Object.entries(FIXTURE)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('flags every upward import, the render↔output import, a command importing a command, a cycle and a file outside the layers — and nothing else', async () => {
    // depcruise reports a cycle once, from whichever member it meets first: name it by its members.
    const found = (await cruise(dir)).map((v) => (v.rule.name === 'no-circular' ? `no-circular: ${[v.from, v.to].sort().join(' ↔ ')}` : `${v.rule.name}: ${v.from} → ${v.to}`)).sort();
    expect(found).toEqual(
      [
        'commands-apart: src/commands/summary.ts → src/commands/build.ts',
        'every-file-in-a-layer: src/ingest/extra.ts → src/extras/helper.ts',
        'every-importer-in-a-layer: src/extras/helper.ts → src/util/escape.ts',
        'no-circular: src/aggregate/collector.ts ↔ src/aggregate/partial.ts',
        'normalize-points-down: src/normalize/text.ts → src/config/campaign.ts',
        'pipeline-points-down: src/pipeline/run.ts → src/commands/common.ts',
        'render-output-apart: src/render/chart.ts → src/output/table.ts',
        'validate-points-down: src/validate/record.ts → src/ingest/read.ts',
      ].sort(),
    );
  });

  it('src itself has no violation', async () => {
    expect(await cruise(root)).toEqual([]);
  });
});
