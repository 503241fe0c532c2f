/**
 * Why `convert` stopped, and the one table from that decision to the exit status. Everything the
 * command refuses is a {@link ConvertError}; the command prints its message as one line.
 */

/**
 * The decisions:
 * - `usage`: an unknown option, a missing FILE, a bad `--to`;
 * - `input`: the file cannot be read, does not parse, or holds no single Service to convert;
 * - `refused`: a rule refused the Service (its lines say why and what to do);
 * - `invalid-output`: the target's validator found something in the output: a bug in convert;
 * - `strict`: `--strict`, and the conversion lost something;
 * - `write`: the output file cannot be written.
 */
export const CONVERT_ERROR_REASONS = [
  'usage',
  'input',
  'refused',
  'invalid-output',
  'strict',
  'write',
] as const;
/** One of {@link CONVERT_ERROR_REASONS}. */
export type ConvertErrorReason = (typeof CONVERT_ERROR_REASONS)[number];

/** The exit status of each decision; 0 is a conversion without loss, 1 one with losses. */
export const EXIT_STATUS: Readonly<Record<ConvertErrorReason, number>> = {
  usage: 2,
  input: 2,
  refused: 2,
  'invalid-output': 2,
  strict: 1,
  write: 2,
};

/** A conversion that stopped, with its reason. */
export class ConvertError extends Error {
  /**
   * @param reason - the decision (see {@link EXIT_STATUS})
   * @param message - one line: what is wrong, naming the file, the option or the value
   */
  constructor(
    readonly reason: ConvertErrorReason,
    message: string,
    options: { readonly cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConvertError';
  }
}
