/**
 * Knative Service metadata rules: cluster-local visibility with the current label (our policy: the
 * worker is private; the old `serving.knative.dev/visibility` is ignored since v0.21) and the
 * revision-name rule.
 *
 * @see https://knative.dev/docs/serving/services/private-services/
 */
import type { ManifestDocument } from '../../core/manifest-document';
import { isDns1035Label } from '../../core/names';
import { quote, stringAt, valueAt } from '../../core/object-access';
import { defineRules, violation, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { KNATIVE_SERVICE } from '../kubernetes/workload';

const VISIBILITY_LABEL = 'networking.knative.dev/visibility';
const OBSOLETE_VISIBILITY_LABEL = 'serving.knative.dev/visibility';

function visibility(document: ManifestDocument): readonly Violation[] {
  const path = ['metadata', 'labels', VISIBILITY_LABEL];
  const value = valueAt(document.object, path);
  return value === 'cluster-local'
    ? []
    : violation(
        path,
        `policy: the worker is private: set ${VISIBILITY_LABEL}: cluster-local (is ${quote(value)})`,
      );
}

function obsoleteVisibility(document: ManifestDocument): readonly Violation[] {
  const path = ['metadata', 'labels', OBSOLETE_VISIBILITY_LABEL];
  return valueAt(document.object, path) === undefined
    ? []
    : violation(
        path,
        `${OBSOLETE_VISIBILITY_LABEL} is ignored since Knative v0.21: use ${VISIBILITY_LABEL}`,
      );
}

function revisionName(document: ManifestDocument): readonly Violation[] {
  const path = ['spec', 'template', 'metadata', 'name'];
  const name = stringAt(document.object, path);
  const prefix = `${document.name}-`;
  return name === undefined || (name.startsWith(prefix) && isDns1035Label(name))
    ? []
    : violation(
        path,
        `revision name ${quote(name)} must be a DNS-1035 label starting with ${quote(prefix)} (and change with every template change; better leave it out)`,
      );
}

/** The Service metadata rules. */
export const KNATIVE_SERVICE_METADATA_RULES = defineRules(
  KNATIVE_SERVICE,
  SOURCES.knativePrivateServices,
  {
    'knative/visibility': [
      'policy: label networking.knative.dev/visibility: cluster-local',
      visibility,
    ],
    'knative/obsolete-visibility-label': [
      'no serving.knative.dev/visibility label (gone since v0.21)',
      obsoleteVisibility,
    ],
    'knative/revision-name': [
      'a template name is a DNS-1035 label prefixed with "<service>-"',
      revisionName,
      SOURCES.knativeRevision,
    ],
  },
);
