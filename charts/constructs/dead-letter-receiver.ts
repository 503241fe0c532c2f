/**
 * The kit's dead-letter receiver on Knative (`knative.delivery.deadLetterSink: {receiver: …}`, the
 * default): a cluster-local Knative Service running the worker's image with the receiver's entry,
 * under its own Kubernetes service account, which publishes every dead letter the Broker and the
 * Trigger send it to `pubsub.deadLetterTopic` (kept there by the hold subscription, as on Cloud
 * Run). `knative/wiring/` creates its Google account and grants it the publisher role.
 *
 * @see https://knative.dev/docs/eventing/event-delivery/ (deadLetterSink)
 * @see https://knative.dev/docs/serving/services/private-services/
 */
import type { Construct } from 'constructs';
import {
  ServiceSpecTemplateSpecContainersResourcesLimits as Limit,
  ServiceSpecTemplateSpecContainersResourcesRequests as Request,
  type ServiceSpecTemplateSpecContainers,
} from '../../cdk8s/imports/service-serving.knative.dev';
import {
  DEAD_LETTER_ENTRY,
  DEAD_LETTER_ENV,
  DEAD_LETTER_MAX_IN_FLIGHT,
  DEAD_LETTER_REQUEST_TIMEOUT_SECONDS,
} from '../../src/config/dead-letter-contract';
import { PROBE_PATHS, WORKER_PORT } from '../../src/config/worker-contract';
import type { DeploymentConfig } from '../config/deployment-config';
import { topicPath, type DeadLetterReceiver } from '../config/derived-names';
import { KEY_SECRET_MOUNT_PATH } from '../config/source-env';
import { KnativeWorkerService } from './knative-worker-service';
import { KubernetesServiceAccount } from './kubernetes-service-account';
import { HARDENED_SECURITY_CONTEXT } from './worker-container';

/** The receiver's container name. */
export const DEAD_LETTER_CONTAINER_NAME = 'dead-letters';
/** The volume of the key Secret, when the receiver mounts one. */
const KEY_VOLUME = 'google-key';
/** CPU and memory, requested and limit: a publish per dead letter needs little. */
const RESOURCES = { cpu: '250m', memory: '256Mi' } as const;
/** The most receiver pods: dead letters are rare, and each pod takes {@link DEAD_LETTER_MAX_IN_FLIGHT}. */
const MAX_SCALE = 3;

/** The receiver's environment: the dead-letter topic by full name, the log level, the key file. */
export function deadLetterEnvironment(
  config: DeploymentConfig,
  receiver: DeadLetterReceiver,
): [string, string][] {
  const logLevel = config.worker.LOG_LEVEL;
  return [
    [DEAD_LETTER_ENV.topic, topicPath(config, config.pubsub.deadLetterTopic)],
    ...(logLevel === undefined
      ? []
      : [[DEAD_LETTER_ENV.logLevel, String(logLevel)] as [string, string]]),
    ...(receiver.keySecret === undefined
      ? []
      : [
          [DEAD_LETTER_ENV.credentials, `${KEY_SECRET_MOUNT_PATH}/${receiver.keySecret.key}`] as [
            string,
            string,
          ],
        ]),
  ];
}

/** The receiver's container: the worker's image, the receiver's entry, probes, hardened. */
function receiverContainer(
  config: DeploymentConfig,
  receiver: DeadLetterReceiver,
): ServiceSpecTemplateSpecContainers {
  return {
    name: DEAD_LETTER_CONTAINER_NAME,
    image: config.service.image,
    command: ['node'],
    args: [DEAD_LETTER_ENTRY],
    ports: [{ name: 'http1', containerPort: WORKER_PORT }],
    env: deadLetterEnvironment(config, receiver).map(([name, value]) => ({ name, value })),
    resources: {
      requests: {
        cpu: Request.fromString(RESOURCES.cpu),
        memory: Request.fromString(RESOURCES.memory),
      },
      limits: { cpu: Limit.fromString(RESOURCES.cpu), memory: Limit.fromString(RESOURCES.memory) },
    },
    readinessProbe: { httpGet: { path: PROBE_PATHS.readiness } },
    livenessProbe: { httpGet: { path: PROBE_PATHS.liveness } },
    securityContext: HARDENED_SECURITY_CONTEXT,
    ...(receiver.keySecret === undefined
      ? {}
      : { volumeMounts: [{ name: KEY_VOLUME, mountPath: KEY_SECRET_MOUNT_PATH, readOnly: true }] }),
  };
}

/**
 * Writes the receiver's Kubernetes service account (with the Workload Identity annotation unless
 * it mounts a key) and its Knative Service into `scope`.
 */
export function addDeadLetterReceiver(
  scope: Construct,
  config: DeploymentConfig,
  receiver: DeadLetterReceiver,
): void {
  const namespace = config.knative.namespace;
  const { keySecret } = receiver;
  new KubernetesServiceAccount(scope, 'DeadLetterServiceAccount', {
    name: receiver.serviceAccountName,
    namespace,
    googleServiceAccount: keySecret === undefined ? receiver.googleServiceAccount : undefined,
  });
  new KnativeWorkerService(scope, 'DeadLetterReceiver', {
    name: receiver.name,
    namespace,
    serviceAccountName: receiver.serviceAccountName,
    container: receiverContainer(config, receiver),
    containerConcurrency: DEAD_LETTER_MAX_IN_FLIGHT,
    timeoutSeconds: DEAD_LETTER_REQUEST_TIMEOUT_SECONDS,
    minScale: 0,
    maxScale: MAX_SCALE,
    ...(keySecret === undefined
      ? {}
      : {
          volumes: [
            {
              name: KEY_VOLUME,
              secret: {
                secretName: keySecret.name,
                items: [{ key: keySecret.key, path: keySecret.key }],
              },
            },
          ],
        }),
  });
}
