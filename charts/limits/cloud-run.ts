/**
 * Cloud Run's bounds on a service, as the Admin API v1 and `gcloud run services replace` enforce
 * them, and the regions it runs in. Read by the deployment config schema, setup.sh's input checks
 * and the manifest validator. Pure data: nothing here computes.
 */

/** Cloud Run's limits on a service and its container. */
export const CLOUD_RUN_LIMITS = {
  /**
   * The request timeout (`timeoutSeconds`), in seconds: 300 when unset.
   *
   * @see https://cloud.google.com/run/docs/configuring/request-timeout
   */
  timeoutSeconds: { min: 1, max: 3600, default: 300 },
  /**
   * Requests one instance takes at once (`containerConcurrency`): 0 or unset is the default, 80
   * with at least one CPU (1 below).
   *
   * @see https://cloud.google.com/run/docs/about-concurrency
   */
  containerConcurrency: { min: 0, max: 1000, default: 80 },
  /**
   * A service name: a DNS-1035 label of fewer than 50 characters (the rest of the 63 is left for
   * the revision suffix).
   *
   * @see https://cloud.google.com/run/docs/reference/rest/v2/projects.locations.services/create (serviceId)
   */
  serviceName: { maxLength: 49 },
  /**
   * The CPU limits Cloud Run offers and the memory limit each allows (memory as quantities). Whole
   * CPUs are listed one by one; a fraction of a CPU is any value from the first band's
   * `fromMillicores` up to (not including) `belowMillicores`, with the memory of the highest band it
   * reaches, and allows only `maxConcurrency` requests at once.
   *
   * @see https://cloud.google.com/run/docs/configuring/services/cpu
   * @see https://cloud.google.com/run/docs/configuring/services/memory-limits
   */
  cpu: {
    whole: [
      { millicores: 1000, memory: { min: '128Mi', max: '4Gi' } },
      { millicores: 2000, memory: { min: '128Mi', max: '8Gi' } },
      { millicores: 4000, memory: { min: '2Gi', max: '16Gi' } },
      { millicores: 6000, memory: { min: '4Gi', max: '24Gi' } },
      { millicores: 8000, memory: { min: '4Gi', max: '32Gi' } },
    ],
    fractional: {
      belowMillicores: 1000,
      maxConcurrency: 1,
      bands: [
        { fromMillicores: 80, memory: { min: '128Mi', max: '512Mi' } },
        { fromMillicores: 500, memory: { min: '128Mi', max: '1Gi' } },
      ],
    },
  },
  /**
   * Health-check probes: the most seconds `initialDelaySeconds` and `periodSeconds` may be per
   * probe, the most `timeoutSeconds` may be (also at most `periodSeconds`), and the only
   * `successThreshold` accepted.
   *
   * @see https://cloud.google.com/run/docs/configuring/healthchecks
   * @see https://cloud.google.com/run/docs/reference/yaml/v1
   */
  probes: {
    maxPeriodSeconds: { startupProbe: 240, livenessProbe: 3600, readinessProbe: 3600 },
    maxTimeoutSeconds: 3600,
    successThreshold: 1,
  },
  /**
   * The names a container port may have (`h2c` for end-to-end HTTP/2).
   *
   * @see https://cloud.google.com/run/docs/reference/yaml/v1
   */
  portNames: ['http1', 'h2c'],
  /**
   * The container port Cloud Run sends requests to (and sets `PORT` to) when none is declared.
   *
   * @see https://cloud.google.com/run/docs/container-contract#port
   */
  defaultContainerPort: 8080,
  /**
   * The values of the `run.googleapis.com/ingress` annotation.
   *
   * @see https://cloud.google.com/run/docs/securing/ingress
   */
  ingress: ['all', 'internal', 'internal-and-cloud-load-balancing'],
} as const;

/**
 * The regions Cloud Run runs services in, as its locations page lists them (tier 1 and tier 2
 * pricing). A region Google opens later needs a line here before a config may use it; compare
 * with the page when a region is missing.
 *
 * @see https://cloud.google.com/run/docs/locations
 */
export const CLOUD_RUN_REGIONS = [
  'africa-south1',
  'asia-east1',
  'asia-east2',
  'asia-northeast1',
  'asia-northeast2',
  'asia-northeast3',
  'asia-south1',
  'asia-south2',
  'asia-southeast1',
  'asia-southeast2',
  'australia-southeast1',
  'australia-southeast2',
  'europe-central2',
  'europe-north1',
  'europe-north2',
  'europe-southwest1',
  'europe-west1',
  'europe-west2',
  'europe-west3',
  'europe-west4',
  'europe-west6',
  'europe-west8',
  'europe-west9',
  'europe-west10',
  'europe-west12',
  'me-central1',
  'me-central2',
  'me-west1',
  'northamerica-northeast1',
  'northamerica-northeast2',
  'northamerica-south1',
  'southamerica-east1',
  'southamerica-west1',
  'us-central1',
  'us-east1',
  'us-east4',
  'us-east5',
  'us-south1',
  'us-west1',
  'us-west2',
  'us-west3',
  'us-west4',
] as const;

/** The page that lists {@link CLOUD_RUN_REGIONS}, for messages that refuse another region. */
export const CLOUD_RUN_REGIONS_PAGE = 'https://cloud.google.com/run/docs/locations';

/** A region of {@link CLOUD_RUN_REGIONS}. */
export type CloudRunRegion = (typeof CLOUD_RUN_REGIONS)[number];
