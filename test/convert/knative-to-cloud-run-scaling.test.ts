/**
 * Knative → Cloud Run: scale bounds, autoscaling, concurrency and timeouts, one named case per rule
 * and situation: the lines printed (kind, field, rule, and what they say), the fields written, and
 * a validator that finds nothing in the output.
 */
import {
  type ConvertCase,
  testCases,
  POD,
  PODSPEC,
  TEMPLATE_ANNOTATIONS,
} from '../support/convert-cases';

const CASES: readonly ConvertCase[] = [
  {
    name: 'kebab-case scale bounds become camelCase',
    parts: {
      templateAnnotations: {
        'autoscaling.knative.dev/min-scale': '1',
        'autoscaling.knative.dev/max-scale': '5',
      },
    },
    lines: [
      [
        'change',
        `${TEMPLATE_ANNOTATIONS}["autoscaling.knative.dev/min-scale"]`,
        'autoscaling-keys',
        'camelCase',
      ],
      [
        'change',
        `${TEMPLATE_ANNOTATIONS}["autoscaling.knative.dev/max-scale"]`,
        'autoscaling-keys',
        'maxScale',
      ],
    ],
    output: [
      [['spec', 'template', 'metadata', 'annotations', 'autoscaling.knative.dev/minScale'], '1'],
      [
        ['spec', 'template', 'metadata', 'annotations', 'autoscaling.knative.dev/min-scale'],
        undefined,
      ],
    ],
  },
  {
    name: 'with both spellings the kebab-case key wins, as Knative reads it',
    parts: {
      templateAnnotations: {
        'autoscaling.knative.dev/minScale': '3',
        'autoscaling.knative.dev/min-scale': '2',
      },
    },
    lines: [
      [
        'change',
        `${TEMPLATE_ANNOTATIONS}["autoscaling.knative.dev/minScale"]`,
        'autoscaling-keys',
        'reads the kebab-case key first',
      ],
    ],
    output: [
      [['spec', 'template', 'metadata', 'annotations', 'autoscaling.knative.dev/minScale'], '2'],
    ],
  },
  {
    name: 'max-scale 0 (unlimited) has no Cloud Run form',
    parts: { templateAnnotations: { 'autoscaling.knative.dev/max-scale': '0' } },
    lines: [
      [
        'loss',
        `${TEMPLATE_ANNOTATIONS}["autoscaling.knative.dev/max-scale"]`,
        'autoscaling-keys',
        'always has a maximum',
      ],
    ],
    output: [[['spec', 'template', 'metadata'], undefined]],
  },
  {
    name: 'Knative-only autoscaling annotations are losses',
    parts: {
      templateAnnotations: {
        'autoscaling.knative.dev/target': '50',
        'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
      },
    },
    lines: [
      [
        'loss',
        `${TEMPLATE_ANNOTATIONS}["autoscaling.knative.dev/target"]`,
        'knative-annotations',
        'only minScale and maxScale',
      ],
      [
        'loss',
        `${TEMPLATE_ANNOTATIONS}["autoscaling.knative.dev/class"]`,
        'knative-annotations',
        'only minScale and maxScale',
      ],
    ],
  },
  {
    name: "timeoutSeconds 0 is Knative's default, written as 300",
    parts: { pod: { timeoutSeconds: 0 } },
    lines: [['change', `${POD}.timeoutSeconds`, 'timeout-seconds', '→ 300']],
    output: [[[...PODSPEC, 'timeoutSeconds'], 300]],
  },
  {
    name: 'containerConcurrency 0 (no limit) leaves Cloud Run its default',
    parts: { pod: { containerConcurrency: 0 } },
    lines: [
      ['change', `${POD}.containerConcurrency`, 'container-concurrency', "Cloud Run's default, 80"],
    ],
    output: [[[...PODSPEC, 'containerConcurrency'], undefined]],
  },
  {
    name: 'below 1 CPU Cloud Run takes one request at a time',
    parts: {
      pod: { containerConcurrency: 10 },
      container: { resources: { limits: { cpu: '500m', memory: '256Mi' } } },
    },
    lines: [
      ['loss', `${POD}.containerConcurrency`, 'container-concurrency', 'one request at a time'],
    ],
    output: [[[...PODSPEC, 'containerConcurrency'], 1]],
  },
  {
    name: 'a concurrency both take is kept',
    parts: { pod: { containerConcurrency: 250 } },
    output: [[[...PODSPEC, 'containerConcurrency'], 250]],
  },
];

describe('Knative → Cloud Run: scale bounds, autoscaling, concurrency and timeouts', () => {
  testCases('knative', CASES);
});
