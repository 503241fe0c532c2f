/** The validator's text output: one line per finding, one summary line. */
import type { Finding } from './finding';

/** `file[:line]: Kind/name: path: [rule] message` (`-` for an unknown kind or name). */
export function formatFinding(finding: Finding): string {
  const where = finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`;
  const object = `${finding.kind || '-'}/${finding.name || '-'}`;
  return `${where}: ${object}: ${finding.path}: [${finding.rule}] ${finding.message}`;
}

/** What was checked, for the summary line. */
export interface ValidationSummary {
  readonly files: number;
  readonly documents: number;
  readonly rules: number;
}

/** `validate: 3 findings in 2 of 4 files (12 documents, 85 rules)` or `… no findings …`. */
export function formatSummary(findings: readonly Finding[], summary: ValidationSummary): string {
  const checked = `${summary.documents} documents, ${summary.rules} rules`;
  if (findings.length === 0) return `validate: no findings in ${summary.files} files (${checked})`;
  const files = new Set(findings.map((finding) => finding.file)).size;
  const noun = findings.length === 1 ? 'finding' : 'findings';
  return `validate: ${findings.length} ${noun} in ${files} of ${summary.files} files (${checked})`;
}
