import { Construct } from 'constructs';
import { Broker, type BrokerSpecDelivery } from '../../cdk8s/imports/broker-eventing.knative.dev';

/** The Broker class the kit uses: the channel-based broker that ships with Knative Eventing. */
export const BROKER_CLASS = 'MTChannelBasedBroker';

/** Props of {@link KnativeBroker}. */
export interface KnativeBrokerProps {
  /** The Broker's name (a DNS-1123 label). */
  readonly name: string;
  /** The namespace it lives in. */
  readonly namespace: string;
  /**
   * Delivery to every Trigger of this Broker: retries, backoff and the dead-letter sink. A
   * Trigger's own `delivery` overrides it.
   *
   * @default - the cluster's `config-br-defaults` delivery
   * @see https://knative.dev/docs/eventing/event-delivery/
   */
  readonly delivery?: BrokerSpecDelivery | undefined;
}

/**
 * A Knative Eventing Broker (`eventing.knative.dev/v1`) with an explicit class annotation
 * (`eventing.knative.dev/broker.class`): the class is immutable, so it is pinned rather than left
 * to the cluster default.
 *
 * @see https://knative.dev/docs/eventing/brokers/
 */
export class KnativeBroker extends Construct {
  readonly apiObject: Broker;

  constructor(scope: Construct, id: string, props: KnativeBrokerProps) {
    super(scope, id);
    this.apiObject = new Broker(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        annotations: { 'eventing.knative.dev/broker.class': BROKER_CLASS },
      },
      spec: props.delivery === undefined ? {} : { delivery: props.delivery },
    });
  }
}
