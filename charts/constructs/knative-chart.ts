import { ApiObject, Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { storageSource } from '../../src/events/canonical-event';
import { RESULT_EVENT_TYPES, resultSource } from '../../src/events/result-event';
import { CloudStorageEventSource } from './cloud-storage-event-source';
import type { DeploymentConfig, KnativeSource } from '../config/deployment-config';
import { deliveryTimeoutSeconds } from '../config/deployment-config-rules';
import {
  FINALIZED_EVENT_TYPE,
  deadLetterBrokerName,
  deadLetterReceiver,
  knativeWorkerAudience,
  resultTriggerName,
  triggerName,
} from '../config/derived-names';
import { ResultTrigger } from './result-trigger';
import { addDeadLetterReceiver } from './dead-letter-receiver';
import { KnativeBroker } from './knative-broker';
import { knativeDelivery } from './knative-delivery';
import { KnativeWorkerService } from './knative-worker-service';
import { KubernetesServiceAccount } from './kubernetes-service-account';
import { PubSubEventSource } from './pub-sub-event-source';
import { KEY_SECRET_MOUNT_PATH, SOURCE_PORT, sourceEnvironment } from '../config/source-env';
import { StorageTrigger } from './storage-trigger';
import { workerContainer } from './worker-container';

/** Props of {@link KnativeChart}. */
export interface KnativeChartProps extends Omit<ChartProps, 'namespace'> {
  /** The checked deployment config (`readDeploymentConfig`); it also gives every namespace. */
  readonly config: DeploymentConfig;
}

/** Writes the event source of one kind into the chart. */
type SourceWriter<S extends KnativeSource> = (
  chart: Chart,
  config: DeploymentConfig,
  source: S,
) => void;

/**
 * The source of each kind: the kit's own Pub/Sub source (a ContainerSource), knative-gcp's legacy
 * CloudStorageSource, or none.
 */
const SOURCES: {
  readonly [K in KnativeSource['kind']]: SourceWriter<Extract<KnativeSource, { kind: K }>>;
} = {
  pubsub: (chart, config, source) => {
    const { keySecret } = source;
    new PubSubEventSource(chart, 'Source', {
      name: source.name,
      namespace: config.knative.namespace,
      image: config.service.image,
      serviceAccountName: source.serviceAccountName,
      sinkBroker: config.knative.broker,
      env: sourceEnvironment(config, source),
      port: SOURCE_PORT,
      resources: { cpu: source.cpu, memory: source.memory },
      keySecret:
        keySecret === undefined ? undefined : { ...keySecret, mountPath: KEY_SECRET_MOUNT_PATH },
    });
  },
  'knative-gcp': (chart, { google, knative }, source) => {
    new CloudStorageEventSource(chart, 'Source', {
      name: source.name,
      namespace: knative.namespace,
      bucket: google.bucket,
      project: google.projectId,
      sinkBroker: knative.broker,
      serviceAccountName: source.serviceAccountName,
    });
  },
  none: () => undefined,
};

/**
 * The Google account the source's Kubernetes service account is bound to through Workload
 * Identity: none for a source that mounts a key, or that has no account.
 */
function sourceWorkloadIdentity(source: KnativeSource): string | undefined {
  if (source.kind === 'none') return undefined;
  if (source.kind === 'pubsub' && source.keySecret !== undefined) return undefined;
  return source.googleServiceAccount;
}

/**
 * Everything `kubectl apply -f knative/` creates, in dependency order: the namespace, the service
 * accounts, the dead-letter sink (the receiver's account and Service, or a Broker), the Broker, the
 * worker Service, the Trigger, the Triggers of the worker's result events (with
 * `results.knativeConsumer`), then the event source (`knative.source.kind`). The Pub/Sub wiring
 * the kit's source needs is not here (it is no
 * Kubernetes object): `knative/wiring/`.
 *
 * @see https://knative.dev/docs/eventing/
 */
export class KnativeChart extends Chart {
  constructor(scope: Construct, id: string, props: KnativeChartProps) {
    super(scope, id, props);
    const { config } = props;
    const { service, google, knative } = config;
    const namespace = knative.namespace;
    const { source } = knative;

    // Written in creation order, which is the dependency order.
    new ApiObject(this, 'Namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    new KubernetesServiceAccount(this, 'WorkerServiceAccount', {
      name: knative.serviceAccountName,
      namespace,
      googleServiceAccount: knative.googleServiceAccount,
    });
    if (source.kind !== 'none') {
      new KubernetesServiceAccount(this, 'SourceServiceAccount', {
        name: source.serviceAccountName,
        namespace,
        googleServiceAccount: sourceWorkloadIdentity(source),
      });
    }
    const deadLetterBroker = deadLetterBrokerName(config);
    if (deadLetterBroker !== undefined) {
      new KnativeBroker(this, 'DeadLetterBroker', { name: deadLetterBroker, namespace });
    }
    // The dead-letter sink exists before the Broker that names it.
    const receiver = deadLetterReceiver(config);
    if (receiver !== undefined) addDeadLetterReceiver(this, config, receiver);
    const delivery = knativeDelivery(config);
    new KnativeBroker(this, 'Broker', { name: knative.broker, namespace, delivery });
    new KnativeWorkerService(this, 'Worker', {
      name: service.name,
      namespace,
      serviceAccountName: knative.serviceAccountName,
      container: workerContainer(config, 'knative'),
      containerConcurrency: service.containerConcurrency,
      timeoutSeconds: knative.timeoutSeconds,
      minScale: service.minScale,
      maxScale: service.maxScale,
    });
    new StorageTrigger(this, 'Trigger', {
      name: triggerName(config),
      namespace,
      broker: knative.broker,
      subscriberService: service.name,
      exactFilter: { type: FINALIZED_EVENT_TYPE, source: storageSource(google.bucket) },
      delivery,
      timeoutSeconds: deliveryTimeoutSeconds(config),
      subscriberAudience: knativeWorkerAudience(config),
    });
    const consumer = config.results.knativeConsumer;
    if (consumer !== undefined) {
      // The worker answers each delivery with its result event; the Broker routes the reply here.
      for (const [outcome, type] of Object.entries(RESULT_EVENT_TYPES)) {
        new ResultTrigger(this, `ResultTrigger-${outcome}`, {
          name: resultTriggerName(config, outcome),
          namespace,
          broker: knative.broker,
          type,
          source: resultSource(service.name),
          subscriber: consumer,
        });
      }
    }
    // The writer for `source.kind` takes that kind; TypeScript cannot correlate the two.
    const write = SOURCES[source.kind] as SourceWriter<KnativeSource>;
    write(this, config, source);
  }
}
