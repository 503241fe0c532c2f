/**
 * The parts of one Cloud Run deployment (one directory: service.yaml, config-connector.yaml,
 * setup.sh) that the cross-file rules compare: the service, the subscriptions that push to it,
 * setup.sh's header and the project every object names.
 */
import type { ManifestDocument, ManifestSet, ShellScript } from '../../core/manifest-document';
import { asList, asMapping, stringAt, valueAt, type Path } from '../../core/object-access';
import { deliverySubscriptions } from '../../core/references';
import { containersOf, entriesOf, isServingService } from '../kubernetes/workload';

/** The annotation naming a Config Connector object's project (else its namespace). */
const KCC_PROJECT_ANNOTATION = 'cnrm.cloud.google.com/project-id';
/** The label naming a Cloud Run service's region. */
const LOCATION_LABEL = 'cloud.googleapis.com/location';

/** A value found in the deployment, with where it sits (for findings). */
export interface Located {
  readonly value: string;
  readonly subject: ManifestDocument | ShellScript;
  readonly path: Path;
  /** How a message names it, e.g. `PUSH_AUDIENCE in setup.sh`. */
  readonly label: string;
}

/** One directory's Cloud Run objects. */
export interface CloudRunDeployment {
  /** The Cloud Run service (the first, when a directory holds several). */
  readonly service: ManifestDocument | undefined;
  readonly subscriptions: readonly ManifestDocument[];
  /** `setup.sh`, when the directory has it. */
  readonly script: ShellScript | undefined;
  /** Every Config Connector object (`*.cnrm.cloud.google.com/*`). */
  readonly kcc: readonly ManifestDocument[];
}

/** The Cloud Run parts of one deployment (a set as `deploymentsOf` splits it). */
export function cloudRunDeploymentOf(set: ManifestSet): CloudRunDeployment {
  return {
    service: set.documents.find((d) => isServingService(d) && d.target === 'cloud-run'),
    subscriptions: deliverySubscriptions(set),
    script: set.scripts.find((script) => script.name === 'setup.sh'),
    kcc: set.documents.filter((d) => d.apiVersion.includes('.cnrm.cloud.google.com/')),
  };
}

/** A non-empty `readonly NAME='…'` of setup.sh. */
export function scriptSetting(script: ShellScript | undefined, name: string): Located | undefined {
  const variable = script?.variables.get(name);
  return script === undefined || variable === undefined || variable.value === ''
    ? undefined
    : { value: variable.value, subject: script, path: [name], label: `${name} in setup.sh` };
}

/** A literal env value of the service's serving container. */
export function serviceEnv(service: ManifestDocument, name: string): Located | undefined {
  const view = containersOf(service).find((c) => c.serving);
  const entry =
    view === undefined
      ? undefined
      : entriesOf(view.container, view.path, 'env').find((e) => e.value['name'] === name);
  const value = entry?.value['value'];
  return entry === undefined || typeof value !== 'string'
    ? undefined
    : {
        value,
        subject: service,
        path: [...entry.path, 'value'],
        label: `${name} of Service ${service.name}`,
      };
}

/** A string field of a document. */
export function documentValue(
  document: ManifestDocument,
  path: Path,
  label: string,
): Located | undefined {
  const value = valueAt(document.object, path);
  return typeof value === 'string' || typeof value === 'number'
    ? { value: String(value), subject: document, path, label }
    : undefined;
}

/** The service's region (its location label). */
export function serviceRegion(service: ManifestDocument): string | undefined {
  return stringAt(service.object, ['metadata', 'labels', LOCATION_LABEL]);
}

/** The project a Config Connector object lives in: its project-id annotation or namespace. */
export function kccProject(document: ManifestDocument): Located {
  const annotated = stringAt(document.object, ['metadata', 'annotations', KCC_PROJECT_ANNOTATION]);
  return annotated === undefined
    ? {
        value: document.namespace,
        subject: document,
        path: ['metadata', 'namespace'],
        label: `the namespace of ${document.kind} ${document.name}`,
      }
    : {
        value: annotated,
        subject: document,
        path: ['metadata', 'annotations', KCC_PROJECT_ANNOTATION],
        label: `the project of ${document.kind} ${document.name}`,
      };
}

/** The audience a subscription's push token carries (Pub/Sub defaults it to the endpoint). */
export function pushAudience(subscription: ManifestDocument): Located | undefined {
  const push = ['spec', 'pushConfig'];
  return (
    documentValue(
      subscription,
      [...push, 'oidcToken', 'audience'],
      `oidcToken.audience of ${subscription.name}`,
    ) ??
    documentValue(
      subscription,
      [...push, 'pushEndpoint'],
      `the pushEndpoint of ${subscription.name} (the default audience)`,
    )
  );
}

/** The entries of a JSON list of strings, or `undefined` when `text` is not one. */
export function jsonStringList(text: string): readonly string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const list = asList(parsed);
  const strings = list.filter((item): item is string => typeof item === 'string');
  return Array.isArray(parsed) && strings.length === list.length ? strings : undefined;
}

/** The `roles/run.invoker` grants on a RunService (by `external`). */
export function invokerGrants(deployment: CloudRunDeployment): readonly ManifestDocument[] {
  return deployment.kcc.filter(
    (d) =>
      d.kind === 'IAMPolicyMember' &&
      valueAt(d.object, ['spec', 'role']) === 'roles/run.invoker' &&
      asMapping(valueAt(d.object, ['spec', 'resourceRef']))?.['kind'] === 'RunService',
  );
}
