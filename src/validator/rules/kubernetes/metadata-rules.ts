/**
 * Rules on every object's metadata: names the API server (or Cloud Run) accepts, valid label keys
 * and values. Template placeholders such as `%SERVICE_NAME%` or `${PROJECT_ID?}` fail here.
 */
import type { ManifestDocument } from '../../core/manifest-document';
import {
  isDns1035Label,
  isDns1123Subdomain,
  isLabelValue,
  isQualifiedName,
} from '../../core/names';
import { quote, stringEntriesAt, valueAt } from '../../core/object-access';
import type { DocumentRule, Violation } from '../../core/rule';

function checkName(document: ManifestDocument): readonly Violation[] {
  const name = valueAt(document.object, ['metadata', 'name']);
  if (name === undefined)
    return [{ path: ['metadata', 'name'], message: 'every object needs a name' }];
  if (typeof name !== 'string') return []; // schema/type
  const isService = document.kind === 'Service' && document.apiVersion === 'serving.knative.dev/v1';
  if (isService && !isDns1035Label(name)) {
    return [
      {
        path: ['metadata', 'name'],
        message: `${quote(name)} is not a DNS-1035 label (lower-case letters, digits and "-", starting with a letter, at most 63)`,
      },
    ];
  }
  return isDns1123Subdomain(name)
    ? []
    : [
        {
          path: ['metadata', 'name'],
          message: `${quote(name)} is not a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")`,
        },
      ];
}

function checkLabels(document: ManifestDocument): readonly Violation[] {
  return stringEntriesAt(document.object, ['metadata', 'labels']).flatMap(([key, value]) => {
    const path = ['metadata', 'labels', key];
    if (!isQualifiedName(key)) return [{ path, message: `${quote(key)} is not a valid label key` }];
    return isLabelValue(value)
      ? []
      : [{ path, message: `label value ${quote(value)} is not valid (≤ 63 of [A-Za-z0-9-_.])` }];
  });
}

/** The metadata rules. */
export const METADATA_RULES: readonly DocumentRule[] = [
  {
    scope: 'document',
    id: 'metadata/name',
    summary: 'every object has a valid name (a Service: a DNS-1035 label)',
    see: 'Kubernetes object names; MANIFESTS.md 1.4',
    appliesTo: {},
    check: checkName,
  },
  {
    scope: 'document',
    id: 'metadata/labels',
    summary: 'label keys are qualified names and values valid label values',
    see: 'Kubernetes labels',
    appliesTo: {},
    check: checkLabels,
  },
];
