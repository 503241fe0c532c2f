import { LabelerError } from '../../src/errors';
import type { Labeler, LabelRequest, LabelResult } from '../../src/labelers/labeler';

/** What the scripted labeler does for one object name. */
export type Script =
  LabelResult | LabelerError | { readonly wait: Promise<void>; readonly result: LabelResult };

/**
 * A labeler for HTTP-contract tests: answers each object by a script keyed on the object name,
 * records every call, and can hold a call open until a promise resolves (for in-flight tests).
 * The real labelers have their own tests (test/labelers/).
 */
export function scriptedLabeler(script: Readonly<Record<string, Script>>, fallback: Script) {
  const calls: LabelRequest[] = [];
  const labeler: Labeler = {
    name: 'local',
    label: async (request) => {
      calls.push(request);
      const step = script[request.name] ?? fallback;
      if (step instanceof LabelerError) throw step;
      if ('wait' in step) {
        await step.wait;
        return step.result;
      }
      return step;
    },
  };
  return { labeler, calls };
}

/** A promise and its resolver, for holding a labeler call open. */
export function gate(): { readonly promise: Promise<void>; readonly open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
