/**
 * Knative → Cloud Run: the service account and the security context, one named case per rule and
 * situation: the lines printed (kind, field, rule, and what they say), the fields written, and a
 * validator that finds nothing in the output.
 */
import { C0, CONTAINER, type ConvertCase, testCases, POD, PODSPEC } from '../support/convert-cases';

const CASES: readonly ConvertCase[] = [
  {
    name: 'the service account comes from --service-account',
    parts: { pod: { serviceAccountName: 'worker' } },
    options: { serviceAccount: 'worker-runtime@my-project.iam.gserviceaccount.com' },
    lines: [['change', `${POD}.serviceAccountName`, 'service-account', '(--service-account)']],
    output: [
      [[...PODSPEC, 'serviceAccountName'], 'worker-runtime@my-project.iam.gserviceaccount.com'],
    ],
  },
  {
    name: "the service account comes from the file's Workload Identity binding",
    parts: { pod: { serviceAccountName: 'worker' } },
    companions: [
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: 'worker',
          annotations: {
            'iam.gke.io/gcp-service-account': 'gsa@my-project.iam.gserviceaccount.com',
          },
        },
      },
    ],
    lines: [['change', `${POD}.serviceAccountName`, 'service-account', 'Workload Identity']],
    output: [[[...PODSPEC, 'serviceAccountName'], 'gsa@my-project.iam.gserviceaccount.com']],
  },
  {
    name: 'an unbound Kubernetes service account is a loss, naming the default Cloud Run uses',
    parts: { pod: { serviceAccountName: 'worker' } },
    lines: [
      [
        'loss',
        `${POD}.serviceAccountName`,
        'service-account',
        '123456789012-compute@developer.gserviceaccount.com',
      ],
    ],
    output: [[[...PODSPEC, 'serviceAccountName'], undefined]],
  },
  {
    name: 'the securityContext is dropped field by field; a read-only root and the user are losses',
    parts: {
      container: {
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 10001,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        },
      },
    },
    lines: [
      ['change', `${C0}.securityContext.runAsNonRoot`, 'security-context', 'sandbox'],
      ['loss', `${C0}.securityContext.runAsUser`, 'security-context', 'set USER in the image'],
      ['loss', `${C0}.securityContext.readOnlyRootFilesystem`, 'security-context', 'writable'],
      ['change', `${C0}.securityContext.capabilities`, 'security-context', 'sandbox'],
    ],
    output: [[[...CONTAINER, 'securityContext'], undefined]],
  },
  {
    name: 'added capabilities are a loss',
    parts: { container: { securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } } },
    lines: [
      ['loss', `${C0}.securityContext.capabilities`, 'security-context', 'no added capabilities'],
    ],
  },
];

describe('Knative → Cloud Run: the service account and the security context', () => {
  testCases('knative', CASES);
});
