/**
 * Rules on the containers of a Service on either target: image references that parse, no
 * credential-looking environment variable with a literal value, a traffic split that adds up, env
 * names unique per container, and no container that must not run as root asking for user 0.
 */
import { CLOUD_RUN_LIMITS } from '../../../../charts/limits/cloud-run';
import type { ManifestDocument } from '../../core/manifest-document';
import { isImageReference } from '../../core/names';
import { asList, asMapping, mappingAt, quote, valueAt } from '../../core/object-access';
import { CONTAINER_SOURCE } from '../../core/references';
import { defineRules, violation, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import {
  CLOUD_RUN_SERVICE,
  containersOf,
  entriesOf,
  envEntriesOf,
  isServingService,
  KNATIVE_SERVICE,
  literalEnv,
  POD_SPEC,
} from './workload';

/** The worker's bound on events handled at once (`src/config/load-config.ts`). */
const MAX_IN_FLIGHT = 'MAX_IN_FLIGHT';

/** Env names that hold credentials: `*_KEY`, `*SECRET*`, `*TOKEN*`, `*PASSWORD*`, the key file. */
const CREDENTIAL_NAME =
  /(_KEY$|^KEY$|SECRET|TOKEN|PASSWORD|PASSWD|^GOOGLE_APPLICATION_CREDENTIALS$)/i;

function imageReferences(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) => {
    const image = view.container['image'];
    const path = [...view.path, 'image'];
    if (image === undefined) return violation(path, 'every container needs an image');
    return typeof image === 'string' && !isImageReference(image)
      ? violation(
          path,
          `${quote(image)} is not an image reference ([registry/]path[:tag][@sha256:…])`,
        )
      : [];
  });
}

/** `GOOGLE_APPLICATION_CREDENTIALS` names a key file; an absolute path is no credential. */
const KEY_FILE_VARIABLE = 'GOOGLE_APPLICATION_CREDENTIALS';

function literalCredentials(document: ManifestDocument): readonly Violation[] {
  return envEntriesOf(document).flatMap(({ value: env, path }) => {
    const { name, value } = env;
    return typeof name === 'string' &&
      CREDENTIAL_NAME.test(name) &&
      typeof value === 'string' &&
      value !== '' &&
      !(name === KEY_FILE_VARIABLE && /^\/[^\s{}"]*$/.test(value))
      ? violation(
          [...path, 'value'],
          `${name} looks like a credential but has a literal value: use valueFrom.secretKeyRef (a Secret on Knative, Secret Manager on Cloud Run)`,
        )
      : [];
  });
}

function trafficPercent(document: ManifestDocument): readonly Violation[] {
  const traffic = asList(valueAt(document.object, ['spec', 'traffic']));
  const total = traffic
    .map((target) => asMapping(target)?.['percent'])
    .reduce<number>((sum, percent) => sum + (typeof percent === 'number' ? percent : 0), 0);
  return traffic.length === 0 || total === 100
    ? []
    : violation(['spec', 'traffic'], `traffic percents add up to ${total}, not 100`);
}

function duplicateEnv(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) => {
    const seen = new Set<unknown>();
    return entriesOf(view.container, view.path, 'env').flatMap(({ value, path }) => {
      const twice = seen.has(value['name']);
      seen.add(value['name']);
      return twice
        ? violation(
            [...path, 'name'],
            `env ${quote(value['name'])} is set twice: which value wins differs between platforms`,
          )
        : [];
    });
  });
}

function rootUser(document: ManifestDocument): readonly Violation[] {
  const pod = mappingAt(document.object, [...POD_SPEC, 'securityContext']);
  return containersOf(document).flatMap((view) => {
    const own = asMapping(view.container['securityContext']);
    const user = own?.['runAsUser'] ?? pod?.['runAsUser'];
    const nonRoot = own?.['runAsNonRoot'] ?? pod?.['runAsNonRoot'];
    return user === 0 && nonRoot === true
      ? violation(
          [...view.path, 'securityContext', 'runAsUser'],
          'runAsUser 0 with runAsNonRoot true: the kubelet refuses to start the container',
        )
      : [];
  });
}

/**
 * The worker's `containerConcurrency` above its `MAX_IN_FLIGHT`: the platform admits requests the
 * worker then answers 429. Synth refuses the same (`service.containerConcurrency` ≤
 * `worker.MAX_IN_FLIGHT`). A serving container that sets `MAX_IN_FLIGHT` as a literal is the
 * worker (other services, the dead-letter receiver included, do not read it). 0 or unset is Cloud
 * Run's default of 80 and unlimited on Knative.
 */
function concurrencyAboveInFlight(document: ManifestDocument): readonly Violation[] {
  const view = isServingService(document)
    ? containersOf(document).find((v) => v.serving)
    : undefined;
  const literal = view === undefined ? undefined : literalEnv(view, MAX_IN_FLIGHT);
  if (literal === undefined || !/^[0-9]+$/.test(literal)) return [];
  const inFlight = Number(literal);
  const path = [...POD_SPEC, 'containerConcurrency'];
  const set = valueAt(document.object, path);
  if (set !== undefined && typeof set !== 'number') return [];
  const cloudRun = document.target === 'cloud-run';
  const concurrency =
    set === undefined || set === 0
      ? cloudRun
        ? CLOUD_RUN_LIMITS.containerConcurrency.default
        : Number.POSITIVE_INFINITY
      : set;
  const shown = Number.isFinite(concurrency) ? String(concurrency) : '0 (unlimited)';
  return concurrency <= inFlight
    ? []
    : violation(
        path,
        `containerConcurrency ${shown} exceeds the worker's MAX_IN_FLIGHT ${quote(literal)}: the platform admits requests the worker answers 429; set containerConcurrency ≤ MAX_IN_FLIGHT`,
      );
}

/** The rules on a workload: a Service of either target, and the Pub/Sub source's ContainerSource. */
export const WORKLOAD_RULES = defineRules(
  [KNATIVE_SERVICE, CLOUD_RUN_SERVICE, CONTAINER_SOURCE],
  SOURCES.kubernetesEnv,
  {
    'workload/image-reference': [
      'every container has an image that parses as an image reference',
      imageReferences,
      SOURCES.imageReference,
    ],
    'secrets/literal-env': [
      'env named like a credential (*_KEY, *SECRET*, *TOKEN*, *PASSWORD*, GOOGLE_APPLICATION_CREDENTIALS other than a file path) uses valueFrom',
      literalCredentials,
      SOURCES.kubernetesSecretEnv,
    ],
    'workload/traffic-percent': [
      'spec.traffic percents add up to 100',
      trafficPercent,
      SOURCES.knativeTraffic,
    ],
    'workload/duplicate-env': ['env names are unique per container', duplicateEnv],
    'workload/concurrency-in-flight': [
      "a worker's containerConcurrency ≤ the MAX_IN_FLIGHT its serving container sets, as synth requires",
      concurrencyAboveInFlight,
      SOURCES.knativeConcurrency,
    ],
    'workload/run-as-root': [
      'no runAsUser 0 together with runAsNonRoot true',
      rootUser,
      SOURCES.kubernetesSecurityContext,
    ],
  },
);
