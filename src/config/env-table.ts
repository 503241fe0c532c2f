import type * as z from 'zod';
import { ConfigError } from '../errors';

/** One environment variable: its schema and how its accepted values read in an error message. */
export interface VariableRow {
  readonly schema: z.ZodType;
  readonly accepted: string;
}

/** The values of a table of variables, each as its schema outputs it. */
export type VariableValues<T extends Readonly<Record<string, VariableRow>>> = {
  readonly [K in keyof T]: z.output<T[K]['schema']>;
};

/**
 * Reads every variable of `table`, in table order; an empty variable counts as unset.
 *
 * @param env - the environment, e.g. `process.env` (passed in: never read from `process` here)
 * @param quote - how a bad value is quoted in the message (masks secrets) @default JSON
 * @throws ConfigError naming the first variable that is missing (`NAME is required: expected …`) or
 *   invalid (`NAME="value" is invalid: expected …`)
 */
export function readVariables<T extends Readonly<Record<string, VariableRow>>>(
  table: T,
  env: Readonly<Record<string, string | undefined>>,
  quote: (name: keyof T & string, value: string) => string = (_name, value) =>
    JSON.stringify(value),
): VariableValues<T> {
  const values: Record<string, unknown> = {};
  for (const [name, { schema, accepted }] of Object.entries(table)) {
    const raw = env[name] === '' ? undefined : env[name];
    const result = schema.safeParse(raw);
    if (!result.success) {
      const value = raw === undefined ? ' is required' : `=${quote(name, raw)} is invalid`;
      throw new ConfigError(name, `${name}${value}: expected ${accepted}`);
    }
    values[name] = result.data;
  }
  return values as VariableValues<T>;
}
