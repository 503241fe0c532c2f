/** Negative examples of workload/* and secrets/*: a Service of either target. */
import { append, C0, POD, remove, set } from '../manifest-fixtures';
import { ksvc, type NegativeCase, one, run, RUN_C0, SC } from './case';

/** The workload cases. */
export const WORKLOAD_CASES: readonly NegativeCase[] = [
  one(
    'workload/image-reference',
    'an image with upper case and a bang',
    ksvc(set([...C0, 'image'], 'Worker:Latest!')),
  ),
  one(
    'workload/concurrency-in-flight',
    'Cloud Run containerConcurrency 81 with MAX_IN_FLIGHT "80"',
    run(set([...POD, 'containerConcurrency'], 81)),
  ),
  one(
    'workload/concurrency-in-flight',
    'Knative containerConcurrency 81 with MAX_IN_FLIGHT "80"',
    ksvc(set([...POD, 'containerConcurrency'], 81)),
  ),
  one(
    'workload/concurrency-in-flight',
    'Knative containerConcurrency unset (unlimited)',
    ksvc(remove([...POD, 'containerConcurrency'])),
  ),
  one('workload/traffic-percent', 'traffic 90 %', run(set(['spec', 'traffic', 0, 'percent'], 90))),
  one(
    'workload/duplicate-env',
    'VISION_TIMEOUT_MS set twice',
    ksvc(append([...C0, 'env'], { name: 'VISION_TIMEOUT_MS', value: '20000' })),
  ),
  one(
    'workload/run-as-root',
    'runAsUser 0 with runAsNonRoot true',
    ksvc(set([...SC, 'runAsUser'], 0)),
  ),
  one(
    'secrets/literal-env',
    'API_TOKEN as a literal',
    run(append([...RUN_C0, 'env'], { name: 'API_TOKEN', value: 's3cr3t' })),
  ),
  one(
    'secrets/literal-env',
    'GOOGLE_APPLICATION_CREDENTIALS as a literal',
    ksvc(
      append([...C0, 'env'], {
        name: 'GOOGLE_APPLICATION_CREDENTIALS',
        value: '{"type":"service_account"}',
      }),
    ),
  ),
];
