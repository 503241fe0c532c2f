/**
 * Rules on the YAML text itself: it parses, each document is an object, no merge key, and no plain
 * scalar means one thing to a YAML 1.2 reader (the generator, the `yaml` package) and another to a
 * YAML 1.1 reader (kubectl's sigs.k8s.io/yaml, gcloud's PyYAML): `on`, `no`, `y`, `1_000`, `1:20`,
 * `017`, `2001-12-14`… must be quoted. Hand-written manifests break these as easily as generated ones.
 *
 * @see https://yaml.org/type/ (the YAML 1.1 types)
 */
import { isMap, isPair, isScalar, isSeq, Scalar, type Node } from 'yaml';
import { subjectOf, type ManifestSet, type SourceFile } from '../../core/manifest-document';
import { quote, type Path } from '../../core/object-access';
import { defineRules, type LocatedViolation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { parseYamlSafely } from '../../yaml/safe-yaml';
import { lineAtOffset } from '../../yaml/yaml-positions';

interface PlainScalar {
  readonly source: string;
  readonly value: unknown;
  readonly path: Path;
  readonly offset: number;
}

const MERGE_KEY = '<<';

/** Is `key` a plain `<<` (a merge key to YAML 1.1 readers, a string to YAML 1.2 ones)? */
function isMergeKey(key: unknown): key is Scalar {
  return isScalar(key) && key.type === Scalar.PLAIN && key.source === MERGE_KEY;
}

/** Every plain scalar of a node tree, keys included, by offset. */
function plainScalars(node: unknown, path: Path, out: Map<number, PlainScalar>): void {
  if (isScalar(node)) {
    const offset = node.range?.[0];
    // an explicit tag (`!!str on`) reads the same to both; yaml/syntax reports tags that are not plain
    if (node.type === Scalar.PLAIN && node.tag === undefined && offset !== undefined) {
      out.set(offset, { source: node.source as string, value: node.value, path, offset });
    }
  } else if (isMap(node)) {
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) continue; // yaml/merge-key reports it
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      plainScalars(pair.key, path, out);
      plainScalars(pair.value, [...path, typeof key === 'string' ? key : String(key)], out);
    }
  } else if (isSeq(node))
    node.items.forEach((item, i) => {
      plainScalars(item, [...path, i], out);
    });
  else if (isPair(node)) plainScalars(node.value, path, out);
}

function sameReading(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a === 'object') return (a === null) === (b === null) && !(a instanceof Date);
  return Object.is(a, b);
}

function describe(value: unknown): string {
  if (value instanceof Date) return `the timestamp ${value.toISOString()}`;
  if (value === null) return 'null';
  return `the ${typeof value} ${quote(value)}`;
}

function ambiguousScalars(file: SourceFile, set: ManifestSet): LocatedViolation[] {
  if (file.type !== 'yaml' || file.documents.length === 0) return [];
  const yaml11 = parseYamlSafely(file.text, '1.1').documents;
  return file.documents.flatMap((document, index) => {
    const older = yaml11[index];
    if (document.errors.length > 0 || older === undefined) return [];
    const modern = new Map<number, PlainScalar>();
    const legacy = new Map<number, PlainScalar>();
    plainScalars(document.contents, [], modern);
    plainScalars(older.contents, [], legacy);
    return [...modern.values()].flatMap((scalar) => {
      const old = legacy.get(scalar.offset);
      if (old === undefined || sameReading(old.value, scalar.value)) return [];
      return [
        {
          subject: subjectOf(set, file.path, index),
          path: scalar.path,
          line: lineAtOffset(file.lineCounter, scalar.offset),
          message:
            `plain ${scalar.source} is ${describe(old.value)} to a YAML 1.1 reader (kubectl, ` +
            `gcloud) but ${describe(scalar.value)} to YAML 1.2: quote it`,
        },
      ];
    });
  });
}

function syntaxErrors(file: SourceFile, set: ManifestSet): LocatedViolation[] {
  if (file.type !== 'yaml') return [];
  const errors = file.documents.flatMap((document, index) =>
    document.errors.map((error) => ({
      index,
      offset: error.pos[0],
      message: error.message.split('\n')[0] ?? error.code,
    })),
  );
  return [...errors, ...file.problems].map(({ index, offset, message }) => ({
    subject: subjectOf(set, file.path, index),
    path: [],
    line: lineAtOffset(file.lineCounter, offset),
    message,
  }));
}

/** Every plain `<<` key of a node tree, with its path. */
function mergeKeys(node: unknown, path: Path): { path: Path; offset: number }[] {
  if (isMap(node))
    return node.items.flatMap((pair) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const here = isMergeKey(pair.key) ? [{ path, offset: pair.key.range?.[0] ?? 0 }] : [];
      return [...here, ...mergeKeys(pair.value, [...path, key])];
    });
  if (isSeq(node)) return node.items.flatMap((item, i) => mergeKeys(item, [...path, i]));
  return [];
}

function mergeKeyUses(file: SourceFile, set: ManifestSet): LocatedViolation[] {
  if (file.type !== 'yaml') return [];
  return file.documents.flatMap((document, index) =>
    mergeKeys(document.contents, []).map(({ path, offset }) => ({
      subject: subjectOf(set, file.path, index),
      path,
      line: lineAtOffset(file.lineCounter, offset),
      message:
        'merge key <<: kubectl and gcloud (YAML 1.1) merge the aliased mapping in, YAML 1.2 readers see a key named "<<"; write the keys out instead',
    })),
  );
}

function nonObjects(file: SourceFile, set: ManifestSet): LocatedViolation[] {
  if (file.type !== 'yaml') return [];
  return file.documents.flatMap((document, index) => {
    const contents = document.contents as Node | null;
    const empty = contents === null || (isScalar(contents) && contents.value === null);
    if (document.errors.length > 0 || empty || isMap(contents)) return [];
    return [
      {
        subject: subjectOf(set, file.path, index),
        path: [],
        line: lineAtOffset(file.lineCounter, contents.range?.[0] ?? 0),
        message: 'a manifest document must be a mapping (apiVersion, kind, metadata, …)',
      },
    ];
  });
}

/** Has the file no document with content (empty, only comments, only `---`)? */
function emptyFiles(file: SourceFile, set: ManifestSet): LocatedViolation[] {
  if (file.type !== 'yaml' || file.problems.length > 0) return [];
  const blank = file.documents.every((document) => {
    const contents = document.contents as Node | null;
    return (
      document.errors.length === 0 &&
      (contents === null || (isScalar(contents) && contents.value === null))
    );
  });
  return blank
    ? [
        {
          subject: subjectOf(set, file.path, -1),
          path: [],
          line: 1,
          message:
            'the file holds no document (empty, or only comments): nothing would be applied; delete the file or write the manifest',
        },
      ]
    : [];
}

/** The YAML rules. */
export const YAML_RULES = defineRules('file', SOURCES.yamlSpec, {
  'yaml/syntax': [
    'every file parses as YAML (no duplicate keys, bad indentation, circular aliases, alias bombs, unknown tags or runaway nesting)',
    syntaxErrors,
  ],
  'yaml/empty-file': ['every YAML file holds at least one document', emptyFiles],
  'yaml/merge-key': [
    'no merge key << (YAML 1.1 and 1.2 readers read it differently)',
    mergeKeyUses,
    SOURCES.yaml11Merge,
  ],
  'yaml/not-an-object': ['every document is a mapping', nonObjects, SOURCES.kubernetesObjects],
  'yaml/yaml11-ambiguous': [
    'no plain scalar reads differently under YAML 1.1 and 1.2 (`on`, `no`, `1_000`, `1:20`)',
    ambiguousScalars,
    SOURCES.yaml11Types,
  ],
});
