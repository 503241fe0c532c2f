/**
 * The one rule for variables that only some values of a selector read (`LABELER`, `AUTH_MODE`,
 * `RESULTS_MODE`): the variables the chosen value requires must be set, and a variable it does not
 * read must not be, since a setting the user expects to act would silently do nothing (a topic
 * that stays empty, a check that never runs).
 */
import { ConfigError } from '../errors';

/** Per value of the selector: the variables it requires and the ones it reads. */
export type ModeVariables<Mode extends string, Variable extends string> = Readonly<
  Record<Mode, { readonly required: readonly Variable[]; readonly read: readonly Variable[] }>
>;

/** One selector's table, as {@link checkModeVariables} reads it. */
export interface ModeVariablesRule<Mode extends string, Variable extends string> {
  /** The selector variable, such as `RESULTS_MODE`. */
  readonly selector: string;
  /** Its values, in the order the error message lists them. */
  readonly modes: readonly Mode[];
  readonly variables: ModeVariables<Mode, Variable>;
  /** What each variable should hold, for the message when a required one is unset. */
  readonly expected: Readonly<Record<Variable, string>>;
}

/**
 * Applies the rule to the chosen value, variable by variable in the order of `rule.expected`.
 *
 * @param isSet - whether a variable is set (for a variable with a default: set in the
 *   environment, not defaulted)
 * @throws ConfigError naming the first variable that is required and unset
 *   (`X is required with SELECTOR=mode: expected …`), or set and not read
 *   (`X is set but SELECTOR=mode does not read it: it is read with SELECTOR=a or b`)
 */
export function checkModeVariables<Mode extends string, Variable extends string>(
  rule: ModeVariablesRule<Mode, Variable>,
  mode: Mode,
  isSet: (name: Variable) => boolean,
): void {
  const { required, read } = rule.variables[mode];
  for (const name of Object.keys(rule.expected) as Variable[]) {
    const set = isSet(name);
    if (!set && required.includes(name)) {
      throw new ConfigError(
        name,
        `${name} is required with ${rule.selector}=${mode}: expected ${rule.expected[name]}`,
      );
    }
    if (set && !read.includes(name)) {
      const readers = rule.modes.filter((other) => rule.variables[other].read.includes(name));
      throw new ConfigError(
        name,
        `${name} is set but ${rule.selector}=${mode} does not read it: it is read with ${rule.selector}=${readers.join(' or ')}`,
      );
    }
  }
}
