/**
 * The error a bad deployment config (`dualrun.config.yaml`) raises at synth time. Each problem names
 * the field by its dotted path and quotes the value, e.g.
 * `knative.timeoutSeconds: 900 is invalid: expected at most 600 (Knative's max-revision-timeout-seconds)`.
 */

/** One problem in a deployment config. */
export interface ConfigProblem {
  /** The field's dotted path, e.g. `pubsub.ackDeadlineSeconds` (`worker.LABELER` for the worker's settings). */
  readonly path: string;
  /** The value found there; `undefined` when the field is missing. */
  readonly value: unknown;
  /** Why it is wrong, usually `expected …` (for an unknown field: which fields exist). */
  readonly reason: string;
}

/**
 * A deployment config that cannot be synthesized. `problems` holds every problem found (all schema
 * problems, or else all cross-field problems); the message has one line per problem.
 */
export class DeploymentConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  /**
   * @param problems - at least one problem
   * @param source - where the config came from (a file name), for the first line of the message
   */
  constructor(problems: readonly ConfigProblem[], source = 'the deployment config') {
    const lines = problems.map(describeProblem);
    super(
      lines.length === 1
        ? `${source}: ${lines.join('')}`
        : `${source} has ${lines.length} problems:\n${lines.map((line) => `  ${line}`).join('\n')}`,
    );
    this.name = 'DeploymentConfigError';
    this.problems = problems;
  }
}

/** One problem as one line: `path: value is invalid: expected …`, or `path is missing: expected …`. */
export function describeProblem({ path, value, reason }: ConfigProblem): string {
  return value === undefined
    ? `${path} is missing: ${reason}`
    : `${path}: ${quoteValue(value)} is invalid: ${reason}`;
}

/**
 * A value as a message quotes it: numbers and booleans bare, strings and the rest as JSON. A value
 * that contains itself (a YAML alias inside its own anchor) shows `"(circular)"` where it repeats.
 */
export function quoteValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const ancestors: unknown[] = [];
  const json = JSON.stringify(value, function (this: unknown, _key: string, inner: unknown) {
    if (typeof inner !== 'object' || inner === null) return inner;
    // `this` is the object holding `inner`: drop the ancestors that are not on its path.
    while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
    if (ancestors.includes(inner)) return '(circular)';
    ancestors.push(inner);
    return inner;
  });
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}
