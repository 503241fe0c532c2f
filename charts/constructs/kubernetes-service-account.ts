import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** Props of {@link KubernetesServiceAccount}. */
export interface KubernetesServiceAccountProps {
  /** The ServiceAccount's name (a DNS-1123 subdomain). */
  readonly name: string;
  /** The namespace it lives in. */
  readonly namespace: string;
  /**
   * The IAM service account it acts as through GKE Workload Identity, written as the
   * `iam.gke.io/gcp-service-account` annotation.
   *
   * @default - no annotation: the pods get no Google identity from this account
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity
   */
  readonly googleServiceAccount?: string | undefined;
}

/**
 * A Kubernetes ServiceAccount (`v1`), optionally bound to an IAM service account. Pods of a Knative
 * Service whose `serviceAccountName` does not exist are never created, so the kit creates the
 * accounts it names.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/service-account-v1/
 */
export class KubernetesServiceAccount extends Construct {
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: KubernetesServiceAccountProps) {
    super(scope, id);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: props.name,
        namespace: props.namespace,
        ...(props.googleServiceAccount === undefined
          ? {}
          : { annotations: { 'iam.gke.io/gcp-service-account': props.googleServiceAccount } }),
      },
    });
  }
}
