/**
 * Knative Service metadata rules: cluster-local visibility with the current label (DESIGN 4.2,
 * MANIFESTS 1.3) and the revision-name rule (MANIFESTS 1.4, 8.6).
 */
import type { ManifestDocument } from '../../core/manifest-document';
import { isDns1035Label } from '../../core/names';
import { quote, stringAt, valueAt } from '../../core/object-access';
import type { DocumentRule, Violation } from '../../core/rule';
import { KNATIVE_SERVICE } from '../kubernetes/workload';

const VISIBILITY_LABEL = 'networking.knative.dev/visibility';
const OBSOLETE_VISIBILITY_LABEL = 'serving.knative.dev/visibility';

function visibility(document: ManifestDocument): readonly Violation[] {
  const value = valueAt(document.object, ['metadata', 'labels', VISIBILITY_LABEL]);
  return value === 'cluster-local'
    ? []
    : [
        {
          path: ['metadata', 'labels', VISIBILITY_LABEL],
          message: `policy: the worker is private: set ${VISIBILITY_LABEL}: cluster-local (is ${quote(value)})`,
        },
      ];
}

function obsoleteVisibility(document: ManifestDocument): readonly Violation[] {
  return valueAt(document.object, ['metadata', 'labels', OBSOLETE_VISIBILITY_LABEL]) === undefined
    ? []
    : [
        {
          path: ['metadata', 'labels', OBSOLETE_VISIBILITY_LABEL],
          message: `${OBSOLETE_VISIBILITY_LABEL} is ignored since Knative v0.21: use ${VISIBILITY_LABEL}`,
        },
      ];
}

function revisionName(document: ManifestDocument): readonly Violation[] {
  const name = stringAt(document.object, ['spec', 'template', 'metadata', 'name']);
  if (name === undefined) return [];
  const prefix = `${document.name}-`;
  return name.startsWith(prefix) && isDns1035Label(name)
    ? []
    : [
        {
          path: ['spec', 'template', 'metadata', 'name'],
          message: `revision name ${quote(name)} must be a DNS-1035 label starting with ${quote(prefix)} (and change with every template change; better leave it out)`,
        },
      ];
}

/** The Service metadata rules. */
export const KNATIVE_SERVICE_METADATA_RULES: readonly DocumentRule[] = [
  {
    scope: 'document',
    id: 'knative/visibility',
    summary: 'policy: label networking.knative.dev/visibility: cluster-local',
    see: 'DESIGN.md 4.2, MANIFESTS.md 1.3',
    appliesTo: KNATIVE_SERVICE,
    check: visibility,
  },
  {
    scope: 'document',
    id: 'knative/obsolete-visibility-label',
    summary: 'no serving.knative.dev/visibility label (gone since v0.21)',
    see: 'MANIFESTS.md 1.3',
    appliesTo: KNATIVE_SERVICE,
    check: obsoleteVisibility,
  },
  {
    scope: 'document',
    id: 'knative/revision-name',
    summary: 'a template name is a DNS-1035 label prefixed with "<service>-"',
    see: 'MANIFESTS.md 1.4, 8.6 (validateRevisionName)',
    appliesTo: KNATIVE_SERVICE,
    check: revisionName,
  },
];
