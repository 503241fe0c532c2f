import * as z from 'zod';

/**
 * The schema of an environment variable that holds a decimal integer written with digits only (no
 * sign, exponent, hex or spaces), from `min` to `max`: the string becomes a number.
 */
export const integer = (min: number, max: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));
