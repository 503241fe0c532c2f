/**
 * Rules on the containers of a Service on either target: image references that parse, and no
 * credential-looking environment variable with a literal value (DESIGN 4.4 "secrets").
 */
import type { ManifestDocument } from '../../core/manifest-document';
import { isImageReference } from '../../core/names';
import { quote } from '../../core/object-access';
import type { DocumentRule, Violation } from '../../core/rule';
import { CLOUD_RUN_SERVICE, containersOf, envEntriesOf, KNATIVE_SERVICE } from './workload';

/** Env names that hold credentials: `*_KEY`, `*SECRET*`, `*TOKEN*`, `*PASSWORD*`, the key file. */
const CREDENTIAL_NAME =
  /(_KEY$|^KEY$|SECRET|TOKEN|PASSWORD|PASSWD|^GOOGLE_APPLICATION_CREDENTIALS$)/i;

function imageReferences(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) => {
    const image = view.container['image'];
    if (image === undefined)
      return [{ path: [...view.path, 'image'], message: 'every container needs an image' }];
    return typeof image === 'string' && !isImageReference(image)
      ? [
          {
            path: [...view.path, 'image'],
            message: `${quote(image)} is not an image reference ([registry/]path[:tag][@sha256:…])`,
          },
        ]
      : [];
  });
}

function literalCredentials(document: ManifestDocument): readonly Violation[] {
  return envEntriesOf(document).flatMap((env) => {
    const name = env.value['name'];
    const value = env.value['value'];
    if (
      typeof name !== 'string' ||
      !CREDENTIAL_NAME.test(name) ||
      typeof value !== 'string' ||
      value === ''
    ) {
      return [];
    }
    return [
      {
        path: [...env.path, 'value'],
        message: `${name} looks like a credential but has a literal value: use valueFrom.secretKeyRef (a Secret on Knative, Secret Manager on Cloud Run)`,
      },
    ];
  });
}

/** The rules shared by both targets. */
export const WORKLOAD_RULES: readonly DocumentRule[] = [
  {
    scope: 'document',
    id: 'workload/image-reference',
    summary: 'every container has an image that parses as an image reference',
    see: 'MANIFESTS.md 1.4 (image must parse)',
    appliesTo: [KNATIVE_SERVICE, CLOUD_RUN_SERVICE],
    check: imageReferences,
  },
  {
    scope: 'document',
    id: 'secrets/literal-env',
    summary:
      'env named like a credential (*_KEY, *SECRET*, *TOKEN*, *PASSWORD*, GOOGLE_APPLICATION_CREDENTIALS) uses valueFrom',
    see: 'DESIGN.md 4.4',
    appliesTo: [KNATIVE_SERVICE, CLOUD_RUN_SERVICE],
    check: literalCredentials,
  },
];
