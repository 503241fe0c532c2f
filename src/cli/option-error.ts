/**
 * A command-line option whose value cannot be used: `--config /nonexistent.yaml: no such file`.
 * The commands print its message as one line and exit with their usage-error status (2), never a
 * raw system error such as `ENOENT: no such file or directory, scandir '/nonexistent'`.
 */
export class OptionError extends Error {
  override readonly name = 'OptionError';

  /**
   * @param option - the option as typed: `--config`, `--images`
   * @param value - its value as given
   * @param problem - what is wrong with it, lower case: `no such file`
   */
  constructor(
    readonly option: string,
    readonly value: string,
    problem: string,
  ) {
    super(`${option} ${value}: ${problem}`);
  }
}

/** What an errno code means for a path an option names, by what the option expects there. */
const ERRNO_PROBLEMS: Readonly<Record<string, (expected: 'file' | 'directory') => string>> = {
  ENOENT: (expected) => `no such ${expected}`,
  ENOTDIR: (expected) =>
    expected === 'directory' ? 'not a directory' : 'a part of the path is not a directory',
  EISDIR: () => 'a directory, not a file',
  EACCES: () => 'permission denied',
  EPERM: () => 'permission denied',
  ELOOP: () => 'too many levels of symbolic links',
  ENAMETOOLONG: () => 'the name is too long',
};

/**
 * The {@link OptionError} for a system error met while reading the path an option names; an error
 * without an errno `code` is returned as it is.
 *
 * @param option - the option: `--images`
 * @param value - the path it names
 * @param error - what `fs` threw
 * @param expected - what the option names: a `file` or a `directory`
 * @see https://nodejs.org/api/errors.html#common-system-errors
 */
export function optionPathError(
  option: string,
  value: string,
  error: unknown,
  expected: 'file' | 'directory',
): unknown {
  const code: unknown =
    typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  if (typeof code !== 'string') return error;
  const problem = ERRNO_PROBLEMS[code]?.(expected) ?? `cannot be read (${code})`;
  return new OptionError(option, value, problem);
}
