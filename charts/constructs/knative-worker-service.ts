import { Construct } from 'constructs';
import {
  Service,
  type ServiceSpecTemplateSpecContainers,
  type ServiceSpecTemplateSpecVolumes,
} from '../../cdk8s/imports/service-serving.knative.dev';

/** Props of {@link KnativeWorkerService}. */
export interface KnativeWorkerServiceProps {
  /** The Service's name (a DNS-1035 label; revision names start with it). */
  readonly name: string;
  /** The namespace it lives in. */
  readonly namespace: string;
  /**
   * The pods' Kubernetes service account: a Kubernetes name, never an IAM e-mail (the webhook
   * rejects an e-mail).
   */
  readonly serviceAccountName: string;
  /** The worker container (`workerContainer(config, 'knative')`). */
  readonly container: ServiceSpecTemplateSpecContainers;
  /**
   * Requests one pod takes at once (`containerConcurrency`); 0 would mean unlimited.
   *
   * @see https://knative.dev/docs/serving/autoscaling/concurrency/
   */
  readonly containerConcurrency: number;
  /**
   * The request timeout, in seconds; the webhook rejects more than the cluster's
   * `max-revision-timeout-seconds` (600 by default).
   */
  readonly timeoutSeconds: number;
  /**
   * The fewest pods (0 scales to zero), written as the template annotation
   * `autoscaling.knative.dev/min-scale` (on the Service's own metadata the webhook rejects it).
   *
   * @see https://knative.dev/docs/serving/autoscaling/scale-bounds/
   */
  readonly minScale: number;
  /**
   * The most pods, written as the template annotation `autoscaling.knative.dev/max-scale`.
   *
   * @see https://knative.dev/docs/serving/autoscaling/scale-bounds/
   */
  readonly maxScale: number;
  /**
   * Reachable only inside the cluster (`networking.knative.dev/visibility: cluster-local`): the
   * Broker delivers from inside, and nothing outside should invoke the worker.
   *
   * @default true
   * @see https://knative.dev/docs/serving/services/private-services/
   */
  readonly clusterLocal?: boolean;
  /** The pods' volumes (a key Secret the container mounts). @default none */
  readonly volumes?: readonly ServiceSpecTemplateSpecVolumes[];
}

/**
 * The worker as a Knative Serving Service (`serving.knative.dev/v1`). The template carries no name:
 * Knative names each revision, and a fixed name would reject every later change.
 *
 * @see https://knative.dev/docs/serving/reference/serving-api/
 */
export class KnativeWorkerService extends Construct {
  readonly apiObject: Service;

  constructor(scope: Construct, id: string, props: KnativeWorkerServiceProps) {
    super(scope, id);
    this.apiObject = new Service(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        ...((props.clusterLocal ?? true)
          ? { labels: { 'networking.knative.dev/visibility': 'cluster-local' } }
          : {}),
      },
      spec: {
        template: {
          metadata: {
            annotations: {
              'autoscaling.knative.dev/min-scale': String(props.minScale),
              'autoscaling.knative.dev/max-scale': String(props.maxScale),
            },
          },
          spec: {
            serviceAccountName: props.serviceAccountName,
            containerConcurrency: props.containerConcurrency,
            timeoutSeconds: props.timeoutSeconds,
            containers: [props.container],
            ...(props.volumes === undefined ? {} : { volumes: [...props.volumes] }),
          },
        },
      },
    });
  }
}
