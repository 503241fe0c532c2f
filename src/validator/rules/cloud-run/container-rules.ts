/**
 * Cloud Run's rules on the revision and its containers: what the v1 schema lets through but Cloud
 * Run refuses or documents as unsupported, and (on the whole instance) a CPU below 1 that allows
 * only containerConcurrency 1.
 *
 * @see https://cloud.google.com/run/docs/reference/yaml/v1
 * @see https://cloud.google.com/run/docs/container-contract
 */
import { CLOUD_RUN_LIMITS } from '../../../../charts/limits/cloud-run';
import type { ManifestDocument } from '../../core/manifest-document';
import { isEmail } from '../../core/names';
import { ITEM, KEY, mappingAt, numberAt, quote } from '../../core/object-access';
import { defineRules, eachValue, keyOf, violation, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import {
  CLOUD_RUN_SERVICE,
  CONTAINERS,
  containersOf,
  entriesOf,
  envEntriesOf,
  numberInRange,
  POD_SPEC,
  portEntriesOf,
  quantityOf,
  volumesOf,
} from '../kubernetes/workload';

const { containerConcurrency: CONCURRENCY, timeoutSeconds: TIMEOUT } = CLOUD_RUN_LIMITS;
const FRACTIONAL_CPU = CLOUD_RUN_LIMITS.cpu.fractional;
const PORT_NAMES: readonly unknown[] = CLOUD_RUN_LIMITS.portNames;
const LIMIT_KEYS: ReadonlySet<string> = new Set(['cpu', 'memory', 'nvidia.com/gpu']);
const REQUEST_KEYS: ReadonlySet<string> = new Set(['cpu', 'memory']);

function ports(document: ManifestDocument): readonly Violation[] {
  const all = portEntriesOf(document);
  return [
    ...all
      .slice(1)
      .map((port) => ({ path: port.path, message: 'Only a single port can be specified' })),
    ...(all.length === 0
      ? violation(
          [...(containersOf(document)[0]?.path ?? POD_SPEC), 'ports'],
          'declare the one serving port (name: http1, containerPort)',
        )
      : []),
    ...all.flatMap(({ value: { name, protocol }, path }) => [
      ...(PORT_NAMES.includes(name)
        ? []
        : violation([...path, 'name'], `port name must be http1 or h2c, not ${quote(name)}`)),
      ...(protocol === undefined || protocol === 'TCP'
        ? []
        : violation([...path, 'protocol'], `protocol must be TCP, not ${quote(protocol)}`)),
    ]),
  ];
}

function portEnv(document: ManifestDocument): readonly Violation[] {
  return envEntriesOf(document)
    .filter((env) => env.view.serving && env.value['name'] === 'PORT')
    .map((env) => ({
      path: [...env.path, 'name'],
      message: 'PORT is reserved: Cloud Run sets it to the container port',
    }));
}

function resources(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) =>
    (['limits', 'requests'] as const).flatMap((kind) => {
      const allowed = kind === 'limits' ? LIMIT_KEYS : REQUEST_KEYS;
      const path = [...view.path, 'resources', kind];
      return Object.entries(mappingAt(view.container, ['resources', kind]) ?? {}).flatMap(
        ([key, value]) => {
          if (!allowed.has(key))
            return violation([...path, key], `${kind} may only name ${[...allowed].join(', ')}`);
          return key === 'nvidia.com/gpu' && value !== '1'
            ? violation([...path, key], "nvidia.com/gpu may only be '1'")
            : [];
        },
      );
    }),
  );
}

function volumeSources(document: ManifestDocument): readonly Violation[] {
  return volumesOf(document).flatMap(({ value, path }) => [
    ...(value['configMap'] === undefined
      ? []
      : violation(
          [...path, 'configMap'],
          'configMap volumes are not supported in Cloud Run: use a Secret Manager secret',
        )),
    ...(value['name'] === 'cloudsql'
      ? violation([...path, 'name'], 'the volume name "cloudsql" is reserved')
      : []),
  ]);
}

function unsupportedFields(document: ManifestDocument): readonly Violation[] {
  const podSpec = mappingAt(document.object, POD_SPEC) ?? {};
  return [
    ...['imagePullSecrets', 'enableServiceLinks']
      .filter((field) => podSpec[field] !== undefined)
      .map((field) => ({
        path: [...POD_SPEC, field],
        message: `${field} is not supported by Cloud Run`,
      })),
    ...containersOf(document).flatMap((view) =>
      entriesOf(view.container, view.path, 'envFrom').map((envFrom) => ({
        path: envFrom.path,
        message: 'envFrom is not supported by Cloud Run: list each variable',
      })),
    ),
  ];
}

function fractionalCpu(document: ManifestDocument): readonly Violation[] {
  const path = [...POD_SPEC, 'containerConcurrency'];
  const concurrency = numberAt(document.object, path) ?? CONCURRENCY.default;
  const each = containersOf(document).map((view) =>
    quantityOf('cpu', mappingAt(view.container, ['resources', 'limits'])?.['cpu']),
  );
  const millicores = each.includes(undefined)
    ? undefined
    : each.reduce<number>((sum, one) => sum + (one ?? 0), 0);
  return each.length === 0 ||
    millicores === undefined ||
    millicores >= FRACTIONAL_CPU.belowMillicores ||
    concurrency === FRACTIONAL_CPU.maxConcurrency
    ? []
    : violation(
        path,
        `containerConcurrency ${concurrency} with ${millicores}m CPU in all: Cloud Run allows only 1 with less than 1 CPU`,
      );
}

/** The Cloud Run revision and container rules. */
export const CLOUD_RUN_CONTAINER_RULES = defineRules(CLOUD_RUN_SERVICE, SOURCES.cloudRunYaml, {
  'cloudrun/fractional-cpu-concurrency': [
    'a CPU limit below 1 (summed over the containers) needs containerConcurrency 1',
    fractionalCpu,
    SOURCES.cloudRunCpu,
  ],
  'cloudrun/ports': [
    'exactly one port, named http1 or h2c, protocol TCP',
    ports,
    SOURCES.cloudRunContainerContract,
  ],
  'cloudrun/port-env': [
    'no PORT env on the serving container',
    portEnv,
    SOURCES.cloudRunContainerContract,
  ],
  'cloudrun/resources': [
    'limits only cpu, memory, nvidia.com/gpu (1); requests only cpu, memory',
    resources,
  ],
  'cloudrun/security-context': [
    'securityContext has only runAsUser',
    eachValue([...CONTAINERS, 'securityContext', KEY], (_, path) =>
      keyOf(path) === 'runAsUser'
        ? undefined
        : `Cloud Run's securityContext has only runAsUser: ${keyOf(path)} is a gcloud parse error (keep the hardening for Knative)`,
    ),
  ],
  'cloudrun/container-concurrency': [
    `containerConcurrency in [${CONCURRENCY.min}, ${CONCURRENCY.max}]`,
    (d) =>
      numberInRange(
        d,
        'containerConcurrency',
        CONCURRENCY,
        ` (0 = default ${CONCURRENCY.default} or 1 by CPU)`,
      ),
  ],
  'cloudrun/timeout-seconds': [
    `timeoutSeconds in [${TIMEOUT.min}, ${TIMEOUT.max}]`,
    (d) => numberInRange(d, 'timeoutSeconds', TIMEOUT, ''),
  ],
  'cloudrun/service-account': [
    'serviceAccountName is an IAM service account e-mail',
    eachValue([...POD_SPEC, 'serviceAccountName'], (name) =>
      typeof name !== 'string' || isEmail(name)
        ? undefined
        : `${quote(name)} must be an IAM service account e-mail (…@PROJECT.iam.gserviceaccount.com)`,
    ),
  ],
  'cloudrun/env-value-from': [
    'env valueFrom only secretKeyRef',
    eachValue([...CONTAINERS, 'env', ITEM, 'valueFrom', KEY], (_, path) =>
      keyOf(path) === 'secretKeyRef'
        ? undefined
        : `valueFrom.${keyOf(path)} is not supported: only secretKeyRef (a Secret Manager secret and version)`,
    ),
    SOURCES.cloudRunSecrets,
  ],
  'cloudrun/volume-source': ['no configMap volumes; the name cloudsql is reserved', volumeSources],
  'cloudrun/unsupported-field': [
    'no envFrom, imagePullSecrets, enableServiceLinks',
    unsupportedFields,
  ],
});
