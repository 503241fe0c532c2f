/**
 * The annotations Cloud Run accepts on each resource and the value syntax of those with a closed
 * set of values: data read by `metadata-rules.ts`.
 *
 * @see https://cloud.google.com/run/docs/reference/yaml/v1
 */
import { parse } from 'yaml';
import { asList, asMapping } from '../../core/object-access';
import { words } from '../../core/rule';

/** The prefix of Cloud Run's own annotations. */
export const RUN = 'run.googleapis.com/';
/** The prefix of Knative's autoscaling annotations (Cloud Run takes two of them). */
export const AUTOSCALING = 'autoscaling.knative.dev/';

/**
 * Accepted `run.googleapis.com/*` annotations on the Service. `ingress-status`, `client-name` and
 * `client-version` are what `gcloud run services describe --format export` writes and `replace`
 * takes back.
 */
export const SERVICE_ANNOTATIONS: ReadonlySet<string> = new Set(
  words(`ingress ingress-status launch-stage description binary-authorization
    binary-authorization-breakglass custom-audiences default-url-disabled invoker-iam-disabled
    gc-traffic-tags client-name client-version minScale maxScale scalingMode manualInstanceCount
    base-images`).map((name) => RUN + name),
);
/** Accepted `run.googleapis.com/*` and `autoscaling.knative.dev/*` annotations on the revision. */
export const REVISION_ANNOTATIONS: ReadonlySet<string> = new Set([
  `${AUTOSCALING}minScale`,
  `${AUTOSCALING}maxScale`,
  ...words(`cpu-throttling startup-cpu-boost execution-environment vpc-access-connector
    vpc-access-egress network-interfaces cloudsql-instances secrets encryption-key
    container-dependencies sessionAffinity health-check-disabled gpu-zonal-redundancy-disabled
    scaling-cpu-target scaling-concurrency-target client-name client-version`).map(
    (name) => RUN + name,
  ),
]);
/** Knative spellings Cloud Run refuses, with the one it accepts. */
export const CAMEL_CASE: Readonly<Record<string, string>> = {
  [`${AUTOSCALING}min-scale`]: `${AUTOSCALING}minScale`,
  [`${AUTOSCALING}max-scale`]: `${AUTOSCALING}maxScale`,
};

const isJson = (value: string): boolean => {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
};

/**
 * `{"app": ["sidecar"]}`; Google's own multi-container sample writes the YAML flow form
 * `{nginx: [hello]}`, so any flow mapping of container names to lists of names is accepted.
 */
const isContainerDependencies = (value: string): boolean => {
  try {
    const parsed = asMapping(parse(value));
    return (
      parsed !== undefined &&
      Object.values(parsed).every(
        (deps) => Array.isArray(deps) && asList(deps).every((d) => typeof d === 'string'),
      )
    );
  } catch {
    return false;
  }
};

/** Value checks of the annotations whose values are a closed set or a syntax. */
export const VALUE_CHECKS: Readonly<Record<string, (value: string) => boolean>> = {
  [`${RUN}launch-stage`]: (v) => ['ALPHA', 'BETA', 'GA'].includes(v),
  [`${AUTOSCALING}minScale`]: (v) => /^\d+$/.test(v),
  [`${AUTOSCALING}maxScale`]: (v) => /^\d+$/.test(v),
  [`${RUN}cpu-throttling`]: (v) => v === 'true' || v === 'false',
  [`${RUN}startup-cpu-boost`]: (v) => v === 'true' || v === 'false',
  [`${RUN}execution-environment`]: (v) => v === 'gen1' || v === 'gen2',
  [`${RUN}vpc-access-egress`]: (v) => ['all-traffic', 'private-ranges-only', 'all'].includes(v),
  [`${RUN}container-dependencies`]: isContainerDependencies,
  [`${RUN}network-interfaces`]: isJson,
};
