import { Command, CommanderError, Option } from 'commander';
import { CampaignReportError, EXIT } from './errors.js';
import { DEFAULTS, VERSION } from './commands/defaults.js';
import { writeErrorText } from './output/write-error.js';
import { LOG_FORMATS, logEvent, logFormat, logFormatFromArgv, setLogFormat, type LogFormat } from './output/log.js';

/** Global flags every command shares. */
export interface GlobalFlags {
  campaign?: string;
  debug?: boolean;
  quiet?: boolean;
  logFormat?: LogFormat;
}

type SetExit = (code: number) => void;

const MAX_REJECTED_HELP = 'exit 1 when more than N records (or P% of those read) were rejected';
const MAX_DIAGNOSTICS_HELP = 'print at most this many diagnostics to stderr';

/** commander collector for repeatable options. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A command's flags with the global ones; the command resolves them (commands/options.ts). */
function flagsOf(opts: Record<string, unknown>, cmd: Command): GlobalFlags & Record<string, unknown> {
  return { ...(cmd.optsWithGlobals() as GlobalFlags), ...opts };
}

function buildProgram(setExit: SetExit): Command {
  const program = new Command();
  program
    .name('campaign-report')
    .description('Validate, aggregate and report seizure exports of joint customs enforcement campaigns.')
    .version(VERSION)
    .option('-c, --campaign <file>', 'campaign file (default: ./campaign.yaml)')
    .option('-q, --quiet', 'print only errors and the buckets line')
    .option('--debug', 'print stack traces of unexpected errors')
    .addOption(new Option('--log-format <format>', 'messages on stderr as text lines, or one JSON object per line').choices(LOG_FORMATS).default('text'))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => writeCommanderError(s), writeOut: (s) => process.stdout.write(s) });
  addValidate(program, setExit);
  addAggregate(program, setExit);
  addBuild(program, setExit);
  addSummary(program, setExit);
  addExport(program, setExit);
  addTemplates(program, setExit);
  addInit(program, setExit);
  return program;
}

function addValidate(program: Command, setExit: SetExit): void {
  program
    .command('validate')
    .description('check the campaign file and every source; print diagnostics and the buckets')
    .option('--report-json <file>', 'write the buckets and every diagnostic as JSON')
    .option('--max-diagnostics <n>', `${MAX_DIAGNOSTICS_HELP} (all go to --report-json)`, String(DEFAULTS.maxDiagnostics.validate))
    .option('--max-rejected <n|p%>', MAX_REJECTED_HELP)
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const { runValidate } = await import('./commands/validate.js');
      setExit(await runValidate(flagsOf(opts, cmd)));
    });
}

function addAggregate(program: Command, setExit: SetExit): void {
  program
    .command('aggregate')
    .description('aggregate accepted seizures by dimensions (with no campaign file: of the files given, - for stdin)')
    .argument('[inputs...]', 'exports to aggregate without a campaign file (canonical headers; - reads stdin)')
    .option('--by <dims>', 'comma list of phase, commodity, group, subtype, route, direction, country, agency, origin, destination, year, quarter, month, week; repeat for several sheets (xlsx)', collect, [])
    .addOption(new Option('--labels <lang>', 'labels instead of ids for commodity, group, subtype, route, country and agency').choices(['en', 'vi', 'ko']))
    .option('--kg-equivalent', 'add a kg_equivalent column: an estimate as UNODC computes it (measured quantities stay as they are)')
    .option('--phase <id>', 'only this phase')
    .addOption(new Option('--format <fmt>', 'output format').choices(['csv', 'tsv', 'json', 'ndjson', 'md', 'xlsx', 'partial']).default(DEFAULTS.aggregateFormat))
    .option('-o, --out <file>', 'write to a file (atomically) instead of stdout')
    .option('--report-json <file>', 'write the buckets and every diagnostic as JSON')
    .option('--strict', 'exit 1 when any record was rejected')
    .option('--max-rejected <n|p%>', MAX_REJECTED_HELP)
    .option('--max-diagnostics <n>', MAX_DIAGNOSTICS_HELP, String(DEFAULTS.maxDiagnostics.aggregate))
    .option('--date-format <tokens>', 'ad-hoc inputs: date-fns format of the dates (default yyyy-MM-dd)')
    .option('--decimal <mark>', 'ad-hoc inputs: decimal mark, "." or ","')
    .option('--delimiter <char>', 'ad-hoc inputs: , ; or tab (default: detected)')
    .option('--encoding <name>', 'ad-hoc inputs: text encoding: utf-8, utf-16le, utf-16be, windows-1252, windows-1258 or latin1 (default: detected)')
    .option('--sheet <name|n|*>', 'ad-hoc workbooks: the sheet to read (default: the first visible one with a header)')
    .option('--header-row <n>', 'ad-hoc inputs: the row holding the header (default: found among the first 20)')
    .option('--map <field=Header>', 'ad-hoc inputs: read a canonical field from this column (repeatable)', collect, [])
    .option('--default <field=value>', 'ad-hoc inputs: value of a field when absent or empty (repeatable)', collect, [])
    .option('--null-values <list>', 'ad-hoc inputs: comma list of cells that mean empty, e.g. NULL,-,n/a')
    .option('--allow-zero', 'ad-hoc inputs: accept a quantity of 0 (a reported nil)')
    .option('--where <Header=v1,v2>', 'ad-hoc inputs: keep only rows whose Header is one of the values; others are out of scope (repeatable: all must match)', collect, [])
    .action(async (inputs: string[], opts: Record<string, unknown>, cmd: Command) => {
      const { runAggregate } = await import('./commands/aggregate.js');
      setExit(await runAggregate({ ...flagsOf(opts, cmd), inputs }));
    });
}

function addBuild(program: Command, setExit: SetExit): void {
  program
    .command('build')
    .description('render phase-end reports to Markdown, HTML and PDF')
    .option('--phase <id>', 'the phase to report (default: the latest that has ended, else the current one)')
    .option('--all-phases', 'one report per phase')
    .option('--format <list>', 'comma list of md, html, pdf (default: the campaign file\'s formats, else md,html)')
    .option('-o, --out <dir>', 'output folder', DEFAULTS.buildOut)
    .option('--template <dir>', 'folder whose templates replace the defaults of the same name')
    .addOption(new Option('--locale <locale>', 'report language').choices(['en', 'vi', 'ko']))
    .option('--strict', 'exit 1 when any record was rejected')
    .option('--annex <mode>', "data-quality annex: full, summary (no file paths, hashes or row details) or none (default: the campaign file's report.annex, else full)")
    .option('--report-json <file>', 'write the buckets and every diagnostic as JSON')
    .option('--max-rejected <n|p%>', MAX_REJECTED_HELP)
    .option('--max-diagnostics <n>', MAX_DIAGNOSTICS_HELP, String(DEFAULTS.maxDiagnostics.build))
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const { runBuild } = await import('./commands/build.js');
      setExit(await runBuild(flagsOf(opts, cmd)));
    });
}

function addSummary(program: Command, setExit: SetExit): void {
  program
    .command('summary')
    .description('one-page summary of a window of seizure dates (nightly runs): new seizures, phase to date, large seizures, rejected records')
    .option('--since <when>', '24h, yesterday, last-run or a date (yyyy-MM-dd); by seizure date, UTC', DEFAULTS.since)
    .option('--until <date>', 'last day of the window (default: today, UTC, or SOURCE_DATE_EPOCH\'s day)')
    .option('--format <list>', 'comma list of md, html, txt (default: the --out extension, else txt)')
    .option('-o, --out <pattern>', "write files instead of stdout: a path with {date}, {phase}, {campaign}, e.g. 'reports/nightly-{date}.md'")
    .addOption(new Option('--locale <locale>', 'language').choices(['en', 'vi', 'ko']))
    .option('--max-rejected <n|p%>', MAX_REJECTED_HELP)
    .option('--max-diagnostics <n>', MAX_DIAGNOSTICS_HELP, String(DEFAULTS.maxDiagnostics.summary))
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const { runSummary } = await import('./commands/summary.js');
      setExit(await runSummary(flagsOf(opts, cmd)));
    });
}

function addExport(program: Command, setExit: SetExit): void {
  program
    .command('export')
    .description('write every accepted record as the tool understood it (canonical fields, as written, file and line): the harmonized record table for DuckDB, pandas or Spark')
    .addOption(new Option('--format <fmt>', 'output format (default: the --out extension, else csv)').choices(['csv', 'ndjson', 'parquet']))
    .option('-o, --out <file>', 'write to a file (atomically) instead of stdout; parquet needs it')
    .option('--phase <id>', 'only this phase (rejected rows: by their date)')
    .addOption(new Option('--include <what>', 'rejected: rejected rows too, with a status column and their diagnostic codes').choices(['rejected']))
    .option('--report-json <file>', 'write the buckets and every diagnostic as JSON')
    .option('--max-rejected <n|p%>', MAX_REJECTED_HELP)
    .option('--max-diagnostics <n>', MAX_DIAGNOSTICS_HELP, String(DEFAULTS.maxDiagnostics.export))
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const { runExport } = await import('./commands/export.js');
      setExit(await runExport(flagsOf(opts, cmd)));
    });
}

function addTemplates(program: Command, setExit: SetExit): void {
  program
    .command('templates')
    .description('work with report templates')
    .command('eject')
    .description('copy the default templates into DIR for editing')
    .argument('[dir]', 'target folder', 'templates')
    .option('--force', 'overwrite existing files')
    .action(async (dir: string, opts: Record<string, unknown>) => {
      const { runTemplatesEject } = await import('./commands/templates.js');
      setExit(await runTemplatesEject({ dir, force: Boolean(opts.force) }));
    });
}

function addInit(program: Command, setExit: SetExit): void {
  program
    .command('init')
    .description('create a campaign folder with a commented campaign.yaml and an example export')
    .argument('[dir]', 'folder to create', '.')
    .option('--force', 'overwrite existing files')
    .action(async (dir: string, opts: Record<string, unknown>, cmd: Command) => {
      const { runInit } = await import('./commands/init.js');
      setExit(await runInit({ ...flagsOf(opts, cmd), dir }));
    });
}

/** The one exit point of the process. */
export async function main(argv: readonly string[]): Promise<never> {
  let exitCode: number = EXIT.OK;
  const program = buildProgram((c) => (exitCode = c));
  const debug = argv.includes('--debug');
  // Known before commander parses, so its own usage errors follow --log-format too.
  setLogFormat(logFormatFromArgv(argv));
  // A closed pipe (`| head`) is not an error: stop quietly.
  // Any other write error (a full disk: ENOSPC) means the data did not arrive: say so, exit 6.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(exitCode);
    process.stderr.write(`campaign-report: error [OUTPUT_UNWRITABLE]: cannot write to standard output: ${writeErrorText(e)}\n`);
    process.exit(EXIT.OUTPUT);
  });
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    exitCode = exitCodeFor(err, debug);
  }
  // Let stdout drain before exiting (pipes into spreadsheets, `| head`).
  await new Promise<void>((resolve) => (process.stdout.writableLength === 0 ? resolve() : process.stdout.once('drain', () => resolve())));
  // A write error on a file or device (SyncWriteStream) is reported a tick later: look for it.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const failed = process.stdout.errored as NodeJS.ErrnoException | null;
  if (failed && failed.code !== 'EPIPE' && exitCode !== EXIT.OUTPUT) {
    process.stderr.write(`campaign-report: error [OUTPUT_UNWRITABLE]: cannot write to standard output: ${writeErrorText(failed)}\n`);
    exitCode = EXIT.OUTPUT;
  }
  process.exit(exitCode);
}

function exitCodeFor(err: unknown, debug: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.OK;
    return EXIT.USAGE; // commander has already printed the message
  }
  if (err instanceof CampaignReportError) {
    if (logFormat() === 'json') {
      logEvent({ type: 'error', code: err.code, exit: err.exitCode, message: err.message, hint: err.hint ?? null });
      if (debug && err.stack) process.stderr.write(`${JSON.stringify({ type: 'stack', stack: err.stack })}\n`);
      return err.exitCode;
    }
    process.stderr.write(`campaign-report: error [${err.code}]: ${err.message}\n`);
    if (err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  if (logFormat() === 'json') {
    logEvent({ type: 'error', code: 'INTERNAL', exit: EXIT.INTERNAL, message: e?.message ?? String(err), hint: debug ? null : 'run again with --debug for details, and please report it' });
    if (debug && e?.stack) process.stderr.write(`${JSON.stringify({ type: 'stack', stack: e.stack })}\n`);
    return EXIT.INTERNAL;
  }
  process.stderr.write(`campaign-report: internal error: ${e?.message ?? String(err)}\n`);
  process.stderr.write(debug && e?.stack ? `${e.stack}\n` : '  (run again with --debug for details, and please report it)\n');
  return EXIT.INTERNAL;
}

/** commander's own messages (unknown option, missing argument …): one JSON line each with --log-format json. */
function writeCommanderError(s: string): void {
  if (logFormat() !== 'json') {
    process.stderr.write(s);
    return;
  }
  const text = s.trim();
  if (text !== '') logEvent({ type: 'message', level: 'error', message: text, file: null });
}
