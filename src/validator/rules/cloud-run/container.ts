/**
 * Cloud Run's rules on the revision and its containers (MANIFESTS 4.2, 4.4): what the v1 schema
 * lets through but Cloud Run refuses or documents as unsupported.
 */
import type { ManifestDocument } from '../../core/manifest-document';
import { isEmail } from '../../core/names';
import { asMapping, mappingAt, quote, valueAt } from '../../core/object-access';
import { documentRule, type DocumentRule, type Violation } from '../../core/rule';
import {
  CLOUD_RUN_SERVICE,
  containersOf,
  entriesOf,
  envEntriesOf,
  numberInRange,
  POD_SPEC,
  portEntriesOf,
  volumesOf,
} from '../kubernetes/workload';

const MAX_CONCURRENCY = 1000;
const MAX_TIMEOUT_SECONDS = 3600;
const LIMIT_KEYS: ReadonlySet<string> = new Set(['cpu', 'memory', 'nvidia.com/gpu']);
const REQUEST_KEYS: ReadonlySet<string> = new Set(['cpu', 'memory']);

function ports(document: ManifestDocument): readonly Violation[] {
  const all = portEntriesOf(document);
  const violations: Violation[] = all
    .slice(1)
    .map((port) => ({ path: port.path, message: 'Only a single port can be specified' }));
  if (all.length === 0) {
    violations.push({
      path: [...(containersOf(document)[0]?.path ?? POD_SPEC), 'ports'],
      message: 'declare the one serving port (name: http1, containerPort)',
    });
  }
  for (const port of all) {
    const { name, protocol } = port.value;
    if (name !== 'http1' && name !== 'h2c')
      violations.push({
        path: [...port.path, 'name'],
        message: `port name must be http1 or h2c, not ${quote(name)}`,
      });
    if (protocol !== undefined && protocol !== 'TCP')
      violations.push({
        path: [...port.path, 'protocol'],
        message: `protocol must be TCP, not ${quote(protocol)}`,
      });
  }
  return violations;
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
        ([key, value]): Violation[] => {
          if (!allowed.has(key))
            return [
              { path: [...path, key], message: `${kind} may only name ${[...allowed].join(', ')}` },
            ];
          return key === 'nvidia.com/gpu' && value !== '1'
            ? [{ path: [...path, key], message: "nvidia.com/gpu may only be '1'" }]
            : [];
        },
      );
    }),
  );
}

function securityContext(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) =>
    Object.keys(asMapping(view.container['securityContext']) ?? {})
      .filter((field) => field !== 'runAsUser')
      .map((field) => ({
        path: [...view.path, 'securityContext', field],
        message: `Cloud Run's securityContext has only runAsUser: ${field} is a gcloud parse error (keep the hardening for Knative)`,
      })),
  );
}

function serviceAccount(document: ManifestDocument): readonly Violation[] {
  const name = valueAt(document.object, [...POD_SPEC, 'serviceAccountName']);
  return typeof name !== 'string' || isEmail(name)
    ? []
    : [
        {
          path: [...POD_SPEC, 'serviceAccountName'],
          message: `${quote(name)} must be an IAM service account e-mail (…@PROJECT.iam.gserviceaccount.com)`,
        },
      ];
}

function envValueFrom(document: ManifestDocument): readonly Violation[] {
  return envEntriesOf(document).flatMap((env) =>
    Object.keys(asMapping(env.value['valueFrom']) ?? {})
      .filter((source) => source !== 'secretKeyRef')
      .map((source) => ({
        path: [...env.path, 'valueFrom', source],
        message: `valueFrom.${source} is not supported: only secretKeyRef (a Secret Manager secret and version)`,
      })),
  );
}

function volumeSources(document: ManifestDocument): readonly Violation[] {
  return volumesOf(document).flatMap((volume) => {
    const violations: Violation[] = [];
    if (volume.value['configMap'] !== undefined)
      violations.push({
        path: [...volume.path, 'configMap'],
        message: 'configMap volumes are not supported in Cloud Run: use a Secret Manager secret',
      });
    if (volume.value['name'] === 'cloudsql')
      violations.push({
        path: [...volume.path, 'name'],
        message: 'the volume name "cloudsql" is reserved',
      });
    return violations;
  });
}

function unsupportedFields(document: ManifestDocument): readonly Violation[] {
  const podSpec = mappingAt(document.object, POD_SPEC) ?? {};
  const violations: Violation[] = ['imagePullSecrets', 'enableServiceLinks']
    .filter((field) => podSpec[field] !== undefined)
    .map((field) => ({
      path: [...POD_SPEC, field],
      message: `${field} is not supported by Cloud Run`,
    }));
  for (const view of containersOf(document)) {
    for (const envFrom of entriesOf(view.container, view.path, 'envFrom')) {
      violations.push({
        path: envFrom.path,
        message: 'envFrom is not supported by Cloud Run: list each variable',
      });
    }
  }
  return violations;
}

const rule = (id: string, summary: string, check: DocumentRule['check']): DocumentRule =>
  documentRule(id, summary, 'MANIFESTS.md 4.2, 4.4', CLOUD_RUN_SERVICE, check);

/** The Cloud Run revision and container rules. */
export const CLOUD_RUN_CONTAINER_RULES: readonly DocumentRule[] = [
  rule('cloudrun/ports', 'exactly one port, named http1 or h2c, protocol TCP', ports),
  rule('cloudrun/port-env', 'no PORT env on the serving container', portEnv),
  rule(
    'cloudrun/resources',
    'limits only cpu, memory, nvidia.com/gpu (1); requests only cpu, memory',
    resources,
  ),
  rule('cloudrun/security-context', 'securityContext has only runAsUser', securityContext),
  rule('cloudrun/container-concurrency', 'containerConcurrency in [0, 1000]', (d) =>
    numberInRange(d, 'containerConcurrency', 0, MAX_CONCURRENCY, ' (0 = default 80 or 1 by CPU)'),
  ),
  rule('cloudrun/timeout-seconds', 'timeoutSeconds in [1, 3600]', (d) =>
    numberInRange(d, 'timeoutSeconds', 1, MAX_TIMEOUT_SECONDS, ''),
  ),
  rule(
    'cloudrun/service-account',
    'serviceAccountName is an IAM service account e-mail',
    serviceAccount,
  ),
  rule('cloudrun/env-value-from', 'env valueFrom only secretKeyRef', envValueFrom),
  rule(
    'cloudrun/volume-source',
    'no configMap volumes; the name cloudsql is reserved',
    volumeSources,
  ),
  rule(
    'cloudrun/unsupported-field',
    'no envFrom, imagePullSecrets, enableServiceLinks',
    unsupportedFields,
  ),
];
