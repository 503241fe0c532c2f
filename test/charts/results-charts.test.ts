/**
 * The `results` section through the charts: the environment each target's worker gets, the
 * Knative Triggers of a result consumer (and that none of them, nor the worker's own Trigger,
 * brings a result event back to the worker), the results topic and publisher grant in both Cloud
 * Run wiring forms, and the config's refusals.
 */
import { CloudRunChart } from '../../charts/constructs/cloud-run-chart';
import { ConfigConnectorChart } from '../../charts/constructs/config-connector-chart';
import { KnativeChart } from '../../charts/constructs/knative-chart';
import { DeploymentConfigError } from '../../charts/config/deployment-config-error';
import { cloudRunWiring } from '../../charts/wiring/cloud-run-wiring';
import { RESULT_EVENT_TYPES, isResultEventType } from '../../src/events/result-event';
import {
  field,
  findObject,
  synthChart,
  testConfig,
  type Change,
  type Manifest,
} from './test-config';

const synthKnative = (...changes: Change[]) =>
  synthChart((app) => new KnativeChart(app, 'knative', { config: testConfig(...changes) }));

const envOf = (manifest: Manifest) =>
  Object.fromEntries(
    (
      field(manifest, 'spec.template.spec.containers.0.env') as { name: string; value: string }[]
    ).map(({ name, value }) => [name, value]),
  );

const triggers = (manifests: Manifest[]) => manifests.filter((m) => m.kind === 'Trigger');

/** The `exact` filters of a Trigger as one mapping. */
const exactOf = (trigger: Manifest) =>
  Object.assign(
    {},
    ...(field(trigger, 'spec.filters') as { exact: Record<string, string> }[]).map((f) => f.exact),
  ) as Record<string, string>;

describe('results: the environment each target sets', () => {
  test('Knative: RESULTS_MODE=reply and no topic (the Broker routes the reply)', () => {
    const env = envOf(findObject(synthKnative(), 'Service', 'thumbnailer'));
    expect(env['RESULTS_MODE']).toBe('reply');
    expect(env).not.toHaveProperty('RESULTS_TOPIC');
  });

  test.each([
    [[], 'projects/acme-prod/topics/image-labels'],
    [[['results.topic', 'photo-labels']], 'projects/acme-prod/topics/photo-labels'],
  ] as const)(
    'Cloud Run: RESULTS_MODE=pubsub, RESULTS_TOPIC the full name (%j)',
    (changes, topic) => {
      const config = testConfig(...changes);
      const [service] = synthChart((app) => new CloudRunChart(app, 'cloudrun', { config }));
      expect(envOf(service!)).toMatchObject({ RESULTS_MODE: 'pubsub', RESULTS_TOPIC: topic });
    },
  );

  test('results defaults to topic image-labels and no Knative consumer', () => {
    expect(testConfig().results).toEqual({ topic: 'image-labels' });
  });
});

describe('results: the Knative consumer', () => {
  test('without a consumer, only the worker Trigger', () => {
    expect(triggers(synthKnative()).map((t) => field(t, 'metadata.name'))).toEqual([
      'thumbnailer-finalized',
    ]);
  });

  test.each([
    [
      { service: 'label-store' },
      { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'label-store' } },
    ],
    [{ uri: 'http://labels.example.com/in' }, { uri: 'http://labels.example.com/in' }],
    [
      { uri: 'http://label-store.media.svc.cluster.local' },
      { uri: 'http://label-store.media.svc.cluster.local' },
    ],
    [
      { uri: 'http://thumbnailer.other.svc.cluster.local/' },
      { uri: 'http://thumbnailer.other.svc.cluster.local/' },
    ],
  ])('a Trigger per result type on the Broker to %j', (consumer, subscriber) => {
    const manifests = synthKnative(['results.knativeConsumer', consumer]);
    const results = triggers(manifests).filter((t) => isResultEventType(exactOf(t)['type'] ?? ''));
    expect(results.map((t) => [field(t, 'metadata.name'), exactOf(t)])).toEqual(
      Object.entries(RESULT_EVENT_TYPES).map(([outcome, type]) => [
        `thumbnailer-${outcome}`,
        { type, source: '//dualrun/thumbnailer' },
      ]),
    );
    for (const trigger of results) {
      expect(field(trigger, 'metadata.namespace')).toBe('media');
      expect(field(trigger, 'spec.broker')).toBe('uploads');
      expect(field(trigger, 'spec.subscriber')).toEqual(subscriber);
    }
  });

  test('no loop: no Trigger that reaches the worker matches a result event type', () => {
    const manifests = synthKnative(['results.knativeConsumer', { service: 'label-store' }]);
    const toWorker = triggers(manifests).filter(
      (t) => field(t, 'spec.subscriber.ref.name') === 'thumbnailer',
    );
    expect(toWorker.map((t) => exactOf(t)['type'])).toEqual([
      'google.cloud.storage.object.v1.finalized',
    ]);
  });

  test.each([
    [
      [['results.knativeConsumer', { service: 'thumbnailer' }]],
      'results.knativeConsumer.service: "thumbnailer" is invalid: expected a Service other than the worker (thumbnailer)',
    ],
    [
      [['results.knativeConsumer', { uri: 'http://thumbnailer.media.svc.cluster.local' }]],
      'results.knativeConsumer.uri: "http://thumbnailer.media.svc.cluster.local" is invalid: expected a receiver other than the worker (Service thumbnailer in knative.namespace media)',
    ],
    [
      [['results.knativeConsumer', { uri: 'http://thumbnailer.media.svc.cluster.local/results' }]],
      'results.knativeConsumer.uri: "http://thumbnailer.media.svc.cluster.local/results" is invalid: expected a receiver other than the worker (Service thumbnailer in knative.namespace media)',
    ],
    [
      [['results.knativeConsumer', { uri: 'https://Thumbnailer.media.svc.cluster.local.:8080/' }]],
      'results.knativeConsumer.uri: "https://Thumbnailer.media.svc.cluster.local.:8080/" is invalid: expected a receiver other than the worker (Service thumbnailer in knative.namespace media)',
    ],
    [
      [['results.knativeConsumer', { uri: 'http://thumbnailer.media.svc' }]],
      'results.knativeConsumer.uri: "http://thumbnailer.media.svc" is invalid: expected a receiver other than the worker (Service thumbnailer in knative.namespace media)',
    ],
    [
      [['results.knativeConsumer', { uri: 'http://thumbnailer.media' }]],
      'results.knativeConsumer.uri: "http://thumbnailer.media" is invalid: expected a receiver other than the worker (Service thumbnailer in knative.namespace media)',
    ],
    [
      [['results.knativeConsumer', { uri: 'http://thumbnailer' }]],
      'results.knativeConsumer.uri: "http://thumbnailer" is invalid: expected a receiver other than the worker (Service thumbnailer in knative.namespace media)',
    ],
    [
      [
        [
          'results.knativeConsumer',
          { uri: 'http://broker-ingress.knative-eventing.svc.cluster.local/media/uploads' },
        ],
      ],
      'results.knativeConsumer.uri: "http://broker-ingress.knative-eventing.svc.cluster.local/media/uploads" is invalid: expected a receiver other than a Broker (broker-ingress.knative-eventing)',
    ],
    [
      [
        [
          'results.knativeConsumer',
          { uri: 'http://broker-ingress.knative-eventing.svc/media/other' },
        ],
      ],
      'results.knativeConsumer.uri: "http://broker-ingress.knative-eventing.svc/media/other" is invalid: expected a receiver other than a Broker (broker-ingress.knative-eventing)',
    ],
    [
      [['results.knativeConsumer', { uri: 'http://broker-ingress.knative-eventing/' }]],
      'results.knativeConsumer.uri: "http://broker-ingress.knative-eventing/" is invalid: expected a receiver other than a Broker (broker-ingress.knative-eventing)',
    ],
    [
      [['results.knativeConsumer', { uri: 'http://dead-letters.media.svc.cluster.local/results' }]],
      'results.knativeConsumer.uri: "http://dead-letters.media.svc.cluster.local/results" is invalid: expected a receiver other than the dead-letter sink (http://dead-letters.media.svc.cluster.local/): result events are no dead letters',
    ],
    [
      [['results.knativeConsumer', { service: 'dead-letters' }]],
      'results.knativeConsumer.service: "dead-letters" is invalid: expected a Service other than the dead-letter sink (http://dead-letters.media.svc.cluster.local/)',
    ],
    [
      [
        ['results.knativeConsumer', { service: 'thumbnailer-dead-letters' }],
        ['knative.delivery.deadLetterSink', { receiver: {} }],
      ],
      'results.knativeConsumer.service: "thumbnailer-dead-letters" is invalid: expected a Service other than the dead-letter sink (Service thumbnailer-dead-letters)',
    ],
    [
      [
        [
          'results.knativeConsumer',
          { uri: 'http://thumbnailer-dead-letters.media.svc.cluster.local' },
        ],
        ['knative.delivery.deadLetterSink', { receiver: {} }],
      ],
      'results.knativeConsumer.uri: "http://thumbnailer-dead-letters.media.svc.cluster.local" is invalid: expected a receiver other than the dead-letter sink (Service thumbnailer-dead-letters)',
    ],
    [
      [
        ['results.knativeConsumer', { uri: 'http://keeper.media.svc' }],
        ['knative.delivery.deadLetterSink', { receiver: { name: 'keeper' } }],
      ],
      'results.knativeConsumer.uri: "http://keeper.media.svc" is invalid: expected a receiver other than the dead-letter sink (Service keeper)',
    ],
    [
      [['knative.delivery.deadLetterSink', { uri: 'http://thumbnailer.media.svc.cluster.local/' }]],
      'knative.delivery.deadLetterSink.uri: "http://thumbnailer.media.svc.cluster.local/" is invalid: expected a receiver other than the worker (Service thumbnailer in knative.namespace media): dead letters sent back to the worker fail again and loop',
    ],
    [
      [['knative.delivery.deadLetterSink', { uri: 'http://thumbnailer.media.svc' }]],
      'knative.delivery.deadLetterSink.uri: "http://thumbnailer.media.svc" is invalid: expected a receiver other than the worker (Service thumbnailer in knative.namespace media): dead letters sent back to the worker fail again and loop',
    ],
    [
      [['knative.delivery.deadLetterSink', { uri: 'http://thumbnailer' }]],
      'knative.delivery.deadLetterSink.uri: "http://thumbnailer" is invalid: expected a receiver other than the worker (Service thumbnailer in knative.namespace media): dead letters sent back to the worker fail again and loop',
    ],
    [
      [['results.knativeConsumer', { broker: 'x' }]],
      'expected either {service: <Knative Service name>} or {uri: <url>}',
    ],
    [
      [['results.topic', 'photos']],
      'results.topic: "photos" is invalid: expected a topic other than pubsub.topic (photos)',
    ],
    [[['results.topic', 'photos-dlq']], 'results.topic: "photos-dlq" is invalid'],
    [[['results.topic', 'Labels']], 'results.topic: "Labels" is invalid: expected a Pub/Sub name'],
    [
      [['results.other', 1]],
      'results.other: 1 is invalid: unknown field: expected one of topic, knativeConsumer',
    ],
    [
      [['worker.RESULTS_MODE', 'pubsub']],
      'worker.RESULTS_MODE: "pubsub" is invalid: the kit sets RESULTS_MODE per target (reply on Knative, pubsub on Cloud Run): see the results section',
    ],
    [
      [['worker.RESULTS_TOPIC', 'projects/acme-prod/topics/x']],
      'the kit sets RESULTS_TOPIC on Cloud Run from results.topic',
    ],
  ] as const)('refused: %j', (changes, message) => {
    const parse = () => testConfig(...changes);
    expect(parse).toThrow(DeploymentConfigError);
    expect(parse).toThrow(message);
  });
});

describe('results: the Cloud Run wiring', () => {
  const config = testConfig(['results.topic', 'photo-labels']);

  test('the model holds the topic and the runtime account publisher grant, before the deploy', () => {
    const wiring = cloudRunWiring(config);
    const topic = wiring.resources.findIndex((r) => r.kind === 'topic' && r.purpose === 'results');
    const grant = wiring.resources.findIndex(
      (r) => r.kind === 'grant' && r.purpose === 'results-publisher',
    );
    const invoker = wiring.resources.findIndex(
      (r) => r.kind === 'grant' && r.purpose === 'run-invoker',
    );
    expect(wiring.resources[topic]).toEqual({
      kind: 'topic',
      purpose: 'results',
      name: 'photo-labels',
    });
    expect(wiring.resources[grant]).toMatchObject({
      member: {
        kind: 'service-account',
        email: 'thumbnailer-run@acme-prod.iam.gserviceaccount.com',
      },
      role: 'roles/pubsub.publisher',
      resource: { kind: 'topic', name: 'photo-labels' },
    });
    expect(topic).toBeLessThan(grant);
    expect(grant).toBeLessThan(invoker);
  });

  test('config-connector.yaml: a PubSubTopic and an IAMPolicyMember on it', () => {
    const manifests = synthChart(
      (app) =>
        new ConfigConnectorChart(app, 'kcc', {
          wiring: cloudRunWiring(config),
          namespace: 'acme-kcc',
        }),
    );
    expect(field(findObject(manifests, 'PubSubTopic', 'photo-labels'), 'metadata.namespace')).toBe(
      'acme-kcc',
    );
    expect(
      field(findObject(manifests, 'IAMPolicyMember', 'thumbnailer-results-publisher'), 'spec'),
    ).toEqual({
      member: 'serviceAccount:thumbnailer-run@acme-prod.iam.gserviceaccount.com',
      role: 'roles/pubsub.publisher',
      resourceRef: {
        apiVersion: 'pubsub.cnrm.cloud.google.com/v1beta1',
        kind: 'PubSubTopic',
        name: 'photo-labels',
      },
    });
  });
});
