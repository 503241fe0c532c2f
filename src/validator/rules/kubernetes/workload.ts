/**
 * Reading a `serving.knative.dev/v1` Service (either target) as a workload: its revision template,
 * pod spec, containers (which one serves), ports, env and probes, each with its path.
 */
import { CLOUD_RUN_LIMITS } from '../../../../charts/limits/cloud-run';
import { KNATIVE_LIMITS } from '../../../../charts/limits/knative';
import { KUBERNETES_QUANTITIES } from '../../../../charts/limits/kubernetes';
import {
  DEFAULT_VISION_TIMEOUT_MS,
  processingBudgetSeconds,
} from '../../../config/worker-contract';
import type { ManifestDocument } from '../../core/manifest-document';
import {
  asList,
  asMapping,
  listAt,
  numberAt,
  valueAt,
  ITEM,
  type Mapping,
  type Path,
  type Pattern,
} from '../../core/object-access';
import { violation, type Violation } from '../../core/rule';

/** `spec.template.metadata.annotations` */
export const TEMPLATE_ANNOTATIONS: Path = ['spec', 'template', 'metadata', 'annotations'];
/** `spec.template.spec` (RevisionSpec: PodSpec plus Knative's fields) */
export const POD_SPEC: Path = ['spec', 'template', 'spec'];
/** Each container of the revision (a `valuesAt` pattern). */
export const CONTAINERS: Pattern = [...POD_SPEC, 'containers', ITEM];
/** Each port of each container. */
export const PORTS: Pattern = [...CONTAINERS, 'ports', ITEM];

/** Selects a Knative Service (`serving.knative.dev/v1`, not under `cloudrun/`). */
export const KNATIVE_SERVICE = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  target: 'knative',
} as const;
/** Selects a Cloud Run Service YAML (`serving.knative.dev/v1` under `cloudrun/`). */
export const CLOUD_RUN_SERVICE = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  target: 'cloud-run',
} as const;

/** The probe fields of a container. */
export const PROBE_FIELDS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** One container with where it is and whether it is the serving (ingress) container. */
export interface ContainerView {
  readonly container: Mapping;
  readonly path: Path;
  /** True for the container that receives requests (see {@link containersOf}). */
  readonly serving: boolean;
}

/** One entry of a list field with its path. */
export interface Entry {
  readonly value: Mapping;
  readonly path: Path;
}

/**
 * The containers of the revision template. The serving container is the first that declares a
 * port; when none does, the only container (with several and no port, none serves).
 */
export function containersOf(document: ManifestDocument): readonly ContainerView[] {
  const containers = listAt(document.object, [...POD_SPEC, 'containers'])
    .map(asMapping)
    .map((container, index) => ({ container: container ?? {}, index }));
  const withPort = containers.find(({ container }) => asList(container['ports']).length > 0);
  const servingIndex = withPort?.index ?? (containers.length === 1 ? 0 : -1);
  return containers.map(({ container, index }) => ({
    container,
    path: [...POD_SPEC, 'containers', index],
    serving: index === servingIndex,
  }));
}

/** The mapping entries of a list field of `parent` (ports, env, volumeMounts…). */
export function entriesOf(parent: Mapping, parentPath: Path, field: string): readonly Entry[] {
  return asList(parent[field]).flatMap((item, index) => {
    const value = asMapping(item);
    return value === undefined ? [] : [{ value, path: [...parentPath, field, index] }];
  });
}

/** Every probe of a container that is set. */
export function probesOf(view: ContainerView): readonly (Entry & { readonly field: string })[] {
  return PROBE_FIELDS.flatMap((field) => {
    const value = asMapping(view.container[field]);
    return value === undefined ? [] : [{ value, path: [...view.path, field], field }];
  });
}

/** Every `env` entry of every container. */
export function envEntriesOf(
  document: ManifestDocument,
): readonly (Entry & { readonly view: ContainerView })[] {
  return containersOf(document).flatMap((view) =>
    entriesOf(view.container, view.path, 'env').map((entry) => ({ ...entry, view })),
  );
}

/** Every `ports` entry of every container. */
export function portEntriesOf(
  document: ManifestDocument,
): readonly (Entry & { readonly view: ContainerView })[] {
  return containersOf(document).flatMap((view) =>
    entriesOf(view.container, view.path, 'ports').map((entry) => ({ ...entry, view })),
  );
}

/** The value of a container's env variable, when it is set as a literal. */
export function literalEnv(view: ContainerView, name: string): string | undefined {
  const entry = entriesOf(view.container, view.path, 'env').find((e) => e.value['name'] === name);
  const value = entry?.value['value'];
  return typeof value === 'string' ? value : undefined;
}

/** Every volume of the revision (`spec.template.spec.volumes`). */
export function volumesOf(document: ManifestDocument): readonly Entry[] {
  const podSpec = asMapping(valueAt(document.object, POD_SPEC)) ?? {};
  return entriesOf(podSpec, POD_SPEC, 'volumes');
}

/** Is this a `serving.knative.dev/v1` Service (either target)? */
export function isServingService(document: ManifestDocument): boolean {
  return document.kind === 'Service' && document.apiVersion === 'serving.knative.dev/v1';
}

/** The revision's request timeout in seconds (`timeoutSeconds`, or its target's default). */
export function timeoutSecondsOf(service: ManifestDocument): number {
  const limits = service.target === 'cloud-run' ? CLOUD_RUN_LIMITS : KNATIVE_LIMITS;
  return numberAt(service.object, [...POD_SPEC, 'timeoutSeconds']) ?? limits.timeoutSeconds.default;
}

/**
 * The pod-spec number `field` when it is outside `range`: `"<value> is outside [min, max]"`
 * followed by `note`; nothing when it is absent or not a number.
 */
export function numberInRange(
  document: ManifestDocument,
  field: string,
  { min, max }: { readonly min: number; readonly max: number },
  note: string,
): readonly Violation[] {
  const value = valueAt(document.object, [...POD_SPEC, field]);
  return typeof value !== 'number' || (value >= min && value <= max)
    ? []
    : violation([...POD_SPEC, field], `${value} is outside [${min}, ${max}]${note}`);
}

/** A Kubernetes quantity: signed decimal number, then a suffix or a decimal exponent. */
const QUANTITY =
  /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:([KMGTPE]i|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/;

/**
 * A quantity in base units (cores, bytes): `"250m"` → 0.25, `1.5` → 1.5, `"512Mi"` → 536870912,
 * `"1G"` → 1e9, `"1e3"` → 1000; a YAML number is read as it is. `undefined` when `value` is not
 * a quantity.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
export function quantityValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value);
  if (match?.[1] === undefined) return undefined;
  const suffix = (match[2] ?? '') as keyof typeof KUBERNETES_QUANTITIES.suffixMultipliers;
  const multiplier =
    match[3] === undefined
      ? KUBERNETES_QUANTITIES.suffixMultipliers[suffix]
      : 10 ** Number(match[3]);
  return Number(match[1]) * multiplier;
}

/**
 * A cpu quantity in millicores or a memory quantity in bytes, `undefined` when absent or not a
 * quantity (any form of the grammar: `1`, `0.5`, `250m`, a YAML number; `512Mi`, `1G`, `1e9`).
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
export function quantityOf(resource: 'cpu' | 'memory', value: unknown): number | undefined {
  const base = quantityValue(value);
  if (base === undefined) return undefined;
  // rounded so that 0.1 cores is 100 millicores, not 100.00000000000001
  return resource === 'cpu' ? Math.round(base * 1e6) / 1e3 : Math.round(base);
}

/**
 * The worker's processing budget as synth computes it (`ceil(VISION_TIMEOUT_MS / 1000) + 10`,
 * {@link processingBudgetSeconds}), from the serving container's VISION_TIMEOUT_MS or the default.
 */
export function workerBudgetSeconds(service: ManifestDocument | undefined): number {
  const view = service === undefined ? undefined : containersOf(service).find((c) => c.serving);
  const value = view === undefined ? undefined : literalEnv(view, 'VISION_TIMEOUT_MS');
  return processingBudgetSeconds(
    value !== undefined && /^\d+$/.test(value) ? Number(value) : DEFAULT_VISION_TIMEOUT_MS,
  );
}
