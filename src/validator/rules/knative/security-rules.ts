/**
 * Knative Serving's container securityContext: the webhook's mask, and our hardening policy, which
 * sets explicitly what the webhook warns about when `secure-pod-defaults` is off (all five fields,
 * `ALL` in upper case).
 *
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/fieldmask.go
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/v1/revision_defaults.go
 */
import { KNATIVE_LIMITS } from '../../../../charts/limits/knative';
import type { ManifestDocument } from '../../core/manifest-document';
import { asList, asMapping, ITEM, KEY, quote, valueAt, type Path } from '../../core/object-access';
import { defineRules, eachValue, keyOf, words, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { CONTAINERS, containersOf, KNATIVE_SERVICE } from '../kubernetes/workload';

/** The fields of `SecurityContextMask`. */
const SECURITY_CONTEXT_MASK: ReadonlySet<string> = new Set(
  words(`capabilities readOnlyRootFilesystem runAsUser runAsGroup runAsNonRoot
    allowPrivilegeEscalation seccompProfile privileged`),
);
const ID = KNATIVE_LIMITS.userId;
const SECURITY_CONTEXT = [...CONTAINERS, 'securityContext'];

/** Our hardening: each field with the value it must have. */
const HARDENING: readonly [path: Path, ok: (value: unknown) => boolean, want: string][] = [
  [['runAsNonRoot'], (v) => v === true, 'runAsNonRoot: true'],
  [['allowPrivilegeEscalation'], (v) => v === false, 'allowPrivilegeEscalation: false'],
  [['readOnlyRootFilesystem'], (v) => v === true, 'readOnlyRootFilesystem: true'],
  [['capabilities', 'drop'], (v) => asList(v).includes('ALL'), 'capabilities.drop: [ALL]'],
  [
    ['seccompProfile', 'type'],
    (v) => v === 'RuntimeDefault' || v === 'Localhost',
    'seccompProfile.type: RuntimeDefault',
  ],
];

/**
 * Our hardening policy on every container of a pod template (`spec.template.spec.containers`):
 * the Knative Service's, or the Pub/Sub source's ContainerSource.
 */
export function hardening(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) => {
    const context = asMapping(view.container['securityContext']);
    return HARDENING.filter(([path, ok]) => !ok(valueAt(context, path))).map(([path, , want]) => ({
      path: [...view.path, 'securityContext', ...path],
      message: `hardening policy: set ${want} (is ${quote(valueAt(context, path))})`,
    }));
  });
}

/** The securityContext rules. */
export const KNATIVE_SECURITY_RULES = defineRules(KNATIVE_SERVICE, SOURCES.knativeFieldMask, {
  'knative/security-context-field': [
    'securityContext uses only SecurityContextMask fields (no seLinuxOptions, procMount…)',
    eachValue([...SECURITY_CONTEXT, KEY], (_, path) =>
      SECURITY_CONTEXT_MASK.has(keyOf(path))
        ? undefined
        : `securityContext.${keyOf(path)} is not allowed by Knative`,
    ),
  ],
  'knative/privileged': [
    'privileged is only ever false',
    eachValue([...SECURITY_CONTEXT, 'privileged'], (privileged) =>
      privileged === true ? 'privileged may only be false' : undefined,
    ),
  ],
  'knative/security-context-id-range': [
    'runAsUser and runAsGroup in [0, 2^31-1]',
    eachValue([...SECURITY_CONTEXT, KEY], (id, path) =>
      ['runAsUser', 'runAsGroup'].includes(keyOf(path)) &&
      typeof id === 'number' &&
      (id < ID.min || id > ID.max || !Number.isInteger(id))
        ? `${id} is outside [${ID.min}, ${ID.max}]`
        : undefined,
    ),
    SOURCES.knativePodSpec,
  ],
  'knative/security-hardening': [
    'policy: runAsNonRoot, allowPrivilegeEscalation false, readOnlyRootFilesystem, drop ALL, seccomp RuntimeDefault',
    hardening,
    SOURCES.podSecurityRestricted,
  ],
  'knative/capability-case': [
    "capabilities are upper case ('ALL', not 'all')",
    eachValue([...SECURITY_CONTEXT, 'capabilities', KEY, ITEM], (capability, path) =>
      ['drop', 'add'].includes(String(path[path.length - 2])) &&
      typeof capability === 'string' &&
      capability !== capability.toUpperCase()
        ? `must be spelled in upper case (${quote(capability.toUpperCase())})`
        : undefined,
    ),
    SOURCES.knativeSecureDefaults,
  ],
});
