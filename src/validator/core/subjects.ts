/** Finding the {@link Subject} a file-level problem belongs to. */
import type { ManifestSet, Subject } from './manifest-document';

/** The manifest object at `index` of `file`, or a nameless stand-in when it did not parse. */
export function subjectOf(set: ManifestSet, file: string, index: number): Subject {
  return (
    set.documents.find((document) => document.file === file && document.index === index) ?? {
      file,
      kind: '',
      name: '',
      lineOf: () => undefined,
    }
  );
}
