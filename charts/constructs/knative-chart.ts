import { ApiObject, Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { storageSource } from '../../src/events/canonical-event';
import { CloudStorageEventSource } from './cloud-storage-event-source';
import type { DeploymentConfig } from '../config/deployment-config';
import { deliveryTimeoutSeconds } from '../config/deployment-config-rules';
import { FINALIZED_EVENT_TYPE, deadLetterBrokerName, triggerName } from '../config/derived-names';
import { KnativeBroker } from './knative-broker';
import { knativeDelivery } from './knative-delivery';
import { KnativeWorkerService } from './knative-worker-service';
import { KubernetesServiceAccount } from './kubernetes-service-account';
import { StorageTrigger } from './storage-trigger';
import { workerContainer } from './worker-container';

/** Props of {@link KnativeChart}. */
export interface KnativeChartProps extends Omit<ChartProps, 'namespace'> {
  /** The checked deployment config (`readDeploymentConfig`); it also gives every namespace. */
  readonly config: DeploymentConfig;
}

/**
 * Everything `kubectl apply -f knative/` creates, in dependency order: the namespace, the service
 * accounts, the Brokers (dead-letter first), the worker Service, the Trigger, then the event
 * source.
 *
 * @see https://knative.dev/docs/eventing/
 */
export class KnativeChart extends Chart {
  constructor(scope: Construct, id: string, props: KnativeChartProps) {
    super(scope, id, props);
    const { config } = props;
    const { service, google, knative } = config;
    const namespace = knative.namespace;

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
    if (knative.source !== undefined) {
      new KubernetesServiceAccount(this, 'SourceServiceAccount', {
        name: knative.source.serviceAccountName,
        namespace,
        googleServiceAccount: knative.source.googleServiceAccount,
      });
    }
    const deadLetterBroker = deadLetterBrokerName(config);
    if (deadLetterBroker !== undefined) {
      new KnativeBroker(this, 'DeadLetterBroker', { name: deadLetterBroker, namespace });
    }
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
    });
    if (knative.source !== undefined) {
      new CloudStorageEventSource(this, 'Source', {
        name: knative.source.name,
        namespace,
        bucket: google.bucket,
        project: google.projectId,
        sinkBroker: knative.broker,
        serviceAccountName: knative.source.serviceAccountName,
      });
    }
  }
}
