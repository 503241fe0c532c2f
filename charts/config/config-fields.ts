/**
 * Field schemas of the deployment config, each with the words an error message uses for it. A
 * message says what was expected; {@link DeploymentConfigError} adds the path and the value.
 */
import { z } from 'zod';
import { CLOUD_RUN_LIMITS, CLOUD_RUN_REGIONS, CLOUD_RUN_REGIONS_PAGE } from '../limits/cloud-run';
import { CLOUD_STORAGE_NAMES } from '../limits/cloud-storage';
import { GOOGLE_CLOUD_NAMES } from '../limits/google-cloud';
import { KUBERNETES_NAMES, KUBERNETES_QUANTITIES } from '../limits/kubernetes';
import { cpuMillicores, memoryBytes } from './quantities';

/**
 * An integer in `[min, max]`. `limitNote` explains the maximum in messages, e.g.
 * `(Knative's max-revision-timeout-seconds)`; `minNote` the minimum.
 */
export function integer(min: number, max: number, limitNote = '', minNote = '') {
  const range = `expected an integer from ${min} to ${max}`;
  const note = (text: string) => (text === '' ? '' : ` ${text}`);
  return z
    .number({ error: range })
    .int({ error: range })
    .min(min, { error: `expected at least ${min}${note(minNote)}` })
    .max(max, { error: `expected at most ${max}${note(limitNote)}` });
}

/**
 * A whole number above 0, for a setting whose range the program that reads it checks (the Pub/Sub
 * source's own configuration rules, run at synth).
 */
export const wholeNumber = z
  .number({ error: 'expected a whole number above 0' })
  .int({ error: 'expected a whole number above 0' })
  .positive({ error: 'expected a whole number above 0' });

/** A number of seconds in `[min, max]`, fractions allowed (Knative's backoff delay, e.g. 0.2). */
export function seconds(min: number, max: number) {
  const range = `expected a number of seconds from ${min} to ${max}`;
  return z.number({ error: range }).min(min, { error: range }).max(max, { error: range });
}

/** A string matching `pattern`, at most `maxLength` characters, described as `what`. */
export function text(what: string, pattern: RegExp, maxLength = 253) {
  const expected = `expected ${what}`;
  return z
    .string({ error: expected })
    .max(maxLength, { error: `${expected} (at most ${maxLength} characters)` })
    .regex(pattern, { error: expected });
}

/** One of `values`. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of ${values.join(', ')}` });
}

/** A Kubernetes name that must be a DNS-1123 label (namespaces, Brokers, Triggers, sources). */
export const dnsLabel = text(
  'a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit)',
  KUBERNETES_NAMES.dns1123Label.pattern,
  KUBERNETES_NAMES.dns1123Label.maxLength,
);

/** A Kubernetes name that may be a DNS-1123 subdomain (ServiceAccounts). */
export const dnsSubdomain = text(
  'a DNS-1123 subdomain (lowercase letters, digits, "-" and ".")',
  KUBERNETES_NAMES.dns1123Subdomain.pattern,
  KUBERNETES_NAMES.dns1123Subdomain.maxLength,
);

/**
 * A service name: a DNS-1035 label (Knative revision names start with it), at most Cloud Run's
 * service-name length, which leaves room for the revision suffix.
 */
export const serviceName = text(
  'a DNS-1035 label (lowercase letters, digits and "-", starting with a letter)',
  KUBERNETES_NAMES.dns1035Label.pattern,
  CLOUD_RUN_LIMITS.serviceName.maxLength,
);

/** An IAM service-account e-mail: user-managed, or the Compute Engine default account. */
export const serviceAccountEmail = text(
  'a service-account e-mail such as name@project-id.iam.gserviceaccount.com',
  GOOGLE_CLOUD_NAMES.serviceAccountEmail.pattern,
);

/** A service-account id: the part of a user-managed account's e-mail before `@`. */
export const serviceAccountId = text(
  'a service-account id: 6 to 30 lowercase letters, digits and "-", starting with a letter',
  GOOGLE_CLOUD_NAMES.serviceAccountId.pattern,
  GOOGLE_CLOUD_NAMES.serviceAccountId.maxLength,
);

/**
 * A Pub/Sub topic or subscription name. Stricter than Pub/Sub's own rule: the same name is the
 * Config Connector object's `metadata.name`, so it must also be a Kubernetes name.
 */
export const pubSubName = text(
  'a Pub/Sub name of 3 to 63 lowercase letters, digits and "-", starting with a letter (it is also a Kubernetes name in config-connector.yaml)',
  /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/,
  KUBERNETES_NAMES.dns1123Label.maxLength,
);

/** A Google Cloud project id. */
export const projectId = text(
  'a project id: 6 to 30 lowercase letters, digits and "-", starting with a letter',
  GOOGLE_CLOUD_NAMES.projectId.pattern,
  GOOGLE_CLOUD_NAMES.projectId.maxLength,
);

/** `GOOGLE_CLOUD_NAMES.projectNumber.pattern`, under the name `cdk8s/validate/` imports. */
export const PROJECT_NUMBER_PATTERN = GOOGLE_CLOUD_NAMES.projectNumber.pattern;

/**
 * A project number: a quoted string of 1 to 19 digits without a leading zero. A YAML number is
 * refused, because reading it can change it silently (`0123` reads as 123, digits beyond
 * `Number.MAX_SAFE_INTEGER` are rounded).
 */
export const projectNumber = z
  .string({
    error:
      'expected a project number as a quoted string of digits, such as "123456789012" (a YAML number can lose digits)',
  })
  .regex(GOOGLE_CLOUD_NAMES.projectNumber.pattern, {
    error: 'expected a project number (1 to 19 digits without a leading zero)',
  });

/** Whether Cloud Run runs services in `name` (`CLOUD_RUN_REGIONS`). */
export function isCloudRunRegion(name: string): boolean {
  return (CLOUD_RUN_REGIONS as readonly string[]).includes(name);
}

/**
 * A region Cloud Run runs services in, such as `us-central1`. A name of another shape is refused
 * as such; a well-formed name Cloud Run does not list (`mars-north1`) is refused with the list's
 * address.
 */
export const region = text(
  'a region such as us-central1',
  GOOGLE_CLOUD_NAMES.region.pattern,
  40,
).refine((name) => !GOOGLE_CLOUD_NAMES.region.pattern.test(name) || isCloudRunRegion(name), {
  error: `expected a region Cloud Run runs in, such as us-central1 or europe-west1 (${CLOUD_RUN_REGIONS_PAGE})`,
});

/** Whether Cloud Storage refuses `name` as a bucket name whatever its characters. */
export function isReservedBucketName(name: string): boolean {
  return CLOUD_STORAGE_NAMES.bucket.reserved.some(({ pattern }) => pattern.test(name));
}

/**
 * A Cloud Storage bucket name (the plain form, without dots): not starting with "goog", without
 * "google", not an IP address (the setup script checks the same before it runs gcloud).
 */
export const bucketName = CLOUD_STORAGE_NAMES.bucket.reserved.reduce(
  (schema, { pattern, allowed }) =>
    schema.refine((name) => !pattern.test(name), { error: `expected a bucket name ${allowed}` }),
  text(
    'a bucket name: 3 to 63 lowercase letters, digits, "-" and "_", starting and ending with a letter or digit',
    CLOUD_STORAGE_NAMES.bucket.undottedPattern,
    CLOUD_STORAGE_NAMES.bucket.maxLength,
  ),
);

/** A container image reference with an explicit tag or digest (no implicit `latest`). */
export const imageReference = text(
  'an image reference with a tag or a digest, such as us-docker.pkg.dev/project/repo/worker:1.0.0',
  /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[a-f0-9]{64})?|@sha256:[a-f0-9]{64})$/,
  255,
);

/** An `https://` URL of printable ASCII without spaces (a push audience: an OIDC token's `aud`). */
export const httpsUrl = z
  .url({ protocol: /^https$/, error: 'expected an https:// URL' })
  .max(253, { error: 'expected an https:// URL of at most 253 characters' })
  .regex(/^[\x21-\x7e]+$/, {
    error: 'expected an https:// URL of printable ASCII characters without spaces',
  });

/** An absolute `http(s)://` URL (a Knative dead-letter sink outside the cluster's objects). */
export const httpUrl = z.url({
  protocol: /^https?$/,
  error: 'expected an http:// or https:// URL',
});

/** A CPU quantity above 0: whole or fractional cores (`1`, `0.5`) or millicores (`250m`). */
export const cpuQuantity = z
  .union([z.string(), z.number()], { error: 'expected a CPU quantity such as "1" or "250m"' })
  .transform(String)
  .pipe(
    text('a CPU quantity such as "1" or "250m"', KUBERNETES_QUANTITIES.cpu, 20).refine(
      (quantity) => !KUBERNETES_QUANTITIES.cpu.test(quantity) || cpuMillicores(quantity) > 0,
      {
        error:
          'expected a CPU quantity above 0: a limit or request of 0 leaves the container no CPU',
      },
    ),
  );

/** A memory quantity with a binary or decimal suffix (`512Mi`, `1Gi`, `256M`), above 0. */
export const memoryQuantity = text(
  'a memory quantity such as "512Mi" or "1Gi"',
  KUBERNETES_QUANTITIES.memory,
  20,
).refine((quantity) => !KUBERNETES_QUANTITIES.memory.test(quantity) || memoryBytes(quantity) > 0, {
  error:
    'expected a memory quantity above 0: a limit or request of 0 leaves the container no memory',
});
