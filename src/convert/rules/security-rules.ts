/**
 * The container securityContext: Cloud Run has none (its YAML takes only `runAsUser`, documented as
 * not supported), and isolates each instance in its own sandbox; Knative takes the Kubernetes
 * fields, warns about each hardening field left unset, and the kit's validator requires them.
 */
import { asList, asMapping, quote } from '../../validator/core/object-access';
import type { LineKind } from '../convert-line';
import { BOTH, type ConvertContext, type ConvertRule } from '../convert-rule';
import { removeAt, setAt } from '../json-edit';
import { CONVERT_SOURCES as SEE } from '../sources';
import { containersOf } from './containers';

const SANDBOX = 'Cloud Run runs each instance in its own sandbox and has no securityContext';

/** What dropping each field means on Cloud Run: a change when the sandbox covers it, else a loss. */
function droppedField(field: string, value: unknown): readonly [LineKind, string] {
  switch (field) {
    case 'runAsUser':
    case 'runAsGroup':
      return ['loss', `set USER in the image instead: ${SANDBOX}`];
    case 'readOnlyRootFilesystem':
      return value === true
        ? ['loss', "Cloud Run's container filesystem is writable (in memory)"]
        : ['change', SANDBOX];
    case 'privileged':
      return value === true
        ? ['loss', 'Cloud Run runs no privileged containers']
        : ['change', SANDBOX];
    case 'capabilities':
      return asList(asMapping(value)?.['add']).length > 0
        ? ['loss', 'Cloud Run grants no added capabilities']
        : ['change', SANDBOX];
    default:
      return ['change', SANDBOX];
  }
}

/** The hardening the kit's Knative Service carries, every field the Knative webhook warns about. */
const HARDENING = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

function toCloudRun(context: ConvertContext): void {
  for (const { container, path } of containersOf(context)) {
    const securityContext = asMapping(container['securityContext']);
    if (securityContext === undefined) continue;
    removeAt(context.out, [...path, 'securityContext']);
    for (const [field, value] of Object.entries(securityContext)) {
      const [kind, why] = droppedField(field, value);
      context.report(
        kind,
        [...path, 'securityContext', field],
        `dropped (${quote(value)}): ${why}`,
      );
    }
  }
}

function toKnative(context: ConvertContext): void {
  const containers = containersOf(context);
  for (const { container, path } of containers) {
    const own = asMapping(container['securityContext']) ?? {};
    if (own['runAsUser'] === 0) {
      context.report(
        'refusal',
        [...path, 'securityContext', 'runAsUser'],
        'runs as root: the hardened Knative container sets runAsNonRoot, which the kubelet refuses with user 0; run the image as a non-root user',
      );
      continue;
    }
    const set = Object.entries(HARDENING).filter(
      ([field, value]) => JSON.stringify(own[field]) !== JSON.stringify(value),
    );
    setAt(context.out, [...path, 'securityContext'], { ...own, ...HARDENING });
    context.report(
      'change',
      [...path, 'securityContext'],
      `set ${set.map(([field, value]) => `${field}: ${JSON.stringify(value)}`).join(', ')}: Knative warns about each one missing, and the kit's policy requires them`,
    );
  }
  if (containers.length > 0)
    context.report(
      'action',
      [...(containers[0]?.path ?? []), 'securityContext'],
      'the image must run as a non-root numeric USER (or set runAsUser) and write only to mounted volumes (an emptyDir for /tmp if it writes there): Cloud Run ran it as it was',
    );
}

/** The securityContext rule. */
export const SECURITY_RULES: readonly ConvertRule[] = [
  {
    id: 'security-context',
    field: 'spec.template.spec.containers[*].securityContext',
    to: BOTH,
    what: 'dropped for Cloud Run, field by field (a loss for runAsUser/Group, a read-only root filesystem, added capabilities); the hardened context added for Knative',
    see: { 'cloud-run': SEE.cloudRunYaml, knative: SEE.knativeSecureDefaults },
    apply: (context) => {
      if (context.to === 'cloud-run') toCloudRun(context);
      else toKnative(context);
    },
  },
];
