/** Negative examples of yaml/*, schema/* and metadata/*: the text, the schema, names and labels. */
import { dirname } from 'node:path';
import { FIXTURE_PATHS, fixtureFiles, mutateText, POD, remove, set } from '../manifest-fixtures';
import { INVOKER, kcc, knativeText, ksvc, namespace, type NegativeCase, one } from './case';

/** The yaml schema cases. */
export const YAML_SCHEMA_CASES: readonly NegativeCase[] = [
  one('yaml/syntax', 'an unclosed flow sequence', knativeText('name: events\n', 'name: [events\n')),
  one('yaml/empty-file', 'an empty file beside the Knative Service', () => [
    ...fixtureFiles(),
    { path: `${dirname(FIXTURE_PATHS.knative)}/empty.yaml`, text: '' },
  ]),
  one('yaml/not-an-object', 'a document that is a list', () =>
    mutateText('knative', (t) => `${t}---\n- a\n- b\n`),
  ),
  one(
    'yaml/yaml11-ambiguous',
    'a label value on',
    knativeText('app.kubernetes.io/name: gcs-worker', 'app.kubernetes.io/name: on'),
  ),
  one(
    'yaml/merge-key',
    'a merge key in the Service labels',
    knativeText(
      'app.kubernetes.io/name: gcs-worker',
      'app.kubernetes.io/name: gcs-worker\n    <<: {tier: web}',
    ),
    ['schema/type'],
  ),
  one('schema/unknown-kind', 'kind Namespaces', namespace(set(['kind'], 'Namespaces'))),
  one(
    'schema/unknown-field',
    'the typo containerConcurency',
    ksvc(set([...POD, 'containerConcurency'], 10)),
  ),
  one(
    'schema/missing-field',
    'an IAMPolicyMember without role',
    kcc('IAMPolicyMember', remove(['spec', 'role']), INVOKER),
  ),
  one('schema/type', 'timeoutSeconds as a string', ksvc(set([...POD, 'timeoutSeconds'], '300'))),
  one(
    'schema/value',
    'a role outside the pattern',
    kcc('IAMPolicyMember', set(['spec', 'role'], 'run.invoker'), INVOKER),
  ),
  one('metadata/name', 'a Namespace named Events', namespace(set(['metadata', 'name'], 'Events'))),
  one(
    'metadata/labels',
    'a label value with a space',
    ksvc(set(['metadata', 'labels', 'app.kubernetes.io/name'], 'gcs worker')),
  ),
];
