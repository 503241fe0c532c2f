/**
 * Rules on a ContainerSource that its CRD schema cannot encode (its pod template is
 * `x-kubernetes-preserve-unknown-fields`): what the Eventing webhook refuses, what the API server
 * refuses in the Deployment made from it, and our policy for the kit's Pub/Sub source (hardened,
 * probed, with requests and limits, configured as the source reads its configuration).
 *
 * @see https://github.com/knative/eventing/blob/knative-v1.22.2/pkg/apis/sources/v1/container_validation.go
 */
import { SOURCE_ENV } from '../../../config/source-contract';
import type { ManifestDocument } from '../../core/manifest-document';
import { asMapping, quote, valueAt, type Path } from '../../core/object-access';
import { CONTAINER_SOURCE } from '../../core/references';
import { defineRules, violation, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { hardening } from '../knative/security-rules';
import {
  containersOf,
  entriesOf,
  quantityOf,
  volumesOf,
  type ContainerView,
} from '../kubernetes/workload';

const CONTAINERS: Path = ['spec', 'template', 'spec', 'containers'];

function template(document: ManifestDocument): readonly Violation[] {
  const containers = containersOf(document);
  if (containers.length === 0)
    return violation(CONTAINERS, 'the template needs at least one container');
  return containers.flatMap((view) =>
    ['name', 'image']
      .filter((field) => typeof view.container[field] !== 'string' || view.container[field] === '')
      .map((field) => ({
        path: [...view.path, field],
        message: `every container needs a ${field}`,
      })),
  );
}

const PROBES = ['readinessProbe', 'livenessProbe'] as const;

function probes(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) =>
    PROBES.flatMap((field) => {
      const probe = asMapping(view.container[field]);
      const path = [...view.path, field];
      if (probe === undefined)
        return violation(
          path,
          `policy: set a ${field}: a source that stopped pulling would otherwise run on unnoticed`,
        );
      const get = asMapping(probe['httpGet']);
      return get !== undefined && get['port'] === undefined
        ? violation(
            [...path, 'httpGet', 'port'],
            'httpGet.port is required in a pod (the Deployment made from the ContainerSource is refused without it)',
          )
        : [];
    }),
  );
}

function resources(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) => {
    const path = [...view.path, 'resources'];
    return (['cpu', 'memory'] as const).flatMap((resource) => {
      const request = valueAt(view.container, ['resources', 'requests', resource]);
      const limit = valueAt(view.container, ['resources', 'limits', resource]);
      if (request === undefined || limit === undefined)
        return violation(
          path,
          `policy: set requests.${resource} and limits.${resource}: the source runs all the time`,
        );
      const [low, high] = [quantityOf(resource, request), quantityOf(resource, limit)];
      return low !== undefined && high !== undefined && low > high
        ? violation(
            [...path, 'requests', resource],
            `requests.${resource} ${quote(request)} exceeds limits.${resource} ${quote(limit)}`,
          )
        : [];
    });
  });
}

/** A full resource name the source reads, by variable: what it must look like. */
const FULL_NAMES: readonly (readonly [variable: string, pattern: RegExp, shape: string])[] = [
  [
    SOURCE_ENV.subscription,
    /^projects\/[^/]+\/subscriptions\/[^/]+$/,
    'projects/P/subscriptions/S',
  ],
  [SOURCE_ENV.deadLetterTopic, /^projects\/[^/]+\/topics\/[^/]+$/, 'projects/P/topics/T'],
];

/** Variables Knative sets in the source (through the SinkBinding): never by hand. */
const KNATIVE_SET = [SOURCE_ENV.sink, 'K_CE_OVERRIDES'];

/** The env problems of the container that runs the kit's source. */
function sourceEnvironment(view: ContainerView, document: ManifestDocument): Violation[] {
  const env = entriesOf(view.container, view.path, 'env');
  const literal = (name: string) => {
    const entry = env.find((e) => e.value['name'] === name);
    const value = entry?.value['value'];
    return entry === undefined ? undefined : { value, path: [...entry.path, 'value'] };
  };
  const required = [...FULL_NAMES.map(([name]) => name), SOURCE_ENV.bucket]
    .filter((name) => literal(name) === undefined)
    .map((name) => ({
      path: [...view.path, 'env'],
      message: `${name} is required: the source stops at start without it`,
    }));
  const shapes = FULL_NAMES.flatMap(([name, pattern, shape]) => {
    const found = literal(name);
    return found === undefined || (typeof found.value === 'string' && pattern.test(found.value))
      ? []
      : [
          {
            path: found.path,
            message: `${name} ${quote(found.value)} must be the full name ${shape}`,
          },
        ];
  });
  const knative = env
    .filter((e) => KNATIVE_SET.includes(String(e.value['name'])))
    .map((e) => ({
      path: [...e.path, 'name'],
      message: `${String(e.value['name'])} is set by Knative (the ContainerSource's SinkBinding): do not set it`,
    }));
  return [...required, ...shapes, ...knative, ...keyFile(view, document, literal)];
}

/** `GOOGLE_APPLICATION_CREDENTIALS` names a file of a read-only mounted Secret volume. */
function keyFile(
  view: ContainerView,
  document: ManifestDocument,
  literal: (name: string) => { value: unknown; path: Path } | undefined,
): Violation[] {
  const credentials = literal(SOURCE_ENV.credentials);
  if (credentials === undefined) return [];
  const file = String(credentials.value);
  const secretVolumes = new Set(
    volumesOf(document)
      .filter((volume) => asMapping(volume.value['secret']) !== undefined)
      .map((volume) => volume.value['name']),
  );
  const mount = entriesOf(view.container, view.path, 'volumeMounts').find((entry) => {
    const at = entry.value['mountPath'];
    return (
      typeof at === 'string' &&
      file.startsWith(`${at.replace(/\/$/, '')}/`) &&
      secretVolumes.has(entry.value['name'])
    );
  });
  if (mount === undefined)
    return violation(
      credentials.path,
      `${SOURCE_ENV.credentials} ${quote(file)} is not in a mounted Secret volume: the source would find no key`,
    );
  return mount.value['readOnly'] === true
    ? []
    : violation([...mount.path, 'readOnly'], 'mount the key Secret readOnly: true');
}

/** Whether a container runs the kit's source: it is configured with `PUBSUB_SUBSCRIPTION`. */
function runsKitSource(view: ContainerView): boolean {
  return entriesOf(view.container, view.path, 'env').some(
    (entry) => entry.value['name'] === SOURCE_ENV.subscription,
  );
}

/** The ContainerSource rules. */
export const CONTAINER_SOURCE_RULES = [
  ...defineRules(CONTAINER_SOURCE, SOURCES.knativeContainerSource, {
    'eventing/container-source-template': [
      'the template has at least one container, each with a name and an image',
      template,
    ],
  }),
  ...defineRules(CONTAINER_SOURCE, SOURCES.pubSubSource, {
    'source/hardening': [
      'policy: every container runAsNonRoot, allowPrivilegeEscalation false, readOnlyRootFilesystem, drop ALL, seccomp RuntimeDefault',
      hardening,
      SOURCES.podSecurityRestricted,
    ],
    'source/probes': [
      'policy: readiness and liveness probes on every container; an httpGet probe names its port (a pod needs it)',
      probes,
      SOURCES.kubernetesProbes,
    ],
    'source/resources': [
      'policy: cpu and memory requests and limits on every container, requests ≤ limits',
      resources,
      SOURCES.kubernetesResources,
    ],
    'source/environment': [
      "the kit's source container sets PUBSUB_SUBSCRIPTION and PUBSUB_DEAD_LETTER_TOPIC as full names and BUCKET, not K_SINK or K_CE_OVERRIDES (Knative's), and a GOOGLE_APPLICATION_CREDENTIALS file in a read-only Secret volume",
      (document) =>
        containersOf(document)
          .filter(runsKitSource)
          .flatMap((view) => sourceEnvironment(view, document)),
    ],
  }),
];
