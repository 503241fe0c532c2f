/**
 * Knative Serving's and Eventing's bounds on what the kit generates, as a default installation
 * enforces them (its admission webhooks and the `config-defaults` ConfigMap). Read by the
 * deployment config schema and the manifest validator. Pure data: nothing here computes.
 */

/** Knative's limits and reserved names. */
export const KNATIVE_LIMITS = {
  /**
   * A revision's `timeoutSeconds`: 0 takes `revision-timeout-seconds` (300); the webhook refuses
   * more than `max-revision-timeout-seconds` (600 unless the operator raises it).
   *
   * @see https://knative.dev/docs/serving/configuration/config-defaults/
   */
  timeoutSeconds: { min: 0, max: 600, default: 300 },
  /**
   * A revision's `containerConcurrency`: 0 is unlimited; at most `container-concurrency-max-limit`.
   *
   * @see https://knative.dev/docs/serving/configuration/config-defaults/
   * @see https://knative.dev/docs/serving/autoscaling/concurrency/
   */
  containerConcurrency: { min: 0, max: 1000 },
  /**
   * The names a container port may have (`""` is the unnamed port; `h2c` for HTTP/2 cleartext).
   *
   * @see https://github.com/knative/specs/blob/main/specs/serving/runtime-contract.md#protocols-and-ports
   */
  portNames: ['', 'http1', 'h2c'],
  /**
   * Container ports the queue-proxy sidecar and the observability endpoints use.
   *
   * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/networking/constants.go
   */
  reservedPorts: [8012, 8013, 8022, 9090, 9091, 8008],
  /**
   * The port Knative sends requests to (and sets `PORT` to) when the serving container declares
   * none.
   *
   * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/v1/revision_helpers.go
   */
  defaultContainerPort: 8080,
  /**
   * Environment variables Knative sets in the serving container, which a Service may not set
   * (sidecars may set `PORT`).
   *
   * @see https://github.com/knative/specs/blob/main/specs/serving/runtime-contract.md#environment-variables
   */
  reservedEnv: ['PORT', 'K_SERVICE', 'K_CONFIGURATION', 'K_REVISION'],
  /**
   * The container name Knative reserves for its sidecar.
   *
   * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/k8s_validation.go
   */
  reservedContainerName: 'queue-proxy',
  /**
   * `runAsUser` and `runAsGroup` of a container's securityContext.
   *
   * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/k8s_validation.go
   */
  userId: { min: 0, max: 2_147_483_647 },
  /**
   * A CloudEvent attribute name in a Trigger filter: lowercase letters and digits, from a letter.
   *
   * @see https://knative.dev/docs/eventing/triggers/#trigger-filtering
   */
  filterAttributeName: /^[a-z][a-z0-9]*$/,
  /**
   * A DeliverySpec's backoff policies: the delay grows as `backoffDelay × 2^attempt` or
   * `backoffDelay × attempt`.
   *
   * @see https://knative.dev/docs/eventing/event-delivery/
   */
  backoffPolicies: ['exponential', 'linear'],
  /**
   * A DeliverySpec's `retry`, the retries after the first attempt: the webhook takes any integer
   * from `min`. The kit asks for at least `policyMin`: with no retry, the first 429 or 503 of a
   * worker that is busy or draining sends the event to the dead-letter sink at once.
   *
   * @see https://knative.dev/docs/eventing/event-delivery/
   */
  deliveryRetry: { min: 0, policyMin: 1 },
  /**
   * The multi-tenant channel-based Broker's ingress: the Kubernetes Service every Broker's address
   * points at (`http://broker-ingress.knative-eventing.svc.cluster.local/<namespace>/<broker>`).
   *
   * @see https://knative.dev/docs/eventing/brokers/broker-types/channel-based-broker/
   */
  brokerIngress: { service: 'broker-ingress', namespace: 'knative-eventing' },
} as const;
