/**
 * The apply phase: each planned object server-side applied in rank order (one at a time, so the
 * display follows the order), its state reported as it goes. Every object of a rank is tried;
 * a refusal stops the ranks after it, whose objects may depend on the refused one.
 */
import { ApiStatusError } from '../cluster/cluster-errors';
import type { KubeObject } from '../cluster/kube-object';
import type { ObjectClient } from '../cluster/object-client';
import { RefusedError, type Refusal } from './apply-errors';
import type { ApplyAction, ObjectState } from './display/object-state';
import type { PlannedObject } from './plan-objects';

/** Options of `applyObjects`. */
export interface ApplyObjectsOptions {
  /** The server's dry run: validated and admitted, nothing stored. */
  readonly dryRun: boolean;
  /** Called with each object's index in `planned` and its new state. */
  readonly onState: (index: number, state: ObjectState) => void;
}

/** Metadata the API server changes on every write (or dry run): not content. */
const VOLATILE_METADATA = ['resourceVersion', 'managedFields', 'generation'] as const;

/** `object` without its status and volatile metadata, as JSON with sorted keys. */
function content(object: KubeObject): string {
  const copy = structuredClone(object) as Record<string, unknown> & {
    metadata: Record<string, unknown>;
  };
  delete copy.status;
  copy.metadata = Object.fromEntries(
    Object.entries(copy.metadata).filter(
      ([key]) => !(VOLATILE_METADATA as readonly string[]).includes(key),
    ),
  );
  return JSON.stringify(copy, (_key, value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
}

/**
 * What the apply did: `created` when there was no object; else, for a real apply, `unchanged`
 * when the `resourceVersion` is the same (the API server skips a write that changes nothing);
 * for a dry run (which stores nothing, so keeps the `resourceVersion`), by comparing content.
 */
function actionOf(before: KubeObject | undefined, after: KubeObject, dryRun: boolean): ApplyAction {
  if (!before) return 'created';
  const same = dryRun
    ? content(before) === content(after)
    : before.metadata.resourceVersion === after.metadata.resourceVersion;
  return same ? 'unchanged' : 'configured';
}

/**
 * The label the API server sets on every Namespace (its name, immutable).
 *
 * @see https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name
 */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * `object` as it is applied. A Namespace carries `kubernetes.io/metadata.name`, which the API
 * server sets to the same value anyway: a Namespace with no field but its name would give the
 * field manager nothing to own, so server-side apply records no manager for it, and the next
 * apply writes a `before-first-apply` entry (a new `resourceVersion` with nothing changed).
 *
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
 */
export function appliedBody(object: KubeObject): KubeObject {
  if (object.apiVersion !== 'v1' || object.kind !== 'Namespace') return object;
  const labels = (object.metadata.labels ?? {}) as Record<string, string>;
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: { [NAMESPACE_NAME_LABEL]: object.metadata.name, ...labels },
    },
  };
}

/** The namespace named in a 404 `namespaces "x" not found`, if that is what `error` is. */
function missingNamespace(error: unknown): string | undefined {
  return error instanceof ApiStatusError &&
    error.status === 404 &&
    error.details.kind === 'namespaces'
    ? error.details.name
    : undefined;
}

/**
 * Applies `planned` (already in order) through `client`.
 *
 * With `dryRun`, an object in a namespace that does not exist yet but is among the objects is
 * reported `skipped`: a dry run creates no namespace, so the API server cannot check what goes
 * in it (it answers 404 for the namespace).
 *
 * @throws RefusedError naming each object the API server refused, with its message, after the
 *   rest of that rank was tried; later ranks are reported `skipped`
 * @throws ClusterUnreachableError when the API server stops answering
 */
export async function applyObjects(
  client: ObjectClient,
  planned: readonly PlannedObject[],
  options: ApplyObjectsOptions,
): Promise<void> {
  const { dryRun, onState } = options;
  const namespacesApplied = new Set(
    planned.filter(({ ref }) => ref.kind === 'Namespace').map(({ ref }) => ref.name),
  );
  const refusals: Refusal[] = [];
  for (const [index, { object, ref, rank }] of planned.entries()) {
    if (refusals.length > 0 && rank > (planned[index - 1]?.rank ?? rank)) {
      planned.slice(index).forEach((_item, offset) => {
        onState(index + offset, {
          phase: 'skipped',
          why: 'not applied: an earlier object was refused',
        });
      });
      break;
    }
    try {
      const before = await client.get(ref);
      const after = await client.apply(appliedBody(object), { dryRun });
      onState(index, { phase: 'applied', action: actionOf(before, after, dryRun), dryRun });
    } catch (error) {
      const namespace = missingNamespace(error);
      if (dryRun && namespace !== undefined && namespacesApplied.has(namespace)) {
        onState(index, {
          phase: 'skipped',
          why: `namespace ${namespace} does not exist yet, and a dry run does not create it`,
        });
        continue;
      }
      if (!(error instanceof ApiStatusError)) throw error;
      refusals.push({ ref, message: error.serverMessage });
      onState(index, { phase: 'refused', message: error.serverMessage });
    }
  }
  if (refusals.length > 0) throw new RefusedError(refusals);
}
