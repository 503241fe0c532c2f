/**
 * The deployment config (`dualrun.config.yaml`): everything that differs between two deployments of
 * dualrun, for both targets. This file is the schema; `load-deployment-config.ts` reads
 * and checks it; `deployment-config-rules.ts` holds the checks across fields. Unknown fields are
 * errors (a misspelt field must not fall back to a default silently).
 */
import { z } from 'zod';
import { WORKER_VARIABLES, type WorkerVariable } from '../../src/config/load-config';
import { WORKER_ENV } from '../../src/config/worker-contract';
import { CLOUD_RUN_LIMITS } from '../limits/cloud-run';
import { KNATIVE_LIMITS } from '../limits/knative';
import { PUBSUB_LIMITS } from '../limits/pubsub';
import {
  bucketName,
  cpuQuantity,
  dnsLabel,
  dnsSubdomain,
  httpUrl,
  httpsUrl,
  imageReference,
  integer,
  memoryQuantity,
  oneOf,
  projectId,
  projectNumber,
  pubSubName,
  region,
  seconds,
  serviceAccountEmail,
  serviceAccountId,
  serviceName,
  text,
  wholeNumber,
} from './config-fields';
import { KUBERNETES_NAMES } from '../limits/kubernetes';
import { SOURCE_DEFAULTS } from '../../src/config/source-contract';
import { AUTH_VARIABLE_NAMES } from '../../src/config/auth-variables';
import type { KnativeRetryShape } from '../../src/config/knative-retry-window';

/**
 * Worker variables the config may not set, and why: the kit sets them, or they make the deployed
 * worker write or read local files (the Knative container's root filesystem is read-only and has
 * no volume; the deployed worker labels with Cloud Vision and logs its records to Cloud Logging).
 */
export const DERIVED_WORKER_VARIABLES: Readonly<Partial<Record<WorkerVariable, string>>> = {
  [WORKER_ENV.port]: 'the platform sets PORT (Knative rejects it in a Service)',
  [WORKER_ENV.resultsFile]:
    'a deployed worker writes no files (the Knative container has a read-only root filesystem): its records go to Cloud Logging',
  [WORKER_ENV.localBucketDir]:
    'a deployed worker reads images from Cloud Storage, not from a local bucket copy (LABELER local is for running the worker locally)',
  [WORKER_ENV.googleCloudProject]: 'the kit sets GOOGLE_CLOUD_PROJECT from google.projectId',
  [WORKER_ENV.resultsMode]:
    'the kit sets RESULTS_MODE per target (reply on Knative, pubsub on Cloud Run): see the results section',
  [WORKER_ENV.resultsTopic]: 'the kit sets RESULTS_TOPIC on Cloud Run from results.topic',
  [WORKER_ENV.serviceName]: 'the platform sets K_SERVICE to the service name',
  [WORKER_ENV.pubsubEmulatorHost]:
    'a deployed worker publishes to Pub/Sub, not to an emulator (PUBSUB_EMULATOR_HOST is for running the worker locally)',
  ...Object.fromEntries(
    AUTH_VARIABLE_NAMES.map((name) => [
      name,
      `the kit sets sender authentication per target (${name}): on Knative from knative.senderAuth, cloud-run-iam on Cloud Run`,
    ]),
  ),
};

/** The worker variables the config's `worker` section may set. */
export const SETTABLE_WORKER_VARIABLES = WORKER_VARIABLES.filter(
  (name) => DERIVED_WORKER_VARIABLES[name] === undefined,
);

const workerValue = z.union([z.string(), z.number(), z.boolean()], {
  error: 'expected a string or a number',
});

/** The labelers a deployed worker may use: `local` reads a bucket copy the container does not have. */
const deployedLabeler = z.enum(['vision', 'none'], {
  error:
    'expected vision or none: the deployed worker labels with Cloud Vision (local reads a bucket copy the container does not have)',
});

/** `worker`: the worker's environment (README "Configuration"), the same on both targets; checked by the worker's own rules. */
const workerSchema = z.strictObject(
  Object.fromEntries(
    SETTABLE_WORKER_VARIABLES.map((name) => [
      name,
      (name === 'LABELER' ? deployedLabeler : workerValue).optional(),
    ]),
  ),
) as z.ZodType<Partial<Record<WorkerVariable, string | number | boolean>>>;

const serviceSchema = z.strictObject({
  /** The Knative Service's and the Cloud Run service's name. */
  name: serviceName,
  /** The worker image (built from this repository's Dockerfile), with a tag or digest. */
  image: imageReference,
  /** The CPU limit on both targets (Cloud Run: 1, 2, 4, 6 or 8, or below 1 with concurrency 1). @default "1" */
  cpu: cpuQuantity.default('1'),
  /** The memory limit on both targets. @default "512Mi" */
  memory: memoryQuantity.default('512Mi'),
  /** Requests one instance takes at once; not above `worker.MAX_IN_FLIGHT`. @default 80 */
  containerConcurrency: integer(
    1,
    Math.min(KNATIVE_LIMITS.containerConcurrency.max, CLOUD_RUN_LIMITS.containerConcurrency.max),
    '(the maximum of Knative and Cloud Run)',
  ).default(80),
  /** The fewest instances (0 = scale to zero). @default 0 */
  minScale: integer(0, 1000).default(0),
  /** The most instances. @default 10 */
  maxScale: integer(1, 1000).default(10),
});

const googleSchema = z.strictObject({
  /** The Google Cloud project id. */
  projectId,
  /** The project number: it names the Pub/Sub and Cloud Storage service agents and the run.app URL. */
  projectNumber,
  /** The Cloud Run service's region. */
  region,
  /** The bucket whose uploads are labeled (it must exist; the kit does not manage it). */
  bucket: bucketName,
});

/**
 * A Kubernetes Secret holding a service-account key, for a cluster without GKE Workload Identity:
 * mounted read-only into the source, named by `GOOGLE_APPLICATION_CREDENTIALS`. You create it (the
 * kit never makes keys); see docs/knative.md "Credentials".
 */
const keySecretSchema = z.strictObject({
  /** The Secret's name. */
  name: dnsSubdomain,
  /** The key of the Secret that holds the JSON key file. @default "key.json" */
  key: text(
    'a Secret key: letters, digits, "-", "_" and "."',
    KUBERNETES_NAMES.dataKey.pattern,
    KUBERNETES_NAMES.dataKey.maxLength,
  ).default('key.json'),
});

/**
 * The kit's dead-letter receiver (the default sink): a cluster-local Knative Service running the
 * worker's image with the receiver's entry, which publishes every dead letter to
 * `pubsub.deadLetterTopic`, where the hold subscription keeps it (the same place as on Cloud Run).
 */
const deadLetterReceiverSchema = z.strictObject({
  /** The Knative Service's name. @default "<service.name>-dead-letters" */
  name: dnsLabel.optional(),
  /** Its own Kubernetes service account (created by `knative/`). @default its name */
  serviceAccountName: dnsSubdomain.optional(),
  /**
   * The Google account it publishes as (created, bound and granted `roles/pubsub.publisher` on
   * the dead-letter topic by `knative/wiring/`).
   * @default "<name>@<google.projectId>.iam.gserviceaccount.com"
   */
  googleServiceAccount: serviceAccountEmail.optional(),
  /** A key Secret you create, instead of Workload Identity (as `knative.source.keySecret`). */
  keySecret: keySecretSchema.optional(),
});

/**
 * A Knative dead-letter sink: the kit's receiver (the default), a Broker the kit creates, or an
 * address you run.
 */
const deadLetterSinkSchema = z
  .union(
    [
      z.strictObject({
        /** The kit's dead-letter receiver, which keeps dead letters on the dead-letter topic. */
        receiver: deadLetterReceiverSchema,
      }),
      z.strictObject({
        /** The name of a Broker the kit creates as the dead-letter sink (Trigger your own consumer on it). */
        broker: dnsLabel,
      }),
      z.strictObject({
        /** The URL of a dead-letter receiver you run. */
        uri: httpUrl,
      }),
    ],
    { error: 'expected one of {receiver: {...}}, {broker: <name>} or {uri: <url>}' },
  )
  .default({ receiver: {} });

/**
 * `knative.source.kind: pubsub`: the kit's own Pub/Sub source, a Knative `ContainerSource` running
 * the worker's image with the source's entry, pulling its own subscription of the notification
 * topic (created by `knative/wiring/`) and sending each event to the Broker.
 *
 * @see https://knative.dev/docs/eventing/custom-event-source/containersource/
 */
const pubsubSourceSchema = z.strictObject({
  kind: z.literal('pubsub').default('pubsub'),
  /** The ContainerSource's name. */
  name: dnsLabel,
  /** Its own Kubernetes service account (created by `knative/`), distinct from the worker's. */
  serviceAccountName: dnsSubdomain,
  /**
   * The Google service account the source acts as, in `google.projectId` (created by
   * `knative/wiring/`, which grants it subscriber on the subscription and publisher on the
   * dead-letter topic). Workload Identity binds the Kubernetes account to it unless `keySecret`.
   */
  googleServiceAccount: serviceAccountEmail,
  /** A key Secret instead of Workload Identity (clusters outside GKE). @default Workload Identity */
  keySecret: keySecretSchema.optional(),
  /** The pull subscription of `pubsub.topic` the source reads (created by `knative/wiring/`). */
  subscription: pubSubName,
  /**
   * Seconds Pub/Sub waits for the source's acknowledgement before it delivers the message again;
   * above `sendTimeoutMs`. @default 60
   */
  ackDeadlineSeconds: integer(
    PUBSUB_LIMITS.ackDeadlineSeconds.min,
    PUBSUB_LIMITS.ackDeadlineSeconds.max,
    "(Pub/Sub's maximum ack deadline)",
  ).default(60),
  /** The deadline of one POST to the Broker, in milliseconds (`SEND_TIMEOUT_MS`). @default 10000 */
  sendTimeoutMs: wholeNumber.default(SOURCE_DEFAULTS.sendTimeoutMs),
  /** Messages held (being sent) at once (`MAX_OUTSTANDING_MESSAGES`). @default 80 */
  maxOutstandingMessages: wholeNumber.default(SOURCE_DEFAULTS.maxOutstandingMessages),
  /** The source container's CPU, requested and limit. @default "250m" */
  cpu: cpuQuantity.default('250m'),
  /** The source container's memory, requested and limit. @default "256Mi" */
  memory: memoryQuantity.default('256Mi'),
});

/**
 * `knative.source.kind: knative-gcp`: knative-gcp's `CloudStorageSource`, legacy: the project is
 * archived since 2022 and does not install on a current cluster (see docs/knative.md).
 *
 * @see https://github.com/google/knative-gcp
 */
const knativeGcpSourceSchema = z.strictObject({
  kind: z.literal('knative-gcp'),
  /** The CloudStorageSource's name. */
  name: dnsLabel,
  /** Its own Kubernetes service account (created by `knative/`), distinct from the worker's. */
  serviceAccountName: dnsSubdomain,
  /** The IAM service account that KSA acts as (Workload Identity; needs roles/pubsub.editor). */
  googleServiceAccount: serviceAccountEmail.optional(),
});

/** `knative.source.kind: none`: no source is generated; bring your own (Eventarc, a Kamelet…). */
const noSourceSchema = z.strictObject({ kind: z.literal('none') });

const sourceSchema = z.discriminatedUnion(
  'kind',
  [pubsubSourceSchema, knativeGcpSourceSchema, noSourceSchema],
  {
    // zod types the issue as invalid_union, but a value that is no mapping arrives as invalid_type.
    error: (issue) => {
      const code: string = issue.code;
      return code === 'invalid_union'
        ? `expected one of ${SOURCE_KINDS.join(', ')} (pubsub, the default, is the kit's own Pub/Sub source)`
        : `expected a mapping with kind ${SOURCE_KINDS.join(', ')} and its fields`;
    },
  },
);

/** The kinds of `knative.source`, the default first. */
export const SOURCE_KINDS = ['pubsub', 'knative-gcp', 'none'] as const;

/** A Kubernetes service account's token subject: `system:serviceaccount:NAMESPACE:NAME`. */
const serviceAccountSubject = text(
  'a Kubernetes service account subject, system:serviceaccount:NAMESPACE:NAME',
  KUBERNETES_NAMES.serviceAccountSubject.pattern,
);

/**
 * `knative.senderAuth`: who may post to the Knative worker. `none` (the default): the worker checks
 * no token; the Service is cluster-local, which keeps it off any external route but not from the
 * cluster's pods. `oidc`: the cluster runs Knative Eventing with the `authentication-oidc` feature;
 * the Trigger names the audience, the Broker's dispatcher sends a token for it issued by the
 * cluster, and the worker (`AUTH_MODE=oidc`) accepts only the listed subjects.
 *
 * @see https://knative.dev/docs/eventing/features/sender-identity/
 */
const senderAuthSchema = z.discriminatedUnion(
  'mode',
  [
    z.strictObject({ mode: z.literal('none') }),
    z.strictObject({
      mode: z.literal('oidc'),
      /** The cluster's service-account issuer (`kubectl get --raw /.well-known/openid-configuration`: `issuer`). */
      issuer: httpsUrl,
      /** Its JSON Web Key Set (`jwks_uri` there; on GKE the public `…/clusters/C/jwks`). */
      jwksUrl: httpsUrl,
      /**
       * The senders: the Trigger's OIDC service account as a subject (the Trigger's
       * `status.auth.serviceAccountName`, in `knative.namespace`).
       */
      subjects: z
        .array(serviceAccountSubject, { error: 'expected a list of subjects' })
        .min(1, { error: "expected at least one subject: the Trigger's OIDC service account" }),
      /**
       * The tokens' audience, written on the Trigger (`spec.subscriber.audience`: a Knative Service
       * announces none) and checked by the worker. @default "http://SERVICE.NAMESPACE.svc.cluster.local"
       */
      audience: text('an audience without spaces', /^[\x21-\x7e]+$/).optional(),
    }),
  ],
  {
    // zod types the issue as invalid_union, but a value that is no mapping arrives as invalid_type.
    error: (issue) => {
      const code: string = issue.code;
      return code === 'invalid_union'
        ? `expected mode ${SENDER_AUTH_MODES.join(' or ')}`
        : `expected a mapping with mode ${SENDER_AUTH_MODES.join(' or ')} and its fields`;
    },
  },
);

/** The modes of `knative.senderAuth`, the default first. */
export const SENDER_AUTH_MODES = ['none', 'oidc'] as const;

/**
 * The Broker's and Trigger's retry shape when the config leaves it out: retry 12, exponential from
 * 1 s. Knative counts retries from 0, so it waits 1, 2, 4, … 2048 s: 4,095 s (about 68 minutes)
 * from the first failure to the dead-letter sink. Vision incidents and quota resets last tens of
 * minutes, and the Broker ignores the worker's `Retry-After` (unless the experimental
 * `delivery-retryafter` feature is on), so the window itself must outlast them.
 *
 * @see https://knative.dev/docs/eventing/event-delivery/
 * @see https://status.cloud.google.com/ (Vision incidents)
 * @see https://cloud.google.com/vision/quotas (per-minute quotas)
 */
export const KNATIVE_DELIVERY_DEFAULTS = {
  retry: 12,
  backoffPolicy: 'exponential',
  backoffDelaySeconds: 1,
} as const satisfies KnativeRetryShape;

const knativeSchema = z.strictObject({
  /** The namespace of every Knative object (created by `knative/`). */
  namespace: dnsLabel,
  /** The worker's Kubernetes service account (created by `knative/`). */
  serviceAccountName: dnsSubdomain,
  /** The IAM service account the worker's KSA acts as (GKE Workload Identity); omit elsewhere. */
  googleServiceAccount: serviceAccountEmail.optional(),
  /** The request timeout, in seconds. @default 300 */
  timeoutSeconds: integer(
    1,
    KNATIVE_LIMITS.timeoutSeconds.max,
    "(Knative's max-revision-timeout-seconds)",
  ).default(KNATIVE_LIMITS.timeoutSeconds.default),
  /** CPU and memory requests; each at most the limit. @default the limits */
  requests: z
    .strictObject({ cpu: cpuQuantity.optional(), memory: memoryQuantity.optional() })
    .default({}),
  /** The Broker the source sends to. @default "default" */
  broker: dnsLabel.default('default'),
  /** Delivery from the Broker to the worker (set on the Broker and on the Trigger). */
  delivery: z.strictObject({
    /**
     * Retries after the first attempt; at least 1, so that a busy (429) or draining (503) worker
     * does not dead-letter an event at once. @default 12 (exponential from 1 s: Knative waits
     * 1, 2, 4, … 2048 s, 4,095 s in all, about 68 minutes: a Vision incident or a quota reset
     * lasts tens of minutes, and the Broker ignores the worker's Retry-After)
     */
    retry: integer(
      KNATIVE_LIMITS.deliveryRetry.policyMin,
      100,
      '',
      '(with no retry, a busy or draining worker would dead-letter events at once)',
    ).default(KNATIVE_DELIVERY_DEFAULTS.retry),
    /** `exponential` (delay × 2^attempt) or `linear` (delay × attempt). @default "exponential" */
    backoffPolicy: oneOf(KNATIVE_LIMITS.backoffPolicies).default(
      KNATIVE_DELIVERY_DEFAULTS.backoffPolicy,
    ),
    /** The backoff delay, in seconds (written as ISO-8601 `PT<n>S`). @default 1 */
    backoffDelaySeconds: seconds(0.01, 3600).default(KNATIVE_DELIVERY_DEFAULTS.backoffDelaySeconds),
    /** The Trigger's delivery timeout, in seconds. @default knative.timeoutSeconds */
    timeoutSeconds: integer(1, KNATIVE_LIMITS.timeoutSeconds.max).optional(),
    /**
     * Where events go after the last retry, or at once for a 4xx. @default {receiver: {}}: the
     * kit's dead-letter receiver, which keeps them on `pubsub.deadLetterTopic`
     */
    deadLetterSink: deadLetterSinkSchema,
  }),
  /** The event source that feeds the Broker: `pubsub` (the default), `knative-gcp` or `none`. */
  source: sourceSchema,
  /** Who may post to the worker: `none` (the default) or `oidc` (Knative Eventing OIDC). */
  senderAuth: senderAuthSchema.default({ mode: 'none' }),
});

const cloudRunSchema = z.strictObject({
  /** The runtime service account's e-mail (needs roles/storage.objectViewer on the bucket). */
  serviceAccountEmail,
  /** The request timeout, in seconds. @default 300 */
  timeoutSeconds: integer(
    1,
    CLOUD_RUN_LIMITS.timeoutSeconds.max,
    "(Cloud Run's maximum request timeout)",
  ).default(CLOUD_RUN_LIMITS.timeoutSeconds.default),
  /** `run.googleapis.com/ingress`. @default "all" (IAM keeps the service private; see docs/deploying.md) */
  ingress: oneOf(CLOUD_RUN_LIMITS.ingress).default('all'),
});

const pubsubSchema = z.strictObject({
  /** The topic the bucket notifies. */
  topic: pubSubName,
  /** The dead-letter topic. */
  deadLetterTopic: pubSubName,
  /** A pull subscription on the dead-letter topic that keeps dead-lettered messages (7 days). */
  deadLetterSubscription: pubSubName,
  /** The push subscription that delivers to the Cloud Run service. */
  subscription: pubSubName,
  /** The id of the service account whose OIDC token the push carries (it holds run.invoker). */
  invokerServiceAccountId: serviceAccountId,
  /** The OIDC token's audience; Cloud Run accepts it as a custom audience, the worker checks it. */
  pushAudience: httpsUrl,
  /** Seconds Pub/Sub waits for the push response; at least the worker's processing budget. @default 60 */
  ackDeadlineSeconds: integer(
    PUBSUB_LIMITS.ackDeadlineSeconds.min,
    PUBSUB_LIMITS.ackDeadlineSeconds.max,
    "(Pub/Sub's maximum ack deadline)",
  ).default(60),
  /** The retry policy's minimum backoff, in seconds. @default 10 */
  minRetryDelaySeconds: integer(
    PUBSUB_LIMITS.retryDelaySeconds.min,
    PUBSUB_LIMITS.retryDelaySeconds.max,
  ).default(10),
  /** The retry policy's maximum backoff, in seconds. @default 600 (the longest Pub/Sub allows) */
  maxRetryDelaySeconds: integer(
    PUBSUB_LIMITS.retryDelaySeconds.min,
    PUBSUB_LIMITS.retryDelaySeconds.max,
  ).default(PUBSUB_LIMITS.retryDelaySeconds.max),
  /** Deliveries before a message goes to the dead-letter topic. @default 5 (Pub/Sub's default) */
  maxDeliveryAttempts: integer(
    PUBSUB_LIMITS.maxDeliveryAttempts.min,
    PUBSUB_LIMITS.maxDeliveryAttempts.max,
  ).default(PUBSUB_LIMITS.maxDeliveryAttempts.unset),
});

/** The topic the Cloud Run worker publishes its result events to when `results.topic` is left out. */
export const DEFAULT_RESULTS_TOPIC = 'image-labels';

/**
 * `results.knativeConsumer`: who receives the Knative worker's result events. The worker answers
 * each delivery with its result event (`RESULTS_MODE=reply`) and the Broker routes the reply: a
 * Trigger per result event type sends it to this subscriber.
 */
const knativeConsumerSchema = z.union(
  [
    z.strictObject({
      /** A Knative Service (`serving.knative.dev/v1`) in `knative.namespace`. */
      service: dnsLabel,
    }),
    z.strictObject({
      /** The URL of a receiver you run. */
      uri: httpUrl,
    }),
  ],
  { error: 'expected either {service: <Knative Service name>} or {uri: <url>}' },
);

/**
 * `results`: where the worker's result events go (docs/results.md). Cloud Run publishes them to
 * `topic` (`RESULTS_MODE=pubsub`; the wiring creates the topic and grants the runtime account
 * `roles/pubsub.publisher` on it); Knative answers each delivery with its result event
 * (`RESULTS_MODE=reply`) and the Broker routes it to `knativeConsumer`, when one is set.
 */
const resultsSchema = z.strictObject({
  /** The Pub/Sub topic ID the Cloud Run worker publishes to, in `google.projectId`. @default "image-labels" */
  topic: pubSubName.default(DEFAULT_RESULTS_TOPIC),
  /** The subscriber of the Knative worker's result events. @default none: the Broker drops the replies */
  knativeConsumer: knativeConsumerSchema.optional(),
});

const configConnectorSchema = z.strictObject({
  /** The namespace Config Connector manages the project's resources from. */
  namespace: dnsLabel,
});

/** The whole deployment config. */
export const DeploymentConfigSchema = z.strictObject({
  service: serviceSchema,
  google: googleSchema,
  worker: workerSchema.default({}),
  knative: knativeSchema,
  cloudRun: cloudRunSchema,
  pubsub: pubsubSchema,
  results: resultsSchema.default({ topic: DEFAULT_RESULTS_TOPIC }),
  configConnector: configConnectorSchema,
});

/** A checked deployment config, defaults filled in. */
export type DeploymentConfig = z.output<typeof DeploymentConfigSchema>;

/** `knative.source` of a checked config: one of the {@link SOURCE_KINDS}. */
export type KnativeSource = DeploymentConfig['knative']['source'];

/** `knative.senderAuth` of a checked config. */
export type SenderAuth = DeploymentConfig['knative']['senderAuth'];

/** `knative.source` of kind `pubsub`, the kit's own source. */
export type PubSubSource = Extract<KnativeSource, { kind: 'pubsub' }>;
