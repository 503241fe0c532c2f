import { ApiObject, type ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import { Trigger } from '../../cdk8s/imports/trigger-eventing.knative.dev';

/** Where a result Trigger sends: a Knative Service of the namespace, or a URL. */
export type ResultSubscriber = { readonly service: string } | { readonly uri: string };

/** Props of {@link ResultTrigger}. */
export interface ResultTriggerProps {
  /** The Trigger's name (a DNS-1123 label). */
  readonly name: string;
  /** The namespace it lives in (the Broker's). */
  readonly namespace: string;
  /** The Broker the worker's replies reach (the Broker that delivered the input event). */
  readonly broker: string;
  /** The result event type it takes, such as `dev.dualrun.image.labeled.v1`. */
  readonly type: string;
  /** The worker's result `source`, `//dualrun/<service>`: only this worker's results match. */
  readonly source: string;
  /** The consumer of the result events. */
  readonly subscriber: ResultSubscriber;
}

/**
 * A Trigger (`eventing.knative.dev/v1`) that sends one type of the worker's result events, which
 * the worker returns as replies (`RESULTS_MODE=reply`) and the Broker routes, to a consumer. Its
 * filter names the result type, so it never matches the uploads the worker's own Trigger takes,
 * and the worker's Trigger, which filters the storage type, never matches a result: no loop.
 * Delivery is the Broker's (no `spec.delivery` of its own).
 *
 * @see https://knative.dev/docs/eventing/triggers/
 * @see https://knative.dev/docs/eventing/brokers/broker-event-delivery/
 */
export class ResultTrigger extends Construct {
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ResultTriggerProps) {
    super(scope, id);
    const subscriber =
      'service' in props.subscriber
        ? {
            ref: {
              apiVersion: 'serving.knative.dev/v1',
              kind: 'Service',
              name: props.subscriber.service,
            },
          }
        : { uri: props.subscriber.uri };
    this.apiObject = new ApiObject(
      this,
      'Resource',
      Trigger.manifest({
        metadata: { name: props.name, namespace: props.namespace },
        spec: {
          broker: props.broker,
          // One `exact` per attribute: the Eventing webhook refuses an `exact` with two keys.
          filters: [{ exact: { type: props.type } }, { exact: { source: props.source } }],
          subscriber,
        },
      }) as ApiObjectProps,
    );
  }
}
