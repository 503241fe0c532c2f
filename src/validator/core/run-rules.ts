/**
 * Runs a rule table over a parsed {@link ManifestSet} and turns violations into findings. The
 * only loop over rules: one branch per scope, none per rule. Set rules see one deployment (one
 * directory's files) at a time.
 */
import type { Finding } from './finding';
import { deploymentsOf, type ManifestSet } from './manifest-document';
import { formatPath } from './object-access';
import { matchesSelector, type LocatedViolation, type Rule, type RuleContext } from './rule';

function toFinding(rule: Rule, violation: LocatedViolation): Finding {
  const line = violation.line ?? violation.subject.lineOf(violation.path);
  return {
    rule: rule.id,
    file: violation.subject.file,
    kind: violation.subject.kind,
    name: violation.subject.name,
    path: formatPath(violation.path),
    message: violation.message,
    ...(line === undefined ? {} : { line }),
  };
}

/** @param deployments - {@link deploymentsOf} `set`, computed once per run for the set rules */
function violationsOf(
  rule: Rule,
  set: ManifestSet,
  deployments: readonly ManifestSet[],
  context: RuleContext,
): readonly LocatedViolation[] {
  switch (rule.scope) {
    case 'file':
      return set.files.flatMap((file) => rule.check(file, set));
    case 'document':
      return set.documents
        .filter((document) => matchesSelector(document, rule.appliesTo))
        .flatMap((document) =>
          rule.check(document, context).map((violation) => ({ ...violation, subject: document })),
        );
    case 'set':
      return deployments.flatMap((deployment) => rule.check(deployment, context));
  }
}

/** Every finding of every rule, ordered by file, line, then rule table order. */
export function runRules(
  rules: readonly Rule[],
  set: ManifestSet,
  context: RuleContext,
): Finding[] {
  const fileOrder = new Map(set.files.map((file, index) => [file.path, index]));
  const deployments = deploymentsOf(set);
  const findings = rules.flatMap((rule, order) =>
    violationsOf(rule, set, deployments, context).map((violation) => ({
      finding: toFinding(rule, violation),
      order,
    })),
  );
  findings.sort(
    (a, b) =>
      (fileOrder.get(a.finding.file) ?? 0) - (fileOrder.get(b.finding.file) ?? 0) ||
      (a.finding.line ?? 0) - (b.finding.line ?? 0) ||
      a.order - b.order,
  );
  return findings.map(({ finding }) => finding);
}
