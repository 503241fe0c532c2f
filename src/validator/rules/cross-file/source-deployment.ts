/**
 * The parts of one Knative deployment (`knative/` with its `wiring/`: the manifests, the Config
 * Connector wiring, `setup.sh`) that the kit's Pub/Sub source ties together: the ContainerSource
 * and the container that runs the source, its Kubernetes service account and the Google account
 * bound to it, the subscription it pulls, and the Knative `setup.sh`.
 */
import { SOURCE_ENV } from '../../../config/source-contract';
import type { ManifestDocument, ManifestSet, ShellScript } from '../../core/manifest-document';
import { asMapping, stringAt, valueAt, type Mapping, type Path } from '../../core/object-access';
import {
  CONTAINER_SOURCE,
  documentsOfKind,
  lastSegment,
  scriptTarget,
} from '../../core/references';
import { containersOf, entriesOf, type ContainerView } from '../kubernetes/workload';

/** The annotation binding a Kubernetes service account to a Google one (GKE Workload Identity). */
export const WORKLOAD_IDENTITY_ANNOTATION = 'iam.gke.io/gcp-service-account';

/** A literal env value of the source container, with where it sits. */
export interface SourceSetting {
  readonly value: string;
  readonly path: Path;
}

/** One ContainerSource that runs the kit's source (a container that sets `PUBSUB_SUBSCRIPTION`). */
export interface KitSource {
  readonly document: ManifestDocument;
  readonly container: ContainerView;
  /** A literal env value of the source container. */
  readonly env: (name: string) => SourceSetting | undefined;
  /** The pods' service account (`spec.template.spec.serviceAccountName`). */
  readonly serviceAccountName: string | undefined;
}

/** Is `document` a ContainerSource? */
export function isContainerSource(document: ManifestDocument): boolean {
  return (
    document.apiVersion === CONTAINER_SOURCE.apiVersion && document.kind === CONTAINER_SOURCE.kind
  );
}

/** The ContainerSources of a deployment that run the kit's source, each with its source container. */
export function kitSources(set: ManifestSet): readonly KitSource[] {
  return set.documents.filter(isContainerSource).flatMap((document) => {
    const container = containersOf(document).find((view) =>
      entriesOf(view.container, view.path, 'env').some(
        (entry) => entry.value['name'] === SOURCE_ENV.subscription,
      ),
    );
    if (container === undefined) return [];
    const env = (name: string): SourceSetting | undefined => {
      const entry = entriesOf(container.container, container.path, 'env').find(
        (e) => e.value['name'] === name,
      );
      const value = entry?.value['value'];
      return entry === undefined || typeof value !== 'string'
        ? undefined
        : { value, path: [...entry.path, 'value'] };
    };
    return [
      {
        document,
        container,
        env,
        serviceAccountName: stringAt(document.object, [
          'spec',
          'template',
          'spec',
          'serviceAccountName',
        ]),
      },
    ];
  });
}

/** The Knative `setup.sh` of a deployment (`TARGET='knative'`). */
export function knativeScript(set: ManifestSet): ShellScript | undefined {
  return set.scripts.find(
    (script) => script.name === 'setup.sh' && scriptTarget(script) === 'knative',
  );
}

/** The ServiceAccount object a source runs as, when the deployment has it. */
export function sourceServiceAccount(
  set: ManifestSet,
  source: KitSource,
): ManifestDocument | undefined {
  return documentsOfKind(set, 'ServiceAccount').find(
    (account) =>
      account.apiVersion === 'v1' &&
      account.name === source.serviceAccountName &&
      account.namespace === source.document.namespace,
  );
}

/** The Google account a source's Kubernetes service account is bound to, if annotated. */
export function sourceGoogleAccount(set: ManifestSet, source: KitSource): string | undefined {
  const account = sourceServiceAccount(set, source);
  return account === undefined
    ? undefined
    : stringAt(account.object, ['metadata', 'annotations', WORKLOAD_IDENTITY_ANNOTATION]);
}

/** The PubSubSubscription a source pulls (`PUBSUB_SUBSCRIPTION`), when the deployment has it. */
export function pulledSubscription(
  set: ManifestSet,
  source: KitSource,
): ManifestDocument | undefined {
  const name = source.env(SOURCE_ENV.subscription)?.value;
  return name === undefined
    ? undefined
    : documentsOfKind(set, 'PubSubSubscription').find((s) => s.name === lastSegment(name));
}

/** `projects/P/<collection>/NAME` split into project and name, or `undefined`. */
export function fullName(
  value: string,
  collection: 'subscriptions' | 'topics',
): { readonly project: string; readonly name: string } | undefined {
  const match = new RegExp(`^projects/([^/]+)/${collection}/([^/]+)$`).exec(value);
  return match === null ? undefined : { project: match[1] ?? '', name: match[2] ?? '' };
}

/** Does a grant (IAMPolicyMember) bind `role` on `kind`/`name` to the account `email`? */
export function grantsAccount(
  set: ManifestSet,
  email: string,
  role: string,
  kind: string,
  name: string,
): boolean {
  const accountId = email.slice(0, email.indexOf('@'));
  return documentsOfKind(set, 'IAMPolicyMember').some((grant) => {
    const spec: Mapping = asMapping(valueAt(grant.object, ['spec'])) ?? {};
    const ref = asMapping(spec['resourceRef']);
    const byObject = asMapping(asMapping(spec['memberFrom'])?.['serviceAccountRef'])?.['name'];
    const member =
      spec['member'] === `serviceAccount:${email}` ||
      (byObject === accountId &&
        documentsOfKind(set, 'IAMServiceAccount').some((account) => account.name === accountId));
    return (
      member &&
      spec['role'] === role &&
      ref?.['kind'] === kind &&
      (ref['name'] === name || ref['external'] === name)
    );
  });
}
