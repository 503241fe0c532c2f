import { deploymentOf, targetOf } from '../../src/validator/core/manifest-document';
import { createManifestValidator, validateManifests } from '../../src/validator/validate-manifests';
import { fixtureFiles, mutateObject, POD, set } from './manifest-fixtures';
import type { ManifestFile } from '../../src/validator/core/load-documents';

const validator = createManifestValidator();
const LOCATION = { 'cloud.googleapis.com/location': 'us-central1' };

describe('the target of a serving.knative.dev Service', () => {
  test.each([
    ['knative/worker.yaml', undefined, [], 'knative'],
    ['cloudrun/service.yaml', undefined, [], 'cloud-run'],
    ['examples/cloud-run/sample.yaml', undefined, [], 'cloud-run'],
    ['cloudrun.yaml', undefined, [], 'knative'],
    ['/tmp/deploy/cloud-run/knative/dualrun.yaml', undefined, [], 'knative'],
    ['cloudrun/knative/dualrun.yaml', undefined, [], 'knative'],
    ['out/run/service.yaml', LOCATION, [], 'cloud-run'],
    ['out/run/service.yaml', undefined, ['out/run'], 'cloud-run'],
    ['out/run/service.yaml', undefined, ['out'], 'knative'],
  ] as const)('%s with labels %j beside %j is %s', (file, labels, companions, target) => {
    expect(targetOf(file, labels, new Set(companions))).toBe(target);
  });
});

describe('the deployment of a file', () => {
  test.each([
    ['knative/dualrun.yaml', 'knative'],
    ['knative/wiring/setup.sh', 'knative'],
    ['knative/wiring/config-connector.yaml', 'knative'],
    ['out/knative/wiring/setup.sh', 'out/knative'],
    ['cloudrun/setup.sh', 'cloudrun'],
    ['wiring/setup.sh', ''],
    ['knative/wirings/setup.sh', 'knative/wirings'],
  ])('%s belongs to %j', (file, deployment) => {
    expect(deploymentOf(file)).toBe(deployment);
  });

  test('a source checked without its wiring/ folder has nothing to be compared with', () => {
    const alone = fixtureFiles().filter((file) => !file.path.startsWith('knative/wiring/'));
    expect(validateManifests(alone, validator)).toEqual([]);
  });
});

/** The fixtures with every path moved below `prefix` (folders renamed by `rename`). */
function moved(
  files: readonly ManifestFile[],
  prefix: string,
  rename: (path: string) => string = (path) => path,
) {
  return files.map((file) => ({ ...file, path: `${prefix}${rename(file.path)}` }));
}

describe('targets and deployments by directory', () => {
  test('an ancestor folder named cloud-run does not make Knative objects Cloud Run', () => {
    expect(validateManifests(moved(fixtureFiles(), '/tmp/deploy/cloud-run/'), validator)).toEqual(
      [],
    );
  });

  test('Cloud Run files in a folder of any name are Cloud Run (label, config-connector.yaml)', () => {
    const files = moved(fixtureFiles(), 'out/', (path) => path.replace('cloudrun/', 'run/'));
    expect(validateManifests(files, validator)).toEqual([]);
  });

  test('two deployments are paired per directory, not with the first service found', () => {
    const ack = (text: string) =>
      text
        .replace("ACK_DEADLINE_SECONDS='300'", "ACK_DEADLINE_SECONDS='500'")
        .replace('ackDeadlineSeconds: 300', 'ackDeadlineSeconds: 500');
    const longer = mutateObject('service', 'Service', set([...POD, 'timeoutSeconds'], 900)).map(
      (file) => ({ ...file, text: ack(file.text) }),
    );
    const cloudRun = (file: ManifestFile) => file.path.includes('cloudrun');
    const files = [
      ...moved(fixtureFiles(), 'setA/').filter(cloudRun),
      ...moved(longer, 'setB/').filter(cloudRun),
    ];
    expect(validateManifests(files, validator)).toEqual([]);
    const crossed = files.map((file) =>
      file.path.startsWith('setA/') && !file.path.endsWith('service.yaml')
        ? { ...file, text: ack(file.text) }
        : file,
    );
    expect(validateManifests(crossed, validator).map((finding) => finding.file)).toEqual([
      'setA/cloudrun/config-connector.yaml',
      'setA/cloudrun/setup.sh',
    ]);
  });
});
