/**
 * Knative Serving's rules on the revision's pod spec: which PodSpec fields the webhook allows,
 * which need a `config-features` flag (all disabled by default), the service account name,
 * timeouts and concurrency.
 *
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/fieldmask.go
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/k8s_validation.go
 */
import type { ManifestDocument } from '../../core/manifest-document';
import { isDns1123Subdomain, isEmail } from '../../core/names';
import { asMapping, mappingAt, quote, valueAt, type Path } from '../../core/object-access';
import { defineRules, violation, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
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
  return [
    ...DISALLOWED_POD_FIELDS.filter((field) => field in podSpec).map((field) => ({
      path: [...POD_SPEC, field],
      message: `${field} is not allowed in a Knative revision`,
    })),
    ...(podSpec['automountServiceAccountToken'] === true
      ? violation(
          [...POD_SPEC, 'automountServiceAccountToken'],
          'automountServiceAccountToken may only be false',
        )
      : []),
  ];
}

const gated = (path: Path, what: string, flag: string): Violation => ({
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
        if (asMapping(env.value['valueFrom'])?.[source] !== undefined)
          violations.push(
            gated([...env.path, 'valueFrom', source], `env ${source}`, 'kubernetes.podspec-fieldref'),
          );
      }
    }
    if (valueAt(view.container, ['securityContext', 'capabilities', 'add']) !== undefined)
      violations.push(
        gated(
          [...view.path, 'securityContext', 'capabilities', 'add'],
          'capabilities.add',
          'kubernetes.containerspec-addcapabilities',
        ),
      );
    for (const mount of entriesOf(view.container, view.path, 'volumeMounts')) {
      if (mount.value['mountPropagation'] !== undefined)
        violations.push(
          gated(
            [...mount.path, 'mountPropagation'],
            'mountPropagation',
            'kubernetes.podspec-volumes-mount-propagation',
          ),
        );
    }
    if (!view.serving)
      for (const probe of probesOf(view))
        violations.push(gated(probe.path, 'a probe on a sidecar', 'multi-container-probing'));
  }
  return violations;
}

function serviceAccountName(document: ManifestDocument): readonly Violation[] {
  const name = valueAt(document.object, [...POD_SPEC, 'serviceAccountName']);
  if (typeof name !== 'string' || isDns1123Subdomain(name)) return [];
  const hint = isEmail(name)
    ? ' (an IAM e-mail is the Cloud Run form; Knative needs a Kubernetes ServiceAccount name)'
    : '';
  return violation(
    [...POD_SPEC, 'serviceAccountName'],
    `${quote(name)} is not a DNS-1123 subdomain${hint}`,
  );
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

/** The pod-spec rules (volumes are in `volumes-rules.ts`). */
export const KNATIVE_POD_SPEC_RULES = defineRules(KNATIVE_SERVICE, SOURCES.knativeFieldMask, {
  'knative/pod-field-disallowed': [
    'no restartPolicy, terminationGracePeriodSeconds, nodeName…; automountServiceAccountToken only false',
    disallowedFields,
  ],
  'knative/pod-field-flag-gated': [
    'no field behind a disabled config-features flag (affinity, pod securityContext, fieldRef, capabilities.add, sidecar probes…)',
    flagGatedFields,
  ],
  'knative/service-account-name': [
    'serviceAccountName is a DNS-1123 subdomain (an e-mail is rejected)',
    serviceAccountName,
    SOURCES.knativePodSpec,
  ],
  'knative/timeout-seconds': [
    'timeoutSeconds, responseStartTimeoutSeconds, idleTimeoutSeconds in [0, 600]',
    timeouts,
    SOURCES.knativeRevision,
  ],
  'knative/container-concurrency': [
    'containerConcurrency in [0, 1000]',
    containerConcurrency,
    SOURCES.knativeMetadata,
  ],
});
