/**
 * Knative Serving's rules on the revision's pod spec: which PodSpec fields the webhook allows,
 * which need a `config-features` flag (all disabled by default), the service account name,
 * timeouts and concurrency.
 *
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/fieldmask.go
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/k8s_validation.go
 */
import { KNATIVE_LIMITS } from '../../../../charts/limits/knative';
import type { ManifestDocument } from '../../core/manifest-document';
import { isDns1123Subdomain, isEmail } from '../../core/names';
import { ITEM, KEY, quote, valuesAt, type Pattern } from '../../core/object-access';
import { defineRules, eachValue, keyOf, words, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import {
  CONTAINERS,
  containersOf,
  KNATIVE_SERVICE,
  numberInRange,
  POD_SPEC,
  probesOf,
} from '../kubernetes/workload';

/** PodSpec fields the webhook rejects whatever the flags say. */
const DISALLOWED_POD_FIELDS: ReadonlySet<string> = new Set(
  words(`restartPolicy terminationGracePeriodSeconds activeDeadlineSeconds nodeName hostname
    subdomain priority readinessGates`),
);

/** PodSpec fields behind a `config-features` flag `kubernetes.podspec-<lower-case name>`. */
const FLAG_GATED_POD_FIELDS: ReadonlySet<string> = new Set(
  words(`affinity topologySpreadConstraints hostAliases nodeSelector runtimeClassName tolerations
    securityContext shareProcessNamespace priorityClassName schedulerName dnsPolicy dnsConfig
    hostIPC hostPID hostNetwork`),
);

/** Container fields behind a flag: where they sit, how a message names them, the flag. */
const FLAG_GATED_CONTAINER_FIELDS: readonly [at: Pattern, what: string, flag: string][] = [
  [
    [...CONTAINERS, 'env', ITEM, 'valueFrom', 'fieldRef'],
    'env fieldRef',
    'kubernetes.podspec-fieldref',
  ],
  [
    [...CONTAINERS, 'env', ITEM, 'valueFrom', 'resourceFieldRef'],
    'env resourceFieldRef',
    'kubernetes.podspec-fieldref',
  ],
  [
    [...CONTAINERS, 'securityContext', 'capabilities', 'add'],
    'capabilities.add',
    'kubernetes.containerspec-addcapabilities',
  ],
  [
    [...CONTAINERS, 'volumeMounts', ITEM, 'mountPropagation'],
    'mountPropagation',
    'kubernetes.podspec-volumes-mount-propagation',
  ],
];

const gated = (what: string, flag: string) =>
  `${what} needs the config-features flag ${flag} (disabled by default)`;

function flagGatedFields(document: ManifestDocument): readonly Violation[] {
  const podFields = valuesAt(document.object, [...POD_SPEC, KEY]).flatMap(({ path }) => {
    const field = keyOf(path);
    if (field === 'initContainers')
      return [{ path, message: gated(field, 'kubernetes.podspec-init-containers') }];
    return FLAG_GATED_POD_FIELDS.has(field)
      ? [{ path, message: gated(field, `kubernetes.podspec-${field.toLowerCase()}`) }]
      : [];
  });
  const containerFields = FLAG_GATED_CONTAINER_FIELDS.flatMap(([at, what, flag]) =>
    valuesAt(document.object, at)
      .filter(({ value }) => value !== undefined)
      .map(({ path }) => ({ path, message: gated(what, flag) })),
  );
  const sidecarProbes = containersOf(document)
    .filter((view) => !view.serving)
    .flatMap(probesOf)
    .map(({ path }) => ({
      path,
      message: gated('a probe on a sidecar', 'multi-container-probing'),
    }));
  return [...podFields, ...containerFields, ...sidecarProbes];
}

/** The pod-spec rules (volumes are in `volumes-rules.ts`). */
export const KNATIVE_POD_SPEC_RULES = defineRules(KNATIVE_SERVICE, SOURCES.knativeFieldMask, {
  'knative/pod-field-disallowed': [
    'no restartPolicy, terminationGracePeriodSeconds, nodeName…; automountServiceAccountToken only false',
    eachValue([...POD_SPEC, KEY], (value, path) => {
      const field = keyOf(path);
      if (DISALLOWED_POD_FIELDS.has(field)) return `${field} is not allowed in a Knative revision`;
      return field === 'automountServiceAccountToken' && value === true
        ? 'automountServiceAccountToken may only be false'
        : undefined;
    }),
  ],
  'knative/pod-field-flag-gated': [
    'no field behind a disabled config-features flag (affinity, pod securityContext, fieldRef, capabilities.add, sidecar probes…)',
    flagGatedFields,
  ],
  'knative/service-account-name': [
    'serviceAccountName is a DNS-1123 subdomain (an e-mail is rejected)',
    eachValue([...POD_SPEC, 'serviceAccountName'], (name) => {
      if (typeof name !== 'string' || isDns1123Subdomain(name)) return undefined;
      const hint = isEmail(name)
        ? ' (an IAM e-mail is the Cloud Run form; Knative needs a Kubernetes ServiceAccount name)'
        : '';
      return `${quote(name)} is not a DNS-1123 subdomain${hint}`;
    }),
    SOURCES.knativePodSpec,
  ],
  'knative/timeout-seconds': [
    `timeoutSeconds, responseStartTimeoutSeconds, idleTimeoutSeconds in [${KNATIVE_LIMITS.timeoutSeconds.min}, ${KNATIVE_LIMITS.timeoutSeconds.max}]`,
    (document) =>
      ['timeoutSeconds', 'responseStartTimeoutSeconds', 'idleTimeoutSeconds'].flatMap((field) =>
        numberInRange(
          document,
          field,
          KNATIVE_LIMITS.timeoutSeconds,
          ' (max-revision-timeout-seconds; Cloud Run allows 3600, Knative does not)',
        ),
      ),
    SOURCES.knativeRevision,
  ],
  'knative/container-concurrency': [
    `containerConcurrency in [${KNATIVE_LIMITS.containerConcurrency.min}, ${KNATIVE_LIMITS.containerConcurrency.max}]`,
    (document) =>
      numberInRange(
        document,
        'containerConcurrency',
        KNATIVE_LIMITS.containerConcurrency,
        ' (0 = unlimited)',
      ),
    SOURCES.knativeMetadata,
  ],
});
