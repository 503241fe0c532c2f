/**
 * `npm run validate [paths…]` (default `knative cloudrun`): validates the generated manifests
 * offline and prints one line per finding (`file:line: Kind/name: path: [rule] message`), then a
 * summary. `--help` prints the usage. Exit status: 0 without findings, 1 with findings, 2 when a
 * path cannot be read.
 */
import { ManifestInputError, readManifestFiles } from './core/read-manifest-files';
import { formatFinding, formatSummary } from './core/report';
import { createManifestValidator } from './validate-manifests';

const DEFAULT_PATHS = ['knative', 'cloudrun'];

const USAGE = `Usage: npm run validate [-- PATH...]

Validates generated manifests offline: every .yaml, .yml and .sh file below each PATH (default:
knative cloudrun), against the committed schemas and the rule table. One directory is one
deployment, with its wiring/ folder (knative/wiring/ belongs to knative/): cross-file rules
compare the files of the same deployment.

Exit status: 0 without findings, 1 with findings, 2 when a path cannot be read.
`;

function main(argv: readonly string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const paths = argv.length === 0 ? DEFAULT_PATHS : argv;
  let files;
  try {
    files = readManifestFiles(paths, (skipped) => {
      process.stderr.write(`validate: skipped ${skipped} (not .yaml, .yml or .sh)\n`);
    });
  } catch (error) {
    if (!(error instanceof ManifestInputError)) throw error;
    process.stderr.write(`validate: ${error.message}\n`);
    return 2;
  }
  const { findings, summary } = createManifestValidator().check(files);
  for (const finding of findings) process.stdout.write(`${formatFinding(finding)}\n`);
  process.stdout.write(`${formatSummary(findings, summary)}\n`);
  return findings.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
