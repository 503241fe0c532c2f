/**
 * Knative Service metadata rules: cluster-local visibility with the current label (our policy: the
 * worker is private; the old `serving.knative.dev/visibility` is ignored since v0.21) and the
 * revision-name rule.
 *
 * @see https://knative.dev/docs/serving/services/private-services/
 */
import { isDns1035Label } from '../../core/names';
import { quote } from '../../core/object-access';
import { defineRules, eachValue } from '../../core/rule';
import { SOURCES } from '../../sources';
import { KNATIVE_SERVICE } from '../kubernetes/workload';

const VISIBILITY_LABEL = 'networking.knative.dev/visibility';
const OBSOLETE_VISIBILITY_LABEL = 'serving.knative.dev/visibility';

/** The Service metadata rules. */
export const KNATIVE_SERVICE_METADATA_RULES = defineRules(
  KNATIVE_SERVICE,
  SOURCES.knativePrivateServices,
  {
    'knative/visibility': [
      'policy: label networking.knative.dev/visibility: cluster-local',
      eachValue(['metadata', 'labels', VISIBILITY_LABEL], (value) =>
        value === 'cluster-local'
          ? undefined
          : `policy: the worker is private: set ${VISIBILITY_LABEL}: cluster-local (is ${quote(value)})`,
      ),
    ],
    'knative/obsolete-visibility-label': [
      'no serving.knative.dev/visibility label (gone since v0.21)',
      eachValue(['metadata', 'labels', OBSOLETE_VISIBILITY_LABEL], (value) =>
        value === undefined
          ? undefined
          : `${OBSOLETE_VISIBILITY_LABEL} is ignored since Knative v0.21: use ${VISIBILITY_LABEL}`,
      ),
    ],
    'knative/revision-name': [
      'a template name is a DNS-1035 label prefixed with "<service>-"',
      eachValue(['spec', 'template', 'metadata', 'name'], (name, _, document) => {
        const prefix = `${document.name}-`;
        return typeof name !== 'string' || (name.startsWith(prefix) && isDns1035Label(name))
          ? undefined
          : `revision name ${quote(name)} must be a DNS-1035 label starting with ${quote(prefix)} (and change with every template change; better leave it out)`;
      }),
      SOURCES.knativeRevision,
    ],
  },
);
