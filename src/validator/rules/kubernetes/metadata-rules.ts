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
import { defineRules, violation, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';

function checkName(document: ManifestDocument): readonly Violation[] {
  const path = ['metadata', 'name'];
  const name = valueAt(document.object, path);
  if (name === undefined) return violation(path, 'every object needs a name');
  if (typeof name !== 'string') return []; // schema/type
  const isService = document.kind === 'Service' && document.apiVersion === 'serving.knative.dev/v1';
  if (isService && !isDns1035Label(name))
    return violation(
      path,
      `${quote(name)} is not a DNS-1035 label (lower-case letters, digits and "-", starting with a letter, at most 63)`,
    );
  return isDns1123Subdomain(name)
    ? []
    : violation(
        path,
        `${quote(name)} is not a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")`,
      );
}

function checkLabels(document: ManifestDocument): readonly Violation[] {
  return stringEntriesAt(document.object, ['metadata', 'labels']).flatMap(([key, value]) => {
    const path = ['metadata', 'labels', key];
    if (!isQualifiedName(key)) return violation(path, `${quote(key)} is not a valid label key`);
    return isLabelValue(value)
      ? []
      : violation(path, `label value ${quote(value)} is not valid (≤ 63 of [A-Za-z0-9-_.])`);
  });
}

/** The metadata rules (every kind). */
export const METADATA_RULES = defineRules({}, SOURCES.kubernetesNames, {
  'metadata/name': ['every object has a valid name (a Service: a DNS-1035 label)', checkName],
  'metadata/labels': [
    'label keys are qualified names and values valid label values',
    checkLabels,
    SOURCES.kubernetesLabels,
  ],
});
