/** The two tables: the apply order by kind, and the readiness rule by group and kind. */
import type { KubeObject } from '../../src/cluster/kube-object';
import { APPLY_ORDER, sortForApply, UNKNOWN_KIND_RANK } from '../../src/apply/rules/apply-order';
import { readinessOf, readinessRuleOf, type ReadinessRule } from '../../src/apply/rules/readiness';

const object = (apiVersion: string, kind: string, rest: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name: 'x', namespace: 'n', ...rest.metadata },
  ...rest,
});

describe('apply order', () => {
  test('Namespace, ServiceAccounts, Brokers and Services, Triggers, sources; unknown kinds last; file order within a rank', () => {
    const kinds = [
      'Widget',
      'ContainerSource',
      'Trigger',
      'Service',
      'Broker',
      'ServiceAccount',
      'CloudStorageSource',
      'Namespace',
      'SinkBinding',
      'ServiceAccount',
    ].map((kind, index) => ({ kind, index }));
    expect(
      sortForApply(kinds, (item) => item.kind).map(({ kind, index }) => `${kind}#${index}`),
    ).toEqual([
      'Namespace#7',
      'ServiceAccount#5',
      'ServiceAccount#9',
      'Service#3',
      'Broker#4',
      'Trigger#2',
      'ContainerSource#1',
      'CloudStorageSource#6',
      'SinkBinding#8',
      'Widget#0',
    ]);
  });

  test('Config Connector: identities, then topics, then subscriptions, notifications and grants', () => {
    expect(APPLY_ORDER.IAMServiceAccount).toBeLessThan(APPLY_ORDER.PubSubTopic!);
    expect(APPLY_ORDER.PubSubTopic).toBeLessThan(APPLY_ORDER.PubSubSubscription!);
    expect(APPLY_ORDER.PubSubTopic).toBeLessThan(APPLY_ORDER.StorageNotification!);
    expect(APPLY_ORDER.PubSubTopic).toBeLessThan(APPLY_ORDER.IAMPolicyMember!);
    expect(Math.max(...Object.values(APPLY_ORDER))).toBeLessThan(UNKNOWN_KIND_RANK);
  });
});

describe('readiness rule by group and kind', () => {
  test.each<[string, string, ReadinessRule]>([
    ['v1', 'Namespace', 'exists'],
    ['v1', 'ServiceAccount', 'exists'],
    ['v1', 'Service', 'exists'],
    ['serving.knative.dev/v1', 'Service', 'ready-condition'],
    ['eventing.knative.dev/v1', 'Broker', 'ready-condition'],
    ['eventing.knative.dev/v1', 'Trigger', 'ready-condition'],
    ['sources.knative.dev/v1', 'ContainerSource', 'ready-condition'],
    ['sources.knative.dev/v1', 'SinkBinding', 'ready-condition'],
    ['events.cloud.google.com/v1', 'CloudStorageSource', 'ready-condition'],
    ['pubsub.cnrm.cloud.google.com/v1beta1', 'PubSubTopic', 'ready-condition'],
    ['iam.cnrm.cloud.google.com/v1beta1', 'IAMPolicyMember', 'ready-condition'],
    ['example.com/v1', 'Widget', 'exists'],
  ])('%s %s: %s', (apiVersion, kind, rule) => {
    expect(readinessRuleOf(object(apiVersion, kind))).toBe(rule);
  });

  test('a kind not in the table that reports a Ready condition is judged by it', () => {
    const widget = object('example.com/v1', 'Widget', {
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'Broken' }] },
    });
    expect(readinessRuleOf(widget)).toBe('ready-condition');
    expect(readinessOf(widget)).toEqual({
      ready: false,
      status: 'False',
      reason: 'Broken',
      message: '',
    });
  });
});

describe('readiness of a Knative Service as its controller reports it', () => {
  const service = (status: unknown, generation = 2): KubeObject =>
    object('serving.knative.dev/v1', 'Service', {
      metadata: { name: 's', namespace: 'n', generation },
      ...(status === undefined ? {} : { status }),
    });
  const ready = { type: 'Ready', status: 'True' };

  test.each<[string, KubeObject | undefined, ReturnType<typeof readinessOf>]>([
    [
      'not in the cluster',
      undefined,
      { ready: false, reason: 'NotFound', message: 'not in the cluster' },
    ],
    [
      'no status yet',
      service(undefined),
      {
        ready: false,
        reason: 'NoReadyCondition',
        message: 'no Ready condition yet: is its controller running?',
      },
    ],
    [
      'Ready=Unknown with a reason',
      service({
        observedGeneration: 2,
        conditions: [
          { type: 'ConfigurationsReady', status: 'True' },
          { type: 'Ready', status: 'Unknown', reason: 'RevisionMissing', message: 'waiting' },
        ],
      }),
      { ready: false, status: 'Unknown', reason: 'RevisionMissing', message: 'waiting' },
    ],
    [
      'Ready=False without a reason',
      service({ observedGeneration: 2, conditions: [{ type: 'Ready', status: 'False' }] }),
      { ready: false, status: 'False', reason: 'False', message: '' },
    ],
    [
      'Ready=True for an older generation',
      service({ observedGeneration: 1, conditions: [ready] }),
      {
        ready: false,
        status: 'True',
        reason: 'GenerationNotObserved',
        message: 'the controller has observed generation 1, not yet 2',
      },
    ],
    [
      'Ready=True for this generation',
      service({ observedGeneration: 2, conditions: [ready] }),
      { ready: true },
    ],
    [
      'Ready=True for a later generation',
      service({ observedGeneration: 3, conditions: [ready] }),
      { ready: true },
    ],
    ['Ready=True without observedGeneration', service({ conditions: [ready] }), { ready: true }],
  ])('%s', (_case, stored, expected) => {
    expect(readinessOf(stored)).toEqual(expected);
  });

  test('a Namespace is ready once it exists', () => {
    expect(readinessOf(object('v1', 'Namespace'))).toEqual({ ready: true });
  });
});
