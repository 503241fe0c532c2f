/**
 * Knative Serving's rules on the revision's pod spec (MANIFESTS 1.1, 1.4): which PodSpec fields
 * the webhook allows, which need a `config-features` flag (all disabled by default), the service
 * account name, timeouts and concurrency.
 *
 * @see knative/serving pkg/apis/serving/fieldmask.go, k8s_validation.go, revision_validation.go
 */
import type { ManifestDocument } from '../../core/manifest-document';
import { isDns1123Subdomain, isEmail } from '../../core/names';
import { asMapping, mappingAt, quote, valueAt } from '../../core/object-access';
import type { DocumentRule, Violation } from '../../core/rule';
import {
  containersOf,
  entriesOf,
  KNATIVE_SERVICE,
  numberInRange,
  POD_SPEC,
  probesOf,
} from '../kubernetes/workload';

/** PodSpec fields the webhook rejects whatever the flags say. */
const DISALLOWED_POD_FIELDS = [
  'restartPolicy',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'nodeName',
  'hostname',
  'subdomain',
  'priority',
  'readinessGates',
] as const;

/** PodSpec fields behind a `config-features` flag, with the flag (all default to disabled). */
const FLAG_GATED_POD_FIELDS: Readonly<Record<string, string>> = {
  affinity: 'kubernetes.podspec-affinity',
  topologySpreadConstraints: 'kubernetes.podspec-topologyspreadconstraints',
  hostAliases: 'kubernetes.podspec-hostaliases',
  nodeSelector: 'kubernetes.podspec-nodeselector',
  runtimeClassName: 'kubernetes.podspec-runtimeclassname',
  tolerations: 'kubernetes.podspec-tolerations',
  securityContext: 'kubernetes.podspec-securitycontext',
  shareProcessNamespace: 'kubernetes.podspec-shareprocessnamespace',
  priorityClassName: 'kubernetes.podspec-priorityclassname',
  schedulerName: 'kubernetes.podspec-schedulername',
  dnsPolicy: 'kubernetes.podspec-dnspolicy',
  dnsConfig: 'kubernetes.podspec-dnsconfig',
  hostIPC: 'kubernetes.podspec-hostipc',
  hostPID: 'kubernetes.podspec-hostpid',
  hostNetwork: 'kubernetes.podspec-hostnetwork',
  initContainers: 'kubernetes.podspec-init-containers',
};

const MAX_TIMEOUT_SECONDS = 600;
const MAX_CONTAINER_CONCURRENCY = 1000;

function disallowedFields(document: ManifestDocument): readonly Violation[] {
  const podSpec = mappingAt(document.object, POD_SPEC) ?? {};
  const violations: Violation[] = DISALLOWED_POD_FIELDS.filter((f) => f in podSpec).map((f) => ({
    path: [...POD_SPEC, f],
    message: `${f} is not allowed in a Knative revision`,
  }));
  if (podSpec['automountServiceAccountToken'] === true) {
    violations.push({
      path: [...POD_SPEC, 'automountServiceAccountToken'],
      message: 'automountServiceAccountToken may only be false',
    });
  }
  return violations;
}

const gated = (path: Violation['path'], what: string, flag: string): Violation => ({
  path,
  message: `${what} needs the config-features flag ${flag} (disabled by default)`,
});

function flagGatedFields(document: ManifestDocument): readonly Violation[] {
  const podSpec = mappingAt(document.object, POD_SPEC) ?? {};
  const violations = Object.entries(FLAG_GATED_POD_FIELDS)
    .filter(([field]) => field in podSpec)
    .map(([field, flag]) => gated([...POD_SPEC, field], field, flag));
  for (const view of containersOf(document)) {
    for (const env of entriesOf(view.container, view.path, 'env')) {
      for (const source of ['fieldRef', 'resourceFieldRef']) {
        if (asMapping(env.value['valueFrom'])?.[source] !== undefined) {
          violations.push(
            gated(
              [...env.path, 'valueFrom', source],
              `env ${source}`,
              'kubernetes.podspec-fieldref',
            ),
          );
        }
      }
    }
    if (valueAt(view.container, ['securityContext', 'capabilities', 'add']) !== undefined) {
      violations.push(
        gated(
          [...view.path, 'securityContext', 'capabilities', 'add'],
          'capabilities.add',
          'kubernetes.containerspec-addcapabilities',
        ),
      );
    }
    for (const mount of entriesOf(view.container, view.path, 'volumeMounts')) {
      if (mount.value['mountPropagation'] !== undefined) {
        violations.push(
          gated(
            [...mount.path, 'mountPropagation'],
            'mountPropagation',
            'kubernetes.podspec-volumes-mount-propagation',
          ),
        );
      }
    }
    if (!view.serving) {
      for (const probe of probesOf(view)) {
        violations.push(gated(probe.path, 'a probe on a sidecar', 'multi-container-probing'));
      }
    }
  }
  return violations;
}

function serviceAccountName(document: ManifestDocument): readonly Violation[] {
  const name = valueAt(document.object, [...POD_SPEC, 'serviceAccountName']);
  if (typeof name !== 'string' || isDns1123Subdomain(name)) return [];
  const hint = isEmail(name)
    ? ' (an IAM e-mail is the Cloud Run form; Knative needs a Kubernetes ServiceAccount name)'
    : '';
  return [
    {
      path: [...POD_SPEC, 'serviceAccountName'],
      message: `${quote(name)} is not a DNS-1123 subdomain${hint}`,
    },
  ];
}

function timeouts(document: ManifestDocument): readonly Violation[] {
  return ['timeoutSeconds', 'responseStartTimeoutSeconds', 'idleTimeoutSeconds'].flatMap((field) =>
    numberInRange(
      document,
      field,
      0,
      MAX_TIMEOUT_SECONDS,
      ' (max-revision-timeout-seconds; Cloud Run allows 3600, Knative does not)',
    ),
  );
}

function containerConcurrency(document: ManifestDocument): readonly Violation[] {
  return numberInRange(
    document,
    'containerConcurrency',
    0,
    MAX_CONTAINER_CONCURRENCY,
    ' (0 = unlimited)',
  );
}

/** The pod-spec rules (volumes are in `knative-volumes.ts`). */
export const KNATIVE_POD_SPEC_RULES: readonly DocumentRule[] = [
  {
    scope: 'document',
    id: 'knative/pod-field-disallowed',
    summary:
      'no restartPolicy, terminationGracePeriodSeconds, nodeName…; automountServiceAccountToken only false',
    see: 'MANIFESTS.md 1.4 (fieldmask.go PodSpecMask)',
    appliesTo: KNATIVE_SERVICE,
    check: disallowedFields,
  },
  {
    scope: 'document',
    id: 'knative/pod-field-flag-gated',
    summary:
      'no field behind a disabled config-features flag (affinity, pod securityContext, fieldRef, capabilities.add, sidecar probes…)',
    see: 'MANIFESTS.md 1.4, 1.6',
    appliesTo: KNATIVE_SERVICE,
    check: flagGatedFields,
  },
  {
    scope: 'document',
    id: 'knative/service-account-name',
    summary: 'serviceAccountName is a DNS-1123 subdomain (an e-mail is rejected)',
    see: 'MANIFESTS.md 1.4',
    appliesTo: KNATIVE_SERVICE,
    check: serviceAccountName,
  },
  {
    scope: 'document',
    id: 'knative/timeout-seconds',
    summary: 'timeoutSeconds, responseStartTimeoutSeconds, idleTimeoutSeconds in [0, 600]',
    see: 'MANIFESTS.md 1.1 (validateTimeoutSeconds)',
    appliesTo: KNATIVE_SERVICE,
    check: timeouts,
  },
  {
    scope: 'document',
    id: 'knative/container-concurrency',
    summary: 'containerConcurrency in [0, 1000]',
    see: 'MANIFESTS.md 1.1 (ValidateContainerConcurrency)',
    appliesTo: KNATIVE_SERVICE,
    check: containerConcurrency,
  },
];
