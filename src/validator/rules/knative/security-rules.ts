/**
 * Knative Serving's container securityContext: the webhook's mask, and our hardening policy, which
 * sets explicitly what the webhook warns about when `secure-pod-defaults` is off (all five fields,
 * `ALL` in upper case).
 *
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/fieldmask.go
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/v1/revision_defaults.go
 */
import type { ManifestDocument } from '../../core/manifest-document';
import { asList, asMapping, quote, valueAt } from '../../core/object-access';
import { defineRules, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { containersOf, KNATIVE_SERVICE } from '../kubernetes/workload';

/** The fields of `SecurityContextMask`. */
const SECURITY_CONTEXT_MASK: ReadonlySet<string> = new Set([
  'capabilities',
  'readOnlyRootFilesystem',
  'runAsUser',
  'runAsGroup',
  'runAsNonRoot',
  'allowPrivilegeEscalation',
  'seccompProfile',
  'privileged',
]);
const MAX_ID = 2 ** 31 - 1;

/** Our hardening: each field with the value it must have. */
const HARDENING: readonly {
  readonly path: readonly string[];
  readonly ok: (value: unknown) => boolean;
  readonly want: string;
}[] = [
  { path: ['runAsNonRoot'], ok: (v) => v === true, want: 'runAsNonRoot: true' },
  {
    path: ['allowPrivilegeEscalation'],
    ok: (v) => v === false,
    want: 'allowPrivilegeEscalation: false',
  },
  { path: ['readOnlyRootFilesystem'], ok: (v) => v === true, want: 'readOnlyRootFilesystem: true' },
  {
    path: ['capabilities', 'drop'],
    ok: (v) => asList(v).includes('ALL'),
    want: 'capabilities.drop: [ALL]',
  },
  {
    path: ['seccompProfile', 'type'],
    ok: (v) => v === 'RuntimeDefault' || v === 'Localhost',
    want: 'seccompProfile.type: RuntimeDefault',
  },
];

/** Every container's securityContext (`undefined` where unset) with its path. */
function contexts(document: ManifestDocument) {
  return containersOf(document).map((view) => ({
    context: asMapping(view.container['securityContext']),
    path: [...view.path, 'securityContext'],
  }));
}

function maskedFields(document: ManifestDocument): readonly Violation[] {
  return contexts(document).flatMap(({ context, path }) =>
    Object.keys(context ?? {})
      .filter((field) => !SECURITY_CONTEXT_MASK.has(field))
      .map((field) => ({
        path: [...path, field],
        message: `securityContext.${field} is not allowed by Knative`,
      })),
  );
}

function privileged(document: ManifestDocument): readonly Violation[] {
  return contexts(document)
    .filter(({ context }) => context?.['privileged'] === true)
    .map(({ path }) => ({ path: [...path, 'privileged'], message: 'privileged may only be false' }));
}

function idRange(document: ManifestDocument): readonly Violation[] {
  return contexts(document).flatMap(({ context, path }) =>
    ['runAsUser', 'runAsGroup'].flatMap((field) => {
      const id = context?.[field];
      return typeof id === 'number' && (id < 0 || id > MAX_ID || !Number.isInteger(id))
        ? [{ path: [...path, field], message: `${id} is outside [0, ${MAX_ID}]` }]
        : [];
    }),
  );
}

function hardening(document: ManifestDocument): readonly Violation[] {
  return contexts(document).flatMap(({ context, path }) =>
    HARDENING.filter((field) => !field.ok(valueAt(context, field.path))).map((field) => ({
      path: [...path, ...field.path],
      message: `hardening policy: set ${field.want} (is ${quote(valueAt(context, field.path))})`,
    })),
  );
}

function capabilityCase(document: ManifestDocument): readonly Violation[] {
  return contexts(document).flatMap(({ context, path }) =>
    ['drop', 'add'].flatMap((list) =>
      asList(valueAt(context, ['capabilities', list])).flatMap((capability, i) =>
        typeof capability === 'string' && capability !== capability.toUpperCase()
          ? [
              {
                path: [...path, 'capabilities', list, i],
                message: `must be spelled in upper case (${quote(capability.toUpperCase())})`,
              },
            ]
          : [],
      ),
    ),
  );
}

/** The securityContext rules. */
export const KNATIVE_SECURITY_RULES = defineRules(KNATIVE_SERVICE, SOURCES.knativeFieldMask, {
  'knative/security-context-field': [
    'securityContext uses only SecurityContextMask fields (no seLinuxOptions, procMount…)',
    maskedFields,
  ],
  'knative/privileged': ['privileged is only ever false', privileged],
  'knative/security-context-id-range': [
    'runAsUser and runAsGroup in [0, 2^31-1]',
    idRange,
    SOURCES.knativePodSpec,
  ],
  'knative/security-hardening': [
    'policy: runAsNonRoot, allowPrivilegeEscalation false, readOnlyRootFilesystem, drop ALL, seccomp RuntimeDefault',
    hardening,
    SOURCES.podSecurityRestricted,
  ],
  'knative/capability-case': [
    "capabilities are upper case ('ALL', not 'all')",
    capabilityCase,
    SOURCES.knativeSecureDefaults,
  ],
});
