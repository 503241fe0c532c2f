/**
 * What a finding says: each message names the field and fits the case it reports (one rule id can
 * cover several causes, and the words must follow the cause, not the first case the rule was
 * written for).
 */
import type { Finding } from '../../src/validator/core/finding';
import { createManifestValidator, validateManifests } from '../../src/validator/validate-manifests';
import { mutateObject, set, TEMPLATE_ANNOTATIONS } from './manifest-fixtures';

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
