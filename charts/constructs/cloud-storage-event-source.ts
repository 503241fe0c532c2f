import { Construct } from 'constructs';
import {
  CloudStorageSource,
  CloudStorageSourceSpecEventTypes,
} from '../../cdk8s/imports/cloudstoragesource-events.cloud.google.com';

/** Props of {@link CloudStorageEventSource}. */
export interface CloudStorageEventSourceProps {
  /** The source's name (a DNS-1123 label). */
  readonly name: string;
  /** The namespace it lives in. */
  readonly namespace: string;
  /** The bucket whose finalize notifications it turns into CloudEvents. */
  readonly bucket: string;
  /** The project of the bucket and of the Pub/Sub topic the source creates. */
  readonly project: string;
  /** The Broker (`eventing.knative.dev/v1`) it sends the events to. */
  readonly sinkBroker: string;
  /**
   * The Kubernetes service account of the source's receive adapter (Workload Identity); it must
   * act as an IAM account allowed to manage the notification, topic and subscription.
   */
  readonly serviceAccountName: string;
}

/**
 * A knative-gcp `CloudStorageSource` (`events.cloud.google.com/v1`) for object-finalized events
 * only, as the article's tutorial used. knative-gcp is unmaintained since 2022 (see
 * docs/deploying.md for the alternatives); it emits `google.cloud.storage.object.v1.finalized` with source
 * `//storage.googleapis.com/projects/_/buckets/<bucket>`, which the Trigger filters on.
 *
 * @see https://github.com/google/knative-gcp/blob/v0.23.0/docs/examples/cloudstoragesource/README.md
 */
export class CloudStorageEventSource extends Construct {
  readonly apiObject: CloudStorageSource;

  constructor(scope: Construct, id: string, props: CloudStorageEventSourceProps) {
    super(scope, id);
    this.apiObject = new CloudStorageSource(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        bucket: props.bucket,
        project: props.project,
        eventTypes: [
          CloudStorageSourceSpecEventTypes.GOOGLE_PERIOD_CLOUD_PERIOD_STORAGE_PERIOD_OBJECT_PERIOD_V1_PERIOD_FINALIZED,
        ],
        serviceAccountName: props.serviceAccountName,
        sink: {
          ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: props.sinkBroker },
        },
      },
    });
  }
}
