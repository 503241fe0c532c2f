/**
 * Knative Serving's container securityContext: the webhook's mask (MANIFESTS 1.4) and our
 * hardening policy (MANIFESTS 1.5, 6, 8.3): all five fields explicit, `ALL` in upper case.
 *
 * @see knative/serving pkg/apis/serving/fieldmask.go (SecurityContextMask),
 *   pkg/apis/serving/v1/revision_defaults.go (warnDefaultContainerSecurityContext)
 */
import type { ManifestDocument } from '../../core/manifest-document';
import { asList, asMapping, quote, valueAt } from '../../core/object-access';
import type { DocumentRule, Violation } from '../../core/rule';
import { containersOf, KNATIVE_SERVICE } from '../kubernetes/workload';

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
  readonly ok: (v: unknown) => boolean;
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
  return contexts(document).flatMap(({ context, path }) =>
    context?.['privileged'] === true
      ? [{ path: [...path, 'privileged'], message: 'privileged may only be false' }]
      : [],
  );
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

const rule = (
  id: string,
  summary: string,
  see: string,
  check: DocumentRule['check'],
): DocumentRule => ({
  scope: 'document',
  id,
  summary,
  see,
  appliesTo: KNATIVE_SERVICE,
  check,
});

/** The securityContext rules. */
export const KNATIVE_SECURITY_RULES: readonly DocumentRule[] = [
  rule(
    'knative/security-context-field',
    'securityContext uses only SecurityContextMask fields (no seLinuxOptions, procMount…)',
    'MANIFESTS.md 1.4',
    maskedFields,
  ),
  rule('knative/privileged', 'privileged is only ever false', 'MANIFESTS.md 1.4', privileged),
  rule(
    'knative/security-context-id-range',
    'runAsUser and runAsGroup in [0, 2^31-1]',
    'MANIFESTS.md 1.4',
    idRange,
  ),
  rule(
    'knative/security-hardening',
    'policy: runAsNonRoot, allowPrivilegeEscalation false, readOnlyRootFilesystem, drop ALL, seccomp RuntimeDefault',
    'MANIFESTS.md 1.5, 6',
    hardening,
  ),
  rule(
    'knative/capability-case',
    "capabilities are upper case ('ALL', not 'all')",
    'MANIFESTS.md 1.5',
    capabilityCase,
  ),
];
