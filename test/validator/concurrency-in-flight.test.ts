import { mutateObject, POD, remove, set, all } from './manifest-fixtures';
import { createManifestValidator, validateManifests } from '../../src/validator/validate-manifests';

const validator = createManifestValidator();
const rule = 'workload/concurrency-in-flight';
/** Removes MAX_IN_FLIGHT from every container of the Service. */
const dropInFlight = (object: Record<string, unknown>) => {
  const containers = (
    object['spec'] as { template: { spec: { containers: { env: { name: string }[] }[] } } }
  ).template.spec.containers;
  for (const container of containers)
    container.env = container.env.filter((entry) => entry.name !== 'MAX_IN_FLIGHT');
};

const findings = (fixture: 'knative' | 'service', ...mutations: Parameters<typeof all>) =>
  validateManifests(mutateObject(fixture, 'Service', all(...mutations)), validator).filter(
    (finding) => finding.rule === rule,
  );

describe('containerConcurrency against MAX_IN_FLIGHT', () => {
  test('Cloud Run 81 with MAX_IN_FLIGHT "80" names both', () => {
    expect(findings('service', set([...POD, 'containerConcurrency'], 81))).toEqual([
      expect.objectContaining({
        path: 'spec.template.spec.containerConcurrency',
        message: expect.stringMatching(
          /containerConcurrency 81 exceeds the worker's MAX_IN_FLIGHT "80"/,
        ),
      }),
    ]);
  });

  test('equal to MAX_IN_FLIGHT passes; unset on Cloud Run is its default 80 and passes', () => {
    expect(findings('service', set([...POD, 'containerConcurrency'], 80))).toEqual([]);
    expect(findings('service', remove([...POD, 'containerConcurrency']))).toEqual([]);
  });

  test('a service without MAX_IN_FLIGHT (not the worker) is not checked', () => {
    expect(findings('knative', dropInFlight, set([...POD, 'containerConcurrency'], 500))).toEqual(
      [],
    );
  });

  test('Knative 0 is unlimited and reported', () => {
    expect(findings('knative', set([...POD, 'containerConcurrency'], 0))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('0 (unlimited)') }),
    ]);
  });
});
