// `oauth-registry validate [files or dirs]`: checks every manifest and reports every error and warning in
// every file in one run, each as `file:line:column field: message`, so one CI run shows all there is to fix.
import { parseArgs } from 'node:util';
import { checkManifestFile, manifestFiles, type FileReport, type Finding } from './validate-files.ts';

const USAGE = `usage: oauth-registry validate [files or directories] [--strict] [--json]

  Checks provider manifests (<id>.yaml, .yml or .json; *.schema.json files are skipped) and lists every
  error and warning with its file, line and column. Directories are listed, not recursed (default: ./providers).
  Warnings: lastVerified more than 12 months ago, no profile section, an endpoint host on a domain no other
  endpoint uses and no evidence entry names.
  --strict    warnings fail the run too
  --json      print the results as JSON

  Exit code: 0 valid, 1 errors (or warnings with --strict), 2 a mistake on the command line.`;

const DEFAULT_TARGET = 'providers';

export interface ValidateOptions {
  /** The date lastVerified is compared with (default: now). */
  today?: Date;
  /** Where the report goes, one call per line (default: console.log). */
  print?: (line: string) => void;
}

export interface ValidateSummary {
  files: number;
  errors: number;
  warnings: number;
}

export async function runValidateCommand(argv: string[], options: ValidateOptions = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { strict: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const print = options.print ?? ((line: string) => console.log(line));
  if (values.help) {
    print(USAGE);
    return 0;
  }
  const today = options.today ?? new Date();
  const reports = manifestFiles(positionals.length ? positionals : [DEFAULT_TARGET]).map((file) => checkManifestFile(file, today));
  const summary = summarize(reports);
  print(values.json ? JSON.stringify(toJson(reports, summary, values.strict ?? false), null, 2) : formatText(reports, summary));
  return failed(summary, values.strict ?? false) ? 1 : 0;
}

function summarize(reports: readonly FileReport[]): ValidateSummary {
  const count = (pick: (report: FileReport) => readonly Finding[]) => reports.reduce((sum, report) => sum + pick(report).length, 0);
  return { files: reports.length, errors: count((r) => r.errors), warnings: count((r) => r.warnings) };
}

function failed(summary: ValidateSummary, strict: boolean): boolean {
  return summary.errors > 0 || (strict && summary.warnings > 0);
}

/** One line per finding, file by file (errors, then warnings), then the totals. */
function formatText(reports: readonly FileReport[], summary: ValidateSummary): string {
  const lines = reports.flatMap((report) => [...report.errors.map((error) => formatFinding(error)), ...report.warnings.map((warning) => formatFinding(warning, 'warning: '))]);
  lines.push(`${plural(summary.files, 'file')}, ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`);
  return lines.join('\n');
}

/** The same `file:line:column field: message` form as ManifestError messages, so editors can jump to it. */
function formatFinding(finding: Finding, kind = ''): string {
  const where = [finding.file, finding.line, finding.column].filter((part) => part !== undefined).join(':');
  return `${where}${finding.field ? ` ${finding.field}:` : ''} ${kind}${oneLine(finding.message)}`;
}

/** A value quoted in a message may hold a line break; the report keeps one finding per line. */
function oneLine(text: string): string {
  return text.replace(/\r?\n|\r/g, '\\n');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function toJson(reports: readonly FileReport[], summary: ValidateSummary, strict: boolean) {
  const strip = ({ file: _file, ...finding }: Finding) => finding;
  return {
    ok: !failed(summary, strict),
    summary,
    files: reports.map((report) => ({ file: report.file, errors: report.errors.map(strip), warnings: report.warnings.map(strip) })),
  };
}
