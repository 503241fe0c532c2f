import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { RULE_IDS } from '../../src/validator/rule-table';
import { createManifestValidator, validateManifests } from '../../src/validator/validate-manifests';
import {
  FIXTURE_PATHS,
  fixtureFiles,
  mutateObject,
  set,
  type FixtureName,
} from './manifest-fixtures';

const validator = createManifestValidator();
const known = new Set(RULE_IDS);

/** Every path to a value in `value` (mapping keys and list indexes). */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])]);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...pathsOf(item, [...prefix, key]),
    ]);
  }
  return [];
}

/** Every (fixture, kind, name, path) of the YAML fixtures. */
const targets = (['knative', 'service', 'kcc'] as const).flatMap((fixture: FixtureName) => {
  const text = fixtureFiles().find((file) => file.path === FIXTURE_PATHS[fixture])?.text ?? '';
  return parseAllDocuments(text).flatMap((document) => {
    const object = document.toJS() as { kind: string; metadata: { name: string } };
    return pathsOf(object).map((path) => ({
      fixture,
      kind: object.kind,
      name: object.metadata.name,
      path,
    }));
  });
});

test('any value anywhere in the fixtures gives findings from the table, never an exception', () => {
  fc.assert(
    fc.property(fc.constantFrom(...targets), fc.jsonValue({ maxDepth: 2 }), (target, value) => {
      const files = mutateObject(target.fixture, target.kind, set(target.path, value), target.name);
      for (const finding of validateManifests(files, validator)) {
        expect(known.has(finding.rule)).toBe(true);
      }
    }),
    { numRuns: 150 },
  );
});
