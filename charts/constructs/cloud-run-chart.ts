import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { Service } from '../../cdk8s/imports/service-serving.knative.dev';
import type { DeploymentConfig } from '../config/deployment-config';
import { workerContainer } from './worker-container';

/** Props of {@link CloudRunChart}. */
export interface CloudRunChartProps extends Omit<ChartProps, 'namespace'> {
  /** The checked deployment config (`readDeploymentConfig`); it also gives every namespace. */
  readonly config: DeploymentConfig;
}

/**
 * `cloudrun/service.yaml`, for `gcloud run services replace`: a `serving.knative.dev/v1` Service
 * holding only fields of the Cloud Run Admin API v1 schema (gcloud refuses any other field before
 * calling the API), and annotations Cloud Run accepts.
 *
 * - Ingress `all` by default: Pub/Sub push comes from Google's network, not from a VPC, and
 *   whether Cloud Run counts it as internal depends on the project's setup; the service stays
 *   private through IAM (`gcloud run services replace` grants no `allUsers` invoker; only the
 *   invoker account holds `roles/run.invoker`).
 * - `run.googleapis.com/custom-audiences` lists the push audience, so Cloud Run's IAM check
 *   accepts the push's OIDC token, whose `aud` is that audience and not the service URL.
 * - Scale bounds in the camelCase spelling, the only one Cloud Run accepts, on the template.
 * - `metadata.namespace` is the project id: gcloud refuses to deploy it into another project.
 *
 * @see https://cloud.google.com/run/docs/reference/yaml/v1
 * @see https://cloud.google.com/run/docs/configuring/custom-audiences
 */
export class CloudRunChart extends Chart {
  constructor(scope: Construct, id: string, props: CloudRunChartProps) {
    super(scope, id, props);
    const { config } = props;
    const { service, google, cloudRun, pubsub } = config;
    new Service(this, 'Service', {
      metadata: {
        name: service.name,
        namespace: google.projectId,
        labels: { 'cloud.googleapis.com/location': google.region },
        annotations: {
          'run.googleapis.com/ingress': cloudRun.ingress,
          'run.googleapis.com/custom-audiences': JSON.stringify([pubsub.pushAudience]),
        },
      },
      spec: {
        template: {
          metadata: {
            annotations: {
              'autoscaling.knative.dev/minScale': String(service.minScale),
              'autoscaling.knative.dev/maxScale': String(service.maxScale),
            },
          },
          spec: {
            serviceAccountName: cloudRun.serviceAccountEmail,
            containerConcurrency: service.containerConcurrency,
            timeoutSeconds: cloudRun.timeoutSeconds,
            containers: [workerContainer(config, 'cloud-run')],
          },
        },
        traffic: [{ percent: 100, latestRevision: true }],
      },
    });
  }
}
