import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCampaign } from '../../src/config/load.js';
import { CampaignReportError } from '../../src/errors.js';
import { campaignYaml, cleanupTempDirs, tempDir } from '../helpers/tmp.js';

afterAll(cleanupTempDirs);

const CSV = 'id,date,reporting_country,commodity,quantity,unit,route\nK1,2024-07-01,KR,drugs,1,kg,air\n';

async function loadError(files: Record<string, string>, name = 'campaign.yaml'): Promise<CampaignReportError> {
  const dir = tempDir(files);
  try {
    await loadCampaign(join(dir, name));
  } catch (e) {
    if (e instanceof CampaignReportError) return e;
    throw e;
  }
  throw new Error('expected loadCampaign to fail');
}

describe('loadCampaign', () => {
  it('participants may name their agencies (names, or ids with names and aliases); vocabulary and subtype aliases extend the goods', async () => {
    const yaml = campaignYaml('- path: kr.csv', 'aliases:\n  subtype: { "blue ice": methamphetamine }\nvocabulary:\n  goods: [{ id: captagon, commodity: drugs, group: ats, units: [pieces] }]\n  kg_equivalent: { mdma: { pieces: 0.0003 } }').replace(
      '[VN, KR]',
      '[VN, { country: kr, agencies: [{ id: kcs-icn, name: Incheon Main Customs, aliases: [인천본부세관, ICN] }, Busan Main Customs] }]',
    );
    const c = await loadCampaign(join(tempDir({ 'campaign.yaml': yaml, 'kr.csv': CSV }), 'campaign.yaml'));
    expect(c.participants).toEqual(['VN', 'KR']);
    expect(c.agencies).toEqual([
      { id: 'kcs-icn', name: 'Incheon Main Customs', country: 'KR', aliases: ['인천본부세관', 'ICN'] },
      { id: 'Busan Main Customs', name: 'Busan Main Customs', country: 'KR', aliases: [] },
    ]);
    expect(c.vocabulary).toEqual({ goods: [{ id: 'captagon', commodity: 'drugs', group: 'ats', units: ['pieces'] }], aliases: { 'blue ice': 'methamphetamine' }, kg_equivalent: { mdma: { pieces: 0.0003 } } });
  });

  it('key: defaults to on_conflict: latest; no participants is an empty list; aliases.country targets are normalized; phases may be generated', async () => {
    const yaml = campaignYaml('- path: kr.csv', 'key: [id, reporting_country]\naliases:\n  country: { KKK: XKX, "S&M": Serbia and Montenegro, Moskva: RUS }')
      .replace('  participants: [VN, KR]\n', '')
      .replace(/phases:\n( {2}- .*\n)+/, 'phases: { every: quarter, from: 2024-Q3, to: 2024-Q3 }\n');
    const c = await loadCampaign(join(tempDir({ 'campaign.yaml': yaml, 'kr.csv': CSV }), 'campaign.yaml'));
    expect(c.key).toEqual({ fields: ['id', 'reporting_country'], onConflict: 'latest' });
    expect(c.participants).toEqual([]);
    expect(c.aliases.country).toEqual({ KKK: 'XK', 'S&M': 'CS', Moskva: 'RU' });
    expect(c.phases.map((p) => `${p.id} ${p.name} ${p.start.iso} ${p.end.iso}`)).toEqual(['2024-Q3 2024 Q3 2024-07-01 2024-09-30']);
    const plain = await loadCampaign(join(tempDir({ 'campaign.yaml': campaignYaml('- path: kr.csv'), 'kr.csv': CSV }), 'campaign.yaml'));
    expect(plain.key).toBeUndefined();
    expect(plain.aliases).toEqual({});
  });

  it('resolves sources relative to the campaign file, with forward-slash display paths', async () => {
    const dir = tempDir({
      'camp/campaign.yaml': campaignYaml('- path: data/kr/*.csv\n- path: ../shared/th.csv', 'units: { pack: 10 }\naliases:\n  route: { courier: express }'),
      'camp/data/kr/b.csv': CSV,
      'camp/data/kr/a.csv': CSV,
      'shared/th.csv': CSV,
    });
    const c = await loadCampaign(join(dir, 'camp/campaign.yaml'));
    expect(c.files.map((f) => f.display)).toEqual(['data/kr/a.csv', 'data/kr/b.csv', '../shared/th.csv']);
    expect(c.files[0]!.path).toBe(join(dir, 'camp/data/kr/a.csv'));
    expect(c.participants).toEqual(['VN', 'KR']);
    expect(c.commodities).toEqual(['drugs', 'precursors', 'cites', 'tobacco']);
    expect(c.sticks).toEqual({ pack: 10, carton: 200 });
    expect(c.aliases.route).toEqual({ courier: 'express' });
    expect(c.phases.map((p) => [p.id, p.name, p.start.iso, p.end.iso])).toEqual([
      ['p1', 'July', '2024-07-01', '2024-07-31'],
      ['p2', 'August', '2024-08-01', '2024-08-31'],
    ]);
  });

  it('reads phases from a CSV file (any of , ; TAB) and orders them by start', async () => {
    const dir = tempDir({
      'campaign.yaml': 'campaign: { id: x, name: X, participants: [vn] }\nphases: phases.csv\nsources: [{ path: kr.csv }]\n',
      'phases.csv': 'ID;Name;Start;End\nb;Second;2024-08-01;2024-08-31\na;First;2024-07-01;2024-07-31\n',
      'kr.csv': CSV,
    });
    const c = await loadCampaign(join(dir, 'campaign.yaml'));
    expect(c.participants).toEqual(['VN']);
    expect(c.phases.map((p) => [p.id, p.name])).toEqual([
      ['a', 'First'],
      ['b', 'Second'],
    ]);
  });

  it('accepts a campaign file saved with a BOM and CRLF line ends (Windows Notepad)', async () => {
    const dir = tempDir({ 'campaign.yaml': '\ufeff' + campaignYaml('- path: kr.csv').replace(/\n/g, '\r\n'), 'kr.csv': CSV });
    const c = await loadCampaign(join(dir, 'campaign.yaml'));
    expect(c.id).toBe('t1');
  });

  it('a glob that matches nothing is kept as unmatched, not an error', async () => {
    const dir = tempDir({ 'campaign.yaml': campaignYaml('- path: kr.csv\n- path: data/*.csv'), 'kr.csv': CSV });
    const c = await loadCampaign(join(dir, 'campaign.yaml'));
    expect(c.unmatched).toEqual(['data/*.csv']);
    expect(c.files).toHaveLength(1);
  });

  it('a missing campaign file: CONFIG_NOT_FOUND, exit code 2', async () => {
    const e = await loadError({}, 'nope.yaml');
    expect([e.code, e.exitCode]).toEqual(['CONFIG_NOT_FOUND', 2]);
  });

  it('a missing source file: INPUT_NOT_FOUND, exit code 3', async () => {
    const e = await loadError({ 'campaign.yaml': campaignYaml('- path: data/vn.csv') });
    expect([e.code, e.exitCode]).toEqual(['INPUT_NOT_FOUND', 3]);
    expect(e.message).toContain('data/vn.csv');
  });

  it('a source that is a folder: INPUT_UNREADABLE, exit code 3', async () => {
    const e = await loadError({ 'campaign.yaml': campaignYaml('- path: data'), 'data/x.csv': CSV });
    expect([e.code, e.exitCode]).toEqual(['INPUT_UNREADABLE', 3]);
  });

  it.each<[string, string, RegExp]>([
    ['an unknown key, with its line', campaignYaml('- path: kr.csv', 'colour: red'), /line 10\): unknown key\(s\) "colour"/],
    ['a YAML syntax error, with its line', 'campaign:\n  id: x\n  name: [unclosed\nphases: []\n', /campaign\.yaml:\d+: YAML syntax error/],
    ['a participant that is no country', campaignYaml('- path: kr.csv').replace('[VN, KR]', '[VN, Atlantis]'), /"Atlantis" is not a country/],
    ['a participant that is not an assigned code', campaignYaml('- path: kr.csv').replace('[VN, KR]', '[VN, XY]'), /"XY" is not a country \(expected an ISO 3166-1 alpha-2 or alpha-3 code, or a country name\)/],
    ['a participant listed twice, once by its name', campaignYaml('- path: kr.csv').replace('[VN, KR]', '[VN, KR, South Korea]'), /participants\[2\]: "South Korea" \(KR\) is listed twice/],
    ['an impossible phase date', campaignYaml('- path: kr.csv').replace('end: 2024-07-31', 'end: 2024-06-31'), /2024-06-31/],
    ['a phase that ends before it starts', campaignYaml('- path: kr.csv').replace('end: 2024-07-31', 'end: 2024-06-30'), /before start/],
    ['overlapping phases', campaignYaml('- path: kr.csv').replace('start: 2024-08-01', 'start: 2024-07-31'), /overlaps phase "p1"/],
    ['a phase id used twice', campaignYaml('- path: kr.csv').replace('id: p2', 'id: p1'), /used twice/],
    ['an unknown commodity in scope', campaignYaml('- path: kr.csv').replace('participants: [VN, KR]', 'participants: [VN, KR]\n  commodities: [drugs, weapons]'), /"weapons" is not a commodity/],
    ['an alias to an unknown route', campaignYaml('- path: kr.csv', 'aliases:\n  route: { courier: teleport }'), /teleport/],
    ['a source with an unknown option, and the key it is a misspelling of', campaignYaml('- path: kr.csv\n  delimeter: ";"'), /sources\[0\] \(line 10\): unknown key\(s\) "delimeter" \(did you mean "delimiter"\?\)$/],
    ['misspelt keys of columns:, defaults: and campaign:', campaignYaml('- path: kr.csv\n  columns: { reporting_contry: Nước }\n  defaults: { rout: air }').replace('participants:', 'participnts:'), /^ {2}campaign \(line 4\): unknown key\(s\) "participnts" \(did you mean "participants"\?\)\n {2}sources\[0\]\.defaults \(line 11\): unknown key\(s\) "rout" \(did you mean "route"\?\)\n {2}sources\[0\]\.columns \(line 10\): unknown key\(s\) "reporting_contry" \(did you mean "reporting_country"\?\)$/m],
    ['a missing key, with the line of the entry it is missing from', campaignYaml('- path: kr.csv').replace('{ id: p1, name: July, start: 2024-07-01,', '{ id: p1, name: July,'), /\n {2}phases\[0\]\.start \(line 6\): required$/],
    ['a campaign without an id', campaignYaml('- path: kr.csv').replace('  id: t1\n', ''), /\n {2}campaign\.id \(line 2\): required$/],
    ['phases that are neither a list, a file nor a series', campaignYaml('- path: kr.csv').replace(/phases:\n.*\n.*\n/, 'phases: 5\n'), /\n {2}phases \(line 5\): expected array, string or object$/],
    ['no sources', campaignYaml('[]').replace('sources:\n  []', 'sources: []'), /sources/],
    ['a participant listed twice', campaignYaml('- path: kr.csv').replace('[VN, KR]', '[VN, KR, { country: VN, agencies: [HQ] }]'), /VN is listed twice/],
    ['an agency id used twice', campaignYaml('- path: kr.csv').replace('[VN, KR]', '[{ country: VN, agencies: [HQ] }, { country: KR, agencies: [{ id: HQ }] }]'), /agency id "HQ" is used twice/],
    ['an agency with an unknown key', campaignYaml('- path: kr.csv').replace('[VN, KR]', '[{ country: KR, agencies: [{ id: icn, nmae: Incheon }] }]'), /participants\[0\]/],
    ['a subtype alias to a good the vocabulary lacks', campaignYaml('- path: kr.csv', 'aliases:\n  subtype: { "blue ice": crystal }'), /aliases.subtype: "blue ice" names "crystal", which is not a good of the vocabulary/],
    ['a new good in a group its commodity lacks', campaignYaml('- path: kr.csv', 'vocabulary:\n  goods: [{ id: captagon, commodity: drugs, group: stimulants }]'), /"captagon" has group "stimulants", which is not a group of drugs/],
    ['a new good with an id the vocabulary has', campaignYaml('- path: kr.csv', 'vocabulary:\n  goods: [{ id: heroin, commodity: drugs, group: opioids }]'), /id "heroin" is defined twice/],
    ['a kg factor for a good the vocabulary lacks', campaignYaml('- path: kr.csv', 'vocabulary:\n  kg_equivalent: { captagon: { pieces: 0.0002 } }'), /vocabulary.kg_equivalent: "captagon" is not a good/],
  ])('rejects %s: CONFIG_INVALID, exit code 2', async (_what, yaml, message) => {
    const e = await loadError({ 'campaign.yaml': yaml, 'kr.csv': CSV });
    expect([e.code, e.exitCode]).toEqual(['CONFIG_INVALID', 2]);
    expect(e.message).toMatch(message);
  });
});
