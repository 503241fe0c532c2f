import { ApiObject, type ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Trigger,
  type TriggerSpecDelivery,
} from '../../cdk8s/imports/trigger-eventing.knative.dev';
import { isoSeconds } from './knative-delivery';
import { KNATIVE_LIMITS } from '../limits/knative';

/** Props of {@link StorageTrigger}. */
export interface StorageTriggerProps {
  /** The Trigger's name (a DNS-1123 label). */
  readonly name: string;
  /** The namespace it lives in (the Broker's and the subscriber's). */
  readonly namespace: string;
  /** The Broker it subscribes to (immutable once created). */
  readonly broker: string;
  /** The Knative Service (`serving.knative.dev/v1`) that receives the events. */
  readonly subscriberService: string;
  /**
   * CloudEvent attributes that must match exactly, all of them. Each becomes its own `exact`
   * filter in the `filters` list (an AND): the Eventing webhook rejects an `exact` with more than
   * one key ("Multiple items found, can have only one key-value", `trigger_validation.go`). Keys
   * are attribute names: lowercase a-z and 0-9 only.
   *
   * @see https://knative.dev/docs/eventing/triggers/#trigger-filtering
   */
  readonly exactFilter: Readonly<Record<string, string>>;
  /**
   * Delivery to the subscriber. It overrides the Broker's, so it repeats the retries and the
   * dead-letter sink rather than rely on how a Knative release merges the two.
   */
  readonly delivery: TriggerSpecDelivery;
  /**
   * The per-attempt timeout, in seconds, written as ISO-8601 `delivery.timeout` (feature
   * `delivery-timeout`, on by default). Not above the subscriber's own request timeout.
   *
   * @see https://knative.dev/docs/eventing/features/delivery-timeout/
   */
  readonly timeoutSeconds: number;
  /**
   * The audience of the OIDC token the Broker's dispatcher sends to the subscriber, when the
   * cluster has Knative Eventing's `authentication-oidc` feature: a Knative Service announces no
   * audience of its own, so without it no token is sent.
   *
   * @default - none: the dispatcher sends no token
   * @see https://knative.dev/docs/eventing/features/sender-identity/
   */
  readonly subscriberAudience?: string | undefined;
}

/**
 * A Trigger (`eventing.knative.dev/v1`) that sends the Broker's matching events to a Knative
 * Service, with the `filters` (CloudEvents Subscriptions API) form of filtering.
 *
 * @see https://knative.dev/docs/eventing/triggers/
 */
export class StorageTrigger extends Construct {
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: StorageTriggerProps) {
    super(scope, id);
    const invalidKey = Object.keys(props.exactFilter).find(
      (key) => !KNATIVE_LIMITS.filterAttributeName.test(key),
    );
    if (invalidKey !== undefined) {
      throw new RangeError(
        `exactFilter key ${JSON.stringify(invalidKey)} is invalid: expected a CloudEvent attribute name (a-z, 0-9)`,
      );
    }
    // The typed Trigger would drop `delivery.timeout`, which its CRD schema does not list (the
    // schema preserves unknown fields): render the typed manifest, then add the timeout.
    const manifest = Trigger.manifest({
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        broker: props.broker,
        filters: Object.entries(props.exactFilter).map(([key, value]) => ({
          exact: { [key]: value },
        })),
        subscriber: {
          ref: {
            apiVersion: 'serving.knative.dev/v1',
            kind: 'Service',
            name: props.subscriberService,
          },
          ...(props.subscriberAudience === undefined ? {} : { audience: props.subscriberAudience }),
        },
        delivery: props.delivery,
      },
    }) as ApiObjectProps & { readonly spec: { readonly delivery: object } };
    this.apiObject = new ApiObject(this, 'Resource', {
      ...manifest,
      spec: {
        ...manifest.spec,
        delivery: { ...manifest.spec.delivery, timeout: isoSeconds(props.timeoutSeconds) },
      },
    });
  }
}
