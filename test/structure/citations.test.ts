/**
 * The repository's docs stand alone: no comment, docstring, message, YAML comment or markdown file
 * sends a reader to a document a clone does not have. Facts cite their public source (a URL) or the
 * project's own README.md and docs/*.md. The fixtures checkout beside the repository (`../shared`)
 * may appear only where its path is the value a file uses (the conformance suite, `npm run
 * schemas`, the CRD lookups), never as the place where a fact is written down.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SELF = path.relative(ROOT, __filename).split(path.sep).join('/');

/** The fixtures checkout's folder name, beside the repository. */
const CHECKOUT = 'shared';

/** Folders never scanned: installed, built or version-control files. */
const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', 'dist', '.git', 'coverage']);

/**
 * A citation of a document outside the repository: `DESIGN 3.4`, `DESIGN §`, `MANIFESTS.md`,
 * `MANIFESTS 7.1`, `FORMATS §8.1`, `STYLE.md`, `DESIGN.md section 3.6`. Built from parts so that
 * this file does not match itself. Identifiers such as `IMAGE_FORMATS` do not match (`_` is a word
 * character, so there is no word boundary before the name).
 */
const DOCUMENT_CITATION = new RegExp(
  `\\b(?:${['DESIGN', 'MANIFESTS', 'FORMATS', 'STYLE'].join('|')})(?:\\.md\\b|\\s*(?:§|\\d|section\\b))`,
);

/**
 * A document of the fixtures checkout, named by path (`../shared/….md`), or the checkout itself by
 * absolute path.
 */
const SHARED_DOCUMENT = new RegExp(`\\.\\./${CHECKOUT}/[\\w./-]*\\.md\\b|/work/${CHECKOUT}\\b`);

/** The fixtures checkout by its relative path. */
const SHARED_PATH = new RegExp(`\\.\\./(?:\\.\\./)*${CHECKOUT}\\b`);

/**
 * The files that use the fixtures checkout's path as a value, and why. A path prefix ending in `/`
 * covers a folder.
 */
const SHARED_PATH_USERS: Readonly<Record<string, string>> = {
  '.ci/run': 'runs the conformance and acceptance suites when the checkout exists',
  'cdk8s/cdk8s.yaml': '`cdk8s import` reads the CRDs from it',
  'jest.config.js': 'keeps the conformance suite out of `npm test`',
  'jest.conformance.config.js': 'the conformance suite runs over it',
  'src/validator/schemas-cli.ts': "`npm run schemas`'s default inputs",
  'test/conformance/': 'the conformance suite reads its fixtures, CRDs and examples',
  'test/apply/support/apply-crds.ts': 'the knative-gcp CRD, when the checkout is there',
  'test/support/cluster/known-crd-files.ts': 'the cluster tests install its CRDs when it is there',
  'test/cluster/known-crd-files.test.ts':
    'checks the Go module fallback whether or not it is there',
  'test/convert/shared-examples.test.ts': 'converts its example manifests when they are there',
  'test/labelers/local-labeler.test.ts': 'labels its sample images when they are there',
};

/** Every text file of the repository (binary files, those holding a NUL byte, are left out). */
function textFiles(directory = ROOT): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...textFiles(full));
    } else if (entry.isFile()) {
      files.push(full);
    }
  }
  return files;
}

/** `file:line: text` for every line of every text file that matches `pattern`. */
function matchingLines(pattern: RegExp, keep: (file: string) => boolean = () => true): string[] {
  const found: string[] = [];
  for (const full of textFiles()) {
    const file = path.relative(ROOT, full).split(path.sep).join('/');
    if (file === SELF || !keep(file)) continue;
    const bytes = readFileSync(full);
    if (bytes.includes(0)) continue;
    bytes
      .toString('utf8')
      .split('\n')
      .forEach((line, index) => {
        if (pattern.test(line)) found.push(`${file}:${index + 1}: ${line.trim()}`);
      });
  }
  return found;
}

const usesSharedPath = (file: string): boolean =>
  Object.keys(SHARED_PATH_USERS).some((user) =>
    user.endsWith('/') ? file.startsWith(user) : file === user,
  );

describe('citations', () => {
  test('the scan covers the folders whose docs must stand alone', () => {
    const files = textFiles().map((full) => path.relative(ROOT, full).split(path.sep)[0]);
    for (const top of ['src', 'charts', 'cdk8s', 'docs', 'test', 'README.md', 'Dockerfile']) {
      expect(files).toContain(top);
    }
  });

  test('the patterns find what they are for, and not identifiers', () => {
    const cited = [
      'DESIGN 3.4',
      'DESIGN §3',
      'MANIFESTS.md §5.2',
      'MANIFESTS 7.1',
      'FORMATS §8.1',
      'STYLE.md',
      'DESIGN.md section 3.6',
    ];
    for (const text of cited) expect(DOCUMENT_CITATION.test(text)).toBe(true);
    for (const text of ['IMAGE_FORMATS', 'DELIVERY_FORMATS.map', 'NOTIFICATION_PAYLOAD_FORMATS']) {
      expect(DOCUMENT_CITATION.test(text)).toBe(false);
    }
    expect(SHARED_DOCUMENT.test(`see ../${CHECKOUT}/FORMATS.md`)).toBe(true);
    expect(SHARED_PATH.test(`path.resolve(__dirname, '../../../${CHECKOUT}/crds')`)).toBe(true);
  });

  test('no file cites a design, manifest, format or style document outside the repository', () => {
    expect(matchingLines(DOCUMENT_CITATION)).toEqual([]);
  });

  test('no file names a document of the fixtures checkout by path', () => {
    expect(matchingLines(SHARED_DOCUMENT)).toEqual([]);
  });

  test('only the files that use its path name the fixtures checkout', () => {
    expect(matchingLines(SHARED_PATH, (file) => !usesSharedPath(file))).toEqual([]);
  });

  test('every listed user of the path still uses it', () => {
    const users = new Set(
      matchingLines(SHARED_PATH, usesSharedPath).map((line) => line.split(':')[0] ?? ''),
    );
    for (const user of Object.keys(SHARED_PATH_USERS)) {
      expect(
        [...users].some((file) => (user.endsWith('/') ? file.startsWith(user) : file === user)),
      ).toBe(true);
    }
  });
});
