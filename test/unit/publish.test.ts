/** Publishing a set of files: staged in the output folder, renamed into place together, or not at all. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CampaignReportError } from '../../src/errors.js';
import { COMMIT_MARKER, Publication, removeLeftoverStaging, STAGING_PREFIX } from '../../src/output/publish.js';
import { cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

const stagingDirs = (dir: string) => readdirSync(dir).filter((e) => e.startsWith(STAGING_PREFIX));

describe('Publication', () => {
  it('stages every file inside the output folder and publishes them only on commit', async () => {
    const dir = tempDir({ 'r.md': 'old report\n' });
    const pub = await Publication.begin(dir);
    await pub.write(join(dir, 'r-charts', 'a.svg'), '<svg/>');
    await pub.write(join(dir, 'r.md'), 'new report\n');
    await pub.write(join(dir, 'r.pdf'), Buffer.from([0x25, 0x50, 0x44, 0x46]));
    // Before commit: the previous set is untouched, the new one sits in one staging folder.
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe('old report\n');
    expect(existsSync(join(dir, 'r-charts'))).toBe(false);
    expect(stagingDirs(dir)).toHaveLength(1);
    expect(readFileSync(join(pub.staging, 'r.md'), 'utf8')).toBe('new report\n');
    expect(pub.targets).toEqual([join(dir, 'r-charts', 'a.svg'), join(dir, 'r.md'), join(dir, 'r.pdf')]);

    expect(await pub.commit()).toEqual(pub.targets);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe('new report\n');
    expect(readFileSync(join(dir, 'r-charts', 'a.svg'), 'utf8')).toBe('<svg/>');
    expect(readFileSync(join(dir, 'r.pdf'))).toEqual(Buffer.from('%PDF'));
    expect(stagingDirs(dir)).toEqual([]);
  });

  it('discard takes one staged file out of the set: the file at its place stays, the rest is published', async () => {
    const dir = tempDir({ 'r.pdf': 'old pdf' });
    const pub = await Publication.begin(dir);
    await pub.write(join(dir, 'r.md'), 'new\n');
    await pub.write(join(dir, 'r.pdf'), 'new pdf');
    await pub.discard(join(dir, 'r.pdf'));
    await pub.discard(join(dir, 'never-written.pdf')); // not staged: nothing to do
    expect(readdirSync(pub.staging)).toEqual(['r.md']);
    expect(await pub.commit()).toEqual([join(dir, 'r.md')]);
    expect(readFileSync(join(dir, 'r.pdf'), 'utf8')).toBe('old pdf');
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe('new\n');
    expect(stagingDirs(dir)).toEqual([]);
  });

  it('abort publishes nothing and removes the staging folder', async () => {
    const dir = tempDir({ 'r.md': 'old\n' });
    const pub = await Publication.begin(dir);
    await pub.write(join(dir, 'r.md'), 'new\n');
    await pub.write(join(dir, 'r.html'), '<p>new</p>');
    await pub.abort();
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe('old\n');
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
    expect(stagingDirs(dir)).toEqual([]);
    await expect(pub.write(join(dir, 'x.md'), 'x')).rejects.toThrow(/already aborted/);
  });

  it('leaving an `await using` scope without commit (an error) aborts', async () => {
    const dir = tempDir({ 'r.md': 'old\n' });
    await expect(
      (async () => {
        await using pub = await Publication.begin(dir);
        await pub.write(join(dir, 'r.md'), 'half\n');
        throw new Error('template failed');
      })(),
    ).rejects.toThrow('template failed');
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe('old\n');
    expect(stagingDirs(dir)).toEqual([]);
  });

  it('a target that is a folder fails the commit before any rename: nothing of the set is published', async () => {
    const dir = tempDir({ 'a.md': 'old a\n' });
    mkdirSync(join(dir, 'b.md'));
    const pub = await Publication.begin(dir);
    await pub.write(join(dir, 'a.md'), 'new a\n');
    await pub.write(join(dir, 'b.md'), 'new b\n');
    const err = await pub.commit().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CampaignReportError);
    expect((err as CampaignReportError).code).toBe('OUTPUT_UNWRITABLE');
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('old a\n');
    expect(stagingDirs(dir)).toEqual([]);
  });

  it('refuses a path outside the output folder', async () => {
    const dir = tempDir();
    const pub = await Publication.begin(join(dir, 'out'));
    await expect(pub.write(join(dir, 'elsewhere.md'), 'x')).rejects.toThrow(/not inside the output folder/);
    await pub.abort();
  });

  it('writing the same file twice keeps the last content, published once', async () => {
    const dir = tempDir();
    const pub = await Publication.begin(dir);
    await pub.write(join(dir, 'r.md'), 'first\n');
    await pub.write(join(dir, 'r.md'), 'second\n');
    expect(await pub.commit()).toEqual([join(dir, 'r.md')]);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe('second\n');
  });
});

describe('Publication.writeAll', () => {
  it('stages files at once, in the set in the order given; a file given twice once, with its last content', async () => {
    const dir = tempDir();
    const pub = await Publication.begin(dir);
    const names = Array.from({ length: 20 }, (_, i) => join(dir, 'r-charts', `c${String(19 - i).padStart(2, '0')}.svg`));
    await pub.writeAll([...names.map((f, i) => [f, `<svg>${i}</svg>`] as const), [join(dir, 'r.md'), 'first\n'], [join(dir, 'r.md'), 'second\n']]);
    expect(pub.targets).toEqual([...names, join(dir, 'r.md')]);
    expect(await pub.commit()).toEqual([...names, join(dir, 'r.md')]);
    expect(readFileSync(names[7]!, 'utf8')).toBe('<svg>7</svg>');
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe('second\n');
  });

  it('one file that cannot be staged fails the batch, naming it, after the others have ended: none joins the set', async () => {
    const dir = tempDir({ 'r.md': 'old\n' });
    const pub = await Publication.begin(dir);
    await pub.write(join(dir, 'charts'), 'a file where the batch wants a folder');
    const err = await pub.writeAll([[join(dir, 'r.md'), 'new\n'], [join(dir, 'charts', 'a.svg'), '<svg/>'], [join(dir, 'r.html'), '<p/>']]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CampaignReportError);
    expect((err as CampaignReportError).code).toBe('OUTPUT_UNWRITABLE');
    expect((err as CampaignReportError).message).toContain(join(dir, 'charts', 'a.svg'));
    expect(pub.targets).toEqual([join(dir, 'charts')]);
    await pub.abort();
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe('old\n');
    expect(stagingDirs(dir)).toEqual([]);
  });
});

describe('removeLeftoverStaging', () => {
  it('removes only staging folders (a killed run\'s), not reports or other dot-folders', async () => {
    const dir = tempDir({ 'r.md': 'report\n', '.keep/x': 'x' });
    mkdirSync(join(dir, `${STAGING_PREFIX}abc123`, 'r-charts'), { recursive: true });
    writeFileSync(join(dir, `${STAGING_PREFIX}abc123`, 'r.md'), 'half');
    expect(await removeLeftoverStaging(dir)).toEqual([`${STAGING_PREFIX}abc123`]);
    expect(readdirSync(dir).sort()).toEqual(['.keep', 'r.md']);
    expect(await removeLeftoverStaging(join(dir, 'missing'))).toEqual([]);
  });

  it('rolls a set killed during its renames forward: the whole new set ends up published', async () => {
    // As a run killed after its commit marker, having renamed r-charts/a.svg but not r.md and r.pdf.
    const dir = tempDir({ 'r.md': 'old report\n', 'r.pdf': 'old pdf', 'r-charts/a.svg': 'new svg' });
    const staging = join(dir, `${STAGING_PREFIX}k1ll3d`);
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(staging, 'r.md'), 'new report\n');
    writeFileSync(join(staging, 'r.pdf'), 'new pdf');
    writeFileSync(join(staging, COMMIT_MARKER), JSON.stringify(['r-charts/a.svg', 'r.md', 'r.pdf']));
    expect(await removeLeftoverStaging(dir)).toEqual([`${STAGING_PREFIX}k1ll3d`]);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe('new report\n');
    expect(readFileSync(join(dir, 'r.pdf'), 'utf8')).toBe('new pdf');
    expect(readFileSync(join(dir, 'r-charts/a.svg'), 'utf8')).toBe('new svg');
    expect(stagingDirs(dir)).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['cut short', '["r-charts/a.svg", "r.m'],
    ['not a list of files', '{"r.md": 1}'],
  ])('a commit marker that is not whole (%s: a run killed while writing it) is no commit: the set is removed, the published files stay', async (_what, marker) => {
    const dir = tempDir({ 'r.md': 'old report\n' });
    const staging = join(dir, `${STAGING_PREFIX}h4lfm4`);
    mkdirSync(join(staging, 'r-charts'), { recursive: true });
    writeFileSync(join(staging, 'r.md'), 'new report\n');
    writeFileSync(join(staging, 'r-charts', 'a.svg'), 'new svg');
    writeFileSync(join(staging, COMMIT_MARKER), marker);
    expect(await removeLeftoverStaging(dir)).toEqual([`${STAGING_PREFIX}h4lfm4`]);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe('old report\n');
    expect(existsSync(join(dir, 'r-charts'))).toBe(false);
    expect(stagingDirs(dir)).toEqual([]);
  });

  it('a marker still under its temporary name (killed before the rename that commits) is no commit either', async () => {
    const dir = tempDir({ 'r.md': 'old report\n' });
    const staging = join(dir, `${STAGING_PREFIX}p4rt14`);
    mkdirSync(staging, { recursive: true });
    writeFileSync(join(staging, 'r.md'), 'new report\n');
    writeFileSync(join(staging, `${COMMIT_MARKER}.3141592653`), JSON.stringify(['r.md'])); // write-file-atomic's temp name
    expect(await removeLeftoverStaging(dir)).toEqual([`${STAGING_PREFIX}p4rt14`]);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe('old report\n');
    expect(stagingDirs(dir)).toEqual([]);
  });

  it('commit writes the marker before the first rename', async () => {
    const dir = tempDir({});
    const pub = await Publication.begin(dir);
    await pub.write(join(dir, 'a.md'), 'a');
    await pub.write(join(dir, 'b.md'), 'b');
    await pub.commit();
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('a');
    expect(readFileSync(join(dir, 'b.md'), 'utf8')).toBe('b');
    expect(stagingDirs(dir)).toEqual([]);
    expect(existsSync(join(dir, COMMIT_MARKER))).toBe(false);
  });
});
