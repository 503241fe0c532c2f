/**
 * What a finding says: each message names the field and fits the case it reports (one rule id can
 * cover several causes, and the words must follow the cause, not the first case the rule was
 * written for).
 */
import type { Finding } from '../../src/validator/core/finding';
import { createManifestValidator, validateManifests } from '../../src/validator/validate-manifests';
import { mutateObject, remove, set, TEMPLATE_ANNOTATIONS } from './manifest-fixtures';

const validator = createManifestValidator();
const ANNOTATIONS = ['metadata', 'annotations'];

/** The findings for the Cloud Run Service with `value` set at `path`. */
function runFindings(path: readonly (string | number)[], value: unknown): Finding[] {
  return validateManifests(mutateObject('service', 'Service', set(path, value)), validator);
}

describe('a Cloud Run annotation in the wrong place says where it belongs, or that none exists', () => {
  test.each([
    [
      'maxScale on the Service',
      [...ANNOTATIONS, 'autoscaling.knative.dev/maxScale'],
      'cloudrun/service-annotation',
      "autoscaling.knative.dev/maxScale is not accepted on the Service's metadata.annotations: it belongs on spec.template.metadata.annotations",
    ],
    [
      'a revision annotation (vpc-access-connector) on the Service',
      [...ANNOTATIONS, 'run.googleapis.com/vpc-access-connector'],
      'cloudrun/service-annotation',
      "run.googleapis.com/vpc-access-connector is not accepted on the Service's metadata.annotations: it belongs on spec.template.metadata.annotations",
    ],
    [
      'an annotation Cloud Run does not know, on the Service',
      [...ANNOTATIONS, 'run.googleapis.com/cpu-boost'],
      'cloudrun/service-annotation',
      "run.googleapis.com/cpu-boost is not an annotation Cloud Run accepts on the Service's metadata.annotations",
    ],
    [
      'a Knative autoscaling annotation Cloud Run never takes, on the Service',
      [...ANNOTATIONS, 'autoscaling.knative.dev/target'],
      'cloudrun/service-annotation',
      "autoscaling.knative.dev/target is not accepted on the Service's metadata.annotations: Cloud Run takes only autoscaling.knative.dev/minScale and maxScale, on spec.template.metadata.annotations",
    ],
    [
      'ingress on the revision template',
      [...TEMPLATE_ANNOTATIONS, 'run.googleapis.com/ingress'],
      'cloudrun/revision-annotation',
      "run.googleapis.com/ingress is not accepted on spec.template.metadata.annotations: it belongs on the Service's metadata.annotations",
    ],
    [
      'the kebab-case max-scale on the revision template',
      [...TEMPLATE_ANNOTATIONS, 'autoscaling.knative.dev/max-scale'],
      'cloudrun/revision-annotation',
      'autoscaling.knative.dev/max-scale is not accepted: Cloud Run accepts only the camelCase autoscaling.knative.dev/maxScale (on spec.template.metadata.annotations)',
    ],
  ])('%s', (_case, path, rule, message) => {
    const findings = runFindings(path, '1');
    expect(findings.map((finding) => [finding.rule, finding.message])).toEqual([[rule, message]]);
  });

  test('only an autoscaling annotation is told about autoscaling', () => {
    const findings = runFindings([...ANNOTATIONS, 'run.googleapis.com/cpu-boost'], 'true');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).not.toMatch(/autoscaling/);
  });
});

describe('what synth refuses, an edited file is refused for too, by name', () => {
  /** `[rule, kind/name, path, message]` of each finding. */
  const described = (findings: readonly Finding[]) =>
    findings.map(({ rule, kind, name, path, message }) => [rule, `${kind}/${name}`, path, message]);

  test("a Trigger's delivery timeout below the worker's processing budget", () => {
    const findings = validateManifests(
      mutateObject('knative', 'Trigger', set(['spec', 'delivery', 'timeout'], 'PT20S')),
      validator,
    );
    expect(described(findings)).toEqual([
      [
        'cross/trigger-timeout-budget',
        'Trigger/gcs-worker-finalized',
        'spec.delivery.timeout',
        'delivery timeout PT20S is below the worker\'s processing budget of 30 s (ceil(VISION_TIMEOUT_MS / 1000) + 10, VISION_TIMEOUT_MS of Service "gcs-worker"): a slow label would be cut off and delivered again',
      ],
    ]);
  });

  test('a push subscription whose dead-letter policy alone was removed is named, with the policy', () => {
    const findings = validateManifests(
      mutateObject(
        'kcc',
        'PubSubSubscription',
        remove(['spec', 'deadLetterPolicy']),
        'gcs-worker-push',
      ),
      validator,
    );
    expect(described(findings)).toEqual([
      [
        'kcc/dead-letter-policy',
        'PubSubSubscription/gcs-worker-push',
        'spec',
        'subscription "gcs-worker-push" delivers the bucket\'s notifications but has no deadLetterPolicy.deadLetterTopicRef: a message that can never be delivered would be retried until it expires (7 days) instead of going to a dead-letter topic after maxDeliveryAttempts',
      ],
    ]);
  });

  test.each([
    ['Trigger', 'Trigger/gcs-worker-finalized'],
    ['Broker', 'Broker/default'],
  ])('delivery.retry 0 on the %s', (kind, object) => {
    const findings = validateManifests(
      mutateObject(
        'knative',
        kind,
        set(['spec', 'delivery', 'retry'], 0),
        kind === 'Broker' ? 'default' : undefined,
      ),
      validator,
    );
    expect(described(findings)).toEqual([
      [
        'eventing/delivery-no-retry',
        object,
        'spec.delivery.retry',
        "policy: retry 0 gives one attempt only: the worker's 429 (busy) or 503 (draining) would send the event to the dead-letter sink at once; set retry to at least 1",
      ],
    ]);
  });
});
