import type { Labeler, LabelResult } from './labeler';

/**
 * `LABELER=none`: acknowledges and records every image without labeling it; a dry run to check
 * the wiring, and what benchmarks use.
 */
export function createNoneLabeler(): Labeler {
  const result: LabelResult = { outcome: 'ignored', reason: 'labeling is off (LABELER=none)' };
  return { name: 'none', label: () => Promise.resolve(result) };
}
