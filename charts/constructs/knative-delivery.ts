/**
 * Knative's DeliverySpec for the worker, from the config: the same on the Broker and the Trigger.
 *
 * @see https://knative.dev/docs/eventing/event-delivery/
 */
import type {
  BrokerSpecDelivery,
  BrokerSpecDeliveryDeadLetterSink,
} from '../../cdk8s/imports/broker-eventing.knative.dev';
import type { DeploymentConfig } from '../config/deployment-config';
import { deadLetterReceiver } from '../config/derived-names';

/** Seconds as an ISO-8601 duration: `1` → `PT1S`, `0.2` → `PT0.2S`. */
export function isoSeconds(seconds: number): string {
  return `PT${String(seconds)}S`;
}

/** The `deadLetterSink` Destination of each form of `knative.delivery.deadLetterSink`. */
function deadLetterDestination(config: DeploymentConfig): BrokerSpecDeliveryDeadLetterSink {
  const sink = config.knative.delivery.deadLetterSink;
  const receiver = deadLetterReceiver(config);
  if (receiver !== undefined)
    return { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: receiver.name } };
  return 'broker' in sink
    ? { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: sink.broker } }
    : { uri: 'uri' in sink ? sink.uri : '' };
}

/**
 * Retries, backoff and the dead-letter sink (by default the kit's dead-letter receiver, a Knative
 * Service). Knative retries 5xx, 404, 408, 409 and 429 and sends any other failure to the
 * dead-letter sink at once, which is why the worker answers permanent problems with a 4xx.
 */
export function knativeDelivery(config: DeploymentConfig): BrokerSpecDelivery {
  const { retry, backoffPolicy, backoffDelaySeconds } = config.knative.delivery;
  return {
    retry,
    backoffPolicy,
    backoffDelay: isoSeconds(backoffDelaySeconds),
    deadLetterSink: deadLetterDestination(config),
  };
}
